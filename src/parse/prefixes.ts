/**
 * Strips the prefixes that loggers put in front of kernel lines and reads the printk context from them.
 *
 * Handled, in the order they nest: syslog and journal headers (`Apr 15 11:02:05 VM kern.warn kernel: `,
 * ISO-8601 stamps), `dmesg -T` dates (`[Sat Nov 21 01:02:03 2026] `), `kernel: `, `<4>` levels,
 * syzkaller's `** N printk messages dropped **` and glued `login: ` prompts, the `[  742.118233]`
 * timestamp and the `[ T1423]`/`[    C1]` caller id of CONFIG_PRINTK_CALLER.
 *
 * Every pattern is anchored at the start and has no nested or overlapping repetition, so each runs in
 * time linear in the (capped) line length.
 */

export interface StrippedLine {
  text: string;
  /**
   * Printk context: the caller id (`T1423`, `C1`) when printed, `console` for a timestamped line
   * without one, `` for a bare line, and `foreign` for a syslog line written by another program.
   */
  ctx: string;
  /** Seconds since boot of the printk timestamp (`[  742.118233]`), when the line has one. */
  time: number | null;
}

const MONTH_DATE =
  /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})? /;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})? /;
const DMESG_T =
  /^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}\d{1,2} \d{2}:\d{2}:\d{2} \d{4}\] ?/;
const SYSLOG_TAG = /^[A-Za-z0-9_.\-/]{1,64}(?:\[\d{1,10}\])?:(?: |$)/;
const LEVEL = /^<\d{1,3}>/;
const DROPPED = /^\*\* \d{1,10} printk messages dropped \*\* ?/;
const TIMESTAMP = /^\[ {0,12}\d{1,12}\.\d{1,9}\]/;
/**
 * The kernel's console glues the caller id to the timestamp (`[  742.118233][ T1423] `); util-linux
 * dmesg prints it after a space (`[  742.118233] [ T1423] `).
 */
const CALLER = /^ ?\[ {0,10}([TC]\d{1,10})\]/;
/**
 * syzkaller glues the prompt to the start of a line: the first ` login: ` that ends within 128
 * characters. The lazy, bounded gap tries at most 121 places, all in the engine.
 */
const LOGIN = /^.{0,120}? login: /;
const LOGIN_WORD = ' login: ';
/** The latest place `LOGIN` can find `LOGIN_WORD` at. */
const LOGIN_MAX_AT = 120;

/**
 * Each pattern runs only when the line starts with the character it needs (`[`, `<`, a digit, a month's
 * first letter, `k`, `*`), so a bare kernel line costs a few character tests.
 */
export function stripPrefixes(line: string): StrippedLine {
  let s = line;
  let foreign = false;

  const c0 = s.charCodeAt(0);
  const date = isMonthInitial(c0) ? MONTH_DATE.exec(s) : isDigit(c0) ? ISO_DATE.exec(s) : null;
  if (date) {
    s = s.slice(date[0].length);
    const tagged = stripSyslogSource(s);
    s = tagged.text;
    foreign = !tagged.kernel;
  } else if (c0 === 0x5b && isUpper(s.charCodeAt(1))) {
    const human = DMESG_T.exec(s);
    if (human) s = s.slice(human[0].length);
  }
  if (s.charCodeAt(0) === 0x6b && s.startsWith('kernel: ')) s = s.slice(8);

  if (s.charCodeAt(0) === 0x2a) {
    const dropped = DROPPED.exec(s);
    if (dropped) s = s.slice(dropped[0].length);
  }
  s = stripLoginPrompt(s);
  if (s.charCodeAt(0) === 0x3c) {
    const level = LEVEL.exec(s);
    if (level) s = s.slice(level[0].length);
  }

  let ctx = foreign ? 'foreign' : '';
  let time: number | null = null;
  const stamp = s.charCodeAt(0) === 0x5b ? TIMESTAMP.exec(s) : null;
  if (stamp) {
    s = s.slice(stamp[0].length);
    time = Number.parseFloat(stamp[0].slice(1, -1));
    ctx = foreign ? 'foreign' : 'console';
    const first = s.charCodeAt(0);
    const caller = first === 0x5b || (first === 0x20 && s.charCodeAt(1) === 0x5b) ? CALLER.exec(s) : null;
    if (caller) {
      s = s.slice(caller[0].length);
      if (!foreign) ctx = caller[1] ?? ctx;
    }
    if (s.startsWith(' ')) s = s.slice(1);
  }
  return { text: s, ctx, time };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/** J, F, M, A, S, O, N, D: the first letters of the month names syslog prints. */
function isMonthInitial(c: number): boolean {
  return (
    c === 0x4a ||
    c === 0x46 ||
    c === 0x4d ||
    c === 0x41 ||
    c === 0x53 ||
    c === 0x4f ||
    c === 0x4e ||
    c === 0x44
  );
}

/**
 * After a syslog date: an optional host, an optional `facility.level`, then the program tag. Only the
 * `kernel` tag is kernel output; the other programs' lines are marked foreign so reports skip them.
 */
function stripSyslogSource(s: string): { text: string; kernel: boolean } {
  let rest = s;
  for (let words = 0; words < 3; words++) {
    const tag = SYSLOG_TAG.exec(rest);
    if (tag) {
      const name = tag[0].slice(0, tag[0].indexOf(tag[0].includes('[') ? '[' : ':'));
      return { text: rest.slice(tag[0].length), kernel: name === 'kernel' };
    }
    const space = rest.indexOf(' ');
    if (space <= 0 || space > 64) break;
    rest = rest.slice(space + 1);
  }
  return { text: s, kernel: true };
}

/** syzkaller consoles glue a login prompt in front of a kernel line: `syzkaller login: [   12.3] ...`. */
function stripLoginPrompt(s: string): string {
  // Nearly no line holds the prompt: a string search rules it out faster than the pattern does.
  const at = s.indexOf(LOGIN_WORD);
  if (at < 0 || at > LOGIN_MAX_AT) return s;
  const m = LOGIN.exec(s);
  if (!m) return s;
  const after = s.slice(m[0].length);
  return after.startsWith('[') || after.startsWith('<') ? after : s;
}
