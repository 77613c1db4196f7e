/**
 * Turns a report block into its syzbot title: picks the header's format that matches earliest, fills
 * its template with the captures and the guilty frame, and judges whether the report is corrupted.
 */
import type { ReportBlock, ReportTitle } from './block.js';
import { BlockLines } from './block-lines.js';
import { pickFrame } from './frame-pickers.js';
import { HEADER_ONLY_LINES } from './limits.js';
import {
  CALL_TRACE,
  OOPS_TABLE,
  STACK_START,
  TITLE_STOP_LINES,
  EXCERPT_HEADERS,
  type OopsFormat,
  type OopsHeader,
} from './oops-table.js';
import { syscallVariants } from './skip-frames.js';
import { normalizeTitle } from './title-normalize.js';

const HEADERS = new Map<string, OopsHeader>(
  [...OOPS_TABLE, ...Object.values(EXCERPT_HEADERS)].map((h) => [h.header, h]),
);

/** `{1}`, `{frame}`, `{rest}` in a title template (`exec` starts a global pattern afresh once it fails). */
const PLACEHOLDER = /\{(\d+|frame|rest)\}/g;

/**
 * A title template cut at its placeholders: `literals[0]`, the value of `keys[0]`, `literals[1]`... A
 * capture's key is its index in the captures (`{1}` is 0).
 */
interface Template {
  literals: string[];
  keys: (number | 'frame' | 'rest')[];
}

function compileTemplate(template: string): Template {
  const literals: string[] = [];
  const keys: Template['keys'] = [];
  let last = 0;
  for (let m = PLACEHOLDER.exec(template); m !== null; m = PLACEHOLDER.exec(template)) {
    literals.push(template.slice(last, m.index));
    const key = m[1] ?? '';
    keys.push(key === 'frame' || key === 'rest' ? key : Number(key) - 1);
    last = m.index + m[0].length;
  }
  literals.push(template.slice(last));
  return { literals, keys };
}

/** Every template of the tables, cut once: titles are filled for each report and each frame variant. */
const TEMPLATES = new Map<string, Template>(
  [...HEADERS.values()]
    .flatMap((h) => h.formats.flatMap((f) => [f.title, ...(f.alt ?? [])]))
    .map((t) => [t, compileTemplate(t)]),
);
/** A printk timestamp inside a title: two lines were merged on the console. */
const MERGED_TIMESTAMP = /\[ *\d+\.\d+\]/;
/** A stack section must be followed by frames within this many lines, or it was cut off. */
const FRAME_WINDOW = 15;
/** Lines that must follow a stack section keyword for the stack to count as printed. */
const MIN_STACK_LINES = 3;
const NO_STACK_AVAILABLE = /\(stack is not available\)/;

/** Why a report is corrupted when its stack gave no frame to name: a report without frames says so anyway. */
export const NO_GUILTY_FRAME = 'no stack frame outside the generic helpers was found';
export const NO_STACK = 'the stack trace is missing or cut off';

interface FormatMatch {
  format: OopsFormat;
  line: number;
  column: number;
  captures: string[];
}

export function titleReport(block: ReportBlock, lines: BlockLines = new BlockLines(block)): ReportTitle {
  const header = HEADERS.get(block.headerText);
  const { texts } = lines;
  const headerLine = texts[block.header] ?? '';
  if (!header) return headerTitle('other', headerLine, null);

  const kept = panicTailCut(texts, block.header, header.header === 'BUG:' && /BUG: KMSAN:/.test(headerLine));
  const end = Math.min(kept, titleRegionEnd(block, texts, block.lines.length));
  const rest = headerLine.slice(Math.max(0, headerLine.indexOf(header.header)));
  const found = earliestFormat(header, texts, block.header, end);
  if (!found.match) {
    return headerTitle(
      found.cutOff?.kind ?? header.kind,
      rest,
      found.cutOff ? 'the report was cut off after its first lines' : null,
    );
  }
  const match = found.match;

  const { format } = match;
  let reason: string | null = format.corrupted ?? null;
  let frames: string[] = [];
  let guiltyFrame: string | null = null;
  if (format.title.includes('{frame}') && format.frame) {
    const picked = pickFrame(lines, match.line, stackRegionEnd(block, texts, end, format), format.frame);
    if (picked.fn === null) {
      frames = ['corrupted'];
      reason ??= NO_GUILTY_FRAME;
    } else {
      guiltyFrame = picked.original ?? picked.fn;
      frames = syscallVariants(picked.fn);
      for (const alias of picked.original === null ? [] : syscallVariants(picked.original)) {
        if (!frames.includes(alias)) frames.push(alias);
      }
    }
    if (picked.interleaved) reason ??= 'a fault-injection stack is interleaved with the report';
  }
  const fill = (template: string, frame: string): string => {
    const { literals, keys } = TEMPLATES.get(template) ?? compileTemplate(template);
    let out = literals[0] ?? '';
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      out += key === 'frame' ? frame : key === 'rest' ? rest : (match.captures[key as number] ?? '');
      out += literals[k + 1] ?? '';
    }
    return out;
  };

  const primary = frames[0] ?? '';
  const rawTitle = fill(format.title, primary);
  if (MERGED_TIMESTAMP.test(rawTitle)) reason ??= 'another line was printed into the middle of the header';
  if (reason === null && !format.noStack && !hasStack(lines, block.header, kept)) {
    reason = NO_STACK;
  }

  const title = normalizeTitle(rawTitle);
  // The alternatives repeat one another across a frame's syscall variants: each is normalised once.
  const normalized = new Map<string, string>([[rawTitle, title]]);
  const normalize = (raw: string): string => {
    let done = normalized.get(raw);
    if (done === undefined) {
      done = normalizeTitle(raw);
      normalized.set(raw, done);
    }
    return done;
  };
  const alts = new Set<string>();
  for (const frame of frames.length > 0 ? frames : ['']) {
    for (const alt of format.alt ?? []) alts.add(normalize(fill(alt, frame)));
    alts.add(normalize(fill(format.title, frame)));
  }
  alts.delete(title);
  const guilty = primary === '' || primary === 'corrupted' ? null : primary;
  return {
    kind: format.kind,
    title,
    altTitles: [...alts].sort(),
    corrupted: reason !== null,
    corruptedReason: reason,
    guilty,
    guiltyFrame: guilty === null ? null : guiltyFrame,
  };
}

/** A header no format describes, or a report cut off before its format could be told: its line is the title. */
function headerTitle(kind: ReportTitle['kind'], rest: string, cutOff: string | null): ReportTitle {
  const reason =
    cutOff ?? (MERGED_TIMESTAMP.test(rest) ? 'another line was printed into the middle of the header' : null);
  return {
    kind,
    title: normalizeTitle(rest),
    altTitles: [],
    corrupted: reason !== null,
    corruptedReason: reason,
    guilty: null,
    guiltyFrame: null,
  };
}

/** A panic, or lockdep's circular-dependency splat, that the oops itself set off (panic_on_warn, the oops's own locking). */
const PANIC_LINE = 'Kernel panic - not syncing';
const CIRCULAR_LOCKDEP = 'WARNING: possible circular locking dependency detected';
/** Lines a report may have before such a line is its aftermath rather than part of it; KMSAN reports are shorter. */
const PANIC_TAIL_AFTER = 22;
const PANIC_TAIL_AFTER_KMSAN = 16;

/**
 * Where the report ends for syzkaller: at a panic line (or circular-lockdep header) seen after the
 * report's first lines, since what follows is the stack dump of the panic the oops caused (or a
 * lockdep splat raised while reporting) and would otherwise fill the gaps of a cut-off stack.
 */
function panicTailCut(texts: readonly string[], header: number, kmsan: boolean): number {
  const after = kmsan ? PANIC_TAIL_AFTER_KMSAN : PANIC_TAIL_AFTER;
  for (let i = Math.max(header, after) + 1; i < texts.length; i++) {
    const text = texts[i] ?? '';
    if (text.includes(PANIC_LINE) || text.includes(CIRCULAR_LOCKDEP)) return i;
  }
  return texts.length;
}

/**
 * The title is looked for up to the output of another event; with caller ids the context filter has
 * already removed other tasks' output, so only plain console logs are cut.
 */
function titleRegionEnd(block: ReportBlock, texts: readonly string[], blockEnd: number): number {
  const ctx = block.lines[block.header]?.ctx ?? '';
  if (ctx !== '' && ctx !== 'console') return texts.length;
  return firstStopLine(texts, block.header + 1, blockEnd);
}

/** The first line in [from, to) that holds a `TITLE_STOP_LINES` mark (another event's output), else `to`. */
function firstStopLine(texts: readonly string[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const text = texts[i] ?? '';
    for (const stop of TITLE_STOP_LINES) if (text.includes(stop)) return i;
  }
  return to;
}

/**
 * A plain console's header printed straight before another report (spin_bug()'s printk tripping KASAN:
 * `BUG: spinlock bad magic` titled by the Call Trace of the KASAN report under it) has no stack of its
 * own; a format that takes the first Call Trace reads the one that follows, as syzkaller does. Formats
 * keyed on the header's own RIP or PC line find none there and stay corrupted.
 */
function stackRegionEnd(
  block: ReportBlock,
  texts: readonly string[],
  end: number,
  format: OopsFormat,
): number {
  if (!block.titleTail || block.lines.length - block.header > HEADER_ONLY_LINES) return end;
  if (format.frame?.steps[0] !== CALL_TRACE || format.frame.fallback) return end;
  return firstStopLine(texts, end, texts.length);
}

/**
 * The format whose first pattern matches earliest (line, then column); table order breaks ties.
 * `cutOff` is a format that matched but whose required later lines are missing.
 */
function earliestFormat(
  header: OopsHeader,
  texts: readonly string[],
  from: number,
  to: number,
): { match: FormatMatch | null; cutOff: OopsFormat | null } {
  let best: FormatMatch | null = null;
  let cutOff: OopsFormat | null = null;
  // Each format's first pattern on the header line, run once: every format's search starts there.
  const headerText = texts[from] ?? '';
  const onHeader = header.formats.map((f) => f.match[0]?.exec(headerText) ?? null);
  // Nearly always a format matches the header line itself; only then is the rest of the region read.
  const firstTo = onHeader.some((m) => m !== null) ? from + 1 : to;
  for (const [k, format] of header.formats.entries()) {
    const m = matchFormat(
      format,
      texts,
      from,
      best === null ? firstTo : Math.min(firstTo, best.line + 1),
      to,
      onHeader[k] ?? null,
    );
    if (!m) continue;
    if (format.requires && !format.requires.every((re) => anyLine(re, texts, m.line + 1, to))) {
      cutOff ??= format;
      continue;
    }
    if (best === null || m.line < best.line || (m.line === best.line && m.column < best.column)) best = m;
  }
  return { match: best, cutOff };
}

function anyLine(re: RegExp, texts: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (re.test(texts[i] ?? '')) return true;
  return false;
}

/** A match's groups, '' for one that did not take part (undefined, whatever RegExpExecArray's type says). */
function capturesOf(m: RegExpExecArray): string[] {
  const groups: (string | undefined)[] = m.slice(1);
  return groups.map((c) => c ?? '');
}

/**
 * The first line in `[from, firstTo)` the format's first pattern matches, its later patterns on later
 * lines before `to`. `onFrom` is the first pattern's match on line `from`, already run.
 */
function matchFormat(
  format: OopsFormat,
  texts: readonly string[],
  from: number,
  firstTo: number,
  to: number,
  onFrom: RegExpExecArray | null,
): FormatMatch | null {
  const [first, ...later] = format.match;
  if (!first) return null;
  for (let i = from; i < firstTo; i++) {
    const m = i === from ? onFrom : first.exec(texts[i] ?? '');
    if (!m) continue;
    const captures = capturesOf(m);
    let at = i;
    for (const re of later) {
      let found = false;
      for (let j = at + 1; j < to; j++) {
        const mm = re.exec(texts[j] ?? '');
        if (mm) {
          captures.push(...capturesOf(mm));
          at = j;
          found = true;
          break;
        }
      }
      if (!found) return null;
    }
    return { format, line: i, column: m.index, captures };
  }
  return null;
}

function hasLinesAfter(lines: BlockLines, at: number, to: number, count: number): boolean {
  let seen = 0;
  for (let j = at + 1; j < to && seen < count; j++) {
    if (!lines.isStale(j)) seen++;
  }
  return seen >= count;
}

/**
 * syzkaller's check that a report which should carry a stack really does: some stack section exists,
 * and each kind of section is followed by a few lines with a frame among the next ones.
 */
function hasStack(lines: BlockLines, from: number, to: number): boolean {
  const { texts } = lines;
  const seen = new Set<string>();
  for (let i = from; i < to; i++) {
    if (!lines.isStackStart(i)) continue;
    const m = STACK_START.exec(texts[i] ?? '');
    if (!m) continue;
    const keyword = m[0].trim().replace(/\d+/g, '');
    if (seen.has(keyword)) continue;
    seen.add(keyword);
    // `? f` lines are stale stack words that syzkaller drops before it looks: they do not count.
    let counted = 0;
    let framed = false;
    for (let j = i + 1; j < to && counted < FRAME_WINDOW; j++) {
      if (lines.isStale(j)) continue;
      counted++;
      const frames = lines.frames(j);
      if ((frames !== null && frames.length > 0) || NO_STACK_AVAILABLE.test(texts[j] ?? '')) {
        framed = true;
        break;
      }
    }
    if (!framed || !hasLinesAfter(lines, i, to, MIN_STACK_LINES)) return false;
  }
  return seen.size > 0;
}
