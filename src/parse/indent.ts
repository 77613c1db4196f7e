/**
 * A log indented as a whole: a Markdown code block (four spaces), a log a mail writer indented by two,
 * a page that indents its quotes. The kernel prints its headers, timestamps and register lines from
 * the first column (printk() adds no indentation), and only indents what belongs under them: frames
 * (` dump_stack+0x1/0x2`, lockdep's `       lock_acquire+...`), continuation lines. So in a run of
 * lines that are all indented, whose least indented line is one of those first-column lines, that
 * much indentation is the paste's, and it goes.
 */
import { mayContainReport } from './header-words.js';
import type { PhysicalLine } from './joined.js';

/** Lines the kernel starts in the first column, besides report headers (`mayContainReport`). */
const FIRST_COLUMN =
  /^(?:\[ {0,12}\d|CPU: |Call [Tt]race:|Hardware name: |Modules linked in:|RIP: |pc : |Workqueue: |Code: |-{4,}\[ cut here|-{3}\[ end |={20})/;
/**
 * One space is how x86 indents its frames, and what a tab became (unwrap.ts): a run indented by one
 * may be a trace whose header the poster left out, and without its indentation a frame could read as
 * the wrapped tail of the line above it. Two is the least a paste's own indentation is taken at.
 */
const MIN_PASTE_INDENT = 2;
/** Deeper than this is the kernel's own indentation of frames, never a paste's. */
const MAX_PASTE_INDENT = 16;
/** An indented log this short may be a quoted line or two of prose, or a kernel continuation. */
const MIN_RUN_LINES = 2;

/**
 * Removes the common indentation of each run of indented lines that holds a first-column kernel line
 * at that indentation. Runs end at a line that starts in the first column and at pasted block breaks
 * (`breaks`, 1-based line numbers). Blank lines belong to the run they are in.
 */
export function dedentIndentedRuns(lines: PhysicalLine[], breaks: ReadonlySet<number>): void {
  let start = 0;
  // Nearly no paste has a break: its lines are not looked up.
  const unbroken = breaks.size === 0;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    const ends =
      line === undefined ||
      (line.text !== '' && line.text.charCodeAt(0) !== 0x20) ||
      (!unbroken && breaks.has(line.no));
    if (!ends) continue;
    if (i - start >= MIN_RUN_LINES) dedentRun(lines, start, i);
    start = i + 1;
  }
}

function dedentRun(lines: PhysicalLine[], from: number, to: number): void {
  let indent = MAX_PASTE_INDENT + 1;
  let count = 0;
  for (let k = from; k < to; k++) {
    const text = (lines[k] as PhysicalLine).text;
    if (text === '') continue;
    count++;
    const spaces = leadingSpaces(text);
    if (spaces === text.length) continue;
    if (spaces < indent) indent = spaces;
  }
  if (count < MIN_RUN_LINES || indent < MIN_PASTE_INDENT || indent > MAX_PASTE_INDENT) return;
  let anchored = false;
  for (let k = from; k < to && !anchored; k++) {
    const text = (lines[k] as PhysicalLine).text;
    if (text.length <= indent || leadingSpaces(text) !== indent) continue;
    const rest = text.slice(indent);
    anchored = FIRST_COLUMN.test(rest) || mayContainReport(rest);
  }
  if (!anchored) return;
  for (let k = from; k < to; k++) {
    const line = lines[k] as PhysicalLine;
    if (line.text !== '') line.text = line.text.slice(Math.min(indent, leadingSpaces(line.text)));
  }
}

function leadingSpaces(text: string): number {
  let i = 0;
  while (text.charCodeAt(i) === 0x20) i++;
  return i;
}
