/**
 * What mail does to a pasted log: quoted-printable encoding (RFC 2045: `=3D` for `=`, a trailing `=` for
 * a soft line break at 76 columns) and re-wrapping at 72-80 columns, which moves the end of a long line
 * onto a line of its own without the logger prefix the original line had.
 */
import type { PhysicalLine } from './joined.js';

/**
 * An escape only an encoder writes: `=3D` for `=`, `=20`/`=09` for trailing blanks, or a UTF-8 sequence
 * (`=E2=80=99`). A log's own `x=13eab79f` is none of these.
 */
const QP_ESCAPE = /=3D|=20|=09|=[C-F][0-9A-F]=[89AB][0-9A-F]/;
/** RFC 2045 limits encoded lines to 76 characters; encoders break long lines just below that. */
const QP_MIN_BROKEN = 60;
const QP_MAX_LINE = 77;

/**
 * Quoted-printable: lines cut with a soft break (a lone `=` at the end of a line 60-77 characters
 * long; `====` banners are not one), and an encoder's escape or a second such line.
 */
export function isQuotedPrintable(text: string): boolean {
  let softBreaks = 0;
  /** Lines that end in a soft break right after an escape (`=0A=`): mail that encoded its own line ends. */
  let shortBreaks = 0;
  // A soft break is the last `=` of its line, before the blanks a transport added (RFC 2045 6.7): each
  // `=` of the text is looked at, where a reading of every line would look at every line's end.
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let end = eq + 1;
    while (isBlank(text.charCodeAt(end))) end++;
    if (text.charCodeAt(end) === 0x0d) end++;
    if (end < text.length && text.charCodeAt(end) !== 0x0a) continue;
    // A mail pasted into a Markdown code block or indented in a reply carries the indentation in front
    // of each encoded line: the encoder's limit counts from the line's first word.
    let first = text.lastIndexOf('\n', eq) + 1;
    while (first < eq && isBlank(text.charCodeAt(first))) first++;
    const length = eq + 1 - first;
    if (length < 2) continue;
    if (length >= QP_MIN_BROKEN && length <= QP_MAX_LINE && text.charCodeAt(eq - 1) !== 0x3d) {
      softBreaks++;
      if (softBreaks >= 2) return true;
    }
    if (end < text.length && length >= 4 && endsInEscape(text, eq)) shortBreaks++;
  }
  // Two short soft breaks are quoted-printable on their own: no log ends lines so.
  if (shortBreaks >= 2 || (softBreaks + shortBreaks > 0 && QP_ESCAPE.test(text))) return true;
  return hasEncodedSpaces(text);
}

/**
 * A mail whose lines were short enough to need no soft break still encodes the non-breaking spaces a
 * client put in them (`[=C2=A0 5]`, Latin-1 `[=A0=A0 12.345678]`): several such escapes, each followed
 * by another escape, a blank or the end of a line (a log's `status=A0B1` is a value).
 */
function hasEncodedSpaces(text: string): boolean {
  let seen = 0;
  for (let at = text.indexOf('=A0'); at >= 0; at = text.indexOf('=A0', at + 3)) {
    const next = text.charCodeAt(at + 3);
    if (Number.isNaN(next) || next === 0x3d || next === 0x20 || next === 0x0a || next === 0x0d) seen++;
    if (seen >= MIN_ENCODED_SPACES) return true;
  }
  return false;
}

const MIN_ENCODED_SPACES = 3;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** An escape (`=` and two upper-case hex digits) right before index `at`. */
function endsInEscape(text: string, at: number): boolean {
  return (
    text.charCodeAt(at - 3) === 0x3d &&
    isUpperHex(text.charCodeAt(at - 2)) &&
    isUpperHex(text.charCodeAt(at - 1))
  );
}

/** A line that ends in a soft break. */
export function endsSoftBreak(line: string): boolean {
  return line.endsWith('=') && !line.endsWith('==');
}

/** Decodes the `=XX` escapes of one quoted-printable line (soft breaks already joined); bytes are UTF-8. */
export function decodeQuotedPrintable(line: string): string {
  if (!line.includes('=')) return line;
  const bytes: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (
      c === 0x3d &&
      i + 2 < line.length &&
      isUpperHex(line.charCodeAt(i + 1)) &&
      isUpperHex(line.charCodeAt(i + 2))
    ) {
      const byte = Number.parseInt(line.slice(i + 1, i + 3), 16);
      // Latin-1's non-breaking space (`=A0` after a plain character) is no UTF-8 continuation byte.
      const last = bytes.at(-1);
      bytes.push(byte === 0xa0 && (last === undefined || last < 0x80) ? 0x20 : byte);
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      for (const b of Buffer.from(line[i] ?? '', 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function isUpperHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46);
}

/** Line lengths that mail clients wrap at (RFC 5322 recommends 78; many wrap at 72 or 76). */
const WRAP_MIN = 60;
const WRAP_MAX = 80;
/** Lines near the wrap width needed before a paste counts as re-wrapped. */
const MIN_WRAPPED_LINES = 3;

/**
 * The width the paste's lines were re-wrapped at (their quote marks taken off: a reply wraps the text
 * and then quotes it), or null when they were not: several end near a mail client's wrap width and
 * almost none is longer. Kernel logs have lines of every length up to ~200 characters; a wrapped one
 * stops at the width. The width is the longest of the lines that fit it.
 */
export function wrapWidth(lines: readonly PhysicalLine[]): number | null {
  let near = 0;
  let long = 0;
  let width = 0;
  for (const line of lines) {
    const length = line.text.length;
    if (length > WRAP_MAX) long++;
    else if (length >= WRAP_MIN) {
      near++;
      if (length > width) width = length;
    }
  }
  return near >= MIN_WRAPPED_LINES && long * 10 <= near ? width : null;
}

/**
 * Whether a line of `rawLength` characters may have been cut by a wrap at `width`: it is long, or the
 * next line's first word (`nextWord` characters) would not have fitted after it, which is where a
 * mail client breaks (a short `PC is at` before a long `rtw_txframes_sta_ac_pending+0x64/0x6c`).
 */
export function mayHaveWrapped(rawLength: number, nextWord: number, width: number): boolean {
  return rawLength >= WRAP_MIN || rawLength + 1 + nextWord > width;
}
