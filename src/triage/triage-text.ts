import type { KnowledgeBase } from '../knowledge/entry.js';
import type { PatternMatch } from '../knowledge/match.js';
import { matchReport } from '../knowledge/matcher.js';
import { parsePaste } from '../parse/index.js';
import type { ParseResult, Report } from '../parse/report.js';
import type { SimilarReport } from './note.js';
import { buildPaste, type TriagePaste } from './note-set.js';

/** A paste parsed and matched: everything but the similar past reports, which only a store knows. */
export interface TriagedText {
  parsed: ParseResult;
  /** `matches[i]` are the knowledge entries that fit `parsed.reports[i]`, best first. */
  matches: PatternMatch[][];
  /** Cleaned text of a 1-based input line: what evidence and a model's quotes are checked against. */
  lineText: (no: number) => string | undefined;
}

/** parse → match, pure. Adapters look up similar reports by signature and title, then call `noteText`. */
export function triageText(input: string, kb: KnowledgeBase): TriagedText {
  const { result, lineText } = parsePaste(input);
  return {
    parsed: result,
    matches: result.reports.map((report) => matchReport(kb, report, lineText)),
    lineText,
  };
}

/** → note: the one model every renderer takes. `similar[i]` belongs to report i. */
export function noteText(
  triaged: TriagedText,
  similar: ReadonlyArray<readonly SimilarReport[]> = [],
): TriagePaste {
  return buildPaste(triaged.parsed, triaged.matches, similar);
}

/** One report of the JSON contract (`ktriage triage --format json`): the parsed report and its matches. */
export type ReportWithMatches = Report & {
  matches: Array<{
    id: string;
    title: string;
    confidence: number;
    evidence: Array<{ line: number | null; text: string }>;
  }>;
};

/**
 * The JSON contract of `triage --format json` and `POST /api/triage`: reports with matches in paste
 * order, then the notes (earliest report first) and how they relate.
 */
export function contractJson(
  triaged: TriagedText,
  paste: TriagePaste,
): {
  reports: ReportWithMatches[];
  input: ParseResult['input'];
  notes: TriagePaste['notes'];
  relations: TriagePaste['relations'];
} {
  const reports = triaged.parsed.reports.map((report, i) => ({
    ...report,
    matches: (triaged.matches[i] ?? []).map((m) => ({
      id: m.id,
      title: m.title,
      confidence: m.confidence,
      evidence: m.evidence.map((e) => ({ line: e.line, text: e.text })),
    })),
  }));
  return { reports, input: triaged.parsed.input, notes: paste.notes, relations: paste.relations };
}
