import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocsIndex, loadKnowledge } from '../src/knowledge/load.js';
import { lintKnowledge, topOneScores, type ExampleOutcome } from '../src/knowledge/lint.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { parsePaste } from '../src/parse/index.js';

// Sigma-style: every entry's own examples run through the real parser and matcher.
const kb = loadKnowledge([]);
const lint = lintKnowledge(kb, parsePaste, loadDocsIndex());
const SEEDS = join(import.meta.dirname, 'fixtures', 'seeds');

function outcomeOf(entry: string, file: string): ExampleOutcome | undefined {
  return lint.outcomes.find((o) => o.entry === entry && o.file === file);
}

describe('knowledge base', () => {
  it('loads every entry without problems', () => {
    expect(kb.problems).toEqual([]);
    expect(kb.entries.length).toBeGreaterThanOrEqual(15);
  });

  it('lints clean: vocabulary references, expected ids and every example', () => {
    expect(lint.problems).toEqual([]);
  });
});

describe.each(kb.entries.map((e) => [e.id, e] as const))('%s', (id, entry) => {
  it.each(entry.positives.map((p) => [p.file]))(
    'positive %s: a report gets this entry as top match',
    (file) => {
      const o = outcomeOf(id, file);
      expect(o, `${file} was not run`).toBeDefined();
      expect(o?.top).toContain(id);
    },
  );

  it.each(entry.negatives.map((n) => [n.file, n.expect]))(
    'negative %s: does not match (expect %s)',
    (file, expect_) => {
      const o = outcomeOf(id, file);
      expect(o, `${file} was not run`).toBeDefined();
      expect(o?.matched).not.toContain(id);
      if (expect_ !== null) for (const top of o?.top ?? []) expect(top).toBe(expect_);
    },
  );
});

describe('seed stories', () => {
  const seed = (name: string) => {
    const parsed = parsePaste(readFileSync(join(SEEDS, name), 'utf8'));
    return parsed.result.reports.map((r) => ({ report: r, matches: matchReport(kb, r, parsed.lineText) }));
  };
  const quoted = (m: { evidence: { text: string }[] } | undefined) =>
    (m?.evidence ?? []).map((e) => e.text).join('\n');

  it('brctl: both reports are get-cpu-var-leak, quoting the preempt count and "no locks held"', () => {
    const runs = seed('brctl-get-cpu-var-leak.txt');
    expect(runs.map((r) => r.report.kind).sort()).toEqual(['scheduling-while-atomic', 'sleep-in-atomic']);
    for (const run of runs) expect(run.matches[0]?.id).toBe('get-cpu-var-leak');
    const sleep = runs.find((r) => r.report.kind === 'sleep-in-atomic')?.matches[0];
    expect(quoted(sleep)).toContain('preempt_count: 1, expected: 0');
    expect(quoted(sleep)).toContain('no locks held by brctl/3988.');
    expect(quoted(sleep)).toContain('__rseq_handle_notify_resume');
    const sched = runs.find((r) => r.report.kind === 'scheduling-while-atomic')?.matches[0];
    expect(quoted(sched)).toContain('BUG: scheduling while atomic: brctl/3988/0x00000002');
    expect(sleep?.evidence.every((e) => e.line === null || e.line > 0)).toBe(true);
  });

  it('TECH VEDA: spinlock-gfp-kernel, quoting the atomic facts and the allocator frame', () => {
    const [run] = seed('techveda-kmalloc-under-spinlock.txt');
    const top = run?.matches[0];
    expect(top?.id).toBe('spinlock-gfp-kernel');
    expect(quoted(top)).toContain('in_atomic(): 1, irqs_disabled(): 1');
    expect(quoted(top)).toContain('kmalloc_trace+0x4c/0x110');
  });

  it('Invalid wait context: novalidate-aliasing, quoting the mutex-named class and the spin lock frame', () => {
    const [run] = seed('invalid-wait-context-novalidate.txt');
    const top = run?.matches[0];
    expect(top?.id).toBe('novalidate-aliasing');
    expect(quoted(top)).toContain('(&dev->mutex){....}-{3:3}, at: netif_freeze_queues+0x4b/0x90');
    expect(quoted(top)).toContain('_raw_spin_lock+0x2f/0x50');
    expect(quoted(top)).toContain('&dev->tx_global_lock');
  });

  it('articles whose reports lack the deciding facts get no match rather than a guess', () => {
    for (const name of ['interrupt-handlers-cant-sleep.txt', 'sleeping-while-atomic-article.txt']) {
      for (const run of seed(name)) expect(run.matches.map((m) => m.id)).toEqual([]);
    }
  });

  it('every seed file is covered by a test', () => {
    expect(readdirSync(SEEDS).sort()).toEqual([
      'brctl-get-cpu-var-leak.txt',
      'interrupt-handlers-cant-sleep.txt',
      'invalid-wait-context-novalidate.txt',
      'sleeping-while-atomic-article.txt',
      'techveda-kmalloc-under-spinlock.txt',
    ]);
  });
});

describe('top-1 precision and recall over all examples', () => {
  it('stays above the floors (precision matters more than recall)', () => {
    const s = topOneScores(lint.outcomes);
    console.log(
      `knowledge examples: top-1 precision ${(s.precision * 100).toFixed(1)}% (${s.correct}/${s.predicted} top matches right), ` +
        `recall ${(s.recall * 100).toFixed(1)}% (${s.correct}/${s.labelled} labelled reports found) over ${lint.outcomes.length} example files`,
    );
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });
});
