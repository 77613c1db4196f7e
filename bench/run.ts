/**
 * `npm run bench [-- <dir of syzkaller report test files>]`: how fast the parser reads ordinary chat,
 * real reports and hostile pastes, how long the knowledge base takes to load and to match a report,
 * and the peak memory. Prints one table per question; every figure is the median of repeated runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCase, type CorpusCase } from '../scripts/conformance-score.js';
import { findReportBlocks, HEADER_WORDS, mayContainReport } from '../src/parse/find-reports.js';
import { parseReports } from '../src/parse/index.js';
import { MAX_PASTE_CHARS } from '../src/parse/limits.js';
import { readPaste } from '../src/parse/paste.js';
import { chatText } from './chat-text.js';
import { benchKnowledge } from './knowledge.js';
import { alternate, fmt, mbPerSecond, percentile, table, time } from './measure.js';
import { PATHOLOGICAL } from './pathological.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS_DIR = process.argv[2] ?? join(ROOT, '..', 'shared', 'corpus', 'syzkaller', 'linux-report');
const CHAT_BYTES = 50e6;
const PATHOLOGICAL_SIZES = [1e6, 2e6, 4e6];
/** Per-log timings repeat each log this often, so that one log's figure is not one timer tick. */
const PER_LOG_RUNS = 15;

function escapeRegExp(word: string): string {
  return word.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function benchDetection(): void {
  const text = chatText(CHAT_BYTES);
  const messages = text.split('\n');
  const bytes = Buffer.byteLength(text);
  const alternation = new RegExp(HEADER_WORDS.map(escapeRegExp).join('|'));
  const perMessage = (test: (s: string) => boolean) => () => {
    let hits = 0;
    for (const m of messages) if (test(m)) hits++;
    return hits;
  };
  // Each pair runs in alternating rounds, so the ratio compares runs made under the same load.
  const runs = { minRounds: 7, minMs: 2000 };
  const whole = alternate([() => mayContainReport(text), () => alternation.test(text)], runs);
  const each = alternate([perMessage(mayContainReport), perMessage((s) => alternation.test(s))], runs);
  const row = (label: string, t: { ms: number[]; ratios: number[] }): string[] => [
    label,
    fmt(mbPerSecond(bytes, t.ms[0] ?? Number.NaN)),
    fmt(mbPerSecond(bytes, t.ms[1] ?? Number.NaN)),
    fmt(t.ratios[1] ?? Number.NaN, 2),
  ];
  table(
    `Detection on ${fmt(bytes / 1e6, 0)} MB of chat text (${messages.length} messages; ${whole.rounds}+ alternating rounds, median; ratio = median of the per-round ratios)`,
    ['scan', 'mayContainReport MB/s', 'flat alternation MB/s', 'ratio'],
    [row('whole text, one call', whole), row('one call per message', each)],
  );
}

function readCorpus(): CorpusCase[] | null {
  if (!existsSync(CORPUS_DIR)) return null;
  return readdirSync(CORPUS_DIR)
    .filter(
      (n) =>
        statSync(join(CORPUS_DIR, n)).isFile() && !n.startsWith('.') && n !== 'README.md' && n !== 'LICENSE',
    )
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((n) => readCase(n, readFileSync(join(CORPUS_DIR, n))));
}

function benchCorpus(): void {
  const cases = readCorpus();
  if (cases === null) {
    console.log(`\nCorpus: ${CORPUS_DIR} not found; skipped (pass the folder as an argument).`);
    return;
  }
  const logs = cases.map((c) => c.log);
  const bytes = logs.reduce((n, log) => n + Buffer.byteLength(log), 0);
  const runs = { minRuns: 10, minMs: 2000 };
  const stage = (label: string, fn: (log: string) => unknown): { row: string[]; mbs: number } => {
    const t = time(() => {
      for (const log of logs) fn(log);
    }, runs);
    const mbs = mbPerSecond(bytes, t.ms);
    return { row: [label, fmt(mbs), fmt(t.ms), String(t.runs)], mbs };
  };
  const paste = stage('readPaste', (log) => readPaste(log));
  const found = stage('readPaste + findReportBlocks', (log) => findReportBlocks(readPaste(log)));
  const full = stage('parseReports (full)', (log) => parseReports(log));
  table(
    `Corpus: ${logs.length} logs, ${fmt(bytes / 1e6, 2)} MB (median of the runs)`,
    ['stage', 'MB/s', 'ms per pass', 'runs'],
    [paste.row, found.row, full.row],
  );
  // The figure issue 9's speed target is set on: full parsing of the whole corpus.
  console.log(`parseReports MB/s on ${logs.length} files: ${fmt(full.mbs)}`);

  const perReport: number[] = [];
  for (const log of logs) {
    const reports = parseReports(log).reports.length;
    if (reports === 0) continue;
    const samples: number[] = [];
    for (let r = 0; r < PER_LOG_RUNS; r++) {
      const t0 = performance.now();
      parseReports(log);
      samples.push(performance.now() - t0);
    }
    perReport.push((percentile(samples, 50) * 1000) / reports);
  }
  table(
    `Per report: each log's median of ${PER_LOG_RUNS} parses, divided by the reports found in it (${perReport.length} logs)`,
    ['statistic', 'µs per report'],
    [
      ['p50', fmt(percentile(perReport, 50))],
      ['p90', fmt(percentile(perReport, 90))],
      ['p99', fmt(percentile(perReport, 99))],
      ['max', fmt(percentile(perReport, 100))],
    ],
  );
}

function benchPathological(): void {
  const rows: string[][] = [];
  for (const p of PATHOLOGICAL) {
    const perMb = PATHOLOGICAL_SIZES.map((size) => {
      const text = p.make(size);
      return time(() => parseReports(text), { minRuns: 3, minMs: 300 }).ms / (size / 1e6);
    });
    const flat = Math.max(...perMb) / Math.min(...perMb);
    rows.push([p.name, ...perMb.map((ms) => fmt(ms, 2)), fmt(flat, 2)]);
  }
  const over = PATHOLOGICAL[0]?.make(MAX_PASTE_CHARS + 1e6) ?? '';
  const capped = time(() => parseReports(over), { minRuns: 3, minMs: 300 });
  table(
    'Pathological inputs: full parse, ms per MB (median of 3+ runs per size; flat = max/min across sizes)',
    ['input', ...PATHOLOGICAL_SIZES.map((s) => `${s / 1e6} MB`), 'flat'],
    rows,
  );
  console.log(
    `past the limit: ${fmt((MAX_PASTE_CHARS + 1e6) / 1e6)} MB single line read up to ${MAX_PASTE_CHARS} characters in ${fmt(capped.ms)} ms`,
  );
}

console.log(
  `ktriage bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${process.platform}`,
);
benchDetection();
benchCorpus();
benchPathological();
benchKnowledge();
console.log(`\npeak RSS: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
