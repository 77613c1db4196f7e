/**
 * Layers a tool put around a whole paste after the poster had it, undone before each line's own
 * unwrapping (unwrap.ts) reads it: a log collector's or an API's record that holds the log as one JSON
 * string, and `cat -n`'s or an editor's line numbers or a Markdown list item on every line
 * (paste-prefix.ts `outerPrefixLengths`). Under such a layer a line still carries its mail quoting, its
 * backticks, its fence, which the per-line unwrapping only finds at the start of a line.
 */

import type { PhysicalLine } from './joined.js';
import { outerPrefixLengths } from './paste-prefix.js';

export interface OuterLayers {
  /**
   * The paste's lines. Once a JSON string is read, they are numbered as the text it held: that is the
   * log the poster sees, and a report's lines must not share one number.
   */
  lines: readonly PhysicalLine[];
  /** Whether any layer came off. */
  changed: boolean;
}

const NOT_SPACE = /\S/;
/** A line end as a JSON string holds it. */
const ESCAPED_BREAK = '\\n';

export function undoOuterLayers(input: readonly PhysicalLine[]): OuterLayers {
  let lines: PhysicalLine[] | null = null;
  for (let i = 0; i < input.length; i++) {
    const line = input[i] as PhysicalLine;
    const decoded = jsonStringLines(line.text);
    if (decoded === null) {
      lines?.push(line);
      continue;
    }
    lines ??= input.slice(0, i);
    for (const text of decoded) lines.push({ text, no: 0 });
  }
  const all: readonly PhysicalLine[] =
    lines === null ? input : lines.map((line, i) => ({ text: line.text, no: i + 1 }));
  const cuts = outerPrefixLengths(all);
  if (!coversPaste(all, cuts)) return { lines: all, changed: lines !== null };
  const uncut = all.map((line, i) => {
    const cut = cuts[i] ?? 0;
    return cut > 0 ? { text: line.text.slice(cut), no: line.no } : line;
  });
  return { lines: uncut, changed: true };
}

/**
 * A tool's layer is on every line of what it was given; a source listing or a list inside the paste
 * (numbered lines between unnumbered ones) is the paste's own text, left to `pastePrefixLengths` once
 * the lines are unwrapped. Some of the poster's own lines may sit around the layer.
 */
const MIN_LAYER_SHARE = 0.75;

function coversPaste(lines: readonly PhysicalLine[], cuts: readonly number[]): boolean {
  // Nearly every paste has no such prefix at all: its lines need no second look.
  if (!cuts.some((cut) => cut > 0)) return false;
  let text = 0;
  let cut = 0;
  lines.forEach((line, i) => {
    if (line.text.trim() === '') return;
    text++;
    if ((cuts[i] ?? 0) > 0) cut++;
  });
  return cut >= text * MIN_LAYER_SHARE;
}

/**
 * The lines of `text` when the whole line is one JSON string literal holding escaped line ends
 * (`JSON.stringify` of a log, a collector's `"message"` value copied out): JSON.parse undoes exactly
 * the escapes the encoder wrote (`\t`, `\"`, `\\`, `\u003c`). A trailing comma of a listing stays
 * outside the string.
 */
function jsonStringLines(text: string): string[] | null {
  // Only whitespace before the string: the search stops at a line's first other character, which a
  // printable ASCII one (nearly every line's) is itself.
  const c0 = text.charCodeAt(0);
  const start = c0 > 0x20 && c0 < 0x7f ? 0 : text.search(NOT_SPACE);
  if (start < 0 || text.charCodeAt(start) !== 0x22) return null;
  let end = text.length;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x2c)) end--;
  if (end - start < 2 || text.charCodeAt(end - 1) !== 0x22) return null;
  const literal = text.slice(start, end);
  if (!literal.includes(ESCAPED_BREAK)) return null;
  let value: unknown;
  try {
    value = JSON.parse(literal);
  } catch {
    return null;
  }
  return typeof value === 'string' ? value.replaceAll('\r\n', '\n').split('\n') : null;
}
