/**
 * Slack acknowledgements while `/api/triage` is saturated (issue 13, item 5): a real `ktriage serve`
 * process (the bundle, as shipped) with the Slack app on a local fake Web API; 64 API clients post
 * pastes back to back while a Slack event arrives every 100 ms, and each event's ack latency (signed
 * POST sent → response) is recorded. Run once with the pastes read on the thread that answers HTTP
 * (TRIAGE_WORKERS=0, as before the worker pool) and once on the default worker threads, in the same run.
 * The per-client limits are lifted (all clients share one address) and TRIAGE_CONCURRENCY lets all 64
 * in, so the API is the saturating load. The load generator and the fake Slack share the bench's
 * process, beside the service, on the same cores.
 * Run: `node --import tsx bench/ack-under-load.ts` (BENCH_SECONDS, default 20, per mode).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../scripts/bundle-cli.js';
import {
  BOT_TOKEN,
  FakeSlack,
  nextTs,
  pasteMessageEvent,
  postSlackEvent,
  SIGNING_SECRET,
} from '../test/slack-harness.js';
import { startServeProcess, stopServeProcess } from '../test/support/serve-process.js';
import { fmt, percentile } from './measure.js';

const API_CLIENTS = 64;
const EVENT_EVERY_MS = 100;

export interface AckUnderLoad {
  mode: string;
  seconds: number;
  events: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** Slack events not acknowledged with 200 within Slack's 3 s. */
  acksOver3s: number;
  apiAnswered: number;
  apiPerSecond: number;
  api429: number;
}

function pastes(): string[] {
  const seeds = new URL('../test/fixtures/seeds/', import.meta.url);
  return [
    readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8'),
    ...readdirSync(seeds).map((f) => readFileSync(new URL(f, seeds), 'utf8')),
  ];
}

export async function run(mode: string, env: Record<string, string>, seconds: number): Promise<AckUnderLoad> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-ack-bench-'));
  const slack = await FakeSlack.start();
  const p = await startServeProcess(mode, {
    KTRIAGE_DB: join(dir, 'ktriage.db'),
    // Info: the line saying where it listens is how the bench learns its address.
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    RATE_LIMIT_PER_MINUTE: '0',
    TRIAGE_CONCURRENCY: String(API_CLIENTS),
    ...env,
  });
  try {
    const texts = pastes();
    // One event answered first: what only a first event costs (the bot's identity) is not measured.
    await postSlackEvent(p.url, pasteMessageEvent(texts[0]!, nextTs()), 'application/json');
    await slack.waitFor('chat.postMessage', 1, 30_000);

    const until = performance.now() + seconds * 1000;
    let answered = 0;
    let refused = 0;
    let sent = 0;
    const client = async (): Promise<void> => {
      while (performance.now() < until) {
        // A paste of its own each time: the core keeps the last paste it parsed.
        const text = `paste ${sent++}\n${texts[sent % texts.length]!}`;
        const res = await fetch(`${p.url}/api/triage?format=json`, { method: 'POST', body: text });
        await res.arrayBuffer();
        if (res.status === 200) answered++;
        else if (res.status === 429) refused++;
        else throw new Error(`/api/triage answered ${res.status}`);
      }
    };
    const acks: number[] = [];
    const events = async (): Promise<void> => {
      // The API clients are let in first: events are measured against a saturated API only.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      while (performance.now() < until) {
        const ts = nextTs();
        const at = performance.now();
        const res = await postSlackEvent(
          p.url,
          pasteMessageEvent(texts[acks.length % texts.length]!, ts),
          'application/json',
        );
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`a Slack event answered ${res.status}`);
        const ms = performance.now() - at;
        acks.push(ms);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, EVENT_EVERY_MS - ms)));
      }
    };
    const started = performance.now();
    await Promise.all([...Array.from({ length: API_CLIENTS }, client), events()]);
    const took = (performance.now() - started) / 1000;
    return {
      mode,
      seconds: took,
      events: acks.length,
      ackP50Ms: percentile(acks, 50),
      ackP99Ms: percentile(acks, 99),
      ackMaxMs: Math.max(...acks),
      acksOver3s: acks.filter((ms) => ms >= 3_000).length,
      apiAnswered: answered,
      apiPerSecond: answered / took,
      api429: refused,
    };
  } finally {
    await stopServeProcess(p);
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleCli();
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  console.log(
    `slack acks under load: ${API_CLIENTS} clients saturating /api/triage (seed pastes of 4-15 KB), one event per ${EVENT_EVERY_MS} ms, ${seconds} s per mode; ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`,
  );
  for (const [mode, env] of [
    ['pastes read on the HTTP thread (TRIAGE_WORKERS=0)', { TRIAGE_WORKERS: '0' }],
    [`pastes read on worker threads (TRIAGE_WORKERS=${availableParallelism()}, the default)`, {}],
  ] as const) {
    const r = await run(mode, env, seconds);
    console.log(`  ${r.mode}`);
    console.log(
      `    ack p50 ${fmt(r.ackP50Ms)} ms  p99 ${fmt(r.ackP99Ms)} ms  max ${fmt(r.ackMaxMs)} ms  (${r.events} events, ${r.acksOver3s} over 3 s)`,
    );
    console.log(
      `    /api/triage ${fmt(r.apiPerSecond, 0)} answers/s (${r.apiAnswered} in ${fmt(r.seconds)} s, ${r.api429} refused with 429)`,
    );
  }
}
