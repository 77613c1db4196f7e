import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCase, rate, scoreCases, type CorpusScore } from '../scripts/conformance-score.js';
import { parseReports } from '../src/parse/index.js';

const CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'syzkaller', 'linux-report');

describe.skipIf(!existsSync(CORPUS))('syzkaller linux-report conformance', () => {
  let score: CorpusScore;
  const scored = (): CorpusScore => {
    score ??= scoreCases(
      readdirSync(CORPUS)
        .filter((n) => /^\d+$/.test(n))
        .map((n) => readCase(n, readFileSync(join(CORPUS, n)))),
      (log) => parseReports(log).reports,
    );
    return score;
  };

  it('finds no report in any crash-free log', () => {
    expect(scored().falseReports).toBe(0);
  });

  it('agrees on crash or no crash', () => {
    expect(rate(scored().crash)).toBeGreaterThanOrEqual(0.99);
  });

  it('titles the first report as syzbot does (title or one of its alternatives)', () => {
    expect(rate(scored().title)).toBeGreaterThanOrEqual(0.982);
  });

  it('gives the same alternative titles', () => {
    expect(rate(scored().altSet)).toBeGreaterThanOrEqual(0.982);
  });

  it('agrees on which reports are corrupted', () => {
    expect(rate(scored().corrupted)).toBeGreaterThanOrEqual(0.975);
  });
});

const LORE = resolve(import.meta.dirname, 'fixtures', 'syzbot-lore');

// Reports syzbot mailed to lore.kernel.org, titled by the mail's Subject: syzbot's own title for a
// report ktriage's rules were not fitted to (see fixtures/syzbot-lore/README.md).
describe('syzbot reports mailed to lore', () => {
  let score: CorpusScore;
  const scored = (): CorpusScore => {
    score ??= scoreCases(
      readdirSync(LORE)
        .filter((n) => n.endsWith('.txt'))
        .map((n) => readCase(n, readFileSync(join(LORE, n)))),
      (log) => parseReports(log).reports,
    );
    return score;
  };

  it('finds the report in every mail', () => {
    expect(rate(scored().crash)).toBe(1);
  });

  it("gives syzbot's title", () => {
    expect(rate(scored().exactTitle)).toBeGreaterThanOrEqual(0.97);
  });

  it('agrees on which reports are corrupted', () => {
    expect(rate(scored().corrupted)).toBeGreaterThanOrEqual(0.99);
  });
});

describe('readCase', () => {
  it('reads header fields, drops carriage returns and leaves the expected report out of the log', () => {
    const file =
      'TITLE: WARNING in foo\nALT: bad-access in foo\nCORRUPTED: Y\n\r\n[ 1.0] WARNING: CPU: 0 PID: 1 at a.c:1 foo+0x1/0x2\r\n\nREPORT:\nWARNING: x\n';
    const c = readCase('7', Buffer.from(file, 'latin1'));
    expect(c).toMatchObject({
      name: '7',
      title: 'WARNING in foo',
      alts: ['bad-access in foo'],
      corrupted: true,
    });
    expect(c.log).toBe('[ 1.0] WARNING: CPU: 0 PID: 1 at a.c:1 foo+0x1/0x2\n');
  });

  it('takes a file that starts with an empty line as crash-free', () => {
    expect(readCase('1', Buffer.from('\n[ 72.1] BUG UNIX (Not tainted): kasan: bad access\n')).title).toBe(
      '',
    );
  });
});
