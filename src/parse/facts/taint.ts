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
  return { taint, kernel: releaseAt(s, skipSpaces(s, i)) };
}

/** `6.1` in `6.1 #33`; old arm `__show_regs` wrapped it as `(3.4.0 #1)`. */
function releaseAt(s: string, from: number): string | null {
  const start = s.charCodeAt(from) === 40 ? from + 1 : from;
  if (!isDigitCode(s.charCodeAt(start))) return null;
  let end = s.indexOf(' ', start);
  if (end < 0) end = s.length;
  if (s.charCodeAt(end - 1) === 41) end--;
  return end - start <= MAX_RELEASE ? s.slice(start, end) : null;
}
