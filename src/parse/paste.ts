import { MAX_LINE_CHARS, MAX_PASTE_CHARS } from './limits.js';
import { stripPrefixes } from './prefixes.js';
import { unwrapLine } from './unwrap.js';

/** One line of a paste after its wrapping and logger prefixes are gone. */
export interface PasteLine {
  /** The kernel's text. */
  text: string;
  /** 1-based line number in the input. */
  no: number;
  /** Printk context (see `stripPrefixes`). */
  ctx: string;
  /** A fence or block-tag line: pasted blocks end here. */
  isBreak: boolean;
  /** Seconds since boot of the line's printk timestamp, when it has one. */
  time: number | null;
}

export interface Paste {
  lines: PasteLine[];
  bytes: number;
  truncated: boolean;
  unread: string[];
}

/** Splits a paste into clean lines. Pure and linear in the input size. */
export function readPaste(input: string): Paste {
  const unread: string[] = [];
  const truncated = input.length > MAX_PASTE_CHARS;
  const text = truncated ? input.slice(0, MAX_PASTE_CHARS) : input;
  if (truncated) {
    unread.push(`the paste is ${input.length} characters long; only the first ${MAX_PASTE_CHARS} were read`);
  }

  const lines: PasteLine[] = [];
  let longLines = 0;
  let dropped = 0;
  let start = 0;
  let no = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    no++;
    let stop = Math.min(end, start + MAX_LINE_CHARS);
    if (end - start > MAX_LINE_CHARS) longLines++;
    if (stop > start && text.charCodeAt(stop - 1) === 0x0d) stop--;
    const unwrapped = unwrapLine(text.slice(start, stop));
    dropped += unwrapped.dropped;
    const stripped = stripPrefixes(unwrapped.text);
    lines.push({
      text: stripped.text.trimEnd(),
      no,
      ctx: stripped.ctx,
      isBreak: unwrapped.isBreak,
      time: stripped.time,
    });
    start = end + 1;
  }
  if (longLines > 0) {
    unread.push(`${longLines} line(s) longer than ${MAX_LINE_CHARS} characters were cut to that length`);
  }
  if (dropped > 0) unread.push(`${dropped} control or undecodable byte(s) were ignored`);
  return { lines, bytes: Buffer.byteLength(text), truncated, unread };
}
