import { z } from 'zod';
import { Explanation } from '../explain/explanation.js';
import type { PatternMatch } from '../knowledge/match.js';
import { MAX_PASTE_CHARS } from '../parse/limits.js';
import type { ParseResult } from '../parse/report.js';
import { buildNote } from './note.js';
import { TriageNote, type SimilarReport } from './note-model.js';

/**
 * Everything one paste gets back: a note for every report in paste order, the first leading and the
 * others listed after it, plus what the paste as a whole held that could not be read.
 */
export const NoteSet = z.object({
  notes: z.array(TriageNote),
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
  const notes = parsed.reports.map((report, i) =>
    buildNote(report, matches[i] ?? [], { similar: similar[i] ?? [] }),
  );
  const unread = [...parsed.input.unread];
  if (parsed.input.truncated && !unread.some((u) => /trunc|cut/i.test(u))) {
    unread.push(
      `the paste was cut at ${MAX_PASTE_CHARS / (1024 * 1024)} MiB; reports after that point were not read`,
    );
  }
  const { bytes, lines, truncated } = parsed.input;
  return { notes, unread, input: { bytes, lines, truncated } };
}
