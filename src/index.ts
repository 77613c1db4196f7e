/**
 * ktriage as a library: the pure core (parse → match → note → render) and the schemas of its outputs.
 * Other programs that read `ktriage triage --format json` can validate it with `ParseResult`.
 */
export { parsePaste, parseReports, type ParsedPaste } from './parse/index.js';
export * from './parse/report.js';
export { loadKnowledge, type LoadedKnowledge } from './knowledge/load.js';
export { matchReport } from './knowledge/matcher.js';
export { searchKnowledge, SearchHit } from './knowledge/search.js';
export { PatternMatch, Evidence, DocLink } from './knowledge/match.js';
export { matchPaste, type MatchedPaste } from './triage/match-paste.js';
export { TriageNote, SimilarReport } from './triage/note-model.js';
export { NoteSet, buildNoteSet } from './triage/note-set.js';
export { createCore, type Core, type Triage } from './usecase/core.js';
export type { PasteRequest, PasteOrigin, TriagedPaste } from './usecase/triage-paste.js';
export { renderText } from './render/text.js';
export { renderMarkdown } from './render/markdown.js';
export { renderSlack } from './render/slack.js';
export { renderJson, type ReportWithMatches } from './render/json.js';
export { renderAs, OutputFormat } from './render/formats.js';
