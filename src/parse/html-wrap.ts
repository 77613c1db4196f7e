/**
 * The HTML source of a mail or a web page, read as text: a mail client (Thunderbird, Outlook) ends each
 * line of the message with `<br>` and then wraps the source itself near 72-80 columns, indenting the
 * rest of a long line under its markup (`RIP:` / `                0010:dma_fence_signal_locked&#43;...<br>`).
 * A line the source wrapped has no `<br>` of its own: it goes on the next line.
 */
import { MAX_LINE_CHARS } from './limits.js';
import type { PhysicalLine } from './joined.js';
import { isDoubleSpaced } from './line-spacing.js';

const BREAK_AT_END = /<br ?\/?> *$/i;

/** At least this many lines end in `<br>` before a paste is read as HTML source. */
const MIN_BREAK_LINES = 5;

/**
 * Joins the lines an HTML source wrapped back into the lines its `<br>`s end. Only a paste most of whose
 * lines end in `<br>` is HTML source; `<pre>` blocks keep their own line ends, and a line that ends in
 * a tag (`</div>`, `<blockquote ...>`) or a blank line ends where it is.
 */
export function joinHtmlSourceWraps(lines: readonly PhysicalLine[]): readonly PhysicalLine[] {
  let breaks = 0;
  let filled = 0;
  for (const { text } of lines) {
    const last = lastNonSpace(text);
    if (last < 0) continue;
    filled++;
    // Only a line whose last character is a tag's `>` can end in `<br>`: the pattern runs on no other.
    if (text.charCodeAt(last) === 0x3e && BREAK_AT_END.test(text)) breaks++;
  }
  if (breaks < MIN_BREAK_LINES || breaks * 3 < filled) return lines;
  // A page that set every line in a paragraph of its own (line-spacing.ts) puts a blank line between a
  // wrapped line and its rest too.
  const doubled = isDoubleSpaced(lines);
  const out: PhysicalLine[] = [];
  let inPre = false;
  let open: PhysicalLine | null = null;
  let blank: PhysicalLine | null = null;
  for (const line of lines) {
    const text = line.text;
    if (open !== null) {
      const rest = text.trimStart();
      if (rest === '' && doubled && blank === null) {
        blank = line;
        continue;
      }
      if (rest === '' || rest.startsWith('<') || open.text.length + rest.length >= MAX_LINE_CHARS) {
        out.push(open);
        if (blank !== null) out.push(blank);
        open = null;
        blank = null;
      } else {
        open.text = `${open.text} ${rest}`;
        blank = null;
        if (endsItsLine(open.text)) {
          out.push(open);
          open = null;
        }
        continue;
      }
    }
    const lower = text.toLowerCase();
    if (lower.includes('<pre')) inPre = true;
    if (lower.includes('</pre>')) inPre = false;
    if (inPre || text.trim() === '' || endsItsLine(text)) {
      out.push({ ...line });
      continue;
    }
    open = { ...line };
  }
  if (open !== null) out.push(open);
  if (blank !== null) out.push(blank);
  return out;
}

/** A line that ends in `<br>` or in a tag (`>`, which HTML text escapes as `&gt;`) ends where it is. */
function endsItsLine(text: string): boolean {
  const trimmed = text.trimEnd();
  return trimmed.endsWith('>') || BREAK_AT_END.test(trimmed);
}

/** Index of the last character of `text` that is not white space, or -1 for a blank line. */
function lastNonSpace(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
  return i;
}
