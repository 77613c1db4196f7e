import type { ReportBlock } from './block.js';
import { BlockLines } from './block-lines.js';
import { pickCulprit } from './culprit.js';
import { findReportBlocks } from './find-reports.js';
import { readDetails } from './details.js';
import { readPaste, type PasteLine } from './paste.js';
import type { ParseResult, Report, ReportKind } from './report.js';
import { reportSignature } from './signature.js';
import { titleReport } from './title.js';

export * from './report.js';

/** A parsed paste, with the cleaned text of its lines for quoting evidence. */
export interface ParsedPaste {
  result: ParseResult;
  /** Cleaned text (wrapping and logger prefixes removed) of a 1-based input line. */
  readonly lineText: (no: number) => string | undefined;
}

/** Every kernel report in a paste, in order. Pure: no I/O, no clock, no globals. */
export function parsePaste(input: string): ParsedPaste {
  const paste = readPaste(input);
  const found = findReportBlocks(paste);
  const unread = [...paste.unread, ...found.unread];
  const result: ParseResult = {
    reports: inheritCulprits(found.blocks.map(buildReport)),
    input: { bytes: paste.bytes, lines: paste.lines.length, truncated: paste.truncated, unread },
  };
  return { result, lineText: lineTexts(paste.lines) };
}

/** The cleaned text of each input line; the pieces of a joined line that was split are joined again. */
function lineTexts(lines: readonly PasteLine[]): (no: number) => string | undefined {
  const texts: string[] = [];
  for (const line of lines) {
    const before = texts[line.no - 1];
    texts[line.no - 1] = before === undefined ? line.text : `${before} ${line.text}`;
  }
  return (no) => texts[no - 1];
}

export function parseReports(input: string): ParseResult {
  return parsePaste(input).result;
}

/**
 * A report printed inside another one (the panic an oops ends in) and showing no frame of its own
 * has the culprit of the report it came out of.
 */
function inheritCulprits(reports: Report[]): Report[] {
  for (let i = 1; i < reports.length; i++) {
    const report = reports[i] as Report;
    const before = reports[i - 1] as Report;
    if (report.culprit !== null || before.culprit === null) continue;
    if (report.lines.start > before.lines.end) continue;
    report.culprit = {
      ...before.culprit,
      why: `it follows the report above (${before.headline.slice(0, 60)}), whose culprit this is`,
    };
  }
  return reports;
}

/** Kinds that say only where a check fired; the check's own message says what it found. */
const WHERE_ONLY_KINDS: readonly ReportKind[] = ['warning', 'other', 'kernel-bug'];

function buildReport(block: ReportBlock): Report {
  const lines = new BlockLines(block);
  const titled = titleReport(block, lines);
  const title =
    block.preludeKind && WHERE_ONLY_KINDS.includes(titled.kind)
      ? { ...titled, kind: block.preludeKind }
      : titled;
  const details = readDetails(block, lines);
  const first = block.lines[0];
  const last = block.lines[block.lines.length - 1];
  return {
    kind: title.kind,
    headline: headline(block),
    title: title.title,
    altTitles: title.altTitles,
    corrupted: title.corrupted,
    corruptedReason: title.corruptedReason,
    guilty: title.guilty,
    culprit: pickCulprit({
      kind: title.kind,
      headerFn: headerFunction(block),
      callerIs: callerIs(block),
      guilty: title.guilty === null ? null : { fn: title.guilty, line: first?.no ?? 0 },
      frames: details.frames,
      facts: details.facts,
      taint: details.taint,
    }),
    arch: details.arch,
    kernel: details.kernel,
    task: details.task,
    taint: details.taint,
    facts: details.facts,
    frames: details.frames,
    lines: { start: first?.no ?? 0, end: last?.no ?? 0 },
    time: block.lines[block.header]?.time ?? null,
    signature: reportSignature(title.kind, title.title, title.guilty, details.frames),
  };
}

/** `name+0x` in a header line: the function a WARNING, KASAN or UBSAN header names. */
const HEADER_FN = /([A-Za-z_][A-Za-z0-9_.$]{0,127})\+0x[0-9a-f]/;

function headerFunction(block: ReportBlock): { fn: string; line: number } | null {
  const line = block.lines[block.header];
  const m = line ? HEADER_FN.exec(line.text) : null;
  return m?.[1] && line ? { fn: m[1], line: line.no } : null;
}

/** `caller is f+0x..` (lib/smp_processor_id.c check_preemption_disabled()). */
const CALLER_IS = /^caller is ([A-Za-z_][A-Za-z0-9_.$]{0,127})\+0x/;

function callerIs(block: ReportBlock): { fn: string; line: number } | null {
  for (const line of block.lines) {
    const m = CALLER_IS.exec(line.text.trimStart());
    if (m?.[1]) return { fn: m[1], line: line.no };
  }
  return null;
}

/** The header line as the kernel printed it; lockdep's `[ BUG: Invalid wait context ]` loses its brackets. */
function headline(block: ReportBlock): string {
  const line = (block.lines[block.header]?.text ?? '').trim();
  return line.startsWith('[ ') && line.endsWith(' ]') ? line.slice(2, -2) : line;
}
