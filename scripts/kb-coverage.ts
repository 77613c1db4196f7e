/**
 * `npm run kb-coverage -- <dir>`: runs the knowledge base over a corpus and prints what it names.
 *
 * - A folder of syzkaller report test files: how many first reports get any match, the top matches by
 *   entry, and each matched report (file, title, top match, confidence, evidence) for reading.
 * - The real-report corpus (test/fixtures/real: `reports/*.txt` with `.json` labels): top-1 precision and
 *   recall against each label's `rootCause.pattern`, exact and family-level answers apart, on all labelled
 *   pastes and on the held-out ones (scripts/kb-coverage-real.ts says how each is counted).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseKnowledgeDirs } from '../src/config/env.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { parsePaste } from '../src/parse/index.js';
import { matchPaste } from '../src/triage/match-paste.js';
import { readCase } from './conformance-score.js';
import { scoreKnowledgeOnRealCorpus } from './kb-coverage-real.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run kb-coverage -- <dir of syzkaller report test files | test/fixtures/real>');
  process.exit(2);
}
const kb = loadKnowledge(parseKnowledgeDirs(process.env.KTRIAGE_KNOWLEDGE_DIRS, process.cwd()));
const verbose = process.argv.includes('--verbose');

if (existsSync(join(dir, 'reports'))) realCorpus(dir);
else syzkallerCorpus(dir);

function realCorpus(dir: string) {
  const score = scoreKnowledgeOnRealCorpus(dir, kb);
  const { all, heldOut } = score;
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
  console.log(
    `${all.labelled} labelled pastes, ${all.covered} of them with a cause the knowledge base has an entry for`,
  );
  console.log(
    `precision ${pct(all.right, all.answered)} (${all.right}/${all.answered} answers right: ${all.right - all.family} exact, ${all.family} family-level); exact only ${pct(all.right - all.family, all.answered)}`,
  );
  console.log(
    `recall ${pct(all.right, all.labelled)} of all labelled (${all.right}/${all.labelled}), ${pct(all.right, all.covered)} of covered causes`,
  );
  console.log(
    `held out (${heldOut.labelled} labelled pastes no example was copied from): precision ${pct(heldOut.right, heldOut.answered)} (${heldOut.right}/${heldOut.answered}: ${heldOut.right - heldOut.family} exact, ${heldOut.family} family-level; exact only ${pct(heldOut.right - heldOut.family, heldOut.answered)}), recall ${pct(heldOut.right, heldOut.labelled)} (${heldOut.right}/${heldOut.labelled}), ${pct(heldOut.right, heldOut.covered)} of covered causes`,
  );
  console.log(`${score.unlabelledAnswers} answers on pastes without a root-cause label (not scored)`);
  if (score.wrong.length > 0) console.log(`\nwrong answers:\n  ${score.wrong.join('\n  ')}`);
  if (score.missed.length > 0) console.log(`\ncovered causes not found:\n  ${score.missed.join('\n  ')}`);
  if (verbose) {
    console.log('\nlabelled causes by frequency:');
    for (const [cause, { count, covered }] of [...score.byCause].sort(
      (a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]),
    ))
      console.log(`  ${String(count).padStart(3)}  ${cause}${covered ? '' : '  (no entry)'}`);
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
