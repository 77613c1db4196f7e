/**
 * Floors on the real-report corpus (test/fixtures/real/): reports people posted, scored by
 * `npm run conformance`. The floors are what the parser reaches today, rounded down to the half point.
 * A change to the parser never lowers them; new real reports the parser still misses may, since a real
 * paste is never held back to keep a figure.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRealCorpus, scoreRealCorpus, share, type RealScore } from '../scripts/conformance-real.js';
import { scoreKnowledgeOnRealCorpus, type KbRealScore } from '../scripts/kb-coverage-real.js';
import { PASTE_SHAPES } from '../scripts/paste-shapes.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { parseReports } from '../src/parse/index.js';

const CORPUS = join(import.meta.dirname, 'fixtures', 'real');

describe('the real-report corpus', () => {
  let score: RealScore;
  const scored = (): RealScore => {
    score ??= scoreRealCorpus(loadRealCorpus(CORPUS), (text) => parseReports(text).reports);
    return score;
  };

  it('holds enough labelled reports and near-miss negatives to mean something', () => {
    expect(scored().total.reports).toBeGreaterThanOrEqual(200);
    expect(scored().total.negatives).toBeGreaterThanOrEqual(60);
  });

  it('finds the labelled reports', () => {
    expect(share(scored().total.found, scored().total.reports)).toBeGreaterThanOrEqual(0.99);
  });

  it('gives them the labelled kind', () => {
    expect(share(scored().total.kind, scored().total.reports)).toBeGreaterThanOrEqual(0.985);
  });

  it('names the culprit a kernel engineer named', () => {
    expect(share(scored().total.culprit, scored().total.withCulprit)).toBeGreaterThanOrEqual(0.97);
  });

  it('leaves no found report without a culprit where its paste shows frames', () => {
    expect(scored().total.noCulprit).toBe(0);
  });

  it('finds no report in the negatives', () => {
    expect(scored().total.falseReports).toBe(0);
  });

  it('reads the machine: the labelled architecture and kernel release', () => {
    expect(share(scored().total.arch, scored().total.withArch)).toBeGreaterThanOrEqual(0.92);
    expect(share(scored().total.kernel, scored().total.withKernel)).toBeGreaterThanOrEqual(0.97);
  });
});

// `npm run shapes`: the same reports as a mail client re-wraps them and as a Markdown code block holds
// them. Each shape's floors sit at what the parser reaches on it today, rounded down to the half point:
// a real paste the parser still misses may join the corpus (its share moves by ~0.1 point), while a
// change that loses a family of reports trips them.
describe('the real-report corpus in the shapes pastes arrive in', () => {
  const inShape = (shape: string): RealScore => {
    const transform = PASTE_SHAPES[shape] ?? ((t: string) => t);
    const cases = loadRealCorpus(CORPUS).map((c) => ({ ...c, text: transform(c.text) }));
    return scoreRealCorpus(cases, (text) => parseReports(text).reports);
  };

  it('reads a mail re-wrapped at 72 columns', () => {
    const { total } = inShape('rewrap 72');
    // ml-2905 and ml-2915 quote a lockdep-RCU splat from its 78-column `file:line suspicious
    // rcu_dereference_*() usage!` line, whose end the wrap moves to the next line.
    expect(share(total.found, total.reports)).toBeGreaterThanOrEqual(0.975);
    expect(share(total.culprit, total.withCulprit)).toBeGreaterThanOrEqual(0.935);
    expect(share(total.kernel, total.withKernel)).toBeGreaterThanOrEqual(0.935);
    expect(total.falseReports).toBe(0);
  });

  it('reads a serial capture whose lines end in lone carriage returns, and a Markdown list of lines', () => {
    const cr = inShape('CR line ends').total;
    expect(share(cr.found, cr.reports)).toBeGreaterThanOrEqual(0.99);
    expect(share(cr.culprit, cr.withCulprit)).toBeGreaterThanOrEqual(0.965);
    // A list marker outside a mail's quoting or quoted-printable comes off before them (outer-layers.ts).
    const list = inShape('list items').total;
    expect(share(list.found, list.reports)).toBeGreaterThanOrEqual(0.985);
    expect(share(list.culprit, list.withCulprit)).toBeGreaterThanOrEqual(0.965);
  });

  it('reads a paste numbered by `cat -n`, and a log held as one JSON string, as it reads it plain', () => {
    for (const shape of ['line numbers', 'JSON string']) {
      const { total } = inShape(shape);
      expect(share(total.found, total.reports)).toBeGreaterThanOrEqual(0.99);
      expect(share(total.culprit, total.withCulprit)).toBeGreaterThanOrEqual(0.965);
      expect(total.falseReports).toBe(0);
    }
  });

  it('reads a log a terminal cut at its width, and finds no report in the cut negatives', () => {
    const wide = inShape('cut at 120').total;
    expect(share(wide.found, wide.reports)).toBeGreaterThanOrEqual(0.98);
    expect(share(wide.kind, wide.reports)).toBeGreaterThanOrEqual(0.975);
    expect(share(wide.culprit, wide.withCulprit)).toBeGreaterThanOrEqual(0.935);
    expect(wide.falseReports).toBe(0);
    // At 80 columns a syslog prefix leaves a header line half its text: the rest is lost, not misread.
    // Excerpts whose only frame is the function on a long `WARNING:` or `RIP:` line (gh-2800..2859,
    // most cut below it) lose it with the line's end: 86.2 % since they joined, 87.1 % before; 85.9 %
    // with ml-2800..2835, whose rare machines print their crash site on such lines (sparc64 `TPC:`, ia64
    // `ip is at`) under syslog-prefixed or deeply quoted text.
    const narrow = inShape('cut at 80').total;
    expect(share(narrow.found, narrow.reports)).toBeGreaterThanOrEqual(0.965);
    expect(share(narrow.kind, narrow.reports)).toBeGreaterThanOrEqual(0.96);
    expect(share(narrow.culprit, narrow.withCulprit)).toBeGreaterThanOrEqual(0.855);
    expect(narrow.falseReports).toBe(0);
  });

  it('reads a page that set every line in a paragraph of its own as it reads the log', () => {
    const { total } = inShape('double spaced');
    expect(share(total.found, total.reports)).toBeGreaterThanOrEqual(0.985);
    expect(share(total.culprit, total.withCulprit)).toBeGreaterThanOrEqual(0.965);
    expect(total.falseReports).toBe(0);
  });

  it('reads a report pasted as a Markdown code block', () => {
    const { total } = inShape('Markdown indent');
    expect(share(total.found, total.reports)).toBeGreaterThanOrEqual(0.985);
    expect(share(total.culprit, total.withCulprit)).toBeGreaterThanOrEqual(0.96);
    expect(total.falseReports).toBe(0);
  });
});

// Issue 11: the knowledge base's top answer on the root-cause labels, scored by `npm run kb-coverage`.
// Precision first - a wrong cause is worse than none (the issue asks for at least 90 %) - with recall kept
// from falling back. The floors sit a little under today's figures so new labelled pastes can land.
describe('the knowledge base on the real corpus', () => {
  let score: KbRealScore;
  const scored = (): KbRealScore => {
    score ??= scoreKnowledgeOnRealCorpus(CORPUS, loadKnowledge([]));
    return score;
  };

  it('names the labelled cause in nearly every answer it gives', () => {
    const { all } = scored();
    expect(share(all.right, all.answered)).toBeGreaterThanOrEqual(0.985);
    expect(share(all.right - all.family, all.answered)).toBeGreaterThanOrEqual(0.925);
  });

  it('keeps that precision on the pastes no knowledge example was copied from', () => {
    const { heldOut } = scored();
    expect(share(heldOut.right, heldOut.answered)).toBeGreaterThanOrEqual(0.975);
  });

  it('still answers a share of the labelled pastes', () => {
    const { all } = scored();
    expect(share(all.right, all.labelled)).toBeGreaterThanOrEqual(0.44);
    const { heldOut } = scored();
    expect(share(heldOut.right, heldOut.labelled)).toBeGreaterThanOrEqual(0.33);
  });
});
