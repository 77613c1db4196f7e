/**
 * Scores a parser against the real-report corpus (`test/fixtures/real/`, format in its README): every
 * labelled report found, its kind, its culprit, and no report at all on the negatives. Figures are
 * given in total, per origin (ml, gh, mg) and per shape (email, journal, joined-lines...).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readableName } from '../src/parse/frames.js';

const LabelledReport = z.object({
  kind: z.string(),
  headline: z.string(),
  culprit: z.string().nullable(),
  culpritAlternatives: z.array(z.string()).default([]),
  arch: z.string().optional(),
  kernel: z.string().nullable().optional(),
});
const ReportLabels = z.object({
  source: z.string(),
  shape: z.string(),
  reports: z.array(LabelledReport),
});
const NegativeLabels = z.object({ source: z.string(), why: z.string() });

export type LabelledReport = z.infer<typeof LabelledReport>;

export interface RealCase {
  /** File name without `.txt`. */
  name: string;
  /** `ml`, `gh`, `mg` or `neg`: the file name's first word. */
  origin: string;
  /** The paste's shape label; `negative` for negatives. */
  shape: string;
  text: string;
  /** Empty for negatives. */
  expected: LabelledReport[];
  negative: boolean;
}

/** What the scorer needs of a parsed report. */
export interface RealScoredReport {
  kind: string;
  headline: string;
  culprit: { fn: string } | null;
  arch: string;
  kernel: string | null;
}

/** Reads `reports/` and `negatives/` of a real-corpus folder; each `.txt` with its `.json` labels. */
export function loadRealCorpus(dir: string): RealCase[] {
  const cases: RealCase[] = [];
  for (const sub of ['reports', 'negatives']) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    const names = readdirSync(folder)
      .filter((n) => n.endsWith('.txt'))
      .sort();
    for (const file of names) {
      const name = file.slice(0, -4);
      const labelPath = join(folder, `${name}.json`);
      if (!existsSync(labelPath)) continue;
      const text = readFileSync(join(folder, file), 'utf8');
      const json: unknown = JSON.parse(readFileSync(labelPath, 'utf8'));
      const origin = name.split('-')[0] ?? '';
      if (sub === 'negatives') {
        NegativeLabels.parse(json);
        cases.push({ name, origin, shape: 'negative', text, expected: [], negative: true });
      } else {
        const labels = ReportLabels.parse(json);
        cases.push({ name, origin, shape: labels.shape, text, expected: labels.reports, negative: false });
      }
    }
  }
  return cases;
}

export interface Tally {
  /** Labelled reports. */
  reports: number;
  found: number;
  kind: number;
  /** Labelled reports with a culprit (a frame is visible). */
  withCulprit: number;
  culprit: number;
  /** Found reports whose label names a culprit but which got none. */
  noCulprit: number;
  /** Found reports whose label names the architecture, and those read right. */
  withArch: number;
  arch: number;
  /** Found reports whose label names the kernel release, and those read right. */
  withKernel: number;
  kernel: number;
  /** Reports found in a file beyond its labelled ones. */
  extra: number;
  negatives: number;
  /** Negatives in which a report was found. */
  falseReports: number;
}

export interface RealMiss {
  file: string;
  field: 'found' | 'kind' | 'culprit' | 'extra' | 'negative';
  expected: string;
  got: string;
}

export interface RealScore {
  total: Tally;
  byOrigin: Map<string, Tally>;
  byShape: Map<string, Tally>;
  misses: RealMiss[];
}

function emptyTally(): Tally {
  return {
    reports: 0,
    found: 0,
    kind: 0,
    withCulprit: 0,
    culprit: 0,
    noCulprit: 0,
    withArch: 0,
    arch: 0,
    withKernel: 0,
    kernel: 0,
    extra: 0,
    negatives: 0,
    falseReports: 0,
  };
}

function add(into: Tally, from: Tally): void {
  for (const key of Object.keys(into) as (keyof Tally)[]) into[key] += from[key];
}

/** Letters and digits of a headline, hex-looking runs and numbers dropped: what survives a re-wrap. */
function headlineKey(headline: string): string {
  return headline
    .toLowerCase()
    .replace(/\b(?:0x)?[0-9a-f]{6,}\b|\d+/g, '')
    .replace(/[^a-z]+/g, '');
}

function sameHeadline(label: string, got: string): boolean {
  const a = headlineKey(label).slice(0, 24);
  const b = headlineKey(got);
  return a !== '' && (b.includes(a) || headlineKey(got).slice(0, 24) === a);
}

/** A function name without compiler suffixes (`.isra.0`, `.cold`), as labels write it. */
function baseFn(fn: string): string {
  const dot = fn.indexOf('.');
  return dot > 0 ? fn.slice(0, dot) : fn;
}

export function culpritMatches(label: LabelledReport, got: string | null): boolean {
  if (label.culprit === null) return got === null;
  if (got === null) return false;
  // A label spells a Rust symbol as the kernel printed it, mangled; the culprit names it demangled.
  const want = [label.culprit, ...label.culpritAlternatives].map((fn) => baseFn(readableName(fn)));
  return want.includes(baseFn(got));
}

/**
 * Pairs each labelled report with a parsed one, in order: the next unpaired parsed report with the
 * same headline, else with the same kind; the rest are extra.
 */
function pair(expected: readonly LabelledReport[], got: readonly RealScoredReport[]): (number | null)[] {
  const used = new Set<number>();
  const pairs: (number | null)[] = [];
  let cursor = 0;
  for (const want of expected) {
    let at: number | null = null;
    for (const test of [
      (r: RealScoredReport) => sameHeadline(want.headline, r.headline),
      (r: RealScoredReport) => r.kind === want.kind,
    ]) {
      for (let i = cursor; i < got.length && at === null; i++) {
        const r = got[i];
        if (r && !used.has(i) && test(r)) at = i;
      }
      if (at !== null) break;
    }
    if (at !== null) {
      used.add(at);
      cursor = at + 1;
    }
    pairs.push(at);
  }
  return pairs;
}

export function scoreRealCorpus(
  cases: readonly RealCase[],
  parse: (text: string) => readonly RealScoredReport[],
): RealScore {
  const score: RealScore = { total: emptyTally(), byOrigin: new Map(), byShape: new Map(), misses: [] };
  for (const c of cases) {
    const t = emptyTally();
    const got = parse(c.text);
    const miss = (field: RealMiss['field'], expected: string, gotText: string): void => {
      score.misses.push({ file: c.name, field, expected, got: gotText });
    };
    if (c.negative) {
      t.negatives++;
      if (got.length > 0) {
        t.falseReports++;
        miss('negative', 'no report', got.map((r) => `${r.kind}: ${r.headline}`).join(' | '));
      }
    } else {
      const pairs = pair(c.expected, got);
      c.expected.forEach((want, i) => {
        t.reports++;
        if (want.culprit !== null) t.withCulprit++;
        const at = pairs[i];
        const r = at === null || at === undefined ? undefined : got[at];
        if (!r) {
          miss('found', `${want.kind}: ${want.headline}`, 'not found');
          return;
        }
        t.found++;
        if (r.kind === want.kind) t.kind++;
        else miss('kind', want.kind, `${r.kind} (${r.headline})`);
        // Machine facts are counted on found reports whose label gives them; their misses are not listed.
        if (want.arch !== undefined) {
          t.withArch++;
          if (r.arch === want.arch) t.arch++;
        }
        if (want.kernel !== undefined && want.kernel !== null) {
          t.withKernel++;
          if (r.kernel === want.kernel) t.kernel++;
        }
        if (want.culprit === null) return;
        const fn = r.culprit?.fn ?? null;
        if (fn === null) t.noCulprit++;
        if (culpritMatches(want, fn)) t.culprit++;
        else
          miss(
            'culprit',
            [want.culprit, ...want.culpritAlternatives].join(' | '),
            `${fn ?? 'none'} (${want.kind})`,
          );
      });
      const paired = new Set(pairs.filter((p): p is number => p !== null));
      got.forEach((r, i) => {
        if (paired.has(i)) return;
        t.extra++;
        miss('extra', 'no more reports', `${r.kind}: ${r.headline}`);
      });
    }
    add(score.total, t);
    for (const [map, key] of [
      [score.byOrigin, c.origin],
      [score.byShape, c.shape],
    ] as const) {
      const tally = map.get(key) ?? emptyTally();
      add(tally, t);
      map.set(key, tally);
    }
  }
  return score;
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '    -' : (share(part, whole) * 100).toFixed(1).padStart(5);
}

export function formatRealScore(score: RealScore): string {
  const head = `${'set'.padEnd(18)} ${'reports'.padStart(7)} ${'found %'.padStart(8)} ${'kind %'.padStart(7)} ${'culprit %'.padStart(10)} ${'no culprit'.padStart(10)} ${'extra'.padStart(6)} ${'negatives'.padStart(9)} ${'false'.padStart(6)} ${'arch %'.padStart(7)} ${'kernel %'.padStart(9)}`;
  const row = (label: string, t: Tally): string =>
    `${label.padEnd(18)} ${String(t.reports).padStart(7)} ${percent(t.found, t.reports).padStart(8)} ${percent(t.kind, t.reports).padStart(7)} ${percent(t.culprit, t.withCulprit).padStart(10)} ${String(t.noCulprit).padStart(10)} ${String(t.extra).padStart(6)} ${String(t.negatives).padStart(9)} ${String(t.falseReports).padStart(6)} ${percent(t.arch, t.withArch).padStart(7)} ${percent(t.kernel, t.withKernel).padStart(9)}`;
  const sorted = (map: Map<string, Tally>): [string, Tally][] =>
    [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const out = [head, row('all', score.total), '', 'per origin:'];
  for (const [key, t] of sorted(score.byOrigin)) out.push(row(key, t));
  out.push('', 'per shape:');
  for (const [key, t] of sorted(score.byShape)) out.push(row(key, t));
  if (score.misses.length > 0) {
    out.push('', 'misses:');
    for (const m of score.misses)
      out.push(
        `  ${m.file} [${m.field}] expected: ${m.expected}\n  ${' '.repeat(m.file.length)} got: ${m.got}`,
      );
  }
  return out.join('\n');
}
