import type { Entry } from '../knowledge/entry.js';
import { BUILTIN_KNOWLEDGE_DIR, loadKnowledge } from '../knowledge/load.js';
import { searchKnowledge, type SearchHit } from '../knowledge/search.js';
import { parsePaste, type ParsedPaste } from '../parse/index.js';
import { matchPaste } from '../triage/match-paste.js';
import { triagePaste, type PastTriages, type PasteRequest, type TriagedPaste } from './triage-paste.js';

/**
 * The port every edge (Slack, GitHub, the HTTP API, the web page, the CLI) calls the triage core
 * through; none of them reaches past it into parse/, knowledge/ or triage/.
 */
export interface Core {
  /**
   * paste → reports → matches → note with similar earlier reports from `history` → what to record.
   * Finding no report is a result (no notes), not an error.
   */
  triagePaste(request: PasteRequest, history?: PastTriages): Promise<Triage>;
  /** Whether the text holds a kernel report at all (parse only): an issue without one gets no note. */
  hasReport(text: string): Promise<boolean>;
  /** Knowledge entries ranked by relevance to free words, function names or an error string, best first. */
  searchKb(query: string): readonly SearchHit[];
  /** Every knowledge entry in id order, each marked as built in or as a team's own. */
  listKb(): readonly KbEntry[];
  /** Releases what the core holds (worker threads); a paste still being read fails. */
  close(): Promise<void>;
}

export { NoteSet } from '../triage/note-set.js';
export { ParseResult } from '../parse/report.js';
export { SearchHit } from '../knowledge/search.js';

/** A triaged paste and how long the triage took, history lookup included (the latency metric). */
export type Triage = TriagedPaste & { seconds: number };

/** A loaded entry; `team` when it comes from a `KTRIAGE_KNOWLEDGE_DIRS` folder rather than the package. */
export type KbEntry = Entry & { team: boolean };

/** Builds the core once the configuration is known (it names extra knowledge folders). */
export type CoreLoader = (settings: { knowledgeDirs: readonly string[] }) => Core | Promise<Core>;

export const loadCore: CoreLoader = ({ knowledgeDirs }) => createCore(knowledgeDirs);

/** The real triage core: the knowledge base loaded once, the pure pipeline around it. */
export function createCore(knowledgeDirs: readonly string[]): Core {
  const kb = loadKnowledge(knowledgeDirs);
  // Built on first use: a one-shot `ktriage triage` never lists the knowledge base.
  let listed: KbEntry[] | null = null;
  // Deciding whether a new issue holds a report and then triaging it read the same text: parse it once.
  let last: { text: string; parsed: ParsedPaste } | null = null;
  const parseOnce = (text: string): ParsedPaste => {
    if (last?.text !== text) last = { text, parsed: parsePaste(text) };
    return last.parsed;
  };
  return {
    async triagePaste(request, history) {
      const started = performance.now();
      const triaged = await triagePaste(matchPaste(parseOnce(request.text), kb), request, history ?? null);
      return { ...triaged, seconds: (performance.now() - started) / 1000 };
    },
    hasReport: async (text) => parseOnce(text).result.reports.length > 0,
    searchKb: (query) => searchKnowledge(kb, query),
    listKb: () =>
      (listed ??= kb.entries
        .map((e) => ({ ...e, team: !e.source.startsWith(BUILTIN_KNOWLEDGE_DIR) }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))),
    close: async () => undefined,
  };
}
