/**
 * A `ktriage serve` process killed (SIGKILL) while its Slack replies are in flight, then started again
 * on the same store: each reply that reached Slack is found in its thread by the outbox id in its
 * metadata and not posted again; the one that never reached Slack is posted. One reply per thread.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import {
  BOT_TOKEN,
  CHANNEL,
  FakeSlack,
  nextTs,
  pasteMessageEvent,
  postSlackEvent,
  SIGNING_SECRET,
} from './slack-harness.js';
import { freshSchema, PG_URL } from './support/postgres.js';
import {
  startServeProcess,
  stopServeProcess,
  waitForLines,
  type ServeProcess,
} from './support/serve-process.js';

const BRCTL = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');
/**
 * The killed process's leases run out after this; its deliveries give up at 80 % of it, so it is long
 * enough for all four posts to reach the fake on a loaded machine before the kill.
 */
const LEASE_MS = 8000;
const FOUND = 'Slack reply already in its thread from an earlier attempt; not posted again';

let dir: string;
let admin: pg.Client;
const started: ServeProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-crash-'));
  admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(started.map((p) => stopServeProcess(p, 'SIGKILL')));
  for (const cleanup of cleanups.reverse()) await cleanup();
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function postPaste(url: string, ts: string): Promise<number> {
  return (await postSlackEvent(url, pasteMessageEvent(BRCTL, ts), 'application/json')).status;
}

const stores: { name: string; env: () => Promise<Record<string, string>> }[] = [
  { name: 'SQLite', env: async () => ({ KTRIAGE_DB: join(mkdtempSync(join(dir, 'db-')), 'ktriage.db') }) },
  {
    name: 'PostgreSQL',
    env: async () => {
      const schema = await freshSchema(admin);
      cleanups.push(schema.drop);
      return { DATABASE_URL: schema.databaseUrl };
    },
  },
];

describe.each(stores)('SIGKILL during slow Slack sends, on $name', ({ env }) => {
  it('leaves one reply per thread after the restart', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const storeEnv = await env();
    const serveEnv = {
      ...storeEnv,
      LOG_LEVEL: 'info',
      OUTBOX_POLL_MS: '50',
      OUTBOX_LEASE_MS: String(LEASE_MS),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    };
    const threads = Array.from({ length: 4 }, () => nextTs());
    // Three posts reach Slack and their answers never come back; the fourth never reaches Slack.
    for (let i = 0; i < 3; i++) fake.holdNext('chat.postMessage');
    fake.holdNext('chat.postMessage', { lost: true });

    const first = await startServeProcess('first', serveEnv);
    started.push(first);
    for (const ts of threads) expect(await postPaste(first.url, ts)).toBe(200);
    await fake.waitFor('chat.postMessage', threads.length, 30_000);
    await stopServeProcess(first, 'SIGKILL');
    expect(fake.posted).toHaveLength(3);

    const second = await startServeProcess('second', serveEnv);
    started.push(second);
    // Once the dead process's leases run out: every item looks in its thread first.
    await fake.waitFor('conversations.replies', threads.length, LEASE_MS + 60_000);
    await waitForLines(second, FOUND, 3, 60_000);
    await fake.waitFor('chat.postMessage', threads.length + 1, 60_000);
    await stopServeProcess(second, 'SIGTERM');

    for (const ts of threads) {
      const replies = fake.thread(CHANNEL, ts);
      expect(replies, `replies in thread ${ts}`).toHaveLength(1);
      expect(replies[0]?.metadata).toMatchObject({ event_type: 'ktriage_reply' });
    }
    const store = await openStore({
      databaseUrl: storeEnv.DATABASE_URL,
      sqlitePath: storeEnv.KTRIAGE_DB ?? '',
      now: new Date(),
      onError: () => undefined,
    });
    try {
      expect(await store.outboxStats(new Date())).toMatchObject({ pending: 0, leased: 0, givenUp: 0 });
    } finally {
      await store.close();
    }
  }, 180_000);
});
