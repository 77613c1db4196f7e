import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NoteSet } from '../src/triage/note-set.js';
import { ParseResult } from '../src/parse/report.js';
import { OutputFormat } from '../src/render/formats.js';
import { apiRoutes } from '../src/server/api-routes.js';
import { metricsRoute, probeRoutes } from '../src/server/health.js';
import { Metrics } from '../src/server/metrics.js';
import { KbAnswer } from '../src/server/openapi.js';
import { startService, type Service } from '../src/server/serve.js';
import { StoreWriteCheck } from '../src/server/write-check.js';
import { createCore } from '../src/usecase/core.js';
import { LogSink } from './support/log-sink.js';

const SAMPLE = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');
const core = createCore([]);

const Operation = z.looseObject({ responses: z.record(z.string(), z.unknown()) });
const Document = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), Operation)),
  components: z.object({ schemas: z.record(z.string(), z.unknown()) }),
});

let dir: string;
let service: Service;
let doc: z.infer<typeof Document>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-openapi-'));
  const started = await startService(
    {
      env: { PORT: '0', KTRIAGE_DB: join(dir, 'k.db'), LOG_FORMAT: 'json' },
      cwd: dir,
      stdout: new LogSink(),
      loadCore: () => core,
    },
    new AbortController().signal,
  );
  if (started === null) throw new Error('the service did not start');
  service = started;
  const res = await fetch(`${service.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = Document.parse(await res.json());
});

afterAll(async () => {
  await service.shutdown('test over');
  rmSync(dir, { recursive: true, force: true });
});

/** What the service answers at a documented operation, and whether the description lists that status. */
async function call(method: string, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${service.url}${path}`, { method: method.toUpperCase(), ...init });
  const documented = doc.paths[path.split('?')[0] ?? path]?.[method]?.responses ?? {};
  expect(Object.keys(documented), `${method} ${path}`).toContain(String(res.status));
  return res;
}

describe('GET /api/openapi.json', () => {
  it('describes exactly the routes of the API, the probes and the metrics', () => {
    const metrics = new Metrics();
    const { store, log } = service;
    const now = (): Date => new Date();
    const writeCheck = new StoreWriteCheck(store, log, now);
    const routes = [
      ...apiRoutes(core, metrics),
      ...probeRoutes({ store, writeCheck, isDraining: () => false }),
      metricsRoute({ store, metrics, now }),
    ];
    const served = routes.map((r) => `${r.method} ${r.path}`).sort();
    const described = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(described).toEqual(served);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('answers every operation as it says, in the shapes of its schemas', async () => {
    const triage = await call('post', '/api/triage', { body: SAMPLE });
    const body: unknown = await triage.json();
    expect(ParseResult.parse(body).reports).toHaveLength(2);
    expect(NoteSet.parse(body).notes).toHaveLength(2);
    for (const format of OutputFormat.options) {
      expect((await call('post', `/api/triage?format=${format}`, { body: SAMPLE })).status).toBe(200);
    }
    expect((await call('post', '/api/triage?format=yaml', { body: SAMPLE })).status).toBe(400);
    expect(
      KbAnswer.parse(await (await call('get', '/api/kb?q=spinlock')).json()).hits.length,
    ).toBeGreaterThan(0);
    expect((await call('get', '/api/kb')).status).toBe(400);
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/openapi.json']) {
      expect((await call('get', path)).status, path).toBe(200);
    }
  });

  it('takes its schemas from the ones the routes parse and send', () => {
    const { schemas } = doc.components;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['ParseResult', 'NoteSet', 'Triage', 'TriageRequest', 'KbAnswer', 'Error']),
    );
    expect(JSON.stringify(schemas.ParseResult)).toContain('"signature"');
    expect(JSON.stringify(doc.paths['/api/triage'])).toContain(JSON.stringify(OutputFormat.options));
  });
});
