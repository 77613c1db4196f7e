/**
 * The web page against the API, for the largest seed, with `ktriage serve` in a process of its own:
 * - over HTTP: time to first byte and to the last byte of `POST /` (the form, answered with the note
 *   page) and of `POST /api/triage` (JSON), one request at a time;
 * - in Chromium (Debian's, through playwright-core): the form submitted, then the browser's own
 *   navigation timing of the note page: first byte (responseStart), first contentful paint,
 *   DOMContentLoaded and load (CSS and script included), from the moment the form was submitted.
 * Run: `node --import tsx bench/web.ts` (part of `npm run bench`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { launchBrowser } from '../test/support/browser.js';
import { fmt, percentile } from './measure.js';

const HTTP_RUNS = 100;
const BROWSER_RUNS = 30;

function largestSeed(): { name: string; text: string } {
  const files = ['test/fixtures/seeds', 'samples'].flatMap((dir) =>
    readdirSync(dir).map((name) => join(dir, name)),
  );
  const largest = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
  return { name: largest, text: readFileSync(largest, 'utf8') };
}

async function startServe(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      KTRIAGE_DB: join(dir, 'web.db'),
      // The bench measures the work of a triage, not the per-client limit in front of it.
      RATE_LIMIT_PER_MINUTE: '0',
      TRIAGE_CONCURRENCY: '1000',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /listening on (http:\/\/[\d.:]+)/.exec(line)?.[1];
      if (found !== undefined) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`ktriage serve exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Milliseconds to the response headers and to the end of the body, one request at a time. */
async function httpTimes(send: () => Promise<Response>): Promise<{ ttfb: number[]; total: number[] }> {
  const ttfb: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < HTTP_RUNS + 10; i++) {
    const t0 = performance.now();
    const res = await send();
    const t1 = performance.now();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    await res.arrayBuffer();
    const t2 = performance.now();
    if (i < 10) continue;
    ttfb.push(t1 - t0);
    total.push(t2 - t0);
  }
  return { ttfb, total };
}

const NavigationTiming = z.object({
  responseStart: z.number(),
  domContentLoaded: z.number(),
  load: z.number(),
  fcp: z.number().nullable(),
  bytes: z.number(),
});

const line = (label: string, values: readonly number[]): string =>
  `${label.padEnd(44)} ${fmt(percentile(values, 50), 1).padStart(7)} ${fmt(percentile(values, 90), 1).padStart(7)}`;

const seed = largestSeed();
const dir = mkdtempSync(join(tmpdir(), 'ktriage-bench-web-'));
const serve = await startServe(dir);
const browser = await launchBrowser();
try {
  console.log(
    `web page vs API, ${seed.name} (${fmt(seed.text.length / 1024, 1)} KiB), ktriage serve in its own process`,
  );
  const form = new URLSearchParams({ text: seed.text }).toString();
  const page = await httpTimes(() =>
    fetch(`${serve.url}/`, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  );
  const api = await httpTimes(() =>
    fetch(`${serve.url}/api/triage`, {
      method: 'POST',
      body: seed.text,
      headers: { 'content-type': 'text/plain' },
    }),
  );
  console.log(`over HTTP, ${HTTP_RUNS} requests one at a time         p50 ms  p90 ms`);
  console.log(line('POST / (note page): first byte', page.ttfb));
  console.log(line('POST / (note page): whole page', page.total));
  console.log(line('POST /api/triage (JSON): first byte', api.ttfb));
  console.log(line('POST /api/triage (JSON): whole answer', api.total));

  const tab = await browser.context.newPage();
  const timings: Array<z.infer<typeof NavigationTiming>> = [];
  for (let i = 0; i < BROWSER_RUNS + 3; i++) {
    await tab.goto(`${serve.url}/`);
    await tab.fill('#paste-text', seed.text);
    await Promise.all([tab.waitForEvent('load'), tab.click('form.paste-form button[type=submit]')]);
    // The navigation entry starts when the form was submitted; paint entries share its time origin.
    const timing = NavigationTiming.parse(
      await tab.evaluate(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return { responseStart: nav.responseStart, domContentLoaded: nav.domContentLoadedEventEnd,
          load: nav.loadEventEnd, fcp: fcp ? fcp.startTime : null, bytes: nav.transferSize };
      })()`),
    );
    if (i >= 3) timings.push(timing);
  }
  console.log(`in Chromium, ${BROWSER_RUNS} form submissions (from submit)   p50 ms  p90 ms`);
  console.log(
    line(
      'first byte (responseStart)',
      timings.map((t) => t.responseStart),
    ),
  );
  console.log(
    line(
      'first contentful paint',
      timings.flatMap((t) => (t.fcp === null ? [] : [t.fcp])),
    ),
  );
  console.log(
    line(
      'DOMContentLoaded',
      timings.map((t) => t.domContentLoaded),
    ),
  );
  console.log(
    line(
      'load (full render, CSS and script included)',
      timings.map((t) => t.load),
    ),
  );
  console.log(`note page transfer size: ${fmt((timings[0]?.bytes ?? 0) / 1024, 1)} KiB`);
} finally {
  await browser.close();
  await serve.stop();
  rmSync(dir, { recursive: true, force: true });
}
