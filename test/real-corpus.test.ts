/**
 * Floors on the real-report corpus (test/fixtures/real/): reports people posted, scored by
 * `npm run conformance`. The floors are what the parser reaches today; they only go up.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRealCorpus, scoreRealCorpus, share, type RealScore } from '../scripts/conformance-real.js';
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
    expect(share(scored().total.found, scored().total.reports)).toBeGreaterThanOrEqual(0.98);
  });

  it('gives them the labelled kind', () => {
    expect(share(scored().total.kind, scored().total.reports)).toBeGreaterThanOrEqual(0.974);
  });

  it('names the culprit a kernel engineer named', () => {
    expect(share(scored().total.culprit, scored().total.withCulprit)).toBeGreaterThanOrEqual(0.96);
  });

  it('finds no report in the negatives', () => {
    expect(scored().total.falseReports).toBe(0);
  });
});
