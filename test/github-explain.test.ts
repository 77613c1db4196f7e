import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubAdapterFactory } from '../src/github/adapter.js';
import { NOTE_MARKER } from '../src/github/sticky-comment.js';
import { createNoteExplainer } from '../src/llm/note-explainer.js';
import { startService, type Service } from '../src/server/serve.js';
import { FakeGitHub } from './github-support/fake-github.js';
import {
  appKeys,
  payload,
  postDelivery,
  realCore,
  seed,
  until,
  WEBHOOK_SECRET,
} from './github-support/harness.js';
import { recorded, startFakeLlm, type FakeLlm, type RecordedResponse } from './support/fake-llm.js';
import { LogSink } from './support/log-sink.js';

const APP_ID = 4242;
const INSTALLATION = 77;
const REPO = 'Codertocat/Hello-World';
const KEYS = appKeys();
const core = realCore();
/** The seed's blog post up to its scheduling-while-atomic report: the lines the recorded answers cite. */
const BRCTL = seed('brctl-get-cpu-var-leak.txt').split('\n').slice(0, 45).join('\n');
const HEADING =
  '**Explanation written by the language model qwen2.5-14b-instruct (not checked by a person)**';

let dir: string;
let fake: FakeGitHub;
let llm: FakeLlm | undefined;
let service: Service | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-github-explain-'));
  fake = new FakeGitHub({ appId: APP_ID, appPublicKey: KEYS.publicKey });
  await fake.start();
});

afterEach(async () => {
  await service?.shutdown('test over');
  await llm?.close();
  await fake.close();
  service = undefined;
  llm = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** `ktriage serve` as a GitHub App with a model, the model answering `responses` in order. */
async function serve(responses: RecordedResponse[], env: Record<string, string> = {}): Promise<Service> {
  llm = await startFakeLlm(responses);
  const started = await startService(
    {
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        KTRIAGE_DB: join(dir, 'ktriage.db'),
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'error',
        GITHUB_APP_ID: String(APP_ID),
        GITHUB_PRIVATE_KEY: KEYS.pem,
        GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
        GITHUB_API_URL: fake.url,
        OUTBOX_POLL_MS: '20',
        LLM_BASE_URL: llm.url,
        LLM_MODEL: 'qwen2.5-14b-instruct',
        LLM_MAX_RETRIES: '0',
        ...env,
      },
      cwd: dir,
      stdout: new LogSink(),
      loadCore: () => core,
      adapters: { github: githubAdapterFactory({ client: { throttle: false, waitUnitMs: 5 } }) },
      loadExplainer: createNoteExplainer,
    },
    new AbortController().signal,
  );
  if (started === null) throw new Error('service did not start');
  service = started;
  return started;
}

const notesOn = (n: number) => fake.commentsOf(REPO, n).filter((c) => c.body.startsWith(NOTE_MARKER));

/** Opens issue #1 with the seed as its body; resolves with the note as first posted. */
async function openIssue(s: Service): Promise<string> {
  fake.addIssue(REPO, { title: 'brctl segfaults after the kernel upgrade', body: BRCTL, labels: ['bug'] });
  const delivery = payload(fake, 'issues', 'opened', { repo: REPO, number: 1, installationId: INSTALLATION });
  expect((await postDelivery(s.url, 'issues', delivery)).status).toBe(202);
  const created = await fake.waitFor('POST', /\/issues\/1\/comments$/);
  const body = (created.body as { body: string }).body;
  expect(body).toContain('BUG: scheduling while atomic');
  expect(body).not.toContain('Explanation');
  return body;
}

/** Resolves once the outbox holds nothing pending or leased. */
const drained = (s: Service) =>
  until(async () => {
    const stats = await s.store.outboxStats(new Date());
    return stats.pending === 0 && stats.leased === 0;
  });

describe('the model’s explanation as an edit of the issue’s note', () => {
  it('edits the sticky note with the grounded explanation, after the note and its labels', async () => {
    const s = await serve([recorded('brctl-grounded')]);
    const posted = await openIssue(s);
    await drained(s);

    const [note, ...more] = notesOn(1);
    expect(more).toEqual([]);
    expect(note?.body).toContain(`${HEADING}\n- brctl (pid 3988) called schedule() while preempt\\_count`);
    expect(note?.body).toContain('(L17: "BUG: scheduling while atomic: brctl/3988/0x00000002")');
    // The deterministic note is still all there; the explanation is only added to it.
    for (const line of posted.split('\n')) expect(note?.body).toContain(line);
    const calls = fake.calls.map((c) => `${c.method} ${c.path.replace(`/repos/${REPO}`, '')}`);
    expect(calls.slice(-2)).toEqual(['POST /issues/1/labels', `PATCH /issues/comments/${note?.id}`]);
  });

  it('edits in the one line saying why an answer naming a function of its own is withheld', async () => {
    const s = await serve([recorded('brctl-invented-function')]);
    await openIssue(s);
    await drained(s);
    expect(notesOn(1)[0]?.body).toContain(
      `${HEADING}\n- The model's explanation was withheld: it names \`br_dev_ioctl\`, which appears neither in the paste nor in the knowledge entry.`,
    );
  });

  it('leaves the note alone when the model does not answer in time', async () => {
    const s = await serve([recorded('slow')], { LLM_TIMEOUT_MS: '1000' });
    const posted = await openIssue(s);
    await until(async () => (await s.store.outboxStats(new Date())).failed === 1);
    expect(notesOn(1).map((n) => n.body)).toEqual([posted]);
    expect(fake.callsTo('PATCH', /\/issues\/comments\//)).toEqual([]);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain('ktriage_llm_calls_total{outcome="unavailable",cause="timeout"} 1');
  });
});
