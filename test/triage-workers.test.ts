/**
 * Real `ktriage serve` processes triaging on worker threads (issue 13, item 5): a Slack event is
 * acknowledged at once while heavy pastes keep `/api/triage` busy, a paste that ends its worker (here:
 * past TRIAGE_WORKER_HEAP_MB) gets a clear error while the server keeps answering, and SIGTERM stops
 * the workers within SHUTDOWN_TIMEOUT_MS. No bound here is a wall-clock figure: an ack is compared with
 * the time the same machine takes to read one heavy paste.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT_TOKEN,
  FakeSlack,
  nextTs,
  pasteMessageEvent,
  postSlackEvent,
  SIGNING_SECRET,
} from './slack-harness.js';
import { startServeProcess, stopServeProcess, type ServeProcess } from './support/serve-process.js';

const BRCTL = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');
const SEEDS = new URL('./fixtures/seeds/', import.meta.url);

/** The seed reports over and over, to about `bytes`: a log many reports long, as a whole dmesg is. */
function heavyPaste(bytes: number): string {
  const seeds = readdirSync(SEEDS)
    .map((f) => readFileSync(new URL(f, SEEDS), 'utf8'))
    .join('\n');
  return `${seeds}\n`.repeat(Math.ceil(bytes / (seeds.length + 1))).slice(0, bytes);
}

let dir: string;
let slack: FakeSlack;
const started: ServeProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-workers-'));
  slack = await FakeSlack.start();
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => stopServeProcess(p, 'SIGKILL')));
}, 20_000);

afterAll(async () => {
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(name: string, env: Record<string, string>): Promise<ServeProcess> {
  const p = await startServeProcess(name, {
    KTRIAGE_DB: join(dir, `${name.replace(/\W+/g, '-')}.db`),
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '50',
    RATE_LIMIT_PER_MINUTE: '0',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...env,
  });
  started.push(p);
  return p;
}

const triage = (url: string, text: string): Promise<Response> =>
  fetch(`${url}/api/triage?format=text`, { method: 'POST', body: text });

describe('triage on worker threads', () => {
  it('acknowledges a Slack event at once while heavy pastes keep /api/triage busy', async () => {
    const p = await serve('busy api', { TRIAGE_WORKERS: '2' });
    const heavy = heavyPaste(6_000_000);
    // A first event, answered before the load starts: what only a first event costs is not measured.
    let posts = slack.callsOf('chat.postMessage').length;
    await postSlackEvent(p.url, pasteMessageEvent(BRCTL, nextTs()), 'application/json');
    await slack.waitFor('chat.postMessage', ++posts, 30_000);
    // Two clients send heavy pastes back to back until the events are acknowledged.
    let busy = true;
    const heavyMs: number[] = [];
    const client = async (): Promise<void> => {
      while (busy) {
        const sent = performance.now();
        // A paste of its own each time: the core keeps the last paste it parsed.
        const res = await triage(p.url, `paste ${heavyMs.length}-${Math.random()}\n${heavy}`);
        expect(res.status).toBe(200);
        await res.text();
        heavyMs.push(performance.now() - sent);
      }
    };
    const clients = [client(), client()];
    while (heavyMs.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));

    const acks: number[] = [];
    for (let i = 0; i < 7; i++) {
      const sent = performance.now();
      const res = await postSlackEvent(p.url, pasteMessageEvent(BRCTL, nextTs()), 'application/json');
      acks.push(performance.now() - sent);
      expect(res.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    busy = false;
    await Promise.all(clients);
    await slack.waitFor('chat.postMessage', posts + 7, 30_000);

    // On the acknowledging thread, an ack waits for the paste being read: half of one, typically.
    const oneHeavyPaste = Math.min(...heavyMs);
    const median = [...acks].sort((a, b) => a - b)[3]!;
    expect(median).toBeLessThan(oneHeavyPaste / 4);
  }, 120_000);

  it('answers a paste that ends its worker with a clear error, and goes on with the next paste', async () => {
    const p = await serve('small heap', { TRIAGE_WORKERS: '1', TRIAGE_WORKER_HEAP_MB: '32' });
    const res = await triage(p.url, heavyPaste(7_000_000));
    expect(res.status).toBe(500);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/^the triage worker stopped while reading this paste \(.*memory limit.*\)$/);
    expect(p.lines.some((l) => l.includes('a triage worker stopped while reading a paste'))).toBe(true);

    expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
    const next = await triage(p.url, BRCTL);
    expect(next.status).toBe(200);
    expect(await next.text()).toContain('BUG: sleeping function called from invalid context');
  }, 120_000);

  it('stops its workers on SIGTERM within SHUTDOWN_TIMEOUT_MS while one reads a paste', async () => {
    const p = await serve('sigterm', { TRIAGE_WORKERS: '1', SHUTDOWN_TIMEOUT_MS: '1000' });
    // Answered or cut off, whichever the machine's speed makes it: what matters is the exit.
    const reading = triage(p.url, heavyPaste(7_000_000)).catch(() => undefined);
    // The paste is being read once the server has its body: give the upload a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = Date.now();
    p.process.kill('SIGTERM');
    const { code } = await p.exited;
    expect(code).toBe(0);
    const at = (msg: string): number => {
      const line = p.lines.find((l) => l.includes(msg));
      return (JSON.parse(line ?? '{}') as { time?: number }).time ?? Number.NaN;
    };
    // The deadline, and what a machine busy with other work takes to end a worker thread after it.
    expect(at('stopped') - at('draining')).toBeLessThanOrEqual(1000 + 500);
    expect(Date.now() - sent).toBeLessThan(1000 + 4000);
    await reading;
  }, 60_000);
});
