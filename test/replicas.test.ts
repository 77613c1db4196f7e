/**
 * Two real `ktriage serve` processes on one PostgreSQL database, as a team runs replicas behind a load
 * balancer: Slack delivers the same event to both (and retries it), and each message gets one reply.
 * A replica killed while it holds a reply leaves it to the other, which does not post it twice.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
/** Short, so a killed replica's lease runs out within the test. */
const LEASE_MS = 5000;

let admin: pg.Client;
let drop: () => Promise<void>;
let fake: FakeSlack;
const replicas: ServeProcess[] = [];

async function startReplica(name: string, databaseUrl: string): Promise<ServeProcess> {
  const replica = await startServeProcess(name, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '50',
    OUTBOX_LEASE_MS: String(LEASE_MS),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  replicas.push(replica);
  return replica;
}

function pasteEvent(ts: string): string {
  return pasteMessageEvent(BRCTL, ts);
}

async function deliver(replica: ServeProcess, body: string, retryNum?: number): Promise<number> {
  const res = await postSlackEvent(
    replica.url,
    body,
    'application/json',
    retryNum === undefined ? {} : { retryNum },
  );
  return res.status;
}

const repliesTo = (ts: string) => fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === ts);

beforeAll(async () => {
  admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const schema = await freshSchema(admin);
  drop = schema.drop;
  fake = await FakeSlack.start();
  // Both start at once on an empty schema: the migrations must not race.
  await Promise.all([startReplica('a', schema.databaseUrl), startReplica('b', schema.databaseUrl)]);
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => stopServeProcess(r)));
  await fake?.close();
  await drop?.();
  await admin?.end();
}, 30_000);

describe('two ktriage serve replicas on one PostgreSQL', () => {
  it('answer each message once when every event reaches both, concurrently, with retries', async () => {
    const [a, b] = replicas as [ServeProcess, ServeProcess];
    const messages = Array.from({ length: 25 }, () => nextTs());
    await Promise.all(
      messages.flatMap((ts) => {
        const body = pasteEvent(ts);
        return [deliver(a, body), deliver(b, body), deliver(b, body, 1), deliver(a, body, 2)];
      }),
    );
    await fake.waitFor('chat.postMessage', messages.length, 20_000);
    // Give a second, late reply every chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const ts of messages) expect(repliesTo(ts), `replies to ${ts}`).toHaveLength(1);
  }, 40_000);

  it('finish what a killed replica held once its lease runs out, without posting it twice', async () => {
    const [a, b] = replicas as [ServeProcess, ServeProcess];
    const ts = nextTs();
    fake.holdNext('chat.postMessage');
    const before = fake.callsOf('chat.postMessage').length;
    const lookedBefore = fake.callsOf('conversations.replies').length;
    expect(await deliver(a, pasteEvent(ts))).toBe(200);
    await fake.waitFor('chat.postMessage', before + 1, 10_000);
    expect(repliesTo(ts)).toHaveLength(1);

    // The reply is in flight from a (posted, lease held, no answer yet) when a dies without a chance to clean up.
    await stopServeProcess(a, 'SIGKILL');

    // b takes the item once a's lease runs out, finds a's reply in the thread by the outbox id in
    // its metadata, and records it delivered instead of posting again.
    // Bounds, not timings: a loaded machine (CI beside other jobs) may start b's next poll late.
    await fake.waitFor('conversations.replies', lookedBefore + 1, LEASE_MS + 25_000);
    await waitForLines(b, 'Slack reply already in its thread', 1, 10_000);
    expect(repliesTo(ts)).toHaveLength(1);
    expect(fake.thread(CHANNEL, ts)).toHaveLength(1);
    expect(await fetch(`${b.url}/readyz`).then((r) => r.status)).toBe(200);
  }, 60_000);
});
