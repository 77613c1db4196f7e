import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import {
  OUTBOX_GIVE_UP_MS,
  type EventInput,
  type OutboxItemInput,
  type Store,
  type TriageInput,
} from '../src/store/store.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const T0 = new Date('2025-03-04T10:00:00Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const SECOND = 1000;
const BOTH = ['slack', 'github'] as const;
const HOUR = 3600 * SECOND;

/** One empty database per test; `open` starts another store on it (a restart, or a second replica). */
interface Database {
  open(): Promise<Store>;
  drop(): Promise<void>;
}

interface Backend {
  name: 'sqlite' | 'postgres';
  fresh(): Promise<Database>;
}

const ignore = (): void => undefined;

const sqlite: Backend = {
  name: 'sqlite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-store-'));
    // A directory that does not exist yet: openStore creates it.
    const sqlitePath = join(dir, 'data', 'ktriage.db');
    return {
      open: () => openStore({ sqlitePath, now: T0, onError: ignore }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

let admin: pg.Client | undefined;

/**
 * A schema of its own for one test, reached through `search_path` in the URL. The schema's name is
 * also the connections' application_name, so a test can find and terminate them.
 */
async function freshSchema(): Promise<{ schema: string; databaseUrl: string; drop: () => Promise<void> }> {
  if (!admin) throw new Error('no PostgreSQL admin connection');
  const schema = `ktriage_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  url.searchParams.set('application_name', schema);
  return {
    schema,
    databaseUrl: url.toString(),
    drop: async () => {
      await admin?.query(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

const postgres: Backend = {
  name: 'postgres',
  async fresh() {
    const { databaseUrl, drop } = await freshSchema();
    return {
      open: () => openStore({ databaseUrl, sqlitePath: '/nonexistent/unused.db', now: T0, onError: ignore }),
      drop,
    };
  },
};

beforeAll(async () => {
  admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
});

const slackReply = (text: string, replyKey = 'slack:C024BE91L:1741082400.000100'): OutboxItemInput => ({
  target: 'slack',
  action: 'chat.postMessage',
  payload: { channel: 'C024BE91L', thread_ts: '1741082400.000100', text },
  replyKey,
});

const githubLabel: OutboxItemInput = {
  target: 'github',
  action: 'issues.addLabels',
  payload: { owner: 'acme', repo: 'kernel', issue_number: 12, labels: ['sleep-in-atomic'] },
  replyKey: 'github:acme/kernel#12',
};

const slackEvent = (
  key: string,
  replies: OutboxItemInput[] = [],
  extra: Partial<EventInput> = {},
): EventInput => ({
  source: 'slack',
  key,
  now: T0,
  replies,
  ...extra,
});

const SLEEP_IN_ATOMIC = {
  signature: 'sleep-in-atomic:br_ioctl_call:5d1c9a0e',
  title: 'BUG: sleeping function called from invalid context in br_ioctl_call',
  kind: 'sleep-in-atomic',
  patterns: ['spinlock-gfp-kernel'],
};

const SCHED_ATOMIC = {
  signature: 'scheduling-while-atomic:br_dev_ioctl:0b7e44f2',
  title: 'BUG: scheduling while atomic in br_dev_ioctl',
  kind: 'scheduling-while-atomic',
  patterns: ['get-cpu-var-leak'],
};

const triage = (
  sourceKey: string,
  postedAt: Date,
  reports: TriageInput['reports'],
  scope = 'slack:T024BE7LD',
): TriageInput => ({
  scope,
  sourceKey,
  link: `https://acme.slack.com/archives/C024BE91L/p${postedAt.getTime()}`,
  postedAt,
  reports,
});

describe.each([sqlite, postgres])('$name store', (backend) => {
  let db: Database;
  let opened: Store[];

  const open = async (): Promise<Store> => {
    const store = await db.open();
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    db = await backend.fresh();
    opened = [];
  });

  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await db.drop();
  });

  it('reports its dialect', async () => {
    expect((await open()).dialect).toBe(backend.name);
  });

  describe('kept pastes', () => {
    it('returns a paste until its time runs out, and the sweep forgets it then', async () => {
      const store = await open();
      const hash = 'a'.repeat(64);
      await store.putPaste(hash, 'BUG: kernel NULL pointer dereference', new Date(T0.getTime() + HOUR));
      expect(await store.getPaste(hash, T0)).toBe('BUG: kernel NULL pointer dereference');
      expect(await store.getPaste('b'.repeat(64), T0)).toBeNull();
      expect(await store.getPaste(hash, new Date(T0.getTime() + HOUR))).toBeNull();
      expect(await store.sweep(T0)).toMatchObject({ pastesForgotten: 0 });
      await store.putPaste(hash, 'BUG: kernel NULL pointer dereference', new Date(T0.getTime() + 2 * HOUR));
      expect(await store.getPaste(hash, new Date(T0.getTime() + HOUR))).not.toBeNull();
      expect(await store.sweep(new Date(T0.getTime() + 2 * HOUR))).toMatchObject({ pastesForgotten: 1 });
    });
  });

  describe('events', () => {
    it('claims an event key once per source', async () => {
      const store = await open();
      expect(await store.recordEvent(slackEvent('Ev08MFMKH6'))).toBe(true);
      expect(await store.recordEvent(slackEvent('Ev08MFMKH6'))).toBe(false);
      expect(await store.recordEvent({ source: 'github', key: 'Ev08MFMKH6', now: T0, replies: [] })).toBe(
        true,
      );
    });

    it('lets exactly one of many concurrent deliveries through, across two replicas', async () => {
      const [a, b] = [await open(), await open()];
      const attempts = Array.from({ length: 16 }, (_, i) =>
        (i % 2 === 0 ? a : b).recordEvent(slackEvent('Ev0RETRIED', [slackReply(`reply from attempt ${i}`)])),
      );
      const results = await Promise.all(attempts);
      expect(results.filter(Boolean)).toHaveLength(1);
      const items = await a.claimOutbox({
        worker: 'w1',
        now: T0,
        leaseMs: 60 * SECOND,
        limit: 100,
        targets: BOTH,
      });
      expect(items).toHaveLength(1);
    });

    it('enqueues the replies in the same step, and none for a duplicate', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev1', [slackReply('triage note'), githubLabel]));
      await store.recordEvent(slackEvent('Ev1', [slackReply('triage note again')]));
      const items = await store.claimOutbox({
        worker: 'w1',
        now: T0,
        leaseMs: 60 * SECOND,
        limit: 10,
        targets: BOTH,
      });
      expect(items.map((i) => [i.target, i.action, i.payload])).toEqual([
        [
          'slack',
          'chat.postMessage',
          { channel: 'C024BE91L', thread_ts: '1741082400.000100', text: 'triage note' },
        ],
        [
          'github',
          'issues.addLabels',
          { owner: 'acme', repo: 'kernel', issue_number: 12, labels: ['sleep-in-atomic'] },
        ],
      ]);
      expect(items[0]).toMatchObject({
        state: 'pending',
        attempts: 1,
        createdAt: T0,
        leasedBy: 'w1',
        replyRef: null,
      });
    });

    it('claims only the targets the claiming replica can deliver', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev3', [slackReply('triage note'), githubLabel]));
      const github = await store.claimOutbox({
        worker: 'github-only',
        now: T0,
        leaseMs: 60 * SECOND,
        limit: 10,
        targets: ['github'],
      });
      expect(github.map((i) => i.target)).toEqual(['github']);
      const slack = await store.claimOutbox({
        worker: 'slack-too',
        now: T0,
        leaseMs: 60 * SECOND,
        limit: 10,
        targets: BOTH,
      });
      expect(slack.map((i) => i.target)).toEqual(['slack']);
    });

    it('leaves the event unclaimed when its replies cannot be written', async () => {
      const store = await open();
      const unwritable = {
        get text(): string {
          throw new Error('payload is not serialisable');
        },
      };
      await expect(
        store.recordEvent(
          slackEvent('Ev2', [
            slackReply('first'),
            { target: 'slack', action: 'chat.postMessage', payload: unwritable },
          ]),
        ),
      ).rejects.toThrow('payload is not serialisable');
      expect(await store.recordEvent(slackEvent('Ev2', [slackReply('second try')]))).toBe(true);
      const items = await store.claimOutbox({
        worker: 'w1',
        now: T0,
        leaseMs: 60 * SECOND,
        limit: 10,
        targets: BOTH,
      });
      expect(items.map((i) => i.payload)).toEqual([expect.objectContaining({ text: 'second try' })]);
    });

    it('forgets event keys after their TTL, so the table does not grow forever', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev3'));
      expect((await store.sweep(at(6 * 24 * HOUR))).eventsForgotten).toBe(0);
      expect((await store.sweep(at(7 * 24 * HOUR))).eventsForgotten).toBe(1);
      expect(await store.recordEvent(slackEvent('Ev3', [], { now: at(7 * 24 * HOUR) }))).toBe(true);
    });
  });

  describe('outbox', () => {
    const lease = { leaseMs: 60 * SECOND, limit: 10, targets: BOTH };

    it('gives each item to one worker when two replicas claim at once', async () => {
      const [a, b] = [await open(), await open()];
      for (let i = 0; i < 12; i++)
        await a.recordEvent(slackEvent(`Ev${i}`, [slackReply(`note ${i}`, `slack:C024BE91L:${i}`)]));
      const claimed: number[] = [];
      for (let round = 0; round < 6; round++) {
        const batches = await Promise.all([
          a.claimOutbox({ worker: 'replica-a', now: T0, leaseMs: 60 * SECOND, limit: 2, targets: BOTH }),
          b.claimOutbox({ worker: 'replica-b', now: T0, leaseMs: 60 * SECOND, limit: 2, targets: BOTH }),
        ]);
        claimed.push(...batches.flat().map((i) => i.id));
      }
      expect(claimed).toHaveLength(12);
      expect(new Set(claimed).size).toBe(12);
    });

    it('hands a killed worker’s item to another once the lease runs out', async () => {
      const [a, b] = [await open(), await open()];
      await a.recordEvent(slackEvent('Ev1', [slackReply('note')]));
      const [held] = await a.claimOutbox({ worker: 'replica-a', now: T0, ...lease });
      expect(held?.leaseUntil).toEqual(at(60 * SECOND));
      expect(await b.claimOutbox({ worker: 'replica-b', now: at(59 * SECOND), ...lease })).toEqual([]);
      const [taken] = await b.claimOutbox({ worker: 'replica-b', now: at(60 * SECOND), ...lease });
      expect(taken).toMatchObject({ id: held?.id, attempts: 2, leasedBy: 'replica-b' });
      // Replica A wakes up late: its lease is gone, so it must not record anything.
      expect(await a.completeOutbox([{ id: taken!.id, worker: 'replica-a', now: at(61 * SECOND) }])).toEqual([
        false,
      ]);
      expect(
        await a.retryOutbox({ id: taken!.id, worker: 'replica-a', now: at(61 * SECOND), error: 'timeout' }),
      ).toEqual({
        outcome: 'lease_lost',
      });
      expect(await b.completeOutbox([{ id: taken!.id, worker: 'replica-b', now: at(62 * SECOND) }])).toEqual([
        true,
      ]);
      expect(await b.claimOutbox({ worker: 'replica-b', now: at(10 * HOUR), ...lease })).toEqual([]);
    });

    it('retries with doubling backoff, or exactly when Retry-After says', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev1', [slackReply('note')]));
      const [item] = await store.claimOutbox({ worker: 'w1', now: T0, ...lease });
      const first = await store.retryOutbox({
        id: item!.id,
        worker: 'w1',
        now: at(SECOND),
        error: 'ratelimited',
      });
      expect(first).toEqual({ outcome: 'retry', nextAttemptAt: at(31 * SECOND) });
      expect(await store.claimOutbox({ worker: 'w1', now: at(30 * SECOND), ...lease })).toEqual([]);

      const [again] = await store.claimOutbox({ worker: 'w1', now: at(31 * SECOND), ...lease });
      expect(again).toMatchObject({ attempts: 2, lastError: 'ratelimited' });
      const second = await store.retryOutbox({
        id: item!.id,
        worker: 'w1',
        now: at(32 * SECOND),
        error: 'ratelimited',
      });
      expect(second).toEqual({ outcome: 'retry', nextAttemptAt: at(92 * SECOND) });

      await store.claimOutbox({ worker: 'w1', now: at(92 * SECOND), ...lease });
      const third = await store.retryOutbox({
        id: item!.id,
        worker: 'w1',
        now: at(93 * SECOND),
        error: 'ratelimited',
        retryAfterMs: 600 * SECOND,
      });
      expect(third).toEqual({ outcome: 'retry', nextAttemptAt: at(693 * SECOND) });

      await store.claimOutbox({ worker: 'w1', now: at(693 * SECOND), ...lease });
      const limited = await store.retryOutbox({
        id: item!.id,
        worker: 'w1',
        now: at(694 * SECOND),
        error: 'ratelimited',
        retryAfterMs: SECOND,
      });
      expect(limited).toEqual({ outcome: 'retry', nextAttemptAt: at(695 * SECOND) });
    });

    it('gives up once the next attempt would fall past 24 hours, and counts it', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev1', [slackReply('note')]));
      const late = at(OUTBOX_GIVE_UP_MS - 10 * SECOND);
      const [item] = await store.claimOutbox({ worker: 'w1', now: late, ...lease });
      expect(
        await store.retryOutbox({ id: item!.id, worker: 'w1', now: late, error: 'invalid_auth' }),
      ).toEqual({
        outcome: 'given_up',
      });
      expect(await store.claimOutbox({ worker: 'w1', now: at(2 * OUTBOX_GIVE_UP_MS), ...lease })).toEqual([]);
      expect(await store.outboxStats(late)).toMatchObject({ pending: 0, leased: 0, givenUp: 1 });
    });

    it('gives up at once on an error retrying cannot fix', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev1', [slackReply('note')]));
      const [item] = await store.claimOutbox({ worker: 'w1', now: T0, ...lease });
      expect(
        await store.giveUpOutbox({ id: item!.id, worker: 'w2', now: T0, error: 'channel_not_found' }),
      ).toBe(false);
      expect(
        await store.giveUpOutbox({ id: item!.id, worker: 'w1', now: T0, error: 'channel_not_found' }),
      ).toBe(true);
      expect(await store.outboxStats(T0)).toMatchObject({ pending: 0, givenUp: 1 });
    });

    it('gives up items nobody delivered within 24 hours, and forgets finished ones after a week', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev1', [slackReply('keeps failing', 'slack:C1:1')]));
      await store.recordEvent(slackEvent('Ev2', [slackReply('sent', 'slack:C1:2')], { now: at(HOUR) }));
      const [failing, sent] = await store.claimOutbox({
        worker: 'w1',
        now: at(HOUR),
        leaseMs: 60 * SECOND,
        limit: 10,
        targets: BOTH,
      });
      await store.retryOutbox({ id: failing!.id, worker: 'w1', now: at(HOUR), error: 'ratelimited' });
      await store.completeOutbox([{ id: sent!.id, worker: 'w1', now: at(HOUR) }]);
      expect(await store.sweep(at(OUTBOX_GIVE_UP_MS))).toMatchObject({ givenUp: 1, outboxForgotten: 0 });
      expect(await store.outboxStats(at(OUTBOX_GIVE_UP_MS))).toMatchObject({ pending: 0, givenUp: 1 });
      expect(await store.sweep(at(OUTBOX_GIVE_UP_MS + 7 * 24 * HOUR))).toMatchObject({ outboxForgotten: 2 });
      expect(await store.outboxStats(at(OUTBOX_GIVE_UP_MS + 7 * 24 * HOUR))).toMatchObject({ givenUp: 0 });
    });

    it('counts pending, leased and failed items and the oldest waiting', async () => {
      const store = await open();
      expect(await store.outboxStats(T0)).toEqual({
        pending: 0,
        leased: 0,
        failed: 0,
        givenUp: 0,
        oldestPendingAt: null,
      });
      await store.recordEvent(
        slackEvent('Ev1', [slackReply('a', 'slack:C1:1'), slackReply('b', 'slack:C1:2')]),
      );
      await store.recordEvent(slackEvent('Ev2', [slackReply('c', 'slack:C1:3')], { now: at(SECOND) }));
      const [first] = await store.claimOutbox({
        worker: 'w1',
        now: at(SECOND),
        leaseMs: 60 * SECOND,
        limit: 2,
        targets: BOTH,
      });
      await store.retryOutbox({ id: first!.id, worker: 'w1', now: at(2 * SECOND), error: 'HttpError: 502' });
      expect(await store.outboxStats(at(2 * SECOND))).toEqual({
        pending: 2,
        leased: 1,
        failed: 1,
        givenUp: 0,
        oldestPendingAt: T0,
      });
    });

    it('delivers one source message’s replies in order and hands the update our reply’s ref', async () => {
      const store = await open();
      const key = 'slack:C024BE91L:1741082400.000100';
      await store.recordEvent(slackEvent('Ev1', [slackReply('first note', key)]));
      await store.recordEvent(
        slackEvent('Ev2', [
          {
            target: 'slack',
            action: 'chat.update',
            payload: { channel: 'C024BE91L', text: 'edited note' },
            replyKey: key,
          },
        ]),
      );
      const [post, ...rest] = await store.claimOutbox({ worker: 'w1', now: T0, ...lease });
      expect(post?.action).toBe('chat.postMessage');
      expect(rest).toEqual([]);
      expect(
        await store.completeOutbox([{ id: post!.id, worker: 'w1', now: T0, ref: '1741082401.000200' }]),
      ).toEqual([true]);
      expect(await store.getReplyRef(key)).toBe('1741082401.000200');
      const [update] = await store.claimOutbox({ worker: 'w1', now: T0, ...lease });
      expect(update).toMatchObject({ action: 'chat.update', replyRef: '1741082401.000200' });
    });

    it('keeps pending items and claimed events across a restart', async () => {
      const before = await open();
      await before.recordEvent(slackEvent('Ev1', [slackReply('note'), githubLabel]));
      const [held] = await before.claimOutbox({
        worker: 'old-pid',
        now: T0,
        leaseMs: 60 * SECOND,
        limit: 1,
        targets: BOTH,
      });
      await before.close();

      const after = await open();
      expect(await after.recordEvent(slackEvent('Ev1', [slackReply('note')]))).toBe(false);
      const items = await after.claimOutbox({ worker: 'new-pid', now: at(60 * SECOND), ...lease });
      expect(items.map((i) => [i.id, i.action])).toEqual([
        [held!.id, 'chat.postMessage'],
        [held!.id + 1, 'issues.addLabels'],
      ]);
    });
  });

  describe('triage history', () => {
    it('finds earlier reports in the same scope by signature or by title', async () => {
      const store = await open();
      const record = (key: string, postedAt: Date, reports: TriageInput['reports'], scope?: string) =>
        store.recordEvent(
          slackEvent(key, [], {
            now: postedAt,
            triage: triage(`slack:C024BE91L:${key}`, postedAt, reports, scope),
          }),
        );
      await record('1', at(0), [SLEEP_IN_ATOMIC]);
      await record('2', at(HOUR), [
        { ...SLEEP_IN_ATOMIC, signature: 'sleep-in-atomic:br_ioctl_call:ffff0000' },
      ]);
      await record('3', at(2 * HOUR), [{ ...SCHED_ATOMIC, signature: SLEEP_IN_ATOMIC.signature }]);
      await record('4', at(3 * HOUR), [SCHED_ATOMIC]);
      await record('5', at(HOUR), [SLEEP_IN_ATOMIC], 'slack:T0OTHERWS');
      await record('6', at(5 * HOUR), [SLEEP_IN_ATOMIC]);

      const similar = await store.findSimilar({
        scope: 'slack:T024BE7LD',
        signature: SLEEP_IN_ATOMIC.signature,
        title: SLEEP_IN_ATOMIC.title,
        before: at(4 * HOUR),
        limit: 10,
      });
      expect(similar.map((t) => t.sourceKey)).toEqual([
        'slack:C024BE91L:3',
        'slack:C024BE91L:2',
        'slack:C024BE91L:1',
      ]);
      expect(similar[2]).toEqual({
        scope: 'slack:T024BE7LD',
        sourceKey: 'slack:C024BE91L:1',
        link: `https://acme.slack.com/archives/C024BE91L/p${T0.getTime()}`,
        postedAt: T0,
        ...SLEEP_IN_ATOMIC,
      });
      const limited = await store.findSimilar({
        scope: 'slack:T024BE7LD',
        signature: SLEEP_IN_ATOMIC.signature,
        title: SLEEP_IN_ATOMIC.title,
        before: at(4 * HOUR),
        excludeSourceKey: 'slack:C024BE91L:3',
        limit: 1,
      });
      expect(limited.map((t) => t.sourceKey)).toEqual(['slack:C024BE91L:2']);
    });

    it('replaces a message’s rows when its paste is edited, and lists the latest first', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev1', [], { triage: triage('slack:C1:1', T0, [SLEEP_IN_ATOMIC]) }));
      await store.recordEvent(
        slackEvent('Ev2', [], { now: at(HOUR), triage: triage('slack:C1:2', at(HOUR), [SCHED_ATOMIC]) }),
      );
      await store.recordEvent(
        slackEvent('Ev3', [], {
          now: at(2 * HOUR),
          triage: triage('slack:C1:1', at(2 * HOUR), [SCHED_ATOMIC, SLEEP_IN_ATOMIC]),
        }),
      );
      expect((await store.triagesOf('slack:C1:1')).map((t) => t.kind)).toEqual([
        'scheduling-while-atomic',
        'sleep-in-atomic',
      ]);
      const latest = await store.latestTriages('slack:T024BE7LD', 2);
      expect(latest.map((t) => [t.sourceKey, t.postedAt])).toEqual([
        ['slack:C1:1', at(2 * HOUR)],
        ['slack:C1:1', at(2 * HOUR)],
      ]);
      expect((await store.latestTriages('slack:T024BE7LD', 10)).map((t) => t.sourceKey)).toContain(
        'slack:C1:2',
      );
      expect(await store.latestTriages('github:acme/kernel', 10)).toEqual([]);
    });

    it('lists the triages of every scope since a time, newest first, for the trends page', async () => {
      const store = await open();
      await store.recordEvent(slackEvent('Ev1', [], { triage: triage('slack:C1:1', T0, [SLEEP_IN_ATOMIC]) }));
      await store.recordEvent(
        slackEvent('Ev2', [], { now: at(HOUR), triage: triage('slack:C1:2', at(HOUR), [SCHED_ATOMIC]) }),
      );
      await store.recordEvent(
        slackEvent('Ev3', [], {
          now: at(2 * HOUR),
          triage: triage('slack:C1:3', at(2 * HOUR), [SLEEP_IN_ATOMIC]),
        }),
      );
      const since = await store.recentTriages({ since: at(HOUR), limit: 10 });
      expect(since.map((t) => [t.sourceKey, t.kind])).toEqual([
        ['slack:C1:3', 'sleep-in-atomic'],
        ['slack:C1:2', 'scheduling-while-atomic'],
      ]);
      expect((await store.recentTriages({ since: T0, limit: 1 })).map((t) => t.sourceKey)).toEqual([
        'slack:C1:3',
      ]);
    });
  });

  it('records one vote per user, message and pattern', async () => {
    const store = await open();
    const vote = { sourceKey: 'slack:C1:1', pattern: 'spinlock-gfp-kernel', now: T0 };
    await store.recordFeedback({ ...vote, user: 'U1', vote: 'up' });
    await store.recordFeedback({ ...vote, user: 'U2', vote: 'up' });
    await store.recordFeedback({ ...vote, user: 'U2', vote: 'down' });
    await store.recordFeedback({ ...vote, sourceKey: 'slack:C1:2', user: 'U2', vote: 'up' });
    expect(await store.feedbackTally('spinlock-gfp-kernel')).toEqual({ up: 2, down: 1 });
    expect(await store.feedbackTally('get-cpu-var-leak')).toEqual({ up: 0, down: 0 });
  });

  it('remembers poller cursors', async () => {
    const store = await open();
    const key = 'github:acme/kernel:issues';
    expect(await store.getCursor(key)).toBeNull();
    await store.setCursor(key, '{"since":"2025-03-04T09:00:00Z","etag":"W/\\"a1\\""}', T0);
    await store.setCursor(key, '{"since":"2025-03-04T10:00:00Z","etag":"W/\\"b2\\""}', at(SECOND));
    expect(await store.getCursor(key)).toBe('{"since":"2025-03-04T10:00:00Z","etag":"W/\\"b2\\""}');
  });

  describe('leases', () => {
    const key = 'github:poll:torvalds-fans/sensor-driver';
    const lease = (holder: string, ms: number) => ({ key, holder, now: at(ms), ttlMs: 30 * SECOND });

    it('gives a lease to one of two replicas asking at once, and never to both', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      for (let round = 0; round < 5; round++) {
        const taken = await Promise.all([
          a.tryLease(lease('replica-a', round)),
          b.tryLease(lease('replica-b', round)),
        ]);
        expect(taken.filter(Boolean)).toHaveLength(1);
      }
      // Another key is another lease.
      expect(await b.tryLease({ ...lease('replica-b', 0), key: 'github:poll:acme/kernel' })).toBe(true);
    });

    it('keeps the lease while its holder renews it, and hands it over once it runs out', async () => {
      const store = await open();
      expect(await store.tryLease(lease('replica-a', 0))).toBe(true);
      expect(await store.tryLease(lease('replica-b', 10 * SECOND))).toBe(false);
      expect(await store.tryLease(lease('replica-a', 20 * SECOND))).toBe(true);
      // Without the renewal it would have run out at 30 s; now it holds until 50 s.
      expect(await store.tryLease(lease('replica-b', 40 * SECOND))).toBe(false);
      expect(await store.tryLease(lease('replica-b', 50 * SECOND))).toBe(true);
      expect(await store.tryLease(lease('replica-a', 55 * SECOND))).toBe(false);
    });

    it('frees the lease at once when its holder releases it, and only then', async () => {
      const store = await open();
      expect(await store.tryLease(lease('replica-a', 0))).toBe(true);
      await store.releaseLease({ key, holder: 'replica-b' });
      expect(await store.tryLease(lease('replica-b', SECOND))).toBe(false);
      await store.releaseLease({ key, holder: 'replica-a' });
      expect(await store.tryLease(lease('replica-b', 2 * SECOND))).toBe(true);
    });
  });

  it('remembers our reply per source message, both ways', async () => {
    const store = await open();
    await store.setReplyRef('github:acme/kernel#12', '2409881234', T0);
    await store.setReplyRef('slack:C024BE91L:1741082400.000100', 'C024BE91L:1741082401.000200', T0);
    expect(await store.getReplyRef('github:acme/kernel#12')).toBe('2409881234');
    expect(await store.getReplyRef('github:acme/kernel#13')).toBeNull();
    expect(await store.findReplySource('C024BE91L:1741082401.000200')).toBe(
      'slack:C024BE91L:1741082400.000100',
    );
    expect(await store.findReplySource('C024BE91L:0')).toBeNull();
  });

  it('opens an already migrated database, also from two replicas at once', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await a.recordEvent(slackEvent('Ev1'));
    const c = await open();
    expect(await c.recordEvent(slackEvent('Ev1'))).toBe(false);
    expect(await b.recordEvent(slackEvent('Ev1'))).toBe(false);
  });

  it('fails ping once closed', async () => {
    const store = await open();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
    await expect(store.recordEvent(slackEvent('Ev1'))).rejects.toThrow();
  });
});

describe('postgres store when the server drops its connections', () => {
  it('reports the loss and reconnects instead of crashing', async () => {
    const { schema, databaseUrl, drop } = await freshSchema();
    const errors: Error[] = [];
    const store = await openStore({
      databaseUrl,
      sqlitePath: '/unused',
      now: T0,
      onError: (e) => errors.push(e),
    });
    try {
      await store.ping();
      await admin?.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [schema],
      );
      await expect.poll(() => errors.length).toBeGreaterThan(0);
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await store.close();
      await drop();
    }
  });

  it('rejects, not crashes, when the server is unreachable', async () => {
    await expect(
      openStore({
        databaseUrl: 'postgres://postgres@127.0.0.1:1/test',
        sqlitePath: '/unused',
        now: T0,
        onError: ignore,
      }),
    ).rejects.toThrow();
  });
});
