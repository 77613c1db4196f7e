/**
 * Draining a backlog: 1k, 10k and 50k Slack replies queued in the outbox before `ktriage serve`
 * starts, delivered by its outbox worker (defaults: batch 10) through the real Slack adapter to a
 * local fake Web API that answers at once. Reports replies per second from the worker's start to the
 * last delivery recorded, on SQLite and PostgreSQL, and the process's CPU time per reply.
 * A claim should cost the same at any backlog, so the rate should not fall as the backlog grows.
 * Each store first drains an unreported warm-up backlog in the same process, so that the first size
 * does not also pay for compiling the code on its path (it showed twice the CPU per reply).
 * The load average is printed with the table: other work on the machine slows the wall-clock rate.
 * Run: `node --import tsx bench/drain.ts`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SlackMessage } from '../src/render/slack.js';
import { createSlackAdapter } from '../src/slack/adapter.js';
import { threadReply } from '../src/slack/outbox.js';
import { loadCore } from '../src/usecase/core.js';
import { startService } from '../src/server/serve.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { BOT_TOKEN, CHANNEL, FakeSlack, SIGNING_SECRET } from '../test/slack-harness.js';
import { LogSink } from '../test/support/log-sink.js';
import { fmt } from './measure.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = [1_000, 10_000, 50_000];
const WARM_UP = 1_000;
/** Rows per enqueue transaction while filling the backlog. */
const FILL_CHUNK = 5_000;

interface StoreSetup {
  name: string;
  /** The store settings of one run, and how to remove it afterwards. */
  fresh(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
}

const sqlite: StoreSetup = {
  name: 'SQLite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-drain-'));
    return {
      env: { KTRIAGE_DB: join(dir, 'ktriage.db') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

const postgres = (admin: pg.Client): StoreSetup => ({
  name: 'PostgreSQL',
  async fresh() {
    const schema = `ktriage_drain_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return {
      env: { DATABASE_URL: url.toString() },
      cleanup: async () => {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  },
});

async function openBenchStore(env: Record<string, string>): Promise<Store> {
  return openStore({
    ...(env.DATABASE_URL === undefined ? {} : { databaseUrl: env.DATABASE_URL }),
    sqlitePath: env.KTRIAGE_DB ?? '',
    now: new Date(),
    onError: () => undefined,
  });
}

/** `count` thread replies, one per message, as the Slack adapter queues them. */
async function fill(store: Store, count: number): Promise<void> {
  const message: SlackMessage = {
    text: 'ktriage: a note',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'note' } }],
  };
  for (let start = 0; start < count; start += FILL_CHUNK) {
    const replies = Array.from({ length: Math.min(FILL_CHUNK, count - start) }, (_, i) => {
      const ts = `1741082500.${String(start + i).padStart(6, '0')}`;
      return threadReply('chat.postMessage', CHANNEL, ts, `slack:${CHANNEL}:${ts}`, message);
    });
    await store.recordEvent({ source: 'slack', key: `fill-${start}`, now: new Date(), replies });
  }
}

/** Resolves once the fake has received `count` posts. */
function postsReceived(fake: FakeSlack, count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) =>
    fake.onCall((call) => {
      if (call.method === 'chat.postMessage' && ++seen === count) resolve();
    }),
  );
}

/**
 * Replies per second of wall time, and the CPU time the process spent per reply (the service, the
 * fake API and the PostgreSQL client; not the PostgreSQL server): the second holds still when other
 * work on the machine slows the first.
 */
interface DrainRate {
  perSecond: number;
  cpuMsPerReply: number;
}

async function drain(setup: StoreSetup, count: number): Promise<DrainRate> {
  const { env, cleanup } = await setup.fresh();
  const fake = await FakeSlack.start();
  try {
    const store = await openBenchStore(env);
    await fill(store, count);
    const service = await startService(
      {
        env: {
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_FORMAT: 'json',
          LOG_LEVEL: 'warn',
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
          ...env,
        },
        cwd: tmpdir(),
        stdout: new LogSink(),
        loadCore,
        adapters: { slack: createSlackAdapter },
      },
      new AbortController().signal,
    );
    if (service === null) throw new Error('the service did not start');
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // Counted as the fake receives them: asking the store for its counts while it drains would scan
    // the whole outbox in the service's own thread many times a second and slow what is measured.
    await postsReceived(fake, count);
    for (;;) {
      const stats = await store.outboxStats(new Date());
      if (stats.pending === 0 && stats.leased === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await service.shutdown('bench over');
    await store.close();
    const posted = fake.callsOf('chat.postMessage').length;
    if (posted !== count) throw new Error(`${count} queued, ${posted} posted`);
    return { perSecond: count / seconds, cpuMsPerReply: (cpu.user + cpu.system) / 1000 / count };
  } finally {
    await fake.close();
    await cleanup();
  }
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  const havePostgres = await admin.connect().then(
    () => true,
    () => false,
  );
  console.log('\noutbox drain: queued Slack replies → instant fake Web API (batch 10)');
  console.log('store        queued   replies/s   CPU ms/reply   load average');
  for (const setup of havePostgres ? [sqlite, postgres(admin)] : [sqlite]) {
    await drain(setup, WARM_UP);
    for (const count of SIZES) {
      const { perSecond, cpuMsPerReply } = await drain(setup, count);
      console.log(
        `${setup.name.padEnd(10)} ${String(count).padStart(8)} ${fmt(perSecond, 0).padStart(11)} ${fmt(cpuMsPerReply, 2).padStart(14)} ${fmt(loadavg()[0] ?? 0, 1).padStart(14)}`,
      );
    }
  }
  if (!havePostgres) console.log(`PostgreSQL skipped: nothing answers at ${PG_URL}`);
  if (havePostgres) await admin.end();
}

await main();
