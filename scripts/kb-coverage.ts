/**
 * `npm run kb-coverage -- <dir>`: runs the knowledge base over every first report of a folder of
 * syzkaller report test files and prints how many get any match, the top matches by entry, and each
 * matched report (file, title, top match, confidence, evidence) for reading.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { knowledgeDirsFromEnv, loadKnowledge } from '../src/knowledge/load.js';
import { triageText } from '../src/triage/triage-text.js';
import { readCase } from './conformance-score.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run kb-coverage -- <dir of syzkaller report test files>');
  process.exit(2);
}
const kb = loadKnowledge(knowledgeDirsFromEnv(process.env));
const names = readdirSync(dir)
  .filter(
    (n) => statSync(join(dir, n)).isFile() && !n.startsWith('.') && n !== 'README.md' && n !== 'LICENSE',
  )
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

let reports = 0;
const byEntry = new Map<string, number>();
const lines: string[] = [];
for (const name of names) {
  const { log } = readCase(name, readFileSync(join(dir, name)));
  const triaged = triageText(log, kb);
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
