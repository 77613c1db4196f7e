/**
 * `npm run bench:kb`: the knowledge base at the built-in size, 500 and 5,000 entries. Load time from the
 * Markdown files (cold, a first start) and from the compiled copy (warm, every start after the first or
 * after `npm run build`), and match time per report over every report of the real corpus. Also the last
 * part of `npm run bench`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_KNOWLEDGE_DIR, loadKnowledge } from '../src/knowledge/load.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { parsePaste } from '../src/parse/index.js';
import { REPORT_KINDS, type Report } from '../src/parse/report.js';
import { fmt, percentile, table, time } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REAL_REPORTS_DIR = join(ROOT, 'test', 'fixtures', 'real', 'reports');
/** Each report is matched this often (after one warm-up) and its median kept: one match is a few µs. */
const MATCH_RUNS = 15;

interface Sample {
  report: Report;
  lineText: (no: number) => string | undefined;
}

/**
 * The built-in entries as they are, then 500 and 5,000: the built-in ones copied under new ids into a
 * team folder, their kinds spread over every report kind as a team's own entries would be. Each base
 * is loaded from its own folder (builtin off), so all three pay the same file reads.
 */
export function benchKnowledge(reportsDir = REAL_REPORTS_DIR): void {
  const samples = realReports(reportsDir);
  const builtin = readdirSync(BUILTIN_KNOWLEDGE_DIR).filter((f) => f.endsWith('.md'));
  const rows: string[][] = [];
  for (const size of [builtin.length, 500, 5000]) {
    const dir = size === builtin.length ? copyOfBuiltin() : teamFolder(size, builtin);
    const cold = time(() => loadKnowledge([dir], { builtin: false, cache: false }), {
      minRuns: 3,
      minMs: 500,
    });
    loadKnowledge([dir], { builtin: false });
    const warm = time(() => loadKnowledge([dir], { builtin: false }), { minRuns: 3, minMs: 500 });
    const kb = loadKnowledge([dir], { builtin: false });
    const perReport: number[] = [];
    for (const { report, lineText } of samples) {
      matchReport(kb, report, lineText);
      const runs: number[] = [];
      for (let r = 0; r < MATCH_RUNS; r++) {
        const t0 = performance.now();
        matchReport(kb, report, lineText);
        runs.push(performance.now() - t0);
      }
      perReport.push(percentile(runs, 50));
    }
    const us = (p: number) => fmt(percentile(perReport, p) * 1000, 0);
    rows.push([String(kb.entries.length), fmt(cold.ms, 1), fmt(warm.ms, 1), us(50), us(90), us(99)]);
    rmSync(dir, { recursive: true, force: true });
  }
  table(
    `Knowledge base: load and match (${samples.length} reports of the real corpus, each matched ${MATCH_RUNS} times, its median kept; match is matchReport alone)`,
    ['entries', 'load from Markdown ms', 'load compiled ms', 'match p50 µs', 'p90 µs', 'p99 µs'],
    rows,
  );
}

function realReports(dir: string): Sample[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((name) => parsePaste(readFileSync(join(dir, name), 'utf8')))
    .flatMap((p) => p.result.reports.map((report) => ({ report, lineText: p.lineText })));
}

function copyOfBuiltin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-bench-builtin-'));
  cpSync(BUILTIN_KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
}

/** A team folder of `size` entries: the built-in ones under new ids, kinds spread over every report kind. */
function teamFolder(size: number, builtin: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), `kb-bench-${size}-`));
  cpSync(join(BUILTIN_KNOWLEDGE_DIR, 'vocabulary.yaml'), join(dir, 'vocabulary.yaml'));
  for (let i = 0; i < size; i++) {
    const file = builtin[i % builtin.length] ?? '';
    const id = `bench-${i}-${file.replace(/\.md$/, '')}`;
    const kind = REPORT_KINDS[i % REPORT_KINDS.length] ?? 'other';
    const text = readFileSync(join(BUILTIN_KNOWLEDGE_DIR, file), 'utf8')
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^kinds: .*$/m, `kinds: [${kind}]`);
    writeFileSync(join(dir, `${id}.md`), text);
  }
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchKnowledge();
