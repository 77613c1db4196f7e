/** The HTTP server's answers to what monitors and unreliable clients send. */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../src/usecase/core.js';
import { startService, type Service } from '../src/server/serve.js';
import { LogSink } from './support/log-sink.js';

let dir: string;
let out: LogSink;
let service: Service;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-http-'));
  out = new LogSink();
  const started = await startService(
    {
      env: { PORT: '0', KTRIAGE_DB: join(dir, 'k.db'), LOG_FORMAT: 'json', LOG_LEVEL: 'debug' },
      cwd: dir,
      stdout: out,
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

describe('HEAD', () => {
  it('answers on every GET route as GET would, without a body', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/kb?q=atomic']) {
      const head = await fetch(`${service.url}${path}`, { method: 'HEAD' });
      expect(head.status, path).toBe(200);
      expect(await head.text(), path).toBe('');
    }
  });

  it('is named in Allow next to GET, and refused where there is no GET', async () => {
    const post = await fetch(`${service.url}/healthz`, { method: 'POST', body: 'x' });
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${service.url}/api/triage`, { method: 'HEAD' });
    expect([head.status, head.headers.get('allow')]).toEqual([405, 'POST']);
  });
});

describe('a client that disconnects in the middle of its body', () => {
  it('is logged at info level without a stack, and the server keeps answering', async () => {
    const { port } = new URL(service.url);
    const before = out.records().length;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /api/triage HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nBUG: kernel NULL pointer',
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    const deadline = Date.now() + 2000;
    const logged = () => out.records().slice(before);
    while (
      !logged().some((r) => r.msg === 'client disconnected before its body ended') &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    const records = logged();
    expect(records.find((r) => r.msg === 'client disconnected before its body ended')).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/api/triage',
    });
    expect(records.filter((r) => r.level >= 50)).toEqual([]);
    expect(JSON.stringify(records)).not.toContain('"stack"');
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});
