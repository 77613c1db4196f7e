/**
 * Triage and sign-in requests are limited per client and across clients, so a few API users cannot
 * starve the webhooks that must be acknowledged within seconds (issue 13.5, issue 14).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientLimits } from '../src/server/client-limits.js';
import { startService, type Service } from '../src/server/serve.js';
import { webPages } from '../src/web/routes.js';
import { createCore } from '../src/usecase/core.js';
import { LogSink } from './support/log-sink.js';

describe('ClientLimits', () => {
  it('gives each client its rate with a burst as large, refilled over the minute', () => {
    const limits = new ClientLimits({ perMinute: 2, inFlight: 100 });
    const a1 = limits.admit('a', 0);
    const a2 = limits.admit('a', 0);
    const a3 = limits.admit('a', 0);
    expect([a1.ok, a2.ok, a3.ok]).toEqual([true, true, false]);
    if (!a3.ok) expect(a3.retryAfterS).toBe(30);
    expect(limits.admit('b', 0).ok).toBe(true);
    expect(limits.admit('a', 29_000).ok).toBe(false);
    expect(limits.admit('a', 30_000).ok).toBe(true);
  });

  it('runs at most inFlight at once, and a refused one costs the client nothing', () => {
    const limits = new ClientLimits({ perMinute: 3, inFlight: 1 });
    const first = limits.admit('a', 0);
    const second = limits.admit('a', 0);
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, retryAfterS: 1, why: '1 requests of this kind are already running' });
    if (first.ok) {
      first.release();
      first.release();
    }
    expect(limits.admit('a', 0).ok).toBe(true);
    expect(limits.admit('b', 0).ok).toBe(false);
  });

  it('limits nothing per client at 0 a minute', () => {
    const limits = new ClientLimits({ perMinute: 0, inFlight: 1000 });
    for (let i = 0; i < 500; i++) expect(limits.admit('a', 0).ok).toBe(true);
  });
});

describe('ktriage serve with RATE_LIMIT_PER_MINUTE=2', () => {
  let dir: string;
  let service: Service;
  const paste = readFileSync('samples/brctl-scheduling-while-atomic.txt', 'utf8');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ktriage-limits-'));
    const started = await startService(
      {
        env: { PORT: '0', KTRIAGE_DB: join(dir, 'k.db'), LOG_FORMAT: 'json', RATE_LIMIT_PER_MINUTE: '2' },
        cwd: dir,
        stdout: new LogSink(),
        loadCore: () => createCore([]),
        pages: webPages,
      },
      new AbortController().signal,
    );
    if (started === null) throw new Error('the service did not start');
    service = started;
  });

  afterAll(async () => {
    await service.shutdown('test over');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the third triage of a minute with 429 and Retry-After, on the API and the page alike', async () => {
    const api = (): Promise<Response> => fetch(`${service.url}/api/triage`, { method: 'POST', body: paste });
    expect((await api()).status).toBe(200);
    const form = await fetch(`${service.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: paste }).toString(),
    });
    expect(form.status).toBe(200);
    const refused = await api();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      error: expect.stringMatching(
        /^too many requests: more than 2 requests a minute from this client; retry in \d+ s$/,
      ),
    });
  });

  it('never limits what is cheap: the paste form, the knowledge pages, the probes', async () => {
    for (const path of ['/', '/kb', '/healthz'])
      expect((await fetch(`${service.url}${path}`)).status, path).toBe(200);
  });
});
