/**
 * `npm run bench [-- <dir of syzkaller report test files>]`: how fast the parser reads ordinary chat,
 * real reports and hostile pastes, how long the knowledge base takes to load and to match a report,
 * and the peak memory. Prints one table per question; every figure is the median of repeated runs.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCase, type CorpusCase } from '../scripts/conformance-score.js';
import { BUILTIN_KNOWLEDGE_DIR, loadKnowledge } from '../src/knowledge/load.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { findReportBlocks, HEADER_WORDS, mayContainReport } from '../src/parse/find-reports.js';
import { parsePaste, parseReports } from '../src/parse/index.js';
import { REPORT_KINDS } from '../src/parse/report.js';
import { MAX_PASTE_CHARS } from '../src/parse/limits.js';
import { readPaste } from '../src/parse/paste.js';
import { chatText } from './chat-text.js';
import { alternate, fmt, mbPerSecond, percentile, time } from './measure.js';
import { PATHOLOGICAL } from './pathological.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS_DIR = process.argv[2] ?? join(ROOT, '..', 'shared', 'corpus', 'syzkaller', 'linux-report');
const SEEDS_DIR = join(ROOT, 'test', 'fixtures', 'seeds');
const CHAT_BYTES = 50e6;
const PATHOLOGICAL_SIZES = [1e6, 2e6, 4e6];
/** Per-log timings repeat each log this often, so that one log's figure is not one timer tick. */
const PER_LOG_RUNS = 15;

function table(title: string, head: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

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
  const stage = (label: string, fn: (log: string) => unknown): string[] => {
    const t = time(() => {
      for (const log of logs) fn(log);
    }, runs);
    return [label, fmt(mbPerSecond(bytes, t.ms)), fmt(t.ms), String(t.runs)];
  };
  table(
    `Corpus: ${logs.length} logs, ${fmt(bytes / 1e6, 2)} MB (median of the runs)`,
    ['stage', 'MB/s', 'ms per pass', 'runs'],
    [
      stage('readPaste', (log) => readPaste(log)),
      stage('readPaste + findReportBlocks', (log) => findReportBlocks(readPaste(log))),
      stage('parseReports (full)', (log) => parseReports(log)),
    ],
  );

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

/**
 * Knowledge base at 18, 500 and 5,000 entries: load time from the YAML files (cold) and from the
 * compiled copy (warm, what every start after the first or after `npm run build` pays), and match time
 * per report (p50 over the seed reports). The larger bases are the built-in entries copied under new ids
 * into a team folder, their kinds spread over every report kind as a team's own entries would be.
 */
function benchKnowledge(): void {
  const reports = existsSync(SEEDS_DIR)
    ? readdirSync(SEEDS_DIR)
        .sort()
        .map((name) => parsePaste(readFileSync(join(SEEDS_DIR, name), 'utf8')))
        .flatMap((p) => p.result.reports.map((report) => ({ report, lineText: p.lineText })))
    : [];
  const builtin = readdirSync(BUILTIN_KNOWLEDGE_DIR).filter((f) => f.endsWith('.md'));
  const rows: string[][] = [];
  for (const size of [builtin.length, 500, 5000]) {
    const dir = size === builtin.length ? null : teamFolder(size, builtin);
    const dirs = dir === null ? [] : [dir];
    const cold = time(() => loadKnowledge(dirs, { builtin: dir === null, cache: false }), {
      minRuns: 3,
      minMs: 500,
    });
    loadKnowledge(dirs, { builtin: dir === null });
    const warm = time(() => loadKnowledge(dirs, { builtin: dir === null }), { minRuns: 3, minMs: 500 });
    const kb = loadKnowledge(dirs, { builtin: dir === null });
    const perReport: number[] = [];
    for (const { report, lineText } of reports) {
      perReport.push(time(() => matchReport(kb, report, lineText), { minRuns: 20, minMs: 100 }).ms);
    }
    rows.push([
      String(kb.entries.length),
      fmt(cold.ms, 1),
      fmt(warm.ms, 1),
      fmt(percentile(perReport, 50) * 1000, 0),
      fmt(percentile(perReport, 100) * 1000, 0),
    ]);
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
  table(
    `Knowledge base: load and match (${reports.length} seed reports; match is matchReport alone)`,
    ['entries', 'load from YAML ms', 'load compiled ms', 'match p50 µs', 'match max µs'],
    rows,
  );
}

/** A team folder of `size` entries: the built-in ones under new ids, kinds spread over every report kind. */
function teamFolder(size: number, builtin: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), `kb-bench-${size}-`));
  copyFileSync(join(BUILTIN_KNOWLEDGE_DIR, 'vocabulary.yaml'), join(dir, 'vocabulary.yaml'));
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

console.log(
  `ktriage bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${process.platform}`,
);
benchDetection();
benchCorpus();
benchPathological();
benchKnowledge();
console.log(`\npeak RSS: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
