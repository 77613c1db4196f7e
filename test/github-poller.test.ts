import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { createGitHubAdapter, type GitHubAdapter } from '../src/github/adapter.js';
import { ACTIONS } from '../src/github/outbox-items.js';
import type { PollResult } from '../src/github/poller.js';
import { NOTE_MARKER } from '../src/github/sticky-comment.js';
import { createLogger } from '../src/log/logger.js';
import { Metrics } from '../src/server/metrics.js';
import { OutboxWorker } from '../src/server/outbox-worker.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { OutboxItem, Store } from '../src/store/store.js';
import { FakeGitHub, REPORTER, WATCHER } from './github-support/fake-github.js';
import { realCore, reportBody, seed, until } from './github-support/harness.js';
import { LogSink } from './support/log-sink.js';

const TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const REPO = 'torvalds-fans/sensor-driver';
const core = realCore();
const KMALLOC = reportBody(seed('techveda-kmalloc-under-spinlock.txt'));

let dir: string;
let fake: FakeGitHub;
let replicas: { store: Store; worker: OutboxWorker; adapter: GitHubAdapter; logs: LogSink }[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-poll-'));
  fake = new FakeGitHub({ token: TOKEN });
  await fake.start();
  replicas = [];
});

afterEach(async () => {
  vi.useRealTimers();
  for (const r of replicas) await stop(r);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One `ktriage serve` process in polling mode, its store on the temp dir's file, its clock the fake's unless given. */
function boot(now: () => Date = () => fake.now()) {
  const config = loadConfig(
    {
      GITHUB_TOKEN: TOKEN,
      GITHUB_WATCH_REPOS: REPO,
      GITHUB_API_URL: fake.url,
      GITHUB_POLL_INTERVAL_MS: '10000',
    },
    undefined,
    { cwd: dir, stdoutIsTTY: false, readFile: (p) => readFileSync(p, 'utf8') },
  );
  const logs = new LogSink();
  const log = createLogger({ level: 'warn', format: 'json', destination: logs });
  const store = openSqliteStore(join(dir, 'ktriage.db'), now());
  const metrics = new Metrics();
  let worker: OutboxWorker | undefined;
  const adapter = createGitHubAdapter(
    {
      config,
      store,
      core,
      log,
      metrics,
      now,
      wakeOutbox: () => worker?.poke(),
      explain: null,
      storeWritable: async () => undefined,
    },
    { client: { throttle: false, waitUnitMs: 5 } },
  );
  worker = new OutboxWorker({
    store,
    adapters: new Map([['github', adapter]]),
    log,
    metrics,
    id: `test-${replicas.length}`,
    pollMs: 20,
    leaseMs: 30_000,
    batchSize: 10,
    now,
  });
  worker.start();
  const replica = { store, worker, adapter, logs };
  replicas.push(replica);
  return replica;
}

/** Two replicas on one store whose clock a test moves forward, as time spent waiting inside a round. */
function twoPollers() {
  let waited = 0;
  const now = () => new Date(fake.now().getTime() + waited);
  const [first, second] = [boot(now), boot(now)];
  const [leader] = first.adapter.pollers;
  const [follower] = second.adapter.pollers;
  if (leader === undefined || follower === undefined) throw new Error('no poller');
  return { first, second, leader, follower, wait: (ms: number) => void (waited += ms), waited: () => waited };
}

async function stop(r: (typeof replicas)[number]): Promise<void> {
  replicas = replicas.filter((x) => x !== r);
  await r.adapter.stop();
  await r.worker.stop(Date.now() + 2_000);
  await r.store.close();
}

async function drained(store: Store): Promise<void> {
  await until(async () => {
    const stats = await store.outboxStats(fake.now());
    return stats.pending === 0 && stats.leased === 0;
  });
}

/** The fake's calls since the `from`th, as `METHOD path status`. */
const callsSince = (from: number): string[] =>
  fake.calls.slice(from).map((c) => `${c.method} ${c.path.replace(`/repos/${REPO}`, '')} ${c.status}`);

/** One poll, and the calls it made. */
async function poll(replica: (typeof replicas)[number]) {
  const from = fake.calls.length;
  const [poller] = replica.adapter.pollers;
  if (poller === undefined) throw new Error('no poller');
  const result = await poller.pollOnce(new AbortController().signal);
  await drained(replica.store);
  return { result, calls: callsSince(from) };
}

const notes = (n: number) => fake.commentsOf(REPO, n).filter((c) => c.body.startsWith(NOTE_MARKER));
const LISTS_304 = ['GET /issues 304', 'GET /issues/comments 304'];

describe('GitHub polling with a token', () => {
  it('triages new issues, costs two 304s per poll of an unchanged repository, and survives a restart', async () => {
    const first = boot();
    expect((await poll(first)).calls).toEqual(['GET /issues 200', 'GET /issues/comments 200']);
    expect((await poll(first)).calls).toEqual(LISTS_304);

    fake.addIssue(REPO, { title: 'BUG at boot with the sensor driver', body: KMALLOC });
    const triaged = await poll(first);
    expect(triaged.result.recorded).toBe(1);
    expect(triaged.calls).toEqual([
      'GET /issues 200',
      'GET /issues/comments 304',
      // The deliverer: search for an earlier note, the note, labels people removed, the labels.
      'GET /issues/1/comments 200',
      'POST /issues/1/comments 201',
      'GET /issues/1/events 200',
      'POST /labels 201',
      'POST /labels 201',
      'POST /issues/1/labels 200',
    ]);
    expect(notes(1)).toHaveLength(1);
    expect(notes(1)[0]?.user.login).toBe('kernel-watcher');

    // Our note and labels moved the issue's updated_at: listed again, but nothing to do.
    const echo = await poll(first);
    expect(echo.calls).toEqual(['GET /issues 200', 'GET /issues/comments 200']);
    expect(echo.result.recorded).toBe(0);
    // `since` is inclusive: the newest items come once more under the new URL, then 304.
    expect((await poll(first)).calls).toEqual(['GET /issues 200', 'GET /issues/comments 200']);
    expect((await poll(first)).calls).toEqual(LISTS_304);

    await stop(first);
    const second = boot();
    const afterRestart = await poll(second);
    expect(afterRestart.calls).toEqual(LISTS_304);

    fake.addComment(
      REPO,
      1,
      reportBody(seed('brctl-get-cpu-var-leak.txt'), 'And this one from the other box:'),
    );
    const commented = await poll(second);
    expect(commented.result.recorded).toBe(1);
    expect(commented.calls).toEqual([
      'GET /issues 200',
      'GET /issues/comments 200',
      'GET /issues/1/comments 200',
      `PATCH /issues/comments/${notes(1)[0]?.id} 200`,
    ]);
    expect(notes(1)).toHaveLength(1);
    expect(notes(1)[0]?.body).toContain('BUG: scheduling while atomic');
  });

  it("finds a note it wrote earlier by marker and by the token's account when the store has no id for it", async () => {
    const replica = boot();
    await poll(replica);
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    fake.addComment(REPO, 1, `${NOTE_MARKER}\nquoted by a person`, REPORTER);
    const earlier = fake.addComment(REPO, 1, `${NOTE_MARKER}\nan older note`, WATCHER);

    const { calls } = await poll(replica);
    expect(calls).toEqual([
      'GET /issues 200',
      'GET /issues/comments 200',
      'GET /issues/1/comments 200',
      'GET /issues/1/comments 200',
      'GET /user 200',
      `PATCH /issues/comments/${earlier.id} 200`,
      'GET /issues/1/events 200',
      'POST /labels 201',
      'POST /labels 201',
      'POST /issues/1/labels 200',
    ]);
    expect(fake.commentsOf(REPO, 1).map((c) => c.body.split('\n')[1])).toEqual(['quoted by a person', '']);
  });

  it('answers /ktriage kb, and skips pull requests, bots, its own comments and issues without kernel output', async () => {
    const replica = boot();
    await poll(replica);
    fake.addIssue(REPO, { title: 'Add sensor calibration', body: KMALLOC, pull: true });
    fake.addIssue(REPO, { title: 'How do I enable lockdep?', body: 'Which config options do I need?' });
    fake.addIssue(REPO, { title: 'CI crash', body: KMALLOC, user: { login: 'ci-bot', id: 3, type: 'Bot' } });
    fake.addComment(REPO, 2, '/ktriage kb lockdep inconsistent lock state', REPORTER);
    fake.addComment(REPO, 2, `${NOTE_MARKER}\n\nA note copied from elsewhere\n\n${KMALLOC}`);

    const { result, calls } = await poll(replica);
    expect(result.recorded).toBe(1);
    expect(calls).toEqual(['GET /issues 200', 'GET /issues/comments 200', 'POST /issues/2/comments 201']);
    expect(fake.commentsOf(REPO, 2).at(-1)?.body).toMatch(
      /^<!-- ktriage:answer \d+ -->\nKnowledge entries for `lockdep inconsistent lock state`:/,
    );
  });

  it('answers a command once when the attempt that posted it lost its outcome', async () => {
    const replica = boot();
    fake.addIssue(REPO, { title: 'How do I enable lockdep?', body: 'Which config options do I need?' });
    // GitHub writes the comment; its answer is lost on the way back (a reset, a process killed meanwhile).
    fake.failNext('POST', /\/issues\/1\/comments$/, { status: 502, performed: true });
    const item: OutboxItem = {
      id: 41,
      target: 'github',
      action: ACTIONS.answer,
      payload: {
        owner: 'torvalds-fans',
        repo: 'sensor-driver',
        issueNumber: 1,
        installationId: null,
        body: 'Knowledge entries',
      },
      replyKey: null,
      state: 'pending',
      attempts: 1,
      createdAt: fake.now(),
      nextAttemptAt: fake.now(),
      lastError: null,
      leasedBy: null,
      leaseUntil: null,
      replyRef: null,
    };
    const signal = new AbortController().signal;
    expect(await replica.adapter.deliver(item, signal)).toMatchObject({ ok: false, retryable: true });
    expect(await replica.adapter.deliver({ ...item, attempts: 2 }, signal)).toEqual({ ok: true });
    expect(fake.commentsOf(REPO, 1).map((c) => c.body)).toEqual([
      '<!-- ktriage:answer 41 -->\nKnowledge entries',
    ]);
  });

  it('polls from one replica at a time, and the other takes over when the first stops', async () => {
    const [first, second] = [boot(), boot()];
    const [leader] = first.adapter.pollers;
    const [follower] = second.adapter.pollers;
    if (leader === undefined || follower === undefined) throw new Error('no poller');
    const signal = new AbortController().signal;

    expect(await leader.pollLeased(signal)).not.toBeNull();
    expect(await follower.pollLeased(signal)).toBeNull();
    expect(await leader.pollLeased(signal)).toMatchObject({ notModified: true });
    expect(callsSince(0)).toEqual(['GET /issues 200', 'GET /issues/comments 200', ...LISTS_304]);

    fake.addIssue(REPO, { title: 'BUG at boot with the sensor driver', body: KMALLOC });
    await stop(first);
    // The cursor is shared: the new issue is triaged once, and nothing older is listed again.
    expect(await follower.pollLeased(signal)).toMatchObject({ issuesListed: 1, recorded: 1 });
    await drained(second.store);
    expect(notes(1)).toHaveLength(1);
  });

  it('calls GitHub from one of two running replicas', async () => {
    const both = [boot(), boot()];
    await Promise.all(both.map((r) => r.adapter.start()));
    await until(() => fake.calls.length >= 2);
    // The other replica's round starts at once too; it finds the lease taken and waits an interval.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(callsSince(0)).toEqual(['GET /issues 200', 'GET /issues/comments 200']);
  });

  it('keeps its lease through a round slowed past the lease, so the other replica does not poll meanwhile', async () => {
    // Rate-limit waits inside the round, as time passing: each list call takes 20 s, the lease is 30 s.
    const { leader, follower, wait, waited } = twoPollers();
    const signal = new AbortController().signal;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let meanwhile: Promise<PollResult | null> | null = null;
    fake.onCall((call) => {
      if (meanwhile !== null) return;
      for (let s = 0; s < 2; s++) {
        wait(10_000);
        vi.advanceTimersByTime(10_000);
      }
      if (call.path.endsWith('/issues/comments')) meanwhile = follower.pollLeased(signal);
    });

    expect(await leader.pollLeased(signal)).not.toBeNull();
    expect(waited()).toBe(40_000);
    // eslint-disable-next-line @typescript-eslint/await-thenable -- set by the onCall callback, which the types cannot follow
    expect(await meanwhile).toBeNull();
    expect(await follower.pollLeased(signal)).toBeNull();
    expect(callsSince(0)).toEqual(['GET /issues 200', 'GET /issues/comments 200']);
  });

  it('stops a round without moving the cursor when another replica took the lease over', async () => {
    // The round stalled past its lease before it could renew it, and the other replica polled meanwhile.
    const { first, second, leader, follower, wait } = twoPollers();
    const signal = new AbortController().signal;
    expect(await leader.pollLeased(signal)).not.toBeNull();
    const issue = fake.addIssue(REPO, { title: 'BUG at boot with the sensor driver', body: KMALLOC });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let takeover: Promise<PollResult | null> | null = null;
    fake.onCall(() => {
      if (takeover !== null) return;
      wait(40_000);
      takeover = follower.pollLeased(signal);
      vi.advanceTimersByTime(10_000);
    });

    expect(await leader.pollLeased(signal)).toBeNull();
    // eslint-disable-next-line @typescript-eslint/await-thenable -- set by the onCall callback, which the types cannot follow
    expect(await takeover).toMatchObject({ issuesListed: 1, recorded: 1 });
    // The stopped round never listed the comments, and the cursor is the one the other replica wrote.
    expect(fake.callsTo('GET', new RegExp(`^/repos/${REPO}/issues/comments$`))).toHaveLength(2);
    const cursor = await first.store.getCursor(`github:poll:${REPO}`);
    expect(JSON.parse(cursor ?? 'null')).toMatchObject({ issues: { since: issue.updated_at } });
    await drained(second.store);
    expect(notes(1)).toHaveLength(1);
  });

  it('starts from now when its stored cursor is not JSON, instead of failing every round', async () => {
    const replica = boot();
    await replica.store.setCursor(`github:poll:${REPO}`, '{"issues": {"since": "2026-', fake.now());
    const { calls } = await poll(replica);
    expect(calls).toEqual(['GET /issues 200', 'GET /issues/comments 200']);
    expect(replica.logs.messages()).toContain('unreadable poll cursor; starting from now');
    const cursor = await replica.store.getCursor(`github:poll:${REPO}`);
    expect(JSON.parse(cursor ?? 'null')).toMatchObject({ issues: { etag: expect.any(String) } });
  });

  it('backs off until the reset when the rate limit is spent, keeping its cursor', async () => {
    const replica = boot();
    await poll(replica);
    const cursor = await replica.store.getCursor(`github:poll:${REPO}`);
    const reset = Math.floor(Date.now() / 1000) + 1800;
    fake.failNext('GET', new RegExp(`^/repos/${REPO}/issues$`), {
      status: 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      },
      body: {
        message: `API rate limit exceeded for user ID 9919.`,
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    });
    await replica.adapter.start();
    await until(() => replica.logs.messages().includes('GitHub poll rate-limited'));
    await replica.adapter.stop();

    const record = replica.logs.records().find((r) => r.msg === 'GitHub poll rate-limited');
    expect(Number(record?.retryInMs)).toBeGreaterThan(1_790_000);
    expect(Number(record?.retryInMs)).toBeLessThanOrEqual(1_801_000);
    expect(await replica.store.getCursor(`github:poll:${REPO}`)).toBe(cursor);
  });
});
