/**
 * Who can reach what on `ktriage serve`: loopback unless HOST says otherwise, a bearer token for the
 * API and the metrics, required before the service listens on any other address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, isLoopback, loadConfig } from '../src/config/env.js';
import { createCore } from '../src/usecase/core.js';
import { startService, type Service } from '../src/server/serve.js';
import { LogSink } from './support/log-sink.js';

const TOKEN = 'kt_4f0c1e7a9b3d52e8c6a1f0b7d3e9c2a5';
const edge = { cwd: '/srv/ktriage', stdoutIsTTY: false, readFile: () => '' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, undefined, edge);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('where ktriage serve listens', () => {
  it('is loopback unless HOST is set', () => {
    expect(loadConfig({}, undefined, edge).host).toBe('127.0.0.1');
  });

  it('refuses a non-loopback HOST without API_TOKEN, naming both', () => {
    expect(problems({ HOST: '0.0.0.0' })).toEqual([
      'API_TOKEN is required when HOST (0.0.0.0) is not a loopback address: without it anyone who reaches the port could use /api/triage and read /metrics',
    ]);
    expect(problems({ HOST: '::' })).toHaveLength(1);
    expect(problems({ HOST: '0.0.0.0', API_TOKEN: TOKEN })).toEqual([]);
    expect(loadConfig({ HOST: '0.0.0.0', API_TOKEN: TOKEN }, undefined, edge).apiToken).toBe(TOKEN);
  });

  it('takes every loopback spelling as loopback, and nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '128.0.0.1', 'example.org', '::ffff:10.0.0.1'])
      expect(isLoopback(host), host).toBe(false);
  });

  it('wants a token long enough not to be guessed, and never echoes it', () => {
    const [problem] = problems({ API_TOKEN: 'hunter2' });
    expect(problem).toBe('API_TOKEN expects a random token of at least 32 printable characters, no spaces');
  });
});

describe('with API_TOKEN set', () => {
  let dir: string;
  let service: Service;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ktriage-token-'));
    const started = await startService(
      {
        env: { PORT: '0', KTRIAGE_DB: join(dir, 'k.db'), LOG_FORMAT: 'json', API_TOKEN: TOKEN },
        cwd: dir,
        stdout: new LogSink(),
        loadCore: () => createCore([]),
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

  const call = (path: string, authorization?: string, body?: string): Promise<Response> =>
    fetch(`${service.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: authorization === undefined ? {} : { authorization },
      ...(body === undefined ? {} : { body }),
    });

  it('listens on loopback when HOST is unset', () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers the API and the metrics only with the bearer token', async () => {
    for (const [path, body] of [
      ['/api/triage', 'BUG: scheduling while atomic: swapper/0/0/0x00000002'],
      ['/api/kb?q=atomic', undefined],
      ['/metrics', undefined],
    ] as const) {
      const none = await call(path, undefined, body);
      expect(none.status, `${path} without a token`).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="ktriage"');
      expect((await call(path, `Bearer ${TOKEN}x`, body)).status, `${path} wrong token`).toBe(401);
      expect((await call(path, `Basic ${TOKEN}`, body)).status, `${path} other scheme`).toBe(401);
      expect((await call(path, `Bearer ${TOKEN}`, body)).status, `${path} with the token`).toBe(200);
    }
  });

  it('keeps the probes open for load balancers and orchestrators', async () => {
    expect((await call('/healthz')).status).toBe(200);
    expect((await call('/readyz')).status).toBe(200);
  });
});
