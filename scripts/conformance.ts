/**
 * `npm run conformance -- <dir>`: scores `parseReports` on a folder of syzkaller report test files and
 * prints per-field agreement and every miss.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseReports } from '../src/parse/index.js';
import { formatScore, readCase, scoreCases } from './conformance-score.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run conformance -- <dir of syzkaller report test files>');
  process.exit(2);
}
const names = readdirSync(dir)
  .filter(
    (n) => statSync(join(dir, n)).isFile() && !n.startsWith('.') && n !== 'README.md' && n !== 'LICENSE',
  )
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const cases = names.map((n) => readCase(n, readFileSync(join(dir, n))));
console.log(formatScore(scoreCases(cases, (log) => parseReports(log).reports)));
