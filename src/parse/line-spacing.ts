/**
 * A log copied from a page that set every line in a paragraph of its own, or from a mail client that
 * doubled the line ends, comes with a blank line after each line. A trace read across those blank
 * lines is cut after its first frame, so a stretch of lines that alternate with single blank lines is
 * read without them, and a paste doubled throughout has every run of blank lines halved. No kernel
 * report prints that shape: its blank lines separate sections.
 */
import type { PhysicalLine } from './joined.js';

/**
 * Lines of text a stretch needs before its blank lines are taken as spacing, and how many of them must
 * be frames (`f+0x1c/0x40`): prose of one-line paragraphs alternates with blank lines too.
 */
const MIN_SPACED_LINES = 6;
const MIN_SPACED_FRAMES = 3;

/**
 * Text lines a paste needs before it is read as double-spaced throughout, and the share of them that
 * may be followed by another text line: a page that set every line in a paragraph of its own leaves
 * none, save where a `<br>` split a line.
 */
const MIN_DOUBLED_LINES = 8;
const MAX_ADJACENT_SHARE = 0.05;

/**
 * `lines` without the single blank lines of double-spaced stretches. A break (a fence, a block tag,
 * by input line number in `breaks`) ends a stretch and stays.
 */
export function undoDoubleSpacing(lines: PhysicalLine[], breaks: ReadonlySet<number>): PhysicalLine[] {
  // Nearly no paste has a break: its lines are not looked up.
  const unbroken = breaks.size === 0;
  const isText = (l: PhysicalLine | undefined) =>
    l !== undefined && !isBlankText(l.text) && (unbroken || !breaks.has(l.no));
  const isBlank = (l: PhysicalLine | undefined) =>
    l !== undefined && isBlankText(l.text) && (unbroken || !breaks.has(l.no));
  if (isDoubledThroughout(lines, isText)) return halveBlankRuns(lines, isBlank);
  let spacing: boolean[] | null = null;
  let i = 0;
  while (i < lines.length) {
    if (!isText(lines[i])) {
      i++;
      continue;
    }
    let end = i;
    let texts = 1;
    while (isBlank(lines[end + 1]) && isText(lines[end + 2])) {
      end += 2;
      texts++;
    }
    // Nearly every stretch is one line long: its frames are only counted once it is long enough.
    if (texts >= MIN_SPACED_LINES && framesIn(lines, i, end) >= MIN_SPACED_FRAMES) {
      spacing ??= new Array<boolean>(lines.length).fill(false);
      for (let k = i + 1; k < end; k += 2) spacing[k] = true;
    }
    i = end + 1;
  }
  if (spacing === null) return lines;
  const marks = spacing;
  return lines.filter((_, k) => !marks[k]);
}

/**
 * Whether the whole paste came double-spaced: its prose too, so the lines around a report (a mail's
 * next sentence, a guide's placeholder line) sit one blank line away as well. Without frames to count,
 * the shape is told by its text lines: hardly any is followed by another.
 */
function isDoubledThroughout(
  lines: readonly PhysicalLine[],
  isText: (l: PhysicalLine | undefined) => boolean,
): boolean {
  let texts = 0;
  let adjacent = 0;
  // There are no more text lines than lines: past this many adjacent ones the share is too high.
  const maxAdjacent = lines.length * MAX_ADJACENT_SHARE;
  for (let k = 0; k < lines.length && adjacent <= maxAdjacent; k++) {
    if (!isText(lines[k])) continue;
    texts++;
    if (isText(lines[k + 1])) adjacent++;
  }
  return texts >= MIN_DOUBLED_LINES && adjacent <= texts * MAX_ADJACENT_SHARE;
}

/**
 * `lines` with each run of blank lines halved, rounded down: the doubling gave every line end a blank
 * line, so a single one was spacing and the paste's own blank line came as two or three.
 */
function halveBlankRuns(
  lines: readonly PhysicalLine[],
  isBlank: (l: PhysicalLine | undefined) => boolean,
): PhysicalLine[] {
  const out: PhysicalLine[] = [];
  let k = 0;
  while (k < lines.length) {
    if (!isBlank(lines[k])) {
      out.push(lines[k] as PhysicalLine);
      k++;
      continue;
    }
    let end = k;
    while (isBlank(lines[end])) end++;
    for (let keep = Math.floor((end - k) / 2), at = k; keep > 0; keep--, at++)
      out.push(lines[at] as PhysicalLine);
    k = end;
  }
  return out;
}

/** Whether `text` holds only spaces and tabs. */
function isBlankText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** How many of the text lines `from`, `from + 2`, ... `to` hold a frame's offset and size (`+0x1c/0x40`). */
function framesIn(lines: readonly PhysicalLine[], from: number, to: number): number {
  let frames = 0;
  for (let k = from; k <= to; k += 2) {
    const text = (lines[k] as PhysicalLine).text;
    const at = text.indexOf('+0x');
    if (at > 0 && text.indexOf('/0x', at) > at) frames++;
  }
  return frames;
}

/** Most text lines of `lines` are followed by a blank line. */
export function isDoubleSpaced(lines: readonly PhysicalLine[]): boolean {
  let text = 0;
  let spaced = 0;
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i]?.text.trim() ?? '') === '') continue;
    text++;
    if ((lines[i + 1]?.text.trim() ?? '') === '') spaced++;
  }
  return text > 0 && spaced * 10 >= text * 9;
}
