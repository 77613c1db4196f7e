/**
 * `npm run kb-coverage -- <dir>`: runs the knowledge base over a corpus and prints what it names.
 *
 * - A folder of syzkaller report test files: how many first reports get any match, the top matches by
 *   entry, and each matched report (file, title, top match, confidence, evidence) for reading.
 * - The real-report corpus (test/fixtures/real: `reports/*.txt` with `.json` labels): top-1 precision and
 *   recall against each label's `rootCause.pattern`. A paste's answer is the best match of its first report
 *   that gets one, leaving out entries that are only a kind's general reading (`general: true`); it is right when it is the labelled cause, an entry whose `causes` list it, or an entry
 *   that `refines` the labelled one (a narrower case of it): an exact answer. It is right at family level
 *   when the label's `acceptablePatterns` lists it: a person read that entry against the paste and found
 *   everything it says true there, at a coarser grain than the label (the README of the corpus says how).
 *   Precision: of the labelled pastes that got an answer, how many got the labelled cause (exact + family
 *   level, each also given apart);
 *   recall: of all labelled pastes, how many got it, and of those whose cause has an entry. The same
 *   figures follow for the held-out pastes: those that no knowledge example was copied from (an example's
 *   first line names its corpus file), since an entry is tuned to pass its own examples.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseKnowledgeDirs } from '../src/config/env.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { parsePaste } from '../src/parse/index.js';
import { matchPaste } from '../src/triage/match-paste.js';
import { readCase } from './conformance-score.js';
import { z } from 'zod';

/** The part of a label (test/fixtures/real/README.md) this script reads. */
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

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run kb-coverage -- <dir of syzkaller report test files | test/fixtures/real>');
  process.exit(2);
}
const kb = loadKnowledge(parseKnowledgeDirs(process.env.KTRIAGE_KNOWLEDGE_DIRS, process.cwd()));
const verbose = process.argv.includes('--verbose');

if (existsSync(join(dir, 'reports'))) realCorpus(join(dir, 'reports'));
else syzkallerCorpus(dir);

function answerOf(text: string): { id: string; confidence: number } | null {
  const triaged = matchPaste(parsePaste(text), kb);
  for (const matches of triaged.matches) {
    const top = matches.find((m) => !m.general);
    if (top !== undefined) return { id: top.id, confidence: top.confidence };
  }
  return null;
}

/** Corpus files the knowledge examples were copied from: `Source: <url> (test/fixtures/real/reports/x.txt)`. */
function exampleSources(): Set<string> {
  const names = new Set<string>();
  for (const e of kb.entries) {
    for (const ex of [...e.positives, ...e.negatives]) {
      const m = /^Source: \S+ \((?:\S*\/)?([^/()\s]+)\.txt\)/.exec(ex.text ?? '');
      if (m?.[1] !== undefined) names.add(m[1]);
    }
  }
  return names;
}

function realCorpus(reports: string) {
  const ids = new Set(kb.entries.flatMap((e) => [e.id, ...e.causes]));
  const inExamples = exampleSources();
  const heldOut = { labelled: 0, covered: 0, answered: 0, right: 0, family: 0 };
  const namedBy = new Map(kb.entries.flatMap((e) => [e.id, ...e.causes].map((c) => [c, e.id] as const)));
  const refines = new Map(
    kb.entries.flatMap((e) => (e.refines === null ? [] : [[e.id, e.refines] as const])),
  );
  const names = (answer: string, cause: string) =>
    namedBy.get(cause) === answer || (refines.has(answer) && namedBy.get(cause) === refines.get(answer));
  let labelled = 0;
  let covered = 0;
  let answered = 0;
  let right = 0;
  let family = 0;
  let unlabelledAnswers = 0;
  const wrong: string[] = [];
  const missed: string[] = [];
  const byCause = new Map<string, number>();
  for (const name of readdirSync(reports)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const label = RootCauseLabel.parse(JSON.parse(readFileSync(join(reports, name), 'utf8')));
    for (const id of label.rootCause?.acceptablePatterns ?? []) {
      if (!kb.entries.some((e) => e.id === id))
        throw new Error(`${name}: acceptablePatterns names no entry: ${id}`);
    }
    const text = readFileSync(join(reports, name.replace(/\.json$/, '.txt')), 'utf8');
    const answer = answerOf(text);
    const cause = label.rootCause?.pattern ?? null;
    if (cause === null) {
      if (answer !== null) unlabelledAnswers++;
      continue;
    }
    labelled++;
    const held = !inExamples.has(name.replace(/\.json$/, ''));
    if (held) heldOut.labelled++;
    byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
    if (ids.has(cause)) {
      covered++;
      if (held) heldOut.covered++;
    }
    if (answer === null) {
      if (ids.has(cause)) missed.push(`${name}: ${cause} (no match)`);
      continue;
    }
    answered++;
    if (held) heldOut.answered++;
    if (names(answer.id, cause)) {
      right++;
      if (held) heldOut.right++;
    } else if (label.rootCause?.acceptablePatterns.includes(answer.id) === true) {
      right++;
      family++;
      if (held) heldOut.right++;
      if (held) heldOut.family++;
    } else wrong.push(`${name}: labelled ${cause}, got ${answer.id} (${answer.confidence.toFixed(2)})`);
  }
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
  console.log(
    `${labelled} labelled pastes, ${covered} of them with a cause the knowledge base has an entry for`,
  );
  console.log(
    `precision ${pct(right, answered)} (${right}/${answered} answers right: ${right - family} exact, ${family} family-level); exact only ${pct(right - family, answered)}`,
  );
  console.log(
    `recall ${pct(right, labelled)} of all labelled (${right}/${labelled}), ${pct(right, covered)} of covered causes`,
  );
  console.log(
    `held out (${heldOut.labelled} labelled pastes no example was copied from): precision ${pct(heldOut.right, heldOut.answered)} (${heldOut.right}/${heldOut.answered}: ${heldOut.right - heldOut.family} exact, ${heldOut.family} family-level; exact only ${pct(heldOut.right - heldOut.family, heldOut.answered)}), recall ${pct(heldOut.right, heldOut.labelled)} (${heldOut.right}/${heldOut.labelled}), ${pct(heldOut.right, heldOut.covered)} of covered causes`,
  );
  console.log(`${unlabelledAnswers} answers on pastes without a root-cause label (not scored)`);
  if (wrong.length > 0) console.log(`\nwrong answers:\n  ${wrong.join('\n  ')}`);
  if (missed.length > 0) console.log(`\ncovered causes not found:\n  ${missed.join('\n  ')}`);
  if (verbose) {
    console.log('\nlabelled causes by frequency:');
    for (const [cause, n] of [...byCause].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
      console.log(`  ${String(n).padStart(3)}  ${cause}${ids.has(cause) ? '' : '  (no entry)'}`);
  }
}

function syzkallerCorpus(folder: string) {
  const names = readdirSync(folder)
    .filter(
      (n) => statSync(join(folder, n)).isFile() && !n.startsWith('.') && n !== 'README.md' && n !== 'LICENSE',
    )
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  let reports = 0;
  const byEntry = new Map<string, number>();
  const lines: string[] = [];
  for (const name of names) {
    const { log } = readCase(name, readFileSync(join(folder, name)));
    const triaged = matchPaste(parsePaste(log), kb);
    const report = triaged.parsed.reports[0];
    if (report === undefined) continue;
    reports++;
    const top = triaged.matches[0]?.[0];
    if (top === undefined) continue;
    byEntry.set(top.id, (byEntry.get(top.id) ?? 0) + 1);
    lines.push(`${name}: ${report.title}\n  → ${top.id} (${top.confidence.toFixed(2)})`);
    for (const e of top.evidence) lines.push(`     L${e.line ?? '-'}: ${e.text}`);
  }
  const matched = [...byEntry.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${matched} of ${reports} first reports (${((100 * matched) / Math.max(reports, 1)).toFixed(1)} %) get a match`,
  );
  for (const [id, n] of [...byEntry].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(n).padStart(4)}  ${id}`);
  console.log(`\n${lines.join('\n')}`);
}
