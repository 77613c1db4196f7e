import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, redactSecrets } from '../src/log/logger.js';
import { renderAs } from '../src/render/formats.js';
import { renderJson } from '../src/render/json.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderSlack } from '../src/render/slack.js';
import type { Adapter, AdapterContext, AdapterFactories } from '../src/server/adapter.js';
import type { Core } from '../src/usecase/core.js';
import { createCore } from '../src/usecase/core.js';
import { sendJson } from '../src/server/http-server.js';
import { runServe, startService, type Service, type ServeOptions } from '../src/server/serve.js';
import type { OutboxItem, Store } from '../src/store/store.js';
import { LogSink } from './support/log-sink.js';
import { postgresBehindProxy } from './support/postgres.js';

const SAMPLE = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');

/** The real triage core with the built-in knowledge: what `ktriage serve` runs. */
const core: Core = createCore([]);

const GITHUB_TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';

/** Holds a request in its handler until `until` resolves. */
interface Hold {
  reached(): void;
  until: Promise<void>;
}

/**
 * A GitHub adapter reduced to the contract: a webhook route that records the event with one reply,
 * a slow route, and a deliverer that keeps what it was given.
 */
function testAdapter(ctx: AdapterContext, delivered: OutboxItem[], hold?: Hold): Adapter {
  const Hook = z.object({ delivery: z.string(), text: z.string() });
  return {
    name: 'github (test)',
    target: 'github',
    routes: [
      {
        method: 'POST',
        path: '/test/webhook',
        async handle(_req, res, body) {
          const hook = Hook.parse(JSON.parse(body.toString('utf8')));
          ctx.metrics.eventReceived('github');
          const out = await ctx.core.triagePaste({ text: hook.text });
          const fresh = await ctx.store.recordEvent({
            source: 'github',
            key: hook.delivery,
            now: ctx.now(),
            replies: [
              {
                target: 'github',
                action: 'issues.createComment',
                payload: { body: renderMarkdown(out.notes) },
                replyKey: 'github:acme/kernel#12',
              },
            ],
          });
          if (fresh) {
            ctx.metrics.triaged('github', out.tallies, 0.01);
            ctx.wakeOutbox();
          } else ctx.metrics.eventDeduplicated('github');
          sendJson(res, 202, { fresh });
        },
      },
      {
        method: 'POST',
        path: '/test/slow',
        async handle(_req, res) {
          hold?.reached();
          await hold?.until;
          sendJson(res, 200, { finished: true });
        },
      },
    ],
    async deliver(item) {
      delivered.push(item);
      return { ok: true, ref: 'IC_kwDOA1b2c3' };
    },
    async start() {},
    async stop() {},
  };
}

let dir: string;
let out: LogSink;
let delivered: OutboxItem[];
let contexts: AdapterContext[];
let running: Service[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-serve-'));
  out = new LogSink();
  delivered = [];
  contexts = [];
  running = [];
});

afterEach(async () => {
  await Promise.all(running.map((s) => s.shutdown('test over')));
  rmSync(dir, { recursive: true, force: true });
});

const baseEnv = (): Record<string, string> => ({
  PORT: '0',
  HOST: '127.0.0.1',
  KTRIAGE_DB: join(dir, 'data', 'ktriage.db'),
  LOG_FORMAT: 'json',
  OUTBOX_POLL_MS: '20',
  SHUTDOWN_TIMEOUT_MS: '5000',
});

function options(env: Record<string, string>, hold?: Hold): ServeOptions {
  const adapters: AdapterFactories = {
    github: (ctx) => {
      contexts.push(ctx);
      return testAdapter(ctx, delivered, hold);
    },
  };
  return { env, cwd: dir, stdout: out, loadCore: () => core, adapters };
}

async function start(env: Record<string, string> = baseEnv()): Promise<Service> {
  const service = await startService(options(env), new AbortController().signal);
  if (service === null) throw new Error('the service did not start');
  running.push(service);
  return service;
}

const post = (url: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain', ...headers } });

describe('ktriage serve with no platform configured', () => {
  it('says in its first lines where it listens, which store it uses, what is on and what enables the rest', async () => {
    const service = await start({ ...baseEnv(), KTRIAGE_DB: 'data/ktriage.db' });
    expect(out.messages().slice(0, 8)).toEqual([
      `ktriage serve listening on ${service.url}`,
      `store: SQLite at ${join(dir, 'data', 'ktriage.db')} (one replica; set DATABASE_URL to share a PostgreSQL store between replicas)`,
      'on: HTTP API (POST /api/triage, GET /api/kb) and /metrics, open to whoever reaches this address (set API_TOKEN to require a bearer token); /healthz, /readyz',
      'off: Slack; set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (Events API over HTTP) or SLACK_APP_TOKEN (Socket Mode)',
      'off: GitHub App webhooks; set GITHUB_APP_ID, GITHUB_PRIVATE_KEY and GITHUB_WEBHOOK_SECRET',
      'off: GitHub polling; set GITHUB_TOKEN and GITHUB_WATCH_REPOS',
      "off: LLM explanations; set LLM_BASE_URL and LLM_MODEL to add a model's explanation to notes",
      'outbox: replies are retried with backoff from 30 s to 1 h and given up 24 h after they were queued',
    ]);
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(contexts).toEqual([]);
  });

  it('answers /healthz and /readyz', async () => {
    const { url } = await start();
    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', store: 'sqlite' }]);
  });

  it('stops starting when a setting is wrong, naming the variable', async () => {
    await expect(
      startService(options({ ...baseEnv(), PORT: 'eighty' }), new AbortController().signal),
    ).rejects.toThrow('PORT expects a TCP port number from 0 to 65535 (got "eighty")');
    writeFileSync(join(dir, 'not-a-dir'), '');
    const db = join(dir, 'not-a-dir', 'ktriage.db');
    await expect(
      startService(options({ ...baseEnv(), KTRIAGE_DB: db }), new AbortController().signal),
    ).rejects.toThrow(`cannot open the SQLite store at ${db} (KTRIAGE_DB): EEXIST: file already exists`);
  });

  it('reads a .env file in its working directory', async () => {
    writeFileSync(
      join(dir, '.env'),
      `# polling for the team's repositories\nGITHUB_TOKEN=${GITHUB_TOKEN}\nGITHUB_WATCH_REPOS=acme/kernel\n`,
    );
    await start();
    expect(contexts).toHaveLength(1);
    expect(out.messages()).toContain('on: GitHub polling (acme/kernel every 60 s)');
  });
});

describe('POST /api/triage', () => {
  it('triages a text/plain paste into the JSON note', async () => {
    const { url } = await start();
    const res = await post(`${url}/api/triage`, SAMPLE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = (await res.json()) as {
      reports: Array<{ kind: string; headline: string }>;
      notes: unknown[];
    };
    expect(json.reports.map((r) => [r.kind, r.headline])).toEqual([
      ['sleep-in-atomic', 'BUG: sleeping function called from invalid context at kernel/rseq.c:132'],
      ['scheduling-while-atomic', 'BUG: scheduling while atomic: brctl/3988/0x00000002'],
    ]);
    expect(json.notes).toHaveLength(2);
  });

  it('takes JSON {text} and answers Markdown for ?format=markdown or Accept: text/markdown', async () => {
    const { url } = await start();
    const byQuery = await post(`${url}/api/triage?format=markdown`, JSON.stringify({ text: SAMPLE }), {
      'content-type': 'application/json',
    });
    expect(byQuery.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const markdown = renderAs('markdown', await core.triagePaste({ text: SAMPLE }));
    expect(await byQuery.text()).toBe(markdown);
    const byAccept = await post(`${url}/api/triage`, SAMPLE, { accept: 'text/markdown, */*;q=0.1' });
    expect(await byAccept.text()).toBe(markdown);
  });

  it('answers text for ?format=text or Accept: text/plain, and the Slack message for ?format=slack, as the CLI does', async () => {
    const { url } = await start();
    const triage = await core.triagePaste({ text: SAMPLE });
    const text = await post(`${url}/api/triage?format=text`, SAMPLE);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe(renderAs('text', triage));
    const plain = await post(`${url}/api/triage`, SAMPLE, { accept: 'text/plain;q=0.9, text/html;q=0.5' });
    expect(await plain.text()).toBe(renderAs('text', triage));
    const slack = await post(`${url}/api/triage?format=slack`, SAMPLE);
    expect(slack.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await slack.json()).toEqual(renderSlack(triage.notes));
    const json = await post(`${url}/api/triage`, SAMPLE, { accept: 'text/plain;q=0.2, application/json' });
    expect(await json.text()).toBe(renderJson(triage));
  });

  it('answers a paste with no report with an empty note, not an error', async () => {
    const { url } = await start();
    const res = await post(`${url}/api/triage`, 'the build failed again, any idea?');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ reports: [], notes: [] });
  });

  it('takes a body sent form-encoded, as curl --data-binary does by default, as the paste', async () => {
    const { url } = await start();
    const res = await post(`${url}/api/triage`, SAMPLE, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { reports: unknown[] }).reports).toHaveLength(2);
  });

  it('refuses what it cannot read with a JSON error', async () => {
    const { url } = await start();
    const cases: [Promise<Response>, number, string][] = [
      [post(`${url}/api/triage`, '   \n'), 400, 'nothing to triage: the body holds no text'],
      [
        post(`${url}/api/triage`, '{"text": ', { 'content-type': 'application/json' }),
        400,
        'the body is not valid JSON; send {"text": "<kernel log>"}',
      ],
      [
        post(`${url}/api/triage`, '{"log": "BUG: x"}', { 'content-type': 'application/json' }),
        400,
        'the JSON body needs a string field "text" holding the kernel log',
      ],
      [
        post(`${url}/api/triage?format=yaml`, SAMPLE),
        400,
        'format must be one of text, json, markdown, slack',
      ],
    ];
    for (const [response, status, error] of cases) {
      const res = await response;
      expect([res.status, await res.json()]).toEqual([status, { error }]);
    }
  });

  it('answers 413 to a body over 10 MiB, declared or streamed', async () => {
    const { url } = await start();
    const big = 'x'.repeat(10 * 1024 * 1024 + 1);
    const declared = await post(`${url}/api/triage`, big);
    expect([declared.status, await declared.json()]).toEqual([
      413,
      { error: 'request body is larger than 10485760 bytes' },
    ]);
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 11) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await fetch(`${url}/api/triage`, {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'text/plain' },
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
  });
});

describe('GET /api/kb', () => {
  it('ranks knowledge entries for the words in q', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/kb?q=${encodeURIComponent('preempt_count')}`);
    const json = (await res.json()) as { query: string; hits: Array<{ id: string }> };
    expect(json.query).toBe('preempt_count');
    expect(json.hits[0]?.id).toBe('get-cpu-var-leak');
  });

  it('needs q', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/kb?q=%20`);
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: 'q is required: the words, function names or error text to look for' },
    ]);
  });
});

describe('routing', () => {
  it('answers unknown paths with 404 and wrong methods with 405, in JSON', async () => {
    const { url } = await start();
    const missing = await fetch(`${url}/slack/events`, { method: 'POST', body: '{}' });
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'no route for /slack/events' }]);
    const wrong = await fetch(`${url}/api/triage`);
    expect([wrong.status, wrong.headers.get('allow'), await wrong.json()]).toEqual([
      405,
      'POST',
      { error: '/api/triage accepts POST' },
    ]);
  });
});

describe('an adapter on the server', () => {
  const withGithub = (): Record<string, string> => ({
    ...baseEnv(),
    GITHUB_TOKEN,
    GITHUB_WATCH_REPOS: 'acme/kernel',
  });

  it('is built only when its platform is configured, and its routes are mounted', async () => {
    const { url } = await start(withGithub());
    expect(contexts).toHaveLength(1);
    expect(out.messages()).toContain('on: GitHub polling (acme/kernel every 60 s)');
    const res = await post(
      `${url}/test/webhook`,
      JSON.stringify({ delivery: '72d3162e-cc78-11e3-81ab-4c9367dc0958', text: SAMPLE }),
    );
    expect([res.status, await res.json()]).toEqual([202, { fresh: true }]);
  });

  it('has its replies delivered by the outbox worker at once, once per event', async () => {
    // A poll interval far past the test's timeout: only the adapter's wake-up can deliver in time.
    const { url, store } = await start({ ...withGithub(), OUTBOX_POLL_MS: '60000' });
    const hook = JSON.stringify({ delivery: '72d3162e-cc78-11e3-81ab-4c9367dc0958', text: SAMPLE });
    expect(await (await post(`${url}/test/webhook`, hook)).json()).toEqual({ fresh: true });
    expect(await (await post(`${url}/test/webhook`, hook)).json()).toEqual({ fresh: false });
    await expect.poll(() => delivered.length).toBe(1);
    expect(delivered[0]).toMatchObject({
      target: 'github',
      action: 'issues.createComment',
      replyKey: 'github:acme/kernel#12',
    });
    await expect.poll(() => store.getReplyRef('github:acme/kernel#12')).toBe('IC_kwDOA1b2c3');
  });

  it('has an unexpected failure answered 500 in JSON and logged', async () => {
    const { url } = await start(withGithub());
    const res = await post(`${url}/test/webhook`, 'payload=%7B%7D', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect([res.status, await res.json()]).toEqual([500, { error: 'internal error' }]);
    expect(out.records().find((r) => r.msg === 'request failed')).toMatchObject({
      level: 50,
      method: 'POST',
      path: '/test/webhook',
    });
  });

  it('never has a token in the logs', async () => {
    await start({ ...withGithub(), LOG_LEVEL: 'debug' });
    contexts[0]?.log.info({ polling: contexts[0].config.githubPolling }, `polling with ${GITHUB_TOKEN}`);
    expect(out.text).toContain('polling with [redacted]');
    expect(out.text).not.toContain(GITHUB_TOKEN);
  });
});

describe('GET /metrics', () => {
  it('exposes triages by kind and pattern, events, outbox counters and latency histograms', async () => {
    const { url } = await start({ ...baseEnv(), GITHUB_TOKEN, GITHUB_WATCH_REPOS: 'acme/kernel' });
    await post(`${url}/api/triage`, SAMPLE);
    const hook = JSON.stringify({ delivery: 'd1', text: SAMPLE });
    await post(`${url}/test/webhook`, hook);
    await post(`${url}/test/webhook`, hook);
    await expect.poll(() => delivered.length).toBe(1);
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const sample of [
      'ktriage_triages_total{kind="sleep-in-atomic",pattern="get-cpu-var-leak"} 2',
      'ktriage_triages_total{kind="scheduling-while-atomic",pattern="get-cpu-var-leak"} 2',
      'ktriage_triage_duration_seconds_count{source="api"} 1',
      'ktriage_triage_duration_seconds_count{source="github"} 1',
      'ktriage_events_received_total{source="github"} 2',
      'ktriage_events_deduplicated_total{source="github"} 1',
      'ktriage_outbox_delivered_total{target="github"} 1',
      'ktriage_outbox_pending 0',
      'ktriage_store_up 1',
      'ktriage_http_request_duration_seconds_count{method="POST",route="/api/triage",status="200"} 1',
      '# TYPE ktriage_outbox_failed_total counter',
      '# TYPE ktriage_outbox_retried_total counter',
      '# TYPE ktriage_outbox_given_up_total counter',
      '# TYPE process_cpu_seconds_total counter',
    ]) {
      expect(text).toContain(sample);
    }
  });

  it("keeps each server's metrics apart", async () => {
    const a = await start();
    const b = await start();
    await post(`${a.url}/api/triage`, SAMPLE);
    expect(await (await fetch(`${b.url}/metrics`)).text()).not.toContain('ktriage_triages_total{');
  });
});

describe('readiness', () => {
  it('fails once the store is closed', async () => {
    const { url, store } = await start();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await store.close();
    const res = await fetch(`${url}/readyz`);
    expect([res.status, await res.json()]).toEqual([
      503,
      { status: 'unavailable', store: 'sqlite', reason: 'store cannot record' },
    ]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(out.messages()).toContain('store cannot record: not ready; Slack and GitHub events get 503');
  });

  describe('on PostgreSQL', () => {
    const postgres = postgresBehindProxy();

    it('fails while the database is unreachable and recovers when it is back, without crashing', async () => {
      const { databaseUrl, proxy } = await postgres.fresh();
      const { url } = await start({ ...baseEnv(), DATABASE_URL: databaseUrl });
      expect(out.messages()[1]).toBe(
        `store: PostgreSQL at postgres://postgres@127.0.0.1:${proxy.port}/test (shared by every replica)`,
      );
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', store: 'postgres' });

      await proxy.cut();
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      expect(await (await fetch(`${url}/metrics`)).text()).toContain('ktriage_store_up 0');
      expect((await post(`${url}/api/triage`, SAMPLE)).status).toBe(200);

      await proxy.restore();
      await expect.poll(async () => (await fetch(`${url}/readyz`)).status).toBe(200);
    });

    it('waits for the database at start-up instead of failing', async () => {
      const { databaseUrl, proxy } = await postgres.fresh();
      await proxy.cut();
      const starting = start({ ...baseEnv(), DATABASE_URL: databaseUrl });
      await expect.poll(() => out.messages()[0]).toMatch(/^cannot open PostgreSQL at .*; retrying$/);
      await proxy.restore();
      const { url } = await starting;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    });

    it('stops waiting for the database when told to stop', async () => {
      const { databaseUrl, proxy } = await postgres.fresh();
      await proxy.cut();
      const stop = new AbortController();
      const starting = startService(options({ ...baseEnv(), DATABASE_URL: databaseUrl }), stop.signal);
      await expect.poll(() => out.messages()[0]).toMatch(/; retrying$/);
      stop.abort();
      expect(await starting).toBeNull();
    });
  });
});

describe('SIGTERM', () => {
  it('stops taking work, lets the request in flight finish, closes the store and exits 0', async () => {
    const signals = new EventEmitter();
    let release = (): void => undefined;
    let reached = false;
    const hold: Hold = {
      reached: () => {
        reached = true;
      },
      until: new Promise<void>((resolve) => {
        release = resolve;
      }),
    };
    const exit = runServe({
      ...options({ ...baseEnv(), GITHUB_TOKEN, GITHUB_WATCH_REPOS: 'acme/kernel' }, hold),
      signals,
    });
    await expect.poll(() => out.messages()[0] ?? '').toMatch(/^ktriage serve listening on /);
    const url = (out.messages()[0] ?? '').replace('ktriage serve listening on ', '');
    const store: Store | undefined = contexts[0]?.store;

    const inFlight = post(`${url}/test/slow`, '');
    await expect.poll(() => reached).toBe(true);
    signals.emit('SIGTERM');
    await expect
      .poll(() => out.messages())
      .toContain('draining: taking no new work, finishing work in flight');

    const refused = await fetch(`${url}/healthz`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect(refused).toBe('refused');
    let exited = false;
    void exit.then(() => {
      exited = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(exited).toBe(false);

    release();
    const res = await inFlight;
    expect([res.status, await res.json()]).toEqual([200, { finished: true }]);
    expect(await exit).toBe(0);
    expect(out.messages().at(-1)).toBe('stopped');
    await expect(store?.ping()).rejects.toThrow();
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('logs', () => {
  it('redact credentials by field name at any depth and by shape anywhere', () => {
    const sink = new LogSink();
    const log = createLogger({ level: 'info', format: 'json', destination: sink });
    const pem =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1c7+9z5Pad7Oejecs\n-----END RSA PRIVATE KEY-----';
    log.info(
      {
        slack: { client: { botToken: 'not-shaped-like-a-token', signingSecret: 'abc' } },
        headers: { authorization: 'Bearer 1234567890abcdef' },
        key: pem,
        url: 'postgres://ktriage:s3cret@db.internal:5432/ktriage',
      },
      'posting with xoxb-2210535565-3912058834754-aQk1oz2T8gDsV6g9Jh1Yh0Ux and xapp-1-A04N3-46573 for github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz',
    );
    log.error({ err: new Error(`401 Bad credentials for ${GITHUB_TOKEN}`) }, 'GitHub refused');
    const [first, second] = sink.records();
    expect(first).toMatchObject({
      slack: { client: { botToken: '[redacted]', signingSecret: '[redacted]' } },
      headers: { authorization: '[redacted]' },
      key: '[redacted]',
      url: 'postgres://ktriage:[redacted]@db.internal:5432/ktriage',
      msg: 'posting with [redacted] and [redacted] for [redacted]',
    });
    expect(second).toMatchObject({ err: { message: '401 Bad credentials for [redacted]' } });
    expect(sink.text).not.toMatch(/s3cret|MIIEpA|ghp_|xoxb-|1234567890abcdef/);
  });

  it('keeps text that only mentions a token', () => {
    expect(redactSecrets('{"msg":"set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET"}')).toBe(
      '{"msg":"set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET"}',
    );
  });
});
