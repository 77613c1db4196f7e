/**
 * Makes a title stable across runs of the same bug: addresses, line numbers, pids, CPU numbers and
 * fuzzer process names vary between two hits of one bug and would split it into many. The rules and
 * their order follow syzkaller's, so our titles are the ones the syzbot dashboard files bugs under.
 */

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/syz-executor\.?[0-9]+(?:\.[0-9]+)?(?:\/[0-9]+)?/g, 'syz-executor'],
  [/syzkaller[0-9]+/g, 'syzkaller'],
  [/(^|[^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}/g, '$1ADDR'],
  [/[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}/g, 'IP'],
  [/(\.[a-zA-Z]{1,3}):[0-9]+(?::[0-9]+)?/g, '$1:LINE'],
  // A lookbehind rather than a captured name: `[a-zA-Z0-9_.]+` rescanned from every character of a
  // long word that has no `+0x` after it costs the square of its length.
  [/(?<=[a-zA-Z0-9_.])\+0x[0-9a-f]+\/0x[0-9a-f]+/g, ''],
  [/CPU#[0-9]+/g, 'CPU'],
  [/(^|[^a-zA-Z0-9_])[0-9]+(?=[^a-zA-Z0-9_]|$)/g, '$1NUM'],
  [/[0-9]{7,}/g, 'NUM'],
];

/**
 * What any rule needs: a digit, or (for `ADDR` without digits) six hex letters after a non-alphanumeric.
 * A title without either (most, once their numbers are replaced) is stable: no rule runs on it again.
 */
const MAY_CHANGE = /[0-9]|(?:^|[^a-zA-Z0-9])[a-f]{6}/;

/** Titles are compared on their first 120 characters, as syzbot stores them. */
const MAX_TITLE = 120;

export function normalizeTitle(title: string): string {
  let s = title;
  for (let round = 0; round < 8 && MAY_CHANGE.test(s); round++) {
    const before = s;
    for (const [re, to] of RULES) s = s.replace(re, to);
    if (s === before) break;
  }
  return sanitize(s);
}

/** Tabs become spaces; other control and non-ASCII characters go; spaces collapse. */
function sanitize(s: string): string {
  let out = '';
  const end = Math.min(s.length, MAX_TITLE);
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 9 || c === 32) {
      if (out !== '' && !out.endsWith(' ')) out += ' ';
    } else if (c > 32 && c < 127) {
      out += s.charAt(i);
    }
  }
  return out.trimEnd();
}
