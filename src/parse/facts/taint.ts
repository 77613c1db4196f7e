import type { Taint } from '../report.js';
import { isDigitCode, skipSpaces } from './text.js';

export interface TaintAndRelease {
  taint: Taint;
  kernel: string | null;
}

const NOT_TAINTED = 'Not tainted';
const TAINTED = 'Tainted: ';
/** Kernel releases are short (`6.12.0-rc1-next-20241010-00001-gabc`); anything longer is not one. */
const MAX_RELEASE = 128;

/**
 * Reads `print_tainted()` and the release after it: `Not tainted 6.6.0 #1` or
 * `Tainted: G        W  O       6.1 #33`, starting at `from`.
 *
 * print_tainted() prints one column per taint bit (kernel/panic.c `taint_flags[]`), blank when the bit is
 * clear and `G` in column 0 for "no proprietary module". The letters are unique, so collecting the
 * non-blank ones decodes the mask without knowing how many columns this kernel has: that also survives
 * chat clients that squeeze runs of spaces, and accepts letters newer than this table of ours.
 */
export function readTaintAndRelease(s: string, from: number): TaintAndRelease | null {
  let i: number;
  let taint: Taint;
  if (s.startsWith(NOT_TAINTED, from)) {
    taint = { tainted: false, letters: '' };
    i = from + NOT_TAINTED.length;
  } else if (s.startsWith(TAINTED, from)) {
    let letters = '';
    i = from + TAINTED.length;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) letters += s.charAt(i);
      else if (c !== 32) break;
      i++;
    }
    taint = { tainted: true, letters };
  } else {
    return null;
  }
  const at = skipSupportMarks(s, skipSpaces(s, i));
  return { taint, kernel: releaseAt(s, at) };
}

/** Longest run of RHEL's support marks (`--------- -  -`, `K------------`) skipped before the release. */
const MAX_SUPPORT_MARKS = 32;

/**
 * Red Hat's kernels print their support status between print_tainted() and the release
 * (`Tainted: G        W IOE    --------- -  - 4.18.0-240.el8.x86_64 #1`, el7's `OE K------------   3.10.0-862...`):
 * dashes and spaces, skipped when they come straight after the taint. A release never starts with `-`.
 */
function skipSupportMarks(s: string, from: number): number {
  if (s.charCodeAt(from) !== 45) return from;
  let i = from;
  while (i - from < MAX_SUPPORT_MARKS && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 32)) i++;
  return i;
}

/**
 * The rest of a release that was wrapped, once the paste's lines were joined again with a space: a mail
 * client breaks it at a hyphen (`5.14.0- rc4_next-queue-01094-gaba1e4adb54e #2`), a console of fixed
 * width anywhere (`5.5.8-c30281 6.cki #1`), and z/VM's console puts its `00: ` tag in front of the piece
 * (`5.7.0-rc3-next-20 00: 200501 #2`). dump_stack_print_info() (lib/dump_stack.c) prints the version's
 * first word, its `#`, right after the release, so a word before it belongs to the release.
 */
const RELEASE_REST = /^(?:\d\d: )?([\w.+~-]{1,64})(?= #\S)/;

/** `6.1` in `6.1 #33`; old arm `__show_regs` wrapped it as `(3.4.0 #1)`. */
function releaseAt(s: string, from: number): string | null {
  const start = s.charCodeAt(from) === 40 ? from + 1 : from;
  if (!isDigitCode(s.charCodeAt(start))) return null;
  let end = s.indexOf(' ', start);
  if (end < 0) end = s.length;
  if (s.charCodeAt(end - 1) === 41) end--;
  if (end - start > MAX_RELEASE) return null;
  const release = s.slice(start, end);
  // A line cut mid-release (`Tainted: P  OE  5.15.`, the last line of an excerpt) holds no release: none
  // ends in a dot, and the paste may state it elsewhere (an issue template's `Kernel Version` row).
  if (end >= s.length && release.endsWith('.')) return null;
  if (end >= s.length || s.charCodeAt(end + 1) === 0x23) return release;
  const rest = RELEASE_REST.exec(s.slice(end + 1, end + 1 + MAX_RELEASE));
  return rest?.[1] ? release + rest[1] : release;
}
