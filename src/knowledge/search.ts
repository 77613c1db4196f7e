import MiniSearch from 'minisearch';
import { z } from 'zod';
import type { Condition } from './condition.js';
import type { Entry, KnowledgeBase } from './entry.js';
import type { Vocabulary } from './vocabulary.js';

/** One entry found by a search: what `kb search`, `/api/kb`, Slack and GitHub answers show of it. */
export const SearchHit = z.object({ id: z.string(), title: z.string(), summary: z.string(), score: z.number() });
export type SearchHit = z.infer<typeof SearchHit>;

interface SearchDoc {
  id: string;
  name: string;
  title: string;
  summary: string;
  body: string;
  functions: string;
  keywords: string;
  kinds: string;
}

/**
 * Kernel identifiers are searched whole and by their parts: `copy_from_user` also yields `copy`, `from`,
 * `user`, and `__kmalloc` yields `kmalloc`, so a pasted symbol or a plain word both find the entry.
 * Adjacent words also form a pair term, so a pasted error string ranks the entry that holds the phrase
 * above entries that merely share its common words.
 */
function tokenize(text: string): string[] {
  const out: string[] = [];
  let previous: string | null = null;
  for (const word of text.split(/[^\p{L}\p{N}_]+/u)) {
    if (word === '') continue;
    out.push(word);
    if (previous !== null) out.push(`${previous} ${word}`);
    previous = word;
    const bare = word.replace(/^_+|_+$/g, '');
    if (bare !== word && bare !== '') out.push(bare);
    if (bare.includes('_')) out.push(...bare.split(/_+/).filter((p) => p.length > 1));
  }
  return out;
}

/** A hit far below the best one only shares a word with the query; it is not an answer. */
const MIN_SHARE_OF_BEST = 0.1;

/** Words too common in kernel prose to say what a question is about. */
const STOPWORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'from', 'in', 'is', 'it', 'of', 'on', 'or', 'the', 'to', 'with']);

/**
 * Ranks entries by relevance to free words, function names or a pasted error string, and keeps only
 * those that fit: an entry must hold more than half of the query's words (a word counts when any of its
 * parts is found in the entry). "hung task" then finds nothing in a base without a hung-task entry,
 * instead of every entry that mentions a task. Pure.
 */
export function searchKnowledge(kb: KnowledgeBase, words: string): SearchHit[] {
  const index = new MiniSearch<SearchDoc>({
    idField: 'id',
    fields: ['name', 'title', 'summary', 'body', 'functions', 'keywords', 'kinds'],
    tokenize,
    processTerm: (term) => term.toLowerCase(),
  });
  index.addAll(kb.entries.map((e) => searchDoc(e, kb.vocabulary)));
  const byId = new Map(kb.entries.map((e) => [e.id, e]));
  const queryWords = [...new Set(words.toLowerCase().split(/[^\p{L}\p{N}_]+/u))].filter((w) => w !== '' && !STOPWORDS.has(w));
  if (queryWords.length === 0) return [];
  return index
    .search(words, {
      boost: { name: 3, title: 2, keywords: 2, kinds: 2, functions: 1.5, summary: 1.5 },
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
      combineWith: 'OR',
    })
    .filter((r) => 2 * queryWords.filter((w) => wordFound(w, r.queryTerms)).length > queryWords.length)
    .filter((r, _i, kept) => r.score >= MIN_SHARE_OF_BEST * (kept[0]?.score ?? 0))
    .flatMap((r) => {
      const e = byId.get(String(r.id));
      return e ? [{ id: e.id, title: e.title, summary: e.summary, score: Math.round(r.score * 1000) / 1000 }] : [];
    });
}

/** A query word is found when the index matched it or one of the parts `tokenize` made of it. */
function wordFound(word: string, matched: readonly string[]): boolean {
  const parts = tokenize(word).map((t) => t.toLowerCase());
  return parts.some((p) => matched.includes(p));
}

function searchDoc(entry: Entry, vocab: Vocabulary): SearchDoc {
  const functions = new Set<string>();
  const visit = (c: Condition | undefined): void => {
    if (!c) return;
    for (const family of [c.frame?.family, c.family]) {
      for (const name of family ? (vocab.functions.get(family)?.names ?? []) : []) functions.add(name.replaceAll('*', ''));
    }
    const named = c.frame?.name;
    for (const name of named === undefined ? [] : typeof named === 'string' ? [named] : named) functions.add(name);
    c.all?.forEach(visit);
    c.any?.forEach(visit);
    visit(c.not);
  };
  entry.match.when.forEach(visit);
  entry.match.signals.forEach((s) => visit(s.when));
  return {
    id: entry.id,
    name: entry.id.replaceAll('-', ' '),
    title: entry.title,
    summary: entry.summary,
    body: entry.body,
    functions: [...functions].join(' '),
    keywords: entry.keywords.join(' '),
    kinds: entry.kinds.join(' '),
  };
}
