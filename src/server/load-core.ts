import { BUILTIN_KNOWLEDGE_DIR, loadKnowledge } from '../knowledge/load.js';
import { searchKnowledge } from '../knowledge/search.js';
import { renderMarkdown } from '../render/markdown.js';
import type { Core, CoreLoader } from './core.js';
import { contractJson, noteText, triageText } from '../triage/triage-text.js';

/** The real triage core for the service: the knowledge base loaded once, the pure pipeline around it. */
export const loadCore: CoreLoader = ({ knowledgeDirs }) => createCore(knowledgeDirs);

export function createCore(knowledgeDirs: readonly string[]): Core {
  const kb = loadKnowledge(knowledgeDirs);
  const listed = kb.entries
    .map((e) => ({ ...e, team: !e.source.startsWith(BUILTIN_KNOWLEDGE_DIR) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    analyse: (text) => triageText(text, kb),
    triage(text) {
      const triaged = triageText(text, kb);
      const paste = noteText(triaged);
      return {
        json: contractJson(triaged, paste),
        markdown: renderMarkdown(paste),
        reports: paste.notes.map((note) => ({ kind: note.kind, pattern: note.matches[0]?.id ?? null })),
      };
    },
    searchKb: (query) => searchKnowledge(kb, query),
    listKb: () => listed,
  };
}
