import type { KnowledgeBase } from '../knowledge/entry.js';
import type { PatternMatch } from '../knowledge/match.js';
import { matchReport } from '../knowledge/matcher.js';
import type { ParsedPaste } from '../parse/index.js';
import type { ParseResult } from '../parse/report.js';

/** A paste parsed and matched: everything but the notes and the similar past reports, which only a store knows. */
export interface MatchedPaste {
  parsed: ParseResult;
  /** `matches[i]` are the knowledge entries that fit `parsed.reports[i]`, best first. */
  matches: PatternMatch[][];
  /** Cleaned text of a 1-based input line: what evidence and a model's quotes are checked against. */
  lineText: (no: number) => string | undefined;
}

/** parsed paste → matches, pure. */
export function matchPaste({ result, lineText }: ParsedPaste, kb: KnowledgeBase): MatchedPaste {
  return {
    parsed: result,
    matches: result.reports.map((report) => matchReport(kb, report, lineText)),
    lineText,
  };
}
