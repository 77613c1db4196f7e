/**
 * `ktriage serve` under load from a generator on loopback:
 * - `POST /api/triage`: requests per second and p50/p99, one paste of each seed at a time, against a
 *   `ktriage serve` process of its own (its peak RSS read from /proc);
 * - GitHub webhook deliveries end to end (signed delivery in, the note's comment request out to a
 *   local fake API) on SQLite and on PostgreSQL, with one and with two replicas sharing the database.
 * Octokit's client-side pacing (plugin-throttling spaces writes 1 s apart per installation) is off for
 * the deliveries: with it on, it is all this would measure. Run: `node --import tsx bench/service.ts`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { githubAdapterFactory } from '../src/github/adapter.js';
import { createCore } from '../src/usecase/core.js';
import { startService, type Service } from '../src/server/serve.js';
import { FakeGitHub } from '../test/github-support/fake-github.js';
import {
  appKeys,
  payload,
  postDelivery,
  reportBody,
  WEBHOOK_SECRET,
} from '../test/github-support/harness.js';
import { LogSink } from '../test/support/log-sink.js';
import { fmt, percentile } from './measure.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 8;
const API_REQUESTS = 400;
const DELIVERIES = 400;
const REPO = 'acme/kernel';
const APP_ID = 4242;
const INSTALLATION = 77;

function seeds(): Array<{ name: string; text: string }> {
  const dir = new URL('../test/fixtures/seeds/', import.meta.url);
  return readdirSync(dir).map((name) => ({
    name: name.replace(/\.txt$/, ''),
    text: readFileSync(new URL(name, dir), 'utf8'),
  }));
}

/** Runs `count` calls of `one`, `concurrency` at a time; returns each call's milliseconds and the wall time. */
async function closedLoop(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<void>,
): Promise<{ ms: number[]; seconds: number }> {
  const ms: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await one(i);
      ms.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms, seconds: (performance.now() - started) / 1000 };
}

async function apiBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-bench-api-'));
  const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      KTRIAGE_DB: join(dir, 'api.db'),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const found = /listening on (http:\/\/[\d.:]+)/.exec(line)?.[1];
        if (found !== undefined) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`ktriage serve exited with ${code}`)));
    });
    console.log(
      `POST /api/triage, ${API_REQUESTS} requests per paste, ${CONCURRENCY} in flight (ktriage serve in its own process)`,
    );
    console.log('paste                                   KiB   req/s    p50 ms   p99 ms');
    for (const seed of seeds()) {
      const send = async (): Promise<void> => {
        const res = await fetch(`${url}/api/triage`, {
          method: 'POST',
          body: seed.text,
          headers: { 'content-type': 'text/plain' },
        });
        if (res.status !== 200) throw new Error(`${seed.name}: ${res.status}`);
        await res.arrayBuffer();
      };
      await closedLoop(40, CONCURRENCY, send);
      const { ms, seconds } = await closedLoop(API_REQUESTS, CONCURRENCY, send);
      console.log(
        `${seed.name.padEnd(38)} ${fmt(seed.text.length / 1024).padStart(5)} ${fmt(API_REQUESTS / seconds, 0).padStart(7)} ${fmt(percentile(ms, 50), 2).padStart(9)} ${fmt(percentile(ms, 99), 2).padStart(8)}`,
      );
    }
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    console.log(
      `peak RSS of the ktriage serve process: ${fmt(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, 0)} MiB`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

interface StoreSetup {
  name: string;
  replicas: number;
  /** Environment for each replica's store, and how to clean up. */
  open(): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
}

const sqlite = (dir: string): StoreSetup => ({
  name: 'SQLite',
  replicas: 1,
  open: async () => ({
    env: { KTRIAGE_DB: join(dir, `gh-${randomBytes(4).toString('hex')}.db`) },
    close: async () => undefined,
  }),
});

const postgres = (replicas: number): StoreSetup => ({
  name: 'PostgreSQL',
  replicas,
  async open() {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const schema = `ktriage_bench_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return {
      env: { DATABASE_URL: url.toString() },
      async close() {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  },
});

async function deliveriesBench(setup: StoreSetup, dir: string): Promise<void> {
  const keys = appKeys();
  const fake = new FakeGitHub({ appId: APP_ID, appPublicKey: keys.publicKey });
  await fake.start();
  const store = await setup.open();
  const services: Service[] = [];
  try {
    for (let r = 0; r < setup.replicas; r++) {
      const service = await startService(
        {
          env: {
            PORT: '0',
            HOST: '127.0.0.1',
            LOG_FORMAT: 'json',
            LOG_LEVEL: 'warn',
            OUTBOX_POLL_MS: '100',
            GITHUB_APP_ID: String(APP_ID),
            GITHUB_PRIVATE_KEY: keys.pem,
            GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
            GITHUB_API_URL: fake.url,
            ...store.env,
          },
          cwd: dir,
          stdout: new LogSink(),
          loadCore: () => createCore([]),
          adapters: { github: githubAdapterFactory({ client: { throttle: false } }) },
        },
        new AbortController().signal,
      );
      if (service === null) throw new Error('the service did not start');
      services.push(service);
    }
    const texts = seeds().map((s) => reportBody(s.text));
    const bodies = Array.from({ length: DELIVERIES }, (_, i) => {
      const issue = fake.addIssue(REPO, {
        title: `kernel splat #${i + 1}`,
        body: texts[i % texts.length] ?? '',
      });
      return {
        number: issue.number,
        body: payload(fake, 'issues', 'opened', {
          repo: REPO,
          number: issue.number,
          installationId: INSTALLATION,
        }),
      };
    });
    const waiting = new Map<number, () => void>();
    fake.onCall((call) => {
      const n = /\/issues\/(\d+)\/comments$/.exec(call.path)?.[1];
      if (call.method === 'POST' && n !== undefined) waiting.get(Number(n))?.();
    });
    const deliver = async (i: number): Promise<void> => {
      const { number, body } = bodies[i]!;
      const commented = new Promise<void>((resolve) => waiting.set(number, resolve));
      const res = await postDelivery(services[i % services.length]!.url, 'issues', body);
      if (res.status !== 202) throw new Error(`delivery ${i}: ${res.status}`);
      await commented;
    };
    const { ms, seconds } = await closedLoop(DELIVERIES, CONCURRENCY, deliver);
    const comments = fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/comments')).length;
    console.log(
      `${setup.name.padEnd(11)} ${String(setup.replicas).padStart(8)} ${fmt(DELIVERIES / seconds, 0).padStart(13)} ${fmt(percentile(ms, 50), 1).padStart(8)} ${fmt(percentile(ms, 99), 1).padStart(8)} ${String(comments).padStart(9)}`,
    );
  } finally {
    for (const s of services) await s.shutdown('bench over');
    await store.close();
    await fake.close();
  }
}

async function main(): Promise<void> {
  await apiBench();
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-bench-gh-'));
  try {
    console.log(
      `\nGitHub deliveries end to end (issues.opened in → note comment out), ${DELIVERIES} deliveries, ${CONCURRENCY} in flight, replicas in this process`,
    );
    console.log('store       replicas  deliveries/s   p50 ms   p99 ms  comments');
    for (const setup of [sqlite(dir), postgres(1), postgres(2)]) await deliveriesBench(setup, dir);
    console.log(
      `peak RSS of this process (replicas, fake API and load generator together): ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
