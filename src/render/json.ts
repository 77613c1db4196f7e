import type { ParseResult, Report } from '../parse/report.js';
import type { MatchedPaste } from '../triage/match-paste.js';
import type { NoteSet } from '../triage/note-set.js';

/** One report of the JSON contract: the parsed report and the knowledge entries that fit it. */
export type ReportWithMatches = Report & {
  matches: Array<{
    id: string;
    title: string;
    confidence: number;
    evidence: Array<{ line: number | null; text: string }>;
  }>;
};

/**
 * The JSON contract of `ktriage triage --format json` and `POST /api/triage`: the reports with their
 * matches and the input (the `ParseResult` schema), then the notes, what could not be read and the
 * model's explanation when there is one (the `NoteSet` schema). Two-space indented, newline-terminated.
 */
export function renderJson(paste: Pick<MatchedPaste, 'parsed' | 'matches'> & { notes: NoteSet }): string {
  const reports: ReportWithMatches[] = paste.parsed.reports.map((report, i) => ({
    ...report,
    matches: (paste.matches[i] ?? []).map((m) => ({
      id: m.id,
      title: m.title,
      confidence: m.confidence,
      evidence: m.evidence.map((e) => ({ line: e.line, text: e.text })),
    })),
  }));
  const input: ParseResult['input'] = paste.parsed.input;
  const { notes, unread, explanation } = paste.notes;
  const json = { reports, input, notes, unread, ...(explanation === undefined ? {} : { explanation }) };
  return `${JSON.stringify(json, null, 2)}\n`;
}
