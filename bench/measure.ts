/** Timing helpers for benchmarks: medians of repeated runs, since these machines are noisy. */

export interface Timing {
  /** Median milliseconds of one run. */
  ms: number;
  runs: number;
}

/** Runs `fn` until `minMs` have passed (and at least `minRuns` times) after one warm-up; returns the median. */
export function time(fn: () => unknown, { minRuns = 5, minMs = 300 } = {}): Timing {
  fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { ms: percentile(samples, 50), runs: samples.length };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/**
 * Times several functions in alternating rounds (a, b, a, b, ...) after one warm-up each, so that a
 * change in machine load hits all of them alike; returns each one's median and the median of the
 * per-round ratios of the first to every other.
 */
export function alternate(
  fns: readonly (() => unknown)[],
  { minRounds = 7, minMs = 2000 } = {},
): { ms: number[]; ratios: number[]; rounds: number } {
  for (const fn of fns) fn();
  const samples: number[][] = fns.map(() => []);
  const ratios: number[][] = fns.map(() => []);
  const start = performance.now();
  let rounds = 0;
  while (rounds < minRounds || performance.now() - start < minMs) {
    const round = fns.map((fn) => {
      const t0 = performance.now();
      fn();
      return performance.now() - t0;
    });
    round.forEach((ms, i) => {
      samples[i]?.push(ms);
      ratios[i]?.push(ms / (round[0] ?? ms));
    });
    rounds++;
  }
  return {
    ms: samples.map((s) => percentile(s, 50)),
    ratios: ratios.map((r) => percentile(r, 50)),
    rounds,
  };
}

/** Prints a titled table: the first column left-aligned, the others right-aligned. */
export function table(title: string, head: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}
