/**
 * Slack adapter latency: the time from an event's arrival (a signed Events API POST leaving the
 * client) to the `chat.postMessage` request reaching Slack, over 1,000 message events against a local
 * fake Web API, through the real service (HTTP server, Bolt, SQLite store, outbox worker). Also the
 * process's memory afterwards (the fake Slack and the load generator share the process: the figures
 * are an upper bound for the app). Run: `node --import tsx bench/slack-latency.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNEL, envelope, HUMAN, nextTs, slackEscape, startSlackStack } from '../test/slack-harness.js';
import { fmt, percentile } from './measure.js';

export interface SlackLatency {
  events: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  eventsPerSecond: number;
  rssMiB: number;
  heapUsedMiB: number;
}

function pastes(): string[] {
  const seeds = new URL('../test/fixtures/seeds/', import.meta.url);
  const files = readdirSync(seeds).map((f) => readFileSync(new URL(f, seeds), 'utf8'));
  return [
    readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8'),
    ...files,
  ].map(slackEscape);
}

/**
 * `concurrency` events are kept in flight: 1 measures the path itself, more measures queueing under a
 * burst. The outbox polls at its default 1 s: replies leave because the adapter wakes the worker.
 */
export async function run({ events = 1_000, concurrency = 1 } = {}): Promise<SlackLatency> {
  const stack = await startSlackStack({ env: { LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '1000' } });
  try {
    const texts = pastes();
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let resolveAll: () => void = () => undefined;
    const allAnswered = new Promise<void>((resolve) => {
      resolveAll = resolve;
    });
    stack.fake.onCall((call) => {
      if (call.method !== 'chat.postMessage') return;
      const sent = sentAt.get(String(call.body.thread_ts));
      if (sent === undefined) return;
      latencies.push(call.at - sent);
      if (latencies.length === events) resolveAll();
    });

    const started = performance.now();
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < events) {
        const i = next++;
        const ts = nextTs();
        const body = envelope({
          type: 'message',
          channel: CHANNEL,
          user: HUMAN,
          text: texts[i % texts.length],
          ts,
          event_ts: ts,
          channel_type: 'channel',
        });
        sentAt.set(ts, performance.now());
        const res = await stack.postEvent(body);
        if (res.status !== 200) throw new Error(`event ${i} answered ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, sender));
    const timeout = setTimeout(() => resolveAll(), 60_000);
    await allAnswered;
    clearTimeout(timeout);
    const seconds = (performance.now() - started) / 1000;
    if (latencies.length < events)
      throw new Error(`only ${latencies.length} of ${events} events were answered`);
    global.gc?.();
    const memory = process.memoryUsage();
    return {
      events,
      concurrency,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      eventsPerSecond: events / seconds,
      rssMiB: memory.rss / 2 ** 20,
      heapUsedMiB: memory.heapUsed / 2 ** 20,
    };
  } finally {
    await stack.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const concurrency of [1, 8]) {
    const r = await run({ concurrency });
    console.log(`slack: ${r.events} message events (pastes of 4-15 KB), ${r.concurrency} in flight`);
    console.log(
      `  arrival -> chat.postMessage  p50 ${fmt(r.p50Ms)} ms  p99 ${fmt(r.p99Ms)} ms  max ${fmt(r.maxMs)} ms`,
    );
    console.log(`  throughput ${fmt(r.eventsPerSecond, 0)} events/s`);
    console.log(
      `  memory after: RSS ${fmt(r.rssMiB)} MiB, heap used ${fmt(r.heapUsedMiB)} MiB (app + fake Slack + load generator)`,
    );
  }
}
