import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubAdapterFactory, type GitHubAdapterOptions } from '../src/github/adapter.js';
import { NOTE_MARKER } from '../src/github/sticky-comment.js';
import { startService, type Service } from '../src/server/serve.js';
import { FakeGitHub } from './github-support/fake-github.js';
import {
  appKeys,
  payload,
  postDelivery,
  realCore,
  reportBody,
  seed,
  until,
  WEBHOOK_SECRET,
} from './github-support/harness.js';
import { LogSink } from './support/log-sink.js';

const APP_ID = 4242;
const INSTALLATION = 77;
const REPO = 'Codertocat/Hello-World';
const KEYS = appKeys();
const core = realCore();

const KMALLOC = reportBody(seed('techveda-kmalloc-under-spinlock.txt'));
const CPU_VAR = reportBody(seed('brctl-get-cpu-var-leak.txt'), 'brctl hangs the box, two splats:');

let dir: string;
let fake: FakeGitHub;
let services: Service[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-github-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  fake = new FakeGitHub({ appId: APP_ID, appPublicKey: KEYS.publicKey });
  await fake.start();
  services = [];
});

afterEach(async () => {
  await Promise.all(services.map((s) => s.shutdown('test over')));
  await fake.close();
});

let dbCount = 0;

/** `ktriage serve` as a GitHub App, its API root the fake; `db` shares one store between replicas. */
async function serve(options: GitHubAdapterOptions = {}, db = `ktriage-${++dbCount}.db`): Promise<Service> {
  const service = await startService(
    {
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        KTRIAGE_DB: join(dir, db),
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'error',
        GITHUB_APP_ID: String(APP_ID),
        GITHUB_PRIVATE_KEY: KEYS.pem,
        GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
        GITHUB_API_URL: fake.url,
        OUTBOX_POLL_MS: '20',
      },
      cwd: dir,
      stdout: new LogSink(),
      loadCore: () => core,
      adapters: { github: githubAdapterFactory({ client: { throttle: false, waitUnitMs: 5 }, ...options }) },
    },
    new AbortController().signal,
  );
  if (service === null) throw new Error('service did not start');
  services.push(service);
  return service;
}

const on = (number: number) => ({ repo: REPO, number, installationId: INSTALLATION });
const commentPath = (n: number) => new RegExp(`^/repos/${REPO}/issues/${n}/comments$`);
const notesOn = (n: number) => fake.commentsOf(REPO, n).filter((c) => c.body.startsWith(NOTE_MARKER));
const labelsOf = (n: number) =>
  fake
    .issue(REPO, n)
    .labels.map((l) => l.name)
    .sort();

/** Resolves once the outbox holds nothing pending or leased. */
async function drained(service: Service): Promise<void> {
  await until(async () => {
    const stats = await service.store.outboxStats(new Date());
    return stats.pending === 0 && stats.leased === 0;
  });
}

describe('GitHub App webhooks', () => {
  it("answers a new issue with a kernel report with one note and two labels, leaving people's labels", async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'Kernel BUG when configuring the sensor', body: KMALLOC, labels: ['bug'] });

    const res = await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    expect(res.status).toBe(202);
    await fake.waitFor('POST', commentPath(1));
    await drained(service);

    const [note] = notesOn(1);
    expect(note?.body).toContain('BUG: sleeping function called from invalid context');
    expect(note?.body).toContain('<details><summary>');
    expect(note?.user.login).toBe('ktriage[bot]');
    expect(labelsOf(1)).toEqual(['bug', 'kernel: sleep-in-atomic', 'triage: spinlock-gfp-kernel']);
    expect(fake.repoLabels(REPO).find((l) => l.name === 'kernel: sleep-in-atomic')?.color).toBe('b60205');
    // Token, the search for an earlier note, the note, labels people removed, two labels created, two
    // labels added in one call.
    expect(fake.calls.map((c) => `${c.method} ${c.path.replace(`/repos/${REPO}`, '')} ${c.status}`)).toEqual([
      `POST /app/installations/${INSTALLATION}/access_tokens 201`,
      'GET /issues/1/comments 200',
      'POST /issues/1/comments 201',
      'GET /issues/1/events 200',
      'POST /labels 201',
      'POST /labels 201',
      'POST /issues/1/labels 200',
    ]);
  });

  it('does not put back a label a person removed when a delivery is sent again under a new id', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'Kernel BUG when configuring the sensor', body: KMALLOC, labels: ['bug'] });
    expect((await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)))).status).toBe(
      202,
    );
    await fake.waitFor('POST', commentPath(1));
    await drained(service);
    expect(labelsOf(1)).toEqual(['bug', 'kernel: sleep-in-atomic', 'triage: spinlock-gfp-kernel']);

    fake.unlabel(REPO, 1, 'triage: spinlock-gfp-kernel');
    // "Redeliver" in the App's settings, or a proxy retrying: the same event under a new X-GitHub-Delivery.
    const from = fake.calls.length;
    const again = await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    expect(again.status).toBe(202);
    // The re-triage edits the note, then syncs the labels.
    await fake.waitFor('PATCH', new RegExp(`^/repos/${REPO}/issues/comments/\\d+$`), { from, ms: 10_000 });
    await drained(service);
    expect(labelsOf(1)).toEqual(['bug', 'kernel: sleep-in-atomic']);
    expect(notesOn(1)).toHaveLength(1);
  });

  it('edits the same note when the body is edited, and swaps only its own labels (a label already gone is fine)', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC, labels: ['bug'] });
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await fake.waitFor('POST', /\/issues\/1\/labels$/);
    await drained(service);
    const noteId = notesOn(1)[0]?.id;

    fake.editIssueBody(REPO, 1, CPU_VAR);
    const from = fake.calls.length;
    const edited = payload(fake, 'issues', 'edited', on(1));
    // A person takes one of our labels off between the edit and the delivery: its DELETE answers 404.
    fake.unlabel(REPO, 1, 'kernel: sleep-in-atomic');
    await postDelivery(service.url, 'issues', { ...edited, changes: { body: { from: KMALLOC } } });
    const patch = await fake.waitFor('PATCH', /\/issues\/comments\/\d+$/, { from });
    await drained(service);

    expect(patch.path).toBe(`/repos/${REPO}/issues/comments/${noteId}`);
    expect(notesOn(1)).toHaveLength(1);
    expect(notesOn(1)[0]?.body).toContain('BUG: scheduling while atomic');
    expect(labelsOf(1)).toEqual(['bug', 'kernel: scheduling-while-atomic', 'triage: get-cpu-var-leak']);
    // The comments are listed for the issue's text; the note is edited by its stored id, not searched for.
    expect(
      fake.calls.slice(from).map((c) => `${c.method} ${c.path.replace(`/repos/${REPO}`, '')} ${c.status}`),
    ).toEqual([
      'GET /issues/1/comments 200',
      `PATCH /issues/comments/${noteId} 200`,
      'GET /issues/1/events 200',
      'POST /labels 201',
      'POST /labels 201',
      'POST /issues/1/labels 200',
      'DELETE /issues/1/labels/kernel%3A%20sleep-in-atomic 404',
      'DELETE /issues/1/labels/triage%3A%20spinlock-gfp-kernel 200',
    ]);
    expect(await service.store.outboxStats(new Date())).toMatchObject({ failed: 0, givenUp: 0 });
  });

  it('corrects its note and removes its labels when the kernel output is edited out', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC, labels: ['bug'] });
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await fake.waitFor('POST', /\/issues\/1\/labels$/);
    await drained(service);

    fake.editIssueBody(REPO, 1, 'Wrong issue, the log belongs to #7. Sorry!');
    const from = fake.calls.length;
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'edited', on(1)));
    await fake.waitFor('PATCH', /\/issues\/comments\/\d+$/, { from });
    await drained(service);
    expect(notesOn(1)[0]?.body).toContain('### No kernel report found');
    expect(labelsOf(1)).toEqual(['bug']);
  });

  it("finds its note by marker and author when the store lost the note's id, instead of adding a second", async () => {
    const before = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    await postDelivery(before.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await fake.waitFor('POST', /\/issues\/1\/labels$/);
    await drained(before);
    // A person's comment that starts with the marker is not ours, and must not be edited.
    fake.addComment(REPO, 1, `${NOTE_MARKER}\nquoting the bot`);

    const fresh = await serve();
    fake.editIssueBody(REPO, 1, CPU_VAR);
    const from = fake.calls.length;
    await postDelivery(fresh.url, 'issues', payload(fake, 'issues', 'edited', on(1)));
    await fake.waitFor('PATCH', /\/issues\/comments\/\d+$/, { from });
    await drained(fresh);

    const ours = fake.commentsOf(REPO, 1).filter((c) => c.user.login === 'ktriage[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toContain('BUG: scheduling while atomic');
    expect(fake.commentsOf(REPO, 1).at(-1)?.body).toBe(`${NOTE_MARKER}\nquoting the bot`);
    expect(await fresh.store.getReplyRef(`github:${REPO}#1`)).toBe(String(ours[0]?.id));
  });

  it('triages kernel output added in a comment, with the body, and ignores chat without output', async () => {
    const service = await serve();
    fake.addIssue(REPO, {
      title: 'machine freezes on boot',
      body: 'It freezes a few seconds after boot; I will attach dmesg.',
    });
    const opened = await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    const chat = fake.addComment(REPO, 1, 'Same here on 6.1.');
    await postDelivery(
      service.url,
      'issue_comment',
      payload(fake, 'issue_comment', 'created', { ...on(1), comment: chat }),
    );
    expect(opened.status).toBe(202);
    await drained(service);
    expect(fake.calls.filter((c) => c.path.startsWith('/repos/'))).toEqual([]);

    const log = fake.addComment(
      REPO,
      1,
      reportBody(seed('techveda-kmalloc-under-spinlock.txt'), 'Here is dmesg:'),
    );
    await postDelivery(
      service.url,
      'issue_comment',
      payload(fake, 'issue_comment', 'created', { ...on(1), comment: log }),
    );
    await fake.waitFor('POST', commentPath(1));
    await drained(service);
    expect(notesOn(1)[0]?.body).toContain('spinlock');
    expect(labelsOf(1)).toEqual(['kernel: sleep-in-atomic', 'triage: spinlock-gfp-kernel']);
  });

  it('triages again on /ktriage and answers /ktriage kb with knowledge entries', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await fake.waitFor('POST', /\/issues\/1\/labels$/);
    await drained(service);

    const from = fake.calls.length;
    const again = fake.addComment(REPO, 1, '/ktriage');
    await postDelivery(
      service.url,
      'issue_comment',
      payload(fake, 'issue_comment', 'created', { ...on(1), comment: again }),
    );
    await fake.waitFor('PATCH', /\/issues\/comments\/\d+$/, { from });

    const ask = fake.addComment(REPO, 1, '/ktriage kb GFP_KERNEL under spinlock');
    await postDelivery(
      service.url,
      'issue_comment',
      payload(fake, 'issue_comment', 'created', { ...on(1), comment: ask }),
    );
    await fake.waitFor('POST', commentPath(1), { from });
    await drained(service);

    const answer = fake.commentsOf(REPO, 1).at(-1);
    expect(answer?.body).toMatch(
      /^<!-- ktriage:answer \d+ -->\nKnowledge entries for `GFP_KERNEL under spinlock`:/,
    );
    expect(answer?.body).toContain('(`spinlock-gfp-kernel`)');
    expect(notesOn(1)).toHaveLength(1);
    // The answer's id is not the note's: a later edit still goes to the note.
    expect(await service.store.getReplyRef(`github:${REPO}#1`)).toBe(String(notesOn(1)[0]?.id));
  });

  it('says "possible duplicate of #N" with a link when an earlier issue has the same report', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor driver BUG', body: KMALLOC });
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await fake.waitFor('POST', /\/issues\/1\/labels$/);
    fake.addIssue(REPO, {
      title: 'Another sleeping-in-atomic splat',
      body: reportBody(seed('techveda-kmalloc-under-spinlock.txt'), 'Hit this on a different board'),
    });
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(2)));
    await fake.waitFor('POST', /\/issues\/2\/labels$/);
    await drained(service);

    const note = notesOn(2)[0]?.body ?? '';
    expect(note.split('\n')[1]).toBe(
      `> **Possible duplicate of [#1](https://github.com/${REPO}/issues/1)**: an earlier issue of this repository has the same kernel report.`,
    );
    expect(labelsOf(2)).toEqual([
      'kernel: sleep-in-atomic',
      'possible duplicate',
      'triage: spinlock-gfp-kernel',
    ]);
    expect(notesOn(1)[0]?.body).not.toContain('Possible duplicate');
  });

  it('handles a delivery once, however often it is redelivered and however many replicas receive it', async () => {
    const first = await serve({}, 'shared.db');
    const second = await serve({}, 'shared.db');
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    const body = payload(fake, 'issues', 'opened', on(1));
    const delivery = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

    const answers = await Promise.all([
      postDelivery(first.url, 'issues', body, { delivery }),
      postDelivery(second.url, 'issues', body, { delivery }),
      postDelivery(first.url, 'issues', body, { delivery }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    await fake.waitFor('POST', commentPath(1));
    await drained(first);
    await postDelivery(second.url, 'issues', body, { delivery });
    await drained(second);

    expect(fake.callsTo('POST', commentPath(1))).toHaveLength(1);
    expect(fake.callsTo('PATCH', /\/issues\/comments\//)).toHaveLength(0);
    const metrics = await (await fetch(`${first.url}/metrics`)).text();
    expect(metrics).toMatch(/ktriage_events_deduplicated_total\{source="github"\} [12]/);
  });

  it('rejects a delivery with a forged or missing signature, touching nothing', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    const body = payload(fake, 'issues', 'opened', on(1));

    const forged = await postDelivery(service.url, 'issues', body, { secret: 'not the secret' });
    const missing = await postDelivery(service.url, 'issues', body, { signature: '' });
    const sha1 = await postDelivery(service.url, 'issues', body, {
      signature: 'sha1=3e6d4b2bd6d5fee9f6fda1be5e0d6b4b9d2c1a7f',
    });
    expect([forged.status, missing.status, sha1.status]).toEqual([401, 401, 401]);
    expect(forged.body).toEqual({
      error: 'X-Hub-Signature-256 does not match the body signed with GITHUB_WEBHOOK_SECRET',
    });
    expect(fake.calls).toEqual([]);
    expect(await service.store.outboxStats(new Date())).toMatchObject({ pending: 0, leased: 0 });
  });

  it('never answers its own comments or other bots', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: 'no log yet' });
    const bot = { login: 'ktriage[bot]', id: 41898282, type: 'Bot' as const };
    const own = fake.addComment(
      REPO,
      1,
      `${NOTE_MARKER}\n\n### BUG: sleeping function called from invalid context`,
      bot,
    );
    const ownPayload = payload(fake, 'issue_comment', 'created', {
      ...on(1),
      comment: { ...own, performed_via_github_app: { id: APP_ID } },
      sender: bot,
    });
    const other = fake.addComment(REPO, 1, KMALLOC, { login: 'syzbot', id: 1, type: 'Bot' });
    const otherPayload = payload(fake, 'issue_comment', 'created', {
      ...on(1),
      comment: other,
      sender: other.user,
    });
    const quoted = fake.addComment(REPO, 1, `${NOTE_MARKER}\ncopied from elsewhere\n\n${KMALLOC}`);

    for (const p of [
      ownPayload,
      otherPayload,
      payload(fake, 'issue_comment', 'created', { ...on(1), comment: quoted }),
    ]) {
      expect((await postDelivery(service.url, 'issue_comment', p)).status).toBe(202);
    }
    await drained(service);
    expect(fake.calls).toEqual([]);
  });

  it('answers events it does not act on with 200 and a reason', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    const labeled = await postDelivery(service.url, 'issues', payload(fake, 'issues', 'labeled', on(1)));
    const ping = await postDelivery(service.url, 'ping', { zen: 'Design for failure.', hook_id: 292430182 });
    expect([labeled.status, labeled.body]).toEqual([
      200,
      { ignored: 'issues.labeled is not an event ktriage acts on' },
    ]);
    expect([ping.status, ping.body]).toEqual([200, { ignored: 'ping is not an event ktriage acts on' }]);
    expect(fake.calls).toEqual([]);
  });
});

describe('GitHub failures', () => {
  it('keeps a note for later when the primary rate limit is spent, and retries a 502 at once', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    const reset = Math.floor(Date.now() / 1000) + 3600;
    fake.failNext('POST', commentPath(1), {
      status: 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      },
      body: {
        message: 'API rate limit exceeded for installation ID 77.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    });
    fake.failNext('GET', commentPath(1), { status: 502, body: { message: 'Server Error' } });

    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await until(async () => (await service.store.outboxStats(new Date())).failed === 1);

    expect(fake.callsTo('GET', commentPath(1)).map((c) => c.status)).toEqual([502, 200]);
    expect(fake.callsTo('POST', commentPath(1)).map((c) => c.status)).toEqual([403]);
    expect(notesOn(1)).toEqual([]);
    // The labels wait behind the note (same issue, in order).
    expect(fake.callsTo('POST', /\/labels$/)).toEqual([]);
  });

  it('gives up on a locked issue instead of retrying', async () => {
    const service = await serve();
    fake.addIssue(REPO, { title: 'sensor oops', body: KMALLOC });
    fake.lock(REPO, 1);
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await until(async () => (await service.store.outboxStats(new Date())).givenUp >= 1);
    expect(fake.callsTo('POST', commentPath(1)).map((c) => c.status)).toEqual([403]);
  });

  it('waits out a secondary rate limit inside the call when GitHub says how long (throttling plugin on)', async () => {
    const service = await serve({ client: { throttle: true, waitUnitMs: 5 } });
    // Labels already in place: the note is the one write, so the plugin's 1 s write spacing stays out of the test.
    fake.addIssue(REPO, {
      title: 'sensor oops',
      body: KMALLOC,
      labels: ['kernel: sleep-in-atomic', 'triage: spinlock-gfp-kernel'],
    });
    fake.failNext('GET', commentPath(1), {
      status: 429,
      headers: { 'retry-after': '2' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      },
    });
    await postDelivery(service.url, 'issues', payload(fake, 'issues', 'opened', on(1)));
    await fake.waitFor('POST', commentPath(1));
    await drained(service);
    expect(fake.callsTo('GET', commentPath(1)).map((c) => c.status)).toEqual([429, 200]);
    expect(fake.callsTo('POST', commentPath(1)).map((c) => c.status)).toEqual([201]);
    expect(await service.store.outboxStats(new Date())).toMatchObject({ failed: 0, givenUp: 0 });
  });
});
