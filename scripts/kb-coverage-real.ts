/**
 * Scores the knowledge base against the root-cause labels of the real-report corpus
 * (test/fixtures/real: `reports/*.txt` with `.json` labels; the README there says how labels are made).
 *
 * A paste's answer is the best match of its first report that gets one, leaving out entries that are only
 * a kind's general reading (`general: true`). It is right when it is the labelled cause, an entry whose
 * `causes` list it, or an entry that `refines` the labelled one (a narrower case of it): an exact answer.
 * It is right at family level when the label's `acceptablePatterns` lists it: a person read that entry
 * against the paste and found everything it says true there, at a coarser grain than the label.
 * Precision: of the labelled pastes that got an answer, how many got the labelled cause (exact + family
 * level); recall: of all labelled pastes, how many got it, and of those whose cause has an entry. The same
 * figures are kept for the held-out pastes: those that no knowledge example was copied from (an example's
 * first line names its corpus file), since an entry is tuned to pass its own examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { KnowledgeBase } from '../src/knowledge/entry.js';
import { parsePaste } from '../src/parse/index.js';
import { matchPaste } from '../src/triage/match-paste.js';

/** The part of a label (test/fixtures/real/README.md) this scorer reads. */
const RootCauseLabel = z.object({
  rootCause: z
    .object({
      pattern: z.string().min(1),
      acceptablePatterns: z.array(z.string().min(1)).default([]),
      acceptableWhy: z.string().min(1).optional(),
    })
    .refine((r) => r.acceptablePatterns.length === 0 || r.acceptableWhy !== undefined, {
      error: 'acceptablePatterns needs acceptableWhy: what the person who read entry and paste found',
    })
    .nullable(),
});

/** Counts over one set of pastes (all labelled ones, or the held-out ones). */
export interface KbTally {
  labelled: number;
  /** Labelled pastes whose cause an entry names (its id or one of its `causes`). */
  covered: number;
  answered: number;
  /** Right answers, exact and family level together. */
  right: number;
  family: number;
}

export interface KbRealScore {
  all: KbTally;
  heldOut: KbTally;
  /** Answers on pastes without a root-cause label (not scored). */
  unlabelledAnswers: number;
  /** `file: labelled X, got Y (confidence)` for every wrong answer. */
  wrong: string[];
  /** `file: cause (no match)` for labelled pastes whose cause has an entry that did not answer. */
  missed: string[];
  /** How many pastes carry each labelled cause, and whether an entry names it. */
  byCause: Map<string, { count: number; covered: boolean }>;
}

function tally(): KbTally {
  return { labelled: 0, covered: 0, answered: 0, right: 0, family: 0 };
}

function answerOf(text: string, kb: KnowledgeBase): { id: string; confidence: number } | null {
  const triaged = matchPaste(parsePaste(text), kb);
  for (const matches of triaged.matches) {
    const top = matches.find((m) => !m.general);
    if (top !== undefined) return { id: top.id, confidence: top.confidence };
  }
  return null;
}

/** Corpus files the knowledge examples were copied from: `Source: <url> (test/fixtures/real/reports/x.txt)`. */
function exampleSources(kb: KnowledgeBase): Set<string> {
  const names = new Set<string>();
  for (const e of kb.entries) {
    for (const ex of [...e.positives, ...e.negatives]) {
      const m = /^Source: \S+ \((?:\S*\/)?([^/()\s]+)\.txt\)/.exec(ex.text ?? '');
      if (m?.[1] !== undefined) names.add(m[1]);
    }
  }
  return names;
}

/** Scores `kb` on the labelled pastes of `<dir>/reports`. */
export function scoreKnowledgeOnRealCorpus(dir: string, kb: KnowledgeBase): KbRealScore {
  const reports = join(dir, 'reports');
  const ids = new Set(kb.entries.flatMap((e) => [e.id, ...e.causes]));
  const inExamples = exampleSources(kb);
  const namedBy = new Map(kb.entries.flatMap((e) => [e.id, ...e.causes].map((c) => [c, e.id] as const)));
  const refines = new Map(
    kb.entries.flatMap((e) => (e.refines === null ? [] : [[e.id, e.refines] as const])),
  );
  const names = (answer: string, cause: string) =>
    namedBy.get(cause) === answer || (refines.has(answer) && namedBy.get(cause) === refines.get(answer));
  const score: KbRealScore = {
    all: tally(),
    heldOut: tally(),
    unlabelledAnswers: 0,
    wrong: [],
    missed: [],
    byCause: new Map(),
  };
  for (const name of readdirSync(reports)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const label = RootCauseLabel.parse(JSON.parse(readFileSync(join(reports, name), 'utf8')));
    for (const id of label.rootCause?.acceptablePatterns ?? []) {
      if (!kb.entries.some((e) => e.id === id))
        throw new Error(`${name}: acceptablePatterns names no entry: ${id}`);
    }
    const text = readFileSync(join(reports, name.replace(/\.json$/, '.txt')), 'utf8');
    const answer = answerOf(text, kb);
    const cause = label.rootCause?.pattern ?? null;
    if (cause === null) {
      if (answer !== null) score.unlabelledAnswers++;
      continue;
    }
    const sets = inExamples.has(name.replace(/\.json$/, '')) ? [score.all] : [score.all, score.heldOut];
    const covered = ids.has(cause);
    const known = score.byCause.get(cause);
    score.byCause.set(cause, { count: (known?.count ?? 0) + 1, covered });
    for (const t of sets) {
      t.labelled++;
      if (covered) t.covered++;
    }
    if (answer === null) {
      if (covered) score.missed.push(`${name}: ${cause} (no match)`);
      continue;
    }
    const exact = names(answer.id, cause);
    const family = !exact && label.rootCause?.acceptablePatterns.includes(answer.id) === true;
    for (const t of sets) {
      t.answered++;
      if (exact || family) t.right++;
      if (family) t.family++;
    }
    if (!exact && !family)
      score.wrong.push(`${name}: labelled ${cause}, got ${answer.id} (${answer.confidence.toFixed(2)})`);
  }
  return score;
}
