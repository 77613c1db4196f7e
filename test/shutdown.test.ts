/**
 * SIGTERM on a real `ktriage serve` process while Slack hangs: the process cancels the calls in flight,
 * leaves their replies in the outbox, and exits within SHUTDOWN_TIMEOUT_MS.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const SHUTDOWN_TIMEOUT_MS = 1000;

let dir: string;
let fake: FakeSlack;
const started: ServeProcess[] = [];

const env = (): Record<string, string> => ({
  KTRIAGE_DB: join(dir, 'ktriage.db'),
  LOG_LEVEL: 'info',
  OUTBOX_POLL_MS: '50',
  SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
});

async function serve(name: string): Promise<ServeProcess> {
  const p = await startServeProcess(name, env());
  started.push(p);
  return p;
}

async function postPaste(url: string, ts: string): Promise<number> {
  return (await postSlackEvent(url, pasteMessageEvent(BRCTL, ts), 'application/json')).status;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-sigterm-'));
  fake = await FakeSlack.start();
});

afterAll(async () => {
  await Promise.all(started.map((p) => stopServeProcess(p, 'SIGKILL')));
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}, 20_000);

describe('SIGTERM while Slack hangs', () => {
  it('cancels the calls in flight and exits 0 within SHUTDOWN_TIMEOUT_MS', async () => {
    const threads = Array.from({ length: 5 }, () => nextTs());
    for (const _ of threads) fake.holdNext('chat.postMessage');
    const first = await serve('first');
    for (const ts of threads) expect(await postPaste(first.url, ts)).toBe(200);
    await fake.waitFor('chat.postMessage', threads.length, 10_000);

    const t0 = performance.now();
    first.process.kill('SIGTERM');
    const { code } = await first.exited;
    const tookMs = performance.now() - t0;
    expect(code).toBe(0);
    // From the signal to "stopped", by the process's own clock: the drain keeps to its timeout.
    const at = (msg: string): number =>
      Number(/"time":(\d+)/.exec(first.lines.find((l) => l.includes(`"msg":"${msg}`)) ?? '')?.[1]);
    expect(at('stopped') - at('draining')).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_MS + 100);
    // And the process ends right after; before, web-api's own retries kept it alive for 30 s and more.
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 4000);
    expect(
      first.lines.some((l) => l.includes('deliveries still running at the shutdown timeout were aborted')),
    ).toBe(true);
    // Nothing kept retrying from the process once it was told to stop.
    expect(fake.callsOf('chat.postMessage')).toHaveLength(threads.length);
  }, 30_000);
});
