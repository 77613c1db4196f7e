/**
 * ktriage as a library: the pure core (parse → match → note → render) and the schemas of its outputs.
 * Other programs that read `ktriage triage --format json` can validate it with `ParseResult`.
 */
export { parsePaste, parseReports, type ParsedPaste } from './parse/index.js';
export * from './parse/report.js';
export { loadKnowledge, knowledgeDirsFromEnv, type LoadedKnowledge } from './knowledge/load.js';
export { matchReport } from './knowledge/matcher.js';
export { searchKnowledge, type SearchHit } from './knowledge/search.js';
export { PatternMatch, Evidence, DocLink } from './knowledge/match.js';
export {
  triageText,
  noteText,
  contractJson,
  type TriagedText,
  type ReportWithMatches,
} from './triage/triage-text.js';
export { TriageNote, SimilarReport } from './triage/note.js';
export { TriagePaste } from './triage/note-set.js';
export { renderText } from './render/text.js';
export { renderMarkdown } from './render/markdown.js';
export { renderSlack } from './render/slack.js';
export { renderJson } from './render/json.js';
