/**
 * The triage core on worker threads gives the note the core gives on the service's thread: the same
 * reports, matches and "seen before" links (named by the paste's origin, which stays on the service's
 * thread), the same quoted lines; the store's error is the paste's error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log/logger.js';
import { CorePool } from '../src/server/core-pool.js';
import type { SimilarQuery, TriageRecord } from '../src/store/store.js';
import { createCore } from '../src/usecase/core.js';
import type { PasteRequest, PastTriages } from '../src/usecase/triage-paste.js';
import { LogSink } from './support/log-sink.js';

const BRCTL = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');
const core = createCore([]);
let pool: CorePool;

beforeAll(async () => {
  const log = createLogger({ format: 'json', level: 'info', destination: new LogSink() });
  pool = await CorePool.start({ core, knowledgeDirs: [], workers: 1, log });
}, 60_000);

afterAll(() => pool.close());

/** The paste as a Slack message, with one earlier message of the same report in another channel. */
function slackPaste(): { request: PasteRequest; history: PastTriages; asked: SimilarQuery[] } {
  const asked: SimilarQuery[] = [];
  const history: PastTriages = {
    findSimilar: async (query) => {
      asked.push(query);
      const row: TriageRecord = {
        scope: query.scope,
        sourceKey: 'slack:C0OTHER:1741082000.000100',
        link: 'https://kernel-team.slack.com/archives/C0OTHER/p1741082000000100',
        postedAt: new Date('2025-03-04T09:00:00Z'),
        signature: query.signature,
        title: query.title,
        kind: 'sleep-in-atomic',
        patterns: [],
      };
      return [row];
    },
  };
  const request: PasteRequest = {
    text: BRCTL,
    unread: ['a.bin: not text'],
    origin: {
      scope: 'slack:T024BE7LD',
      postedAt: new Date('2025-03-05T10:00:00Z'),
      sourceKey: 'slack:C024BE91L:1741082400.000100',
      link: 'https://kernel-team.slack.com/archives/C024BE91L/p1741082400000100',
      placeOf: (key) =>
        key.startsWith('slack:C024BE91L:') ? 'earlier in this channel' : 'in another channel',
    },
  };
  return { request, history, asked };
}

describe('the core on worker threads', () => {
  it('gives the note, links and quoted lines the core gives on this thread', async () => {
    const here = slackPaste();
    const there = slackPaste();
    const expected = await core.triagePaste(here.request, here.history);
    const got = await pool.triagePaste(there.request, there.history);
    expect(there.asked).toEqual(here.asked);
    expect(got.notes).toEqual(expected.notes);
    expect(got.notes.notes[0]?.similar[0]?.where).toBe('in another channel');
    expect(got.record).toEqual(expected.record);
    expect(got.duplicates).toEqual(expected.duplicates);
    const { start, end } = expected.notes.notes[0]!.lines;
    for (let no = start; no <= end; no++) expect(got.lineText(no)).toBe(expected.lineText(no));
  });

  it('tells whether a text holds a report, as GitHub asks of an issue or a comment', async () => {
    expect(await pool.hasReport(BRCTL)).toBe(true);
    expect(await pool.hasReport('Which config options do I need to enable lockdep?')).toBe(false);
  });

  it('renders the API answer on the worker as this thread would', async () => {
    const got = await pool.triageAs(BRCTL, 'markdown');
    const expected = await core.triagePaste({ text: BRCTL });
    expect(got.tallies).toEqual(expected.tallies);
    expect(got.body).toContain(expected.notes.notes[0]!.title);
  });

  it("fails the paste with the store's error when earlier pastes cannot be listed", async () => {
    const { request } = slackPaste();
    const broken: PastTriages = {
      findSimilar: async () => {
        throw new Error('SQLITE_IOERR: disk I/O error');
      },
    };
    await expect(pool.triagePaste(request, broken)).rejects.toThrow('SQLITE_IOERR: disk I/O error');
    // The worker is still there for the next paste.
    const next = await pool.triagePaste({ text: BRCTL });
    expect(next.parsed.reports.map((r) => r.title)).toEqual(
      (await core.triagePaste({ text: BRCTL })).parsed.reports.map((r) => r.title),
    );
  });
});
