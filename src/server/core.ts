import type { SearchHit } from '../knowledge/search.js';
import type { Entry } from '../knowledge/entry.js';
import type { TriagedText } from '../triage/triage-text.js';

/**
 * What the server needs of the triage core (parse → match → note → render), injected so the server
 * and its adapters never reach past this interface. The real core is wired in by the CLI.
 */
export interface Core {
  /** Triages a paste; finding no report is a result (`reports` empty), not an error. Pure and synchronous. */
  triage(text: string): TriageOutput;
  /**
   * parse → match without rendering: the adapters look up similar past reports by signature and title
   * in their store, then build the note (`noteText`) and render it for their platform.
   */
  analyse(text: string): TriagedText;
  /** Knowledge entries ranked by relevance to free words, function names or an error string, best first. */
  searchKb(query: string): readonly SearchHit[];
  /** Every knowledge entry in id order, each marked as built in or as a team's own. */
  listKb(): readonly KbEntry[];
}

/** A loaded entry; `team` when it comes from a `KTRIAGE_KNOWLEDGE_DIRS` folder rather than the package. */
export type KbEntry = Entry & { team: boolean };

export interface TriageOutput {
  /** The notes as the JSON renderer gives them (`TriagePaste`); sent as is by `POST /api/triage`. */
  json: unknown;
  markdown: string;
  /** One entry per report found, in paste order: what the metrics count. */
  reports: readonly TriagedKind[];
}

export interface TriagedKind {
  kind: string;
  /** The best knowledge pattern's id, or null when none matched. */
  pattern: string | null;
}

/** Builds the core once the configuration is known (it names extra knowledge folders). */
export type CoreLoader = (settings: { knowledgeDirs: readonly string[] }) => Core | Promise<Core>;
