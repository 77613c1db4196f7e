/** Hand scanners for the small tokens kernel lines are made of; none of them backtracks. */

export function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `text.startsWith(prefix)` for a line read on every pass: the look at the first character rules out
 * most lines for less than the call to `startsWith` costs.
 */
export function opensWith(text: string, prefix: string): boolean {
  return text.charCodeAt(0) === prefix.charCodeAt(0) && text.startsWith(prefix);
}

/**
 * `text.trimStart()` without the call for a line that starts with a printable ASCII character, which is
 * no white space (frame lines without indent, register and code lines).
 */
export function trimLeading(text: string): string {
  const c = text.charCodeAt(0);
  return c > 0x20 && c < 0x7f ? text : text.trimStart();
}

/** `text.endsWith(c)` for a character `c`, without the call. */
export function endsWithChar(text: string, c: string): boolean {
  return text.charCodeAt(text.length - 1) === c.charCodeAt(0);
}

/** Index of the first character at or after `from` that is not a space. */
export function skipSpaces(s: string, from: number): number {
  let i = from;
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

/** End of a run of hex digits starting at `from` (after an optional `0x`), or `from` when there is none. */
export function hexEnd(s: string, from: number): number {
  let i = s.startsWith('0x', from) ? from + 2 : from;
  const digits = i;
  while (isHexCode(s.charCodeAt(i))) i++;
  return i === digits ? from : i;
}

/** The hex token (`0000000000000008`, `0xdffffc0000000001`) at `from`, as printed, or null. */
export function hexTokenAt(s: string, from: number): string | null {
  const end = hexEnd(s, from);
  return end > from && end - from <= 18 ? s.slice(from, end) : null;
}

/** A decimal number filling `s` exactly, or null. */
export function decimal(s: string): number | null {
  if (s.length === 0 || s.length > 10) return null;
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return null;
  return Number.parseInt(s, 10);
}

export interface CommPid {
  comm: string;
  pid: number;
  /** Index just past the pid. */
  end: number;
}

/**
 * `comm<sep>pid` as the kernel prints a task (`brctl/3988`, `kworker/0:1/123`, `kworker/3:1:123`): the
 * comm itself may hold the separator, so the pid is the last separator-and-digits run that ends the text
 * or is followed by one of `stops`.
 */
export function readCommPid(s: string, sep: string, stops: string): CommPid | null {
  let found: CommPid | null = null;
  for (let at = s.indexOf(sep); at > 0; at = s.indexOf(sep, at + 1)) {
    let i = at + 1;
    while (isDigitCode(s.charCodeAt(i))) i++;
    if (i === at + 1 || i - at > 11) continue;
    if (i < s.length && !stops.includes(s.charAt(i))) continue;
    found = { comm: s.slice(0, at), pid: Number.parseInt(s.slice(at + 1, i), 10), end: i };
  }
  return found;
}
