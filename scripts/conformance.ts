/**
 * `npm run conformance -- <dir>...`: scores `parseReports` on each folder and prints its figures and
 * every miss. A folder with `reports/` or `negatives/` is a real-report corpus (`test/fixtures/real/`);
 * any other folder holds syzkaller report test files. With no folder, both of ours are scored.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReports } from '../src/parse/index.js';
import { formatRealScore, loadRealCorpus, scoreRealCorpus } from './conformance-real.js';
import { formatScore, readCase, scoreCases } from './conformance-score.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_DIRS = [
  join(ROOT, 'test', 'fixtures', 'real'),
  join(ROOT, '..', 'shared', 'corpus', 'syzkaller', 'linux-report'),
];

function isRealCorpus(dir: string): boolean {
  return existsSync(join(dir, 'reports')) || existsSync(join(dir, 'negatives'));
}

function scoreSyzkaller(dir: string): string {
  const names = readdirSync(dir)
    .filter(
      (n) => statSync(join(dir, n)).isFile() && !n.startsWith('.') && n !== 'README.md' && n !== 'LICENSE',
    )
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const cases = names.map((n) => readCase(n, readFileSync(join(dir, n))));
  return formatScore(scoreCases(cases, (log) => parseReports(log).reports));
}

const dirs = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_DIRS.filter((d) => existsSync(d));
for (const dir of dirs) {
  if (!existsSync(dir)) {
    console.error(`${dir}: no such folder`);
    process.exit(2);
  }
  console.log(`== ${dir}`);
  if (isRealCorpus(dir)) {
    console.log(formatRealScore(scoreRealCorpus(loadRealCorpus(dir), (text) => parseReports(text).reports)));
  } else {
    console.log(scoreSyzkaller(dir));
  }
  console.log('');
}
