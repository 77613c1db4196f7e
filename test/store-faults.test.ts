/**
 * Real `ktriage serve` processes on a SQLite file that stops taking writes: made immutable before the
 * start (SQLite then opens it read-only) or while running, or deleted while running. Events are
 * refused with 503, so Slack retries them and GitHub shows the delivery failed, instead of being
 * acknowledged and lost; `/readyz` fails; once the file takes writes again the retry is answered.
 * The tests run as root, whom file modes do not stop: `chattr +i` (immutable) does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './github-support/fake-github.js';
import { appKeys, payload, postDelivery, WEBHOOK_SECRET } from './github-support/harness.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  CHANNEL,
  envelope,
  FakeSlack,
  HUMAN,
  nextTs,
  pasteMessageEvent,
  postSlackEvent,
  SIGNING_SECRET,
  slackEscape,
} from './slack-harness.js';
import { startServeProcess, stopServeProcess, type ServeProcess } from './support/serve-process.js';

const BRCTL = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');
const KEYS = appKeys();
const APP_ID = 4242;
const REPO = 'acme/kernel';

let dir: string;
let db: string;
let slack: FakeSlack;
let github: FakeGitHub;
const started: ServeProcess[] = [];

const immutable = (on: boolean, ...paths: string[]): void => {
  execFileSync('chattr', [on ? '+i' : '-i', ...paths]);
};

beforeAll(async () => {
  slack = await FakeSlack.start();
  github = new FakeGitHub({ appId: APP_ID, appPublicKey: KEYS.publicKey });
  await github.start();
});

afterAll(async () => {
  await slack.close();
  await github.close();
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-faults-'));
  db = join(dir, 'ktriage.db');
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => stopServeProcess(p, 'SIGKILL')));
  execFileSync('chattr', ['-R', '-i', dir]);
  rmSync(dir, { recursive: true, force: true });
}, 20_000);

async function serve(name: string): Promise<ServeProcess> {
  const p = await startServeProcess(name, {
    KTRIAGE_DB: db,
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '50',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_APP_ID: String(APP_ID),
    GITHUB_PRIVATE_KEY: KEYS.pem,
    GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GITHUB_API_URL: github.url,
  });
  started.push(p);
  return p;
}

/** The same process in Socket Mode: no Slack route, envelopes over the fake's WebSocket. */
async function serveSocket(name: string): Promise<ServeProcess> {
  const p = await startServeProcess(name, {
    KTRIAGE_DB: db,
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '50',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  });
  started.push(p);
  return p;
}

async function postPaste(url: string, ts: string, retryNum?: number): Promise<number> {
  const body = pasteMessageEvent(BRCTL, ts, `Ev${ts.replace('.', '')}`);
  const res = await postSlackEvent(url, body, 'application/json', retryNum === undefined ? {} : { retryNum });
  return res.status;
}

/** Resolves once `found()` holds, or rejects after 30 s. */
async function until(what: string, found: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!found()) {
    if (Date.now() > deadline) throw new Error(`waited 30 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ready = async (p: ServeProcess): Promise<number> => (await fetch(`${p.url}/readyz`)).status;

/** Resolves once `/readyz` answers `status` (the probe runs on each request), or rejects after 30 s. */
async function readyzBecomes(p: ServeProcess, status: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await ready(p)) !== status) {
    if (Date.now() > deadline) throw new Error(`${p.name}: /readyz never answered ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const repliesTo = (ts: string) => slack.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === ts);

describe('a SQLite file that cannot be written', () => {
  it('made immutable before the start: not ready, events refused, and answered after a restart', async () => {
    await stopServeProcess(await serve('creates the file'));
    immutable(true, db);
    const p = await serve('on an immutable file');
    expect(await ready(p)).toBe(503);
    expect(p.lines.some((l) => l.includes('store cannot record: not ready'))).toBe(true);

    const ts = nextTs();
    expect(await postPaste(p.url, ts)).toBe(503);
    github.addIssue(REPO, { title: 'sensor oops', body: BRCTL });
    const issue = payload(github, 'issues', 'opened', { repo: REPO, number: 1, installationId: 77 });
    const refused = await postDelivery(p.url, 'issues', issue);
    expect(refused.status).toBe(503);

    immutable(false, db);
    await stopServeProcess(p);
    const again = await serve('after the file is writable again');
    expect(await ready(again)).toBe(200);
    // Slack's retry of the refused event, and the GitHub delivery redelivered by a person.
    const posts = slack.callsOf('chat.postMessage').length;
    expect(await postPaste(again.url, ts, 1)).toBe(200);
    expect((await postDelivery(again.url, 'issues', issue, { delivery: refused.delivery })).status).toBe(202);
    await slack.waitFor('chat.postMessage', posts + 1, 30_000);
    expect(repliesTo(ts)).toHaveLength(1);
    await github.waitFor('POST', new RegExp(`^/repos/${REPO}/issues/1/comments$`), { ms: 30_000 });
  }, 120_000);

  it('made immutable while running: not ready and events refused until it takes writes again', async () => {
    const p = await serve('running');
    expect(await ready(p)).toBe(200);
    // WAL mode writes the -wal file first: both must refuse for a write to fail.
    immutable(true, db, `${db}-wal`);
    await readyzBecomes(p, 503);
    const ts = nextTs();
    expect(await postPaste(p.url, ts)).toBe(503);

    immutable(false, db, `${db}-wal`);
    await readyzBecomes(p, 200);
    expect(p.lines.some((l) => l.includes('store records again: ready'))).toBe(true);
    const posts = slack.callsOf('chat.postMessage').length;
    expect(await postPaste(p.url, ts, 1)).toBe(200);
    await slack.waitFor('chat.postMessage', posts + 1, 30_000);
    expect(repliesTo(ts)).toHaveLength(1);
  }, 120_000);

  it('in Socket Mode: an envelope is left unacknowledged until the store records, then its redelivery is answered', async () => {
    const p = await serveSocket('socket mode');
    await until('the Socket Mode connection', () => slack.socketCount > 0);
    immutable(true, db, `${db}-wal`);
    await readyzBecomes(p, 503);

    const ts = nextTs();
    const event = {
      type: 'message',
      channel: CHANNEL,
      user: HUMAN,
      text: slackEscape(BRCTL),
      ts,
      event_ts: ts,
    };
    const frame = (id: string, attempt: number) => ({
      envelope_id: id,
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: attempt,
      retry_reason: attempt === 0 ? '' : 'timeout',
      payload: envelope({ ...event, channel_type: 'channel' }, `Ev${ts.replace('.', '')}`),
    });
    const acked = (id: string): boolean =>
      slack.socketFrames.some((f) => (f as { envelope_id?: string }).envelope_id === id);
    slack.sendSocket(frame('0b8e7c1a-0000-4a7a-9d8b-000000000001', 0));
    await until('the refusal in the log', () =>
      p.lines.some((l) => l.includes('left a Socket Mode envelope unacknowledged')),
    );
    expect(acked('0b8e7c1a-0000-4a7a-9d8b-000000000001')).toBe(false);

    immutable(false, db, `${db}-wal`);
    await readyzBecomes(p, 200);
    const posts = slack.callsOf('chat.postMessage').length;
    slack.sendSocket(frame('0b8e7c1a-0000-4a7a-9d8b-000000000002', 1));
    await until('the ack of the redelivery', () => acked('0b8e7c1a-0000-4a7a-9d8b-000000000002'));
    await slack.waitFor('chat.postMessage', posts + 1, 30_000);
    expect(repliesTo(ts)).toHaveLength(1);
  }, 120_000);

  it('deleted while running: noticed, not ready, events refused', async () => {
    const p = await serve('running');
    expect(await ready(p)).toBe(200);
    rmSync(db);
    await readyzBecomes(p, 503);
    expect(await postPaste(p.url, nextTs())).toBe(503);
    expect(p.lines.some((l) => l.includes('was deleted or replaced since it was opened'))).toBe(true);
  }, 120_000);
});
