import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log/logger.js';
import type { Adapter, DeliveryResult } from '../src/server/adapter.js';
import { Metrics } from '../src/server/metrics.js';
import { OutboxWorker } from '../src/server/outbox-worker.js';
import { openStore } from '../src/store/open-store.js';
import type { OutboxItem, OutboxItemInput, ReplyTarget, Store } from '../src/store/store.js';
import { LogSink } from './support/log-sink.js';
import { postgresBehindProxy } from './support/postgres.js';

const T0 = new Date('2025-03-04T10:00:00Z');
const SECOND = 1000;
const HOUR = 3600 * SECOND;

const slackReply: OutboxItemInput = {
  target: 'slack',
  action: 'chat.postMessage',
  payload: {
    channel: 'C024BE91L',
    thread_ts: '1741082400.000100',
    text: 'BUG: scheduling while atomic: brctl/3988',
  },
  replyKey: 'slack:C024BE91L:1741082400.000100',
};

/** An adapter whose deliveries answer, in turn, the results given; the last one repeats. */
class ScriptedAdapter implements Pick<Adapter, 'deliver'> {
  readonly calls: OutboxItem[] = [];
  readonly signals: AbortSignal[] = [];

  constructor(
    private readonly results: (DeliveryResult | Error | ((signal: AbortSignal) => Promise<DeliveryResult>))[],
  ) {}

  async deliver(item: OutboxItem, signal: AbortSignal): Promise<DeliveryResult> {
    this.calls.push(item);
    this.signals.push(signal);
    const next = this.results[Math.min(this.calls.length - 1, this.results.length - 1)];
    if (next === undefined) throw new Error('no scripted result');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next(signal);
    return next;
  }
}

/** A reply in another thread of the channel: another source message, so not ordered after `slackReply`. */
const replyInThread = (ts: string): OutboxItemInput => ({
  ...slackReply,
  payload: {
    channel: 'C024BE91L',
    thread_ts: ts,
    text: 'BUG: sleeping function called from invalid context at mm/slab.h:494',
  },
  replyKey: `slack:C024BE91L:${ts}`,
});

/** A delivery that takes until `finish` is called, as a call waiting out a platform's rate limit does. */
function heldDelivery(result: DeliveryResult): {
  deliver: () => Promise<DeliveryResult>;
  finish: () => void;
} {
  let finish = (): void => undefined;
  const answer = new Promise<DeliveryResult>((resolve) => {
    finish = () => resolve(result);
  });
  return { deliver: () => answer, finish: () => finish() };
}

const rateLimited: DeliveryResult = {
  ok: false,
  retryable: true,
  error: 'ratelimited (HTTP 429)',
  retryAfterMs: 45 * SECOND,
};
const delivered: DeliveryResult = { ok: true, ref: '1741082405.000200' };

let dir: string;
let store: Store;
let log: LogSink;
let metrics: Metrics;
let clock: Date;
let workers: OutboxWorker[];

const TARGETS: readonly ReplyTarget[] = ['slack', 'github'];

function startWorker(
  adapters: Partial<Record<ReplyTarget, Pick<Adapter, 'deliver'>>>,
  overrides: { store?: Store; leaseMs?: number; pollMs?: number; batchSize?: number } = {},
): OutboxWorker {
  const worker = new OutboxWorker({
    store: overrides.store ?? store,
    adapters: new Map(TARGETS.flatMap((t) => (adapters[t] ? [[t, adapters[t]] as const] : []))),
    log: createLogger({ level: 'debug', format: 'json', destination: log }),
    metrics,
    id: `test-host:${process.pid}:${workers.length}`,
    pollMs: overrides.pollMs ?? 10,
    leaseMs: overrides.leaseMs ?? 60 * SECOND,
    batchSize: overrides.batchSize ?? 10,
    maxBackoffMs: 100,
    now: () => clock,
  });
  workers.push(worker);
  worker.start();
  return worker;
}

async function metric(name: string): Promise<string> {
  return (await metrics.registry.getSingleMetricAsString(name))
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-outbox-'));
  store = await openStore({ sqlitePath: join(dir, 'ktriage.db'), now: T0, onError: () => undefined });
  log = new LogSink();
  metrics = new Metrics();
  clock = T0;
  workers = [];
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop(Date.now() + 1000)));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const enqueue = (
  key: string,
  replies: OutboxItemInput[] = [slackReply],
  s: Store = store,
): Promise<boolean> => s.recordEvent({ source: 'slack', key, now: clock, replies });

describe('outbox worker', () => {
  it('retries a retryable failure with backoff, then delivers and remembers the reply', async () => {
    const slack = new ScriptedAdapter([
      rateLimited,
      { ok: false, retryable: true, error: 'fetch failed' },
      delivered,
    ]);
    await enqueue('Ev08MFMKH6');
    startWorker({ slack });

    await expect.poll(() => slack.calls.length).toBe(1);
    await expect.poll(() => log.messages()).toContain('reply delivery failed; will retry');
    // The store schedules the next attempt after Retry-After (45 s), longer than the first backoff (30 s).
    clock = new Date(T0.getTime() + 44 * SECOND);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slack.calls).toHaveLength(1);

    clock = new Date(T0.getTime() + 45 * SECOND);
    await expect.poll(() => slack.calls.length).toBe(2);
    clock = new Date(clock.getTime() + 60 * SECOND);
    await expect.poll(() => slack.calls.length).toBe(3);

    await expect.poll(() => store.getReplyRef('slack:C024BE91L:1741082400.000100')).toBe('1741082405.000200');
    expect(slack.calls.map((c) => c.attempts)).toEqual([1, 2, 3]);
    expect(await store.outboxStats(clock)).toMatchObject({ pending: 0, leased: 0, failed: 0, givenUp: 0 });
    expect(await metric('ktriage_outbox_failed_total')).toBe('ktriage_outbox_failed_total{target="slack"} 2');
    expect(await metric('ktriage_outbox_retried_total')).toBe(
      'ktriage_outbox_retried_total{target="slack"} 2',
    );
    expect(await metric('ktriage_outbox_delivered_total')).toBe(
      'ktriage_outbox_delivered_total{target="slack"} 1',
    );
  });

  it('gives up at once on an error retrying cannot fix, and says so in logs and metrics', async () => {
    const slack = new ScriptedAdapter([{ ok: false, retryable: false, error: 'channel_not_found' }]);
    await enqueue('Ev08MFMKH6');
    startWorker({ slack });

    await expect.poll(() => log.messages()).toContain('reply given up: the error is permanent');
    expect(log.records().find((r) => r.msg.startsWith('reply given up'))).toMatchObject({
      level: 50,
      target: 'slack',
      action: 'chat.postMessage',
      replyKey: 'slack:C024BE91L:1741082400.000100',
      attempts: 1,
      error: 'channel_not_found',
    });
    expect(await store.outboxStats(clock)).toMatchObject({ pending: 0, givenUp: 1 });
    expect(await metric('ktriage_outbox_given_up_total')).toBe(
      'ktriage_outbox_given_up_total{target="slack"} 1',
    );
    expect(slack.calls).toHaveLength(1);
  });

  it('gives up a reply still failing past the 24 h give-up age', async () => {
    const slack = new ScriptedAdapter([
      { ok: false, retryable: true, error: 'service_unavailable (HTTP 503)' },
    ]);
    await enqueue('Ev08MFMKH6');
    startWorker({ slack });
    await expect.poll(() => slack.calls.length).toBe(1);
    await expect.poll(() => log.messages()).toContain('reply delivery failed; will retry');

    clock = new Date(T0.getTime() + 23.99 * HOUR);
    await expect
      .poll(() => log.messages())
      .toContain('reply given up: still failing 24 h after it was queued');
    expect(await store.outboxStats(clock)).toMatchObject({ pending: 0, givenUp: 1 });
    expect(await metric('ktriage_outbox_given_up_total')).toBe(
      'ktriage_outbox_given_up_total{target="slack"} 1',
    );
  });

  it('counts a throwing adapter as a retryable failure, and leaves items no local adapter delivers to other replicas', async () => {
    const github = new ScriptedAdapter([new Error('getaddrinfo ENOTFOUND api.github.com'), delivered]);
    await enqueue('Ev1', [
      slackReply,
      {
        target: 'github',
        action: 'issues.createComment',
        payload: { body: 'note' },
        replyKey: 'github:acme/kernel#12',
      },
    ]);
    startWorker({ github });
    await expect
      .poll(() => log.records().filter((r) => r.msg === 'reply delivery failed; will retry').length)
      .toBe(1);
    expect(
      log
        .records()
        .map((r) => r.error)
        .filter((e) => e !== undefined),
    ).toEqual(['getaddrinfo ENOTFOUND api.github.com']);
    clock = new Date(T0.getTime() + 31 * SECOND);
    await expect.poll(() => store.getReplyRef('github:acme/kernel#12')).toBe('1741082405.000200');
    expect(await store.outboxStats(clock)).toMatchObject({ pending: 1, leased: 0, failed: 0 });
  });

  it('claims at once when poked, instead of after the poll interval', async () => {
    const slack = new ScriptedAdapter([delivered]);
    const worker = startWorker({ slack }, { pollMs: 60 * SECOND });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await enqueue('Ev08MFMKH6');
    worker.poke();
    await expect.poll(() => slack.calls.length).toBe(1);
  });

  it('delivers an unrelated reply while a slow one is in flight, and the slow one’s update after it', async () => {
    const slow = heldDelivery({ ok: true, ref: '1741082405.000200' });
    const slack = new ScriptedAdapter([
      slow.deliver,
      { ok: true, ref: '1741082466.000300' },
      { ok: true, ref: '1741082405.000200' },
    ]);
    await enqueue('Ev08MFMKH6');
    const worker = startWorker({ slack }, { pollMs: 60 * SECOND });
    await expect.poll(() => slack.calls.length).toBe(1);

    await enqueue('Ev08MFMKH7', [
      {
        ...slackReply,
        action: 'chat.update',
        payload: { channel: 'C024BE91L', ts: '1741082405.000200', text: 'edited' },
      },
      replyInThread('1741082460.000100'),
    ]);
    worker.poke();
    await expect.poll(() => store.getReplyRef('slack:C024BE91L:1741082460.000100')).toBe('1741082466.000300');
    // The update of the slow reply waits for it: an update never overtakes its post.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slack.calls.map((c) => c.action)).toEqual(['chat.postMessage', 'chat.postMessage']);

    slow.finish();
    await expect
      .poll(() => slack.calls.map((c) => c.action))
      .toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update']);
    expect(slack.calls[2]?.replyRef).toBe('1741082405.000200');
    await expect.poll(() => store.outboxStats(clock)).toMatchObject({ pending: 0, leased: 0 });
  });

  it('keeps at most batchSize deliveries in flight, and claims another as one ends', async () => {
    const deliveries = [0, 1, 2].map(() => heldDelivery(delivered));
    const slack = new ScriptedAdapter(deliveries.map((d) => d.deliver));
    await enqueue('Ev1', ['1741082400.000100', '1741082401.000100', '1741082402.000100'].map(replyInThread));
    startWorker({ slack }, { batchSize: 2, pollMs: 60 * SECOND });
    await expect.poll(() => slack.calls.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slack.calls).toHaveLength(2);

    deliveries[1]?.finish();
    await expect.poll(() => slack.calls.length).toBe(3);
    expect(await store.outboxStats(clock)).toMatchObject({ pending: 0, leased: 2 });
    for (const d of deliveries) d.finish();
    await expect.poll(() => store.outboxStats(clock)).toMatchObject({ pending: 0, leased: 0 });
  });

  it('records deliveries that end together in one store write, and claims their successors in one', async () => {
    const deliveries = Array.from({ length: 8 }, () => heldDelivery(delivered));
    const slack = new ScriptedAdapter([...deliveries.map((d) => d.deliver), delivered]);
    const threads = Array.from({ length: 16 }, (_, i) => `17410824${String(i).padStart(2, '0')}.000100`);
    await enqueue('Ev1', threads.map(replyInThread));
    const writes: number[] = [];
    const claims: number[] = [];
    const counted: Store = Object.assign(Object.create(store) as Store, {
      completeOutbox: (done: Parameters<Store['completeOutbox']>[0]) => {
        writes.push(done.length);
        return store.completeOutbox(done);
      },
      claimOutbox: async (claim: Parameters<Store['claimOutbox']>[0]) => {
        const items = await store.claimOutbox(claim);
        claims.push(items.length);
        return items;
      },
    });
    startWorker({ slack }, { store: counted, batchSize: 8, pollMs: 60 * SECOND });
    await expect.poll(() => slack.calls.length).toBe(8);
    for (const d of deliveries) d.finish();
    await expect.poll(() => slack.calls.length).toBe(16);
    await expect.poll(() => store.outboxStats(clock)).toMatchObject({ pending: 0, leased: 0 });
    // One commit per delivery capped a SQLite drain at a few hundred replies a second.
    expect(writes[0]).toBe(8);
    expect(claims.slice(0, 2)).toEqual([8, 8]);
  });

  it('on stop, waits for every delivery in flight, however it was claimed', async () => {
    const first = heldDelivery(delivered);
    const second = heldDelivery({ ok: true, ref: '1741082466.000300' });
    const slack = new ScriptedAdapter([first.deliver, second.deliver]);
    await enqueue('Ev08MFMKH6');
    const worker = startWorker({ slack });
    await expect.poll(() => slack.calls.length).toBe(1);
    await enqueue('Ev08MFMKH7', [replyInThread('1741082460.000100')]);
    worker.poke();
    await expect.poll(() => slack.calls.length).toBe(2);

    let stoppedYet = false;
    const stopped = worker.stop(Date.now() + 5000).then((finished) => {
      stoppedYet = true;
      return finished;
    });
    await enqueue('Ev08MFMKH8', [replyInThread('1741082470.000100')]);
    worker.poke();
    first.finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stoppedYet).toBe(false);
    second.finish();
    expect(await stopped).toBe(true);
    expect(await store.getReplyRef('slack:C024BE91L:1741082400.000100')).toBe('1741082405.000200');
    expect(await store.getReplyRef('slack:C024BE91L:1741082460.000100')).toBe('1741082466.000300');
    // Nothing new is claimed while draining.
    expect(slack.calls).toHaveLength(2);
    expect(await store.outboxStats(clock)).toMatchObject({ pending: 1, leased: 0 });
  });

  it('on stop, lets a delivery in flight finish and records it', async () => {
    let finish = (): void => undefined;
    const slack = new ScriptedAdapter([
      () =>
        new Promise<DeliveryResult>((resolve) => {
          finish = () => resolve(delivered);
        }),
    ]);
    await enqueue('Ev08MFMKH6');
    const worker = startWorker({ slack });
    await expect.poll(() => slack.calls.length).toBe(1);

    const stopped = worker.stop(Date.now() + 5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    finish();
    expect(await stopped).toBe(true);
    expect(await store.getReplyRef('slack:C024BE91L:1741082400.000100')).toBe('1741082405.000200');
    expect(slack.signals[0]?.aborted).toBe(false);
  });

  it('on stop past the deadline, aborts the delivery and leaves it for a later attempt', async () => {
    const slack = new ScriptedAdapter([
      (signal) =>
        new Promise<DeliveryResult>((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('The operation was aborted')));
        }),
    ]);
    await enqueue('Ev08MFMKH6');
    const worker = startWorker({ slack });
    await expect.poll(() => slack.calls.length).toBe(1);

    expect(await worker.stop(Date.now() + 50)).toBe(false);
    expect(slack.signals[0]?.aborted).toBe(true);
    expect(await store.outboxStats(clock)).toMatchObject({ pending: 1, leased: 0, failed: 1 });
    expect(log.records().find((r) => r.msg === 'reply delivery failed; will retry')).toMatchObject({
      error: 'delivery cut short by shutdown',
    });
  });

  it('stops waiting on a delivery that outlives most of its lease', async () => {
    const slack = new ScriptedAdapter([() => new Promise<DeliveryResult>(() => undefined), delivered]);
    await enqueue('Ev08MFMKH6');
    startWorker({ slack }, { leaseMs: 100 });
    await expect
      .poll(() => log.records().find((r) => r.msg === 'reply delivery failed; will retry')?.error)
      .toBe('delivery took longer than 80 ms');
    expect(slack.signals[0]?.aborted).toBe(true);
  });
});

describe('outbox worker on PostgreSQL that goes away', () => {
  const postgres = postgresBehindProxy();
  let pgStore: Store | undefined;

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop(Date.now() + 1000)));
    await pgStore?.close();
  });

  it('waits while the store is unreachable, then delivers what was queued', async () => {
    const { databaseUrl, proxy } = await postgres.fresh();
    pgStore = await openStore({ databaseUrl, sqlitePath: '', now: T0, onError: () => undefined });
    await enqueue('Ev08MFMKH6', [slackReply], pgStore);

    await proxy.cut();
    const slack = new ScriptedAdapter([delivered]);
    startWorker({ slack }, { store: pgStore });
    await expect.poll(() => log.messages()).toContain('store unreachable: outbox delivery waits');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls).toHaveLength(0);
    expect(log.messages().filter((m) => m === 'store unreachable: outbox delivery waits')).toHaveLength(1);

    await proxy.restore();
    await expect.poll(() => slack.calls.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => log.messages()).toContain('store reachable again: outbox delivery resumes');
    await expect
      .poll(() => pgStore?.getReplyRef('slack:C024BE91L:1741082400.000100'))
      .toBe('1741082405.000200');
  });
});
