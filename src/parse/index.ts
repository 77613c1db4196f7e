import type { ReportBlock } from './block.js';
import { BlockLines } from './block-lines.js';
import {
  culpritsFromTraceAbove,
  culpritsOfRepeats,
  isGenericCulprit,
  pickCulprit,
  shareCulprits,
} from './culprit.js';
import { readCulpritHints } from './culprit-hints.js';
import {
  culpritsFromMessagesAbove,
  culpritsFromProse,
  culpritsFromReversedLog,
  culpritsFromSameMoment,
  culpritsFromTraceBelow,
  PasteIndex,
} from './culprit-nearby.js';
import { findReportBlocks } from './find-reports.js';
import { readDetails } from './details.js';
import { readPaste, type PasteLine } from './paste.js';
import { shareMachine } from './paste-machine.js';
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
    reports: shareMachine(culpritsAround(found.blocks, paste.lines), paste.lines),
    // Lines of the input as given: a joined line split into several log lines still counts once.
    input: { bytes: paste.bytes, lines: paste.inputLines, truncated: paste.truncated, unread },
  };
  return { result, lineText: lineTexts(paste.lines) };
}

/**
 * Each report's culprit: from its own lines, else from a report of the same event next to it, else from
 * the text around it (a trace above or below, a message before its header, the poster's prose).
 */
function culpritsAround(blocks: readonly ReportBlock[], lines: readonly PasteLine[]): Report[] {
  const reports = culpritsFromTraceAbove(shareCulprits(blocks.map(buildReport), lines), blocks, lines);
  // The readers below only replace a missing culprit or one in generic code: most pastes need none.
  if (reports.every((r) => r.culprit !== null && !isGenericCulprit(r.culprit.fn))) return reports;
  const index = new PasteIndex(lines, reports);
  culpritsFromTraceBelow(reports, blocks, index);
  culpritsFromReversedLog(reports, blocks, index);
  culpritsFromSameMoment(reports, blocks, index);
  culpritsFromMessagesAbove(reports, index);
  return culpritsOfRepeats(culpritsFromProse(reports, index));
}

/**
 * The cleaned text of each input line; the pieces of a joined line that was split are joined again.
 * Built on the first look-up: `parseReports` never looks one up.
 */
function lineTexts(lines: readonly PasteLine[]): (no: number) => string | undefined {
  let texts: string[] | null = null;
  return (no) => {
    if (texts === null) {
      texts = [];
      for (const line of lines) {
        const before = texts[line.no - 1];
        texts[line.no - 1] = before === undefined ? line.text : `${before} ${line.text}`;
      }
    }
    return texts[no - 1];
  };
}

export function parseReports(input: string): ParseResult {
  return parsePaste(input).result;
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
      ...readCulpritHints(block),
      guilty: title.guiltyFrame === null ? null : { fn: title.guiltyFrame, line: first?.no ?? 0 },
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

/** The header line as the kernel printed it; lockdep's `[ BUG: Invalid wait context ]` loses its brackets. */
function headline(block: ReportBlock): string {
  const line = (block.lines[block.header]?.text ?? '').trim();
  return line.startsWith('[ ') && line.endsWith(' ]') ? line.slice(2, -2) : line;
}
