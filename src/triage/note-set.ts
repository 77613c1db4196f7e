import { z } from 'zod';
import { Explanation } from '../explain/explanation.js';
import type { PatternMatch } from '../knowledge/match.js';
import { MAX_PASTE_CHARS } from '../parse/limits.js';
import type { ParseResult, Report } from '../parse/report.js';
import { buildNote } from './note.js';
import { TriageNote, type SimilarReport } from './note-model.js';
import { shareScanFacts } from './hung-task-scan.js';
import { leadOrder, relateReports, ReportRelation } from './relations.js';

/**
 * Everything one paste gets back: a note for every report, the earliest leading and the others listed
 * after it with how they relate to it, plus what the paste as a whole held that could not be read.
 */
export const NoteSet = z.object({
  /** The earliest report by printk timestamp first; paste order where timestamps do not tell. */
  notes: z.array(TriageNote),
  relations: z.array(ReportRelation),
  unread: z.array(z.string()),
  input: z.object({ bytes: z.number().int(), lines: z.number().int(), truncated: z.boolean() }),
  /**
   * A language model's explanation of the first report, when one was asked for and came back. It
   * sits beside the notes: no field of a note is ever taken from it.
   */
  explanation: Explanation.optional(),
});
export type NoteSet = z.infer<typeof NoteSet>;

/** `matches[i]` and `similar[i]` belong to `parsed.reports[i]`. */
export function buildNoteSet(
  parsed: ParseResult,
  matches: ReadonlyArray<readonly PatternMatch[]>,
  similar: ReadonlyArray<readonly SimilarReport[]> = [],
): NoteSet {
  const scanned = shareScanFacts(parsed.reports);
  const order = leadOrder(scanned);
  const reports = order.map((i) => scanned[i] as Report);
  const notes = order.map((i, at) =>
    buildNote(reports[at] as Report, matches[i] ?? [], { similar: similar[i] ?? [] }),
  );
  const unread = [...parsed.input.unread];
  if (parsed.input.truncated && !unread.some((u) => /trunc|cut/i.test(u))) {
    unread.push(
      `the paste was cut at ${MAX_PASTE_CHARS / (1024 * 1024)} MiB; reports after that point were not read`,
    );
  }
  const { bytes, lines, truncated } = parsed.input;
  return { notes, relations: relateReports(reports), unread, input: { bytes, lines, truncated } };
}
