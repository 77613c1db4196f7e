/**
 * GitHub adapter figures against a local fake REST API, through the real service (HTTP server,
 * signature check, SQLite store, outbox worker, octokit):
 * - the time from a delivery's arrival (a signed `issues.opened` POST leaving the client) to the
 *   note's `POST /repos/{o}/{r}/issues/{n}/comments` reaching the API, over 1,000 deliveries;
 * - the API calls one triaged issue costs, with a webhook and with polling;
 * - the API calls one poll of an unchanged repository costs.
 * Octokit's throttling is off here: it spaces writes 1 s apart and comment creations 3 s apart per
 * installation (plugin-throttling), which would be all this measured. In production that pacing,
 * not ktriage, bounds a burst. Run: `node --import tsx bench/github-latency.ts`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/env.js';
import { createGitHubAdapter, githubAdapterFactory } from '../src/github/adapter.js';
import { createLogger } from '../src/log/logger.js';
import { Metrics } from '../src/server/metrics.js';
import { OutboxWorker } from '../src/server/outbox-worker.js';
import { startService } from '../src/server/serve.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { FakeGitHub, type Call } from '../test/github-support/fake-github.js';
import {
  appKeys,
  payload,
  postDelivery,
  realCore,
  reportBody,
  until,
  WEBHOOK_SECRET,
} from '../test/github-support/harness.js';
import { LogSink } from '../test/support/log-sink.js';
import { fmt, percentile } from './measure.js';

export interface GitHubFigures {
  deliveries: number;
  concurrency: number;
  /** Until the 202 reached the client. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** Until the note's request reached the API. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveriesPerSecond: number;
  /** Calls for the first issue of a repository (the App's token, the labels created) and for later ones. */
  callsFirstIssue: string[];
  callsPerIssue: number;
  /** Calls for a body edit of an issue that has its note. */
  callsEdit: string[];
  /** Polling: the calls of the poll that finds one new issue, delivery included. */
  callsPollTriage: string[];
  callsPollUnchanged: string[];
}

const REPO = 'acme/kernel';
const APP_ID = 4242;
const INSTALLATION = 77;
const TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';

function pastes(): string[] {
  const seeds = new URL('../test/fixtures/seeds/', import.meta.url);
  const files = readdirSync(seeds).map((f) => readFileSync(new URL(f, seeds), 'utf8'));
  return [
    readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8'),
    ...files,
  ].map((log) => reportBody(log));
}

const show = (calls: readonly Call[]): string[] =>
  calls.map((c) => `${c.method} ${c.path.replace(/^\/repos\/[^/]+\/[^/]+/, '')} ${c.status}`);

async function webhooks(dir: string, deliveries: number, concurrency: number) {
  const keys = appKeys();
  const fake = new FakeGitHub({ appId: APP_ID, appPublicKey: keys.publicKey });
  await fake.start();
  const core = realCore();
  const service = await startService(
    {
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        KTRIAGE_DB: join(dir, 'webhooks.db'),
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
        GITHUB_APP_ID: String(APP_ID),
        GITHUB_PRIVATE_KEY: keys.pem,
        GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
        GITHUB_API_URL: fake.url,
      },
      cwd: dir,
      stdout: new LogSink(),
      loadCore: () => core,
      adapters: { github: githubAdapterFactory({ client: { throttle: false } }) },
    },
    new AbortController().signal,
  );
  if (service === null) throw new Error('service did not start');
  try {
    const texts = pastes();
    const bodies = Array.from({ length: deliveries }, (_, i) => {
      const issue = fake.addIssue(REPO, {
        title: `kernel splat #${i + 1}`,
        body: texts[i % texts.length] ?? '',
      });
      return payload(fake, 'issues', 'opened', {
        repo: REPO,
        number: issue.number,
        installationId: INSTALLATION,
      });
    });
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    const acks: number[] = [];
    const answered = new Map<number, () => void>();
    fake.onCall((call) => {
      const n = /\/issues\/(\d+)\/comments$/.exec(call.path)?.[1];
      const sent = n === undefined || call.method !== 'POST' ? undefined : sentAt.get(Number(n));
      if (sent === undefined) return;
      latencies.push(call.at - sent);
      answered.get(Number(n))?.();
    });

    const drained = () =>
      until(async () => {
        const stats = await service.store.outboxStats(new Date());
        return stats.pending === 0 && stats.leased === 0;
      }, 60_000);

    // Closed loop: each sender waits for its note's request before sending the next delivery, so
    // `concurrency` deliveries are in flight end to end and the figure is latency, not queueing.
    // The first delivery goes alone, so its calls (the App's token, the labels created) read in order.
    const deliver = async (i: number): Promise<void> => {
      const noted = new Promise<void>((resolve) => answered.set(i + 1, resolve));
      const sent = performance.now();
      sentAt.set(i + 1, sent);
      const res = await postDelivery(service.url, 'issues', bodies[i]);
      acks.push(performance.now() - sent);
      if (res.status !== 202) throw new Error(`delivery ${i} answered ${res.status}`);
      await noted;
    };
    const started = performance.now();
    await deliver(0);
    await drained();
    const callsFirstIssue = show(fake.calls);
    let next = 1;
    const sender = async (): Promise<void> => {
      while (next < deliveries) await deliver(next++);
    };
    await Promise.all(Array.from({ length: concurrency }, sender));
    const seconds = (performance.now() - started) / 1000;
    await drained();

    // A body edit of an issue that has its note: the text is listed again, the note edited by id.
    const from = fake.calls.length;
    fake.editIssueBody(REPO, 1, texts[1] ?? '');
    await postDelivery(
      service.url,
      'issues',
      payload(fake, 'issues', 'edited', { repo: REPO, number: 1, installationId: INSTALLATION }),
    );
    await until(() => fake.calls.slice(from).some((c) => c.method === 'PATCH'));
    await drained();
    const callsEdit = show(fake.calls.slice(from));

    const issueCalls = fake.calls
      .slice(0, from)
      .filter((c) => c.path.startsWith(`/repos/${REPO}/issues/`)).length;
    return {
      ackP50Ms: percentile(acks, 50),
      ackP99Ms: percentile(acks, 99),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      deliveriesPerSecond: deliveries / seconds,
      callsFirstIssue,
      callsEdit,
      callsPerIssue: issueCalls / deliveries,
    };
  } finally {
    await service.shutdown('bench over');
    await fake.close();
  }
}

async function polling(dir: string) {
  const fake = new FakeGitHub({ token: TOKEN });
  await fake.start();
  const now = () => fake.now();
  const config = loadConfig(
    { GITHUB_TOKEN: TOKEN, GITHUB_WATCH_REPOS: REPO, GITHUB_API_URL: fake.url },
    undefined,
    {
      cwd: dir,
      stdoutIsTTY: false,
      readFile: (p) => readFileSync(p, 'utf8'),
    },
  );
  const log = createLogger({ level: 'warn', format: 'json', destination: new LogSink() });
  const store = openSqliteStore(join(dir, 'polling.db'), now());
  const metrics = new Metrics();
  let worker: OutboxWorker | undefined;
  const adapter = createGitHubAdapter(
    {
      config,
      store,
      core: realCore(),
      log,
      metrics,
      now,
      wakeOutbox: () => worker?.poke(),
      explain: null,
      storeWritable: async () => undefined,
    },
    { client: { throttle: false } },
  );
  worker = new OutboxWorker({
    store,
    adapters: new Map([['github', adapter]]),
    log,
    metrics,
    id: 'bench',
    pollMs: 20,
    leaseMs: 30_000,
    batchSize: 10,
    now,
  });
  worker.start();
  const [poller] = adapter.pollers;
  if (poller === undefined) throw new Error('no poller');
  const poll = async (): Promise<string[]> => {
    const from = fake.calls.length;
    await poller.pollOnce(new AbortController().signal);
    await until(async () => {
      const stats = await store.outboxStats(now());
      return stats.pending === 0 && stats.leased === 0;
    });
    return show(fake.calls.slice(from));
  };
  try {
    await poll();
    const [first] = pastes();
    fake.addIssue(REPO, { title: 'kernel splat', body: first ?? '' });
    const callsPollTriage = await poll();
    // The echo of our own writes, then `since` listed once more under its new URL: then quiet.
    for (let i = 0; i < 2; i++) await poll();
    const callsPollUnchanged = await poll();
    return { callsPollTriage, callsPollUnchanged };
  } finally {
    await worker.stop(Date.now() + 2_000);
    await store.close();
    await fake.close();
  }
}

export async function run({ deliveries = 1_000, concurrency = 8 } = {}): Promise<GitHubFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-bench-github-'));
  try {
    const hooks = await webhooks(dir, deliveries, concurrency);
    const polls = await polling(dir);
    return { deliveries, concurrency, ...hooks, ...polls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await run();
  console.log(
    `github: ${r.deliveries} signed issues.opened deliveries (pastes of 4-15 KB), ${r.concurrency} in flight end to end, throttling off`,
  );
  console.log(
    `  arrival -> 202                          p50 ${fmt(r.ackP50Ms)} ms  p99 ${fmt(r.ackP99Ms)} ms`,
  );
  console.log(
    `  arrival -> POST .../issues/N/comments  p50 ${fmt(r.p50Ms)} ms  p99 ${fmt(r.p99Ms)} ms  max ${fmt(r.maxMs)} ms`,
  );
  console.log(`  throughput ${fmt(r.deliveriesPerSecond, 0)} deliveries/s`);
  console.log(
    `  API calls, first triaged issue of a repository (App; labels created once per repository and process):\n    ${r.callsFirstIssue.join('\n    ')}`,
  );
  console.log(
    `  API calls per triaged issue, average over ${r.deliveries} (labels created once per repository and process): ${fmt(r.callsPerIssue, 2)}`,
  );
  console.log(`  API calls, body edit of a triaged issue (App):\n    ${r.callsEdit.join('\n    ')}`);
  console.log(
    `  API calls, poll that finds one new issue (token), delivery included:\n    ${r.callsPollTriage.join('\n    ')}`,
  );
  console.log(
    `  API calls, poll of an unchanged repository: ${r.callsPollUnchanged.length} (${r.callsPollUnchanged.join(', ')})`,
  );
}
