import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../src/usecase/core.js';
import type { TriagedReport, TriageRecord } from '../src/store/store.js';
import { trendsOf } from '../src/web/trends.js';
import { startWebService, type WebService } from './support/web-service.js';

const TOKEN = 'k7Qm2v9XbL4pR8sT1wY6zA3cE5gH0jN2';
const HOUR = 3_600_000;
const core = createCore([]);

/** The reports of a seed as the adapters record them: signature, title, kind and best patterns. */
async function reportsOf(file: string): Promise<TriagedReport[]> {
  const { record } = await core.triagePaste({
    text: readFileSync(file, 'utf8'),
    origin: { scope: 'web-recent', postedAt: new Date(), sourceKey: file, link: '', placeOf: (k) => k },
  });
  return record?.reports ?? [];
}

let web: WebService;

beforeAll(async () => {
  web = await startWebService({ API_TOKEN: TOKEN });
  const now = Date.now();
  const posts: Array<[string, string, number]> = [
    ['slack:C1:1', 'samples/brctl-scheduling-while-atomic.txt', 30 * HOUR],
    ['github:acme/kernel#7', 'samples/brctl-scheduling-while-atomic.txt', 2 * HOUR],
    ['github:acme/kernel#9', 'test/fixtures/seeds/techveda-kmalloc-under-spinlock.txt', HOUR],
  ];
  for (const [sourceKey, file, ago] of posts) {
    const scope = sourceKey.startsWith('slack') ? 'slack:T1' : 'github:acme/kernel';
    await web.service.store.recordEvent({
      source: sourceKey.startsWith('slack') ? 'slack' : 'github',
      key: `event-${sourceKey}`,
      now: new Date(now - ago),
      replies: [],
      triage: {
        scope,
        sourceKey,
        link: `https://github.com/acme/kernel/issues/${sourceKey.length}`,
        postedAt: new Date(now - ago),
        reports: await reportsOf(file),
      },
    });
  }
});

afterAll(async () => {
  await web?.stop();
});

function page(res: Response | Promise<Response>): Promise<string> {
  return Promise.resolve(res).then(async (r) =>
    (await r.text()).replace(/\s+/g, ' ').replace(/\s+>/g, '>').replace(/>\s+</g, '><'),
  );
}

describe('recent triages and trends, for operators', () => {
  it('asks everyone else to sign in with the API token, and refuses a wrong one', async () => {
    const res = await fetch(`${web.service.url}/recent`);
    expect(res.status).toBe(401);
    expect(await page(res)).toContain('<form class="signin" method="post" action="/signin">');
    const wrong = await fetch(`${web.service.url}/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=not-the-token',
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('signs an operator in, then shows kinds per day, patterns, top signatures and duplicates', async () => {
    const signIn = await fetch(`${web.service.url}/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKEN }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^ktriage_operator=\d+\.[\w-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );

    const html = await page(
      fetch(`${web.service.url}/recent`, { headers: { cookie: cookie.split(';')[0] ?? '' } }),
    );
    expect(html).toContain('5 reports triaged in the last 30 days');
    expect(html).toMatch(/<svg class="chart" viewBox="0 0 900 220" role="img"/);
    expect(html).toMatch(
      /<rect [^>]*fill="#[0-9a-f]{6}"><title>\d{4}-\d\d-\d\d: \d sleep-in-atomic<\/title>/,
    );
    expect(html).toContain('<a href="/kb/get-cpu-var-leak"><code>get-cpu-var-leak</code></a>');
    expect(html).toMatch(
      /<section><h2>Duplicates<\/h2><ul class="duplicates"><li><strong>[^<]+<\/strong> ?<span class="count">2 places<\/span>/,
    );
  });

  it('lets a client with the bearer token in, without a cookie', async () => {
    const res = await fetch(`${web.service.url}/recent`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
  });
});

describe('trendsOf', () => {
  const row = (
    sourceKey: string,
    postedAt: string,
    signature: string,
    kind = 'sleep-in-atomic',
  ): TriageRecord => ({
    scope: 'slack:T1',
    sourceKey,
    link: `https://example.slack.com/${sourceKey}`,
    postedAt: new Date(postedAt),
    signature,
    title: `title of ${signature}`,
    kind,
    patterns: signature === 'b' ? [] : ['get-cpu-var-leak'],
  });

  it('counts per UTC day, ranks signatures, and calls a signature from two messages a duplicate', () => {
    const t = trendsOf(
      [
        row('m3', '2026-12-02T09:00:00Z', 'a'),
        row('m2', '2026-12-01T23:59:00Z', 'a'),
        row('m1', '2026-12-01T10:00:00Z', 'b', 'lockdep-circular'),
        row('m0', '2026-10-01T10:00:00Z', 'a'),
      ],
      new Date('2026-12-02T12:00:00Z'),
      3,
    );
    expect(t.days).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    expect(t.reports).toBe(3);
    expect(t.kinds).toEqual([
      { name: 'sleep-in-atomic', total: 2, perDay: [0, 1, 1] },
      { name: 'lockdep-circular', total: 1, perDay: [0, 1, 0] },
    ]);
    expect(t.patterns.map((p) => [p.name, p.total])).toEqual([
      ['get-cpu-var-leak', 2],
      ['none', 1],
    ]);
    expect(t.signatures.map((s) => [s.signature, s.count, s.sources])).toEqual([
      ['a', 2, 2],
      ['b', 1, 1],
    ]);
    expect(t.duplicates.map((d) => d.links)).toEqual([
      ['https://example.slack.com/m3', 'https://example.slack.com/m2'],
    ]);
  });
});
