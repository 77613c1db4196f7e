import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Service } from '../src/server/serve.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { startWebService, type WebService } from './support/web-service.js';

/** What a person should see first for each seed: the earliest report's headline and its top cause. */
const PASTES: ReadonlyArray<{ file: string; reports: number; headline: string; cause: string | null }> = [
  {
    file: 'samples/brctl-scheduling-while-atomic.txt',
    reports: 2,
    headline: 'BUG: sleeping function called from invalid context at kernel/rseq.c:132',
    cause: 'get-cpu-var-leak',
  },
  {
    file: 'test/fixtures/seeds/brctl-get-cpu-var-leak.txt',
    reports: 2,
    // Pasted second, printed first: the earliest report leads.
    headline: 'BUG: sleeping function called from invalid context at kernel/rseq.c:132',
    cause: 'get-cpu-var-leak',
  },
  {
    file: 'test/fixtures/seeds/interrupt-handlers-cant-sleep.txt',
    reports: 2,
    headline: 'BUG: spinlock cpu recursion on CPU#0, sh/1229',
    cause: null,
  },
  {
    file: 'test/fixtures/seeds/invalid-wait-context-novalidate.txt',
    reports: 1,
    headline: 'BUG: Invalid wait context',
    cause: 'novalidate-aliasing',
  },
  {
    file: 'test/fixtures/seeds/sleeping-while-atomic-article.txt',
    reports: 1,
    headline: 'BUG: sleeping function called from invalid context at kernel/sched.c:1234',
    cause: null,
  },
  {
    file: 'test/fixtures/seeds/techveda-kmalloc-under-spinlock.txt',
    reports: 1,
    headline: 'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333',
    cause: 'spinlock-gfp-kernel',
  },
];

/** The culprit the JSON API's notes name, earliest report first: the page must show the same one. */
const ApiAnswer = z.object({
  notes: z.array(z.object({ culprit: z.object({ fn: z.string() }).nullable() })),
});

let browser: Browser;
let web: WebService;
let service: Service;

beforeAll(async () => {
  web = await startWebService();
  service = web.service;
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

/** Pages report CSP violations on the console; none may occur. */
async function openPage(): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  return { page, violations };
}

async function pasteAndSubmit(page: Page, text: string): Promise<void> {
  await page.goto(`${service.url}/`);
  await page.fill('#paste-text', text);
  await Promise.all([page.waitForURL(`${service.url}/`), page.click('form.paste-form button[type=submit]')]);
  await page.waitForSelector('.notes');
}

/** Waits until line `no` of the paste is inside the paste pane's visible box and the window's. */
async function lineInView(page: Page, no: number): Promise<void> {
  const height = page.viewportSize()?.height ?? 0;
  await expect
    .poll(
      async () => {
        const line = await page.locator(`#L${no}`).boundingBox();
        const pane = await page.locator('pre.paste').boundingBox();
        if (line === null || pane === null) return false;
        const bottom = line.y + line.height;
        return line.y >= pane.y && bottom <= pane.y + pane.height && line.y >= 0 && bottom <= height;
      },
      { timeout: 5_000 },
    )
    .toBe(true);
}

describe('the paste page in Chromium', () => {
  it.each(PASTES)(
    'pasting $file shows its headline, culprit, top cause and scrolls to an evidence line',
    async ({ file, reports, headline, cause }) => {
      const text = readFileSync(file, 'utf8');
      const api = ApiAnswer.parse(
        await (await fetch(`${service.url}/api/triage`, { method: 'POST', body: text })).json(),
      );
      const { page, violations } = await openPage();
      await pasteAndSubmit(page, text);

      const first = page.locator('article.note').first();
      await expect(first.locator('.headline').textContent()).resolves.toBe(headline);
      expect(await first.locator('.headline').isVisible()).toBe(true);
      expect(await page.locator('article.note').count()).toBe(reports);
      expect(await page.locator('.tab-label').count()).toBe(reports > 1 ? reports : 0);

      const culprit = api.notes[0]?.culprit?.fn ?? null;
      if (culprit === null) expect(await first.locator('.culprit').count()).toBe(0);
      else await expect(first.locator('.culprit code').first().textContent()).resolves.toBe(culprit);

      if (cause === null) {
        await expect(first.locator('.verdict').textContent()).resolves.toMatch(/^No known pattern matches/);
      } else {
        const link = first.locator('.cause a.entry-link').first();
        await expect(link.getAttribute('href')).resolves.toBe(`/kb/${cause}`);
        expect(await link.isVisible()).toBe(true);
        const evidence = first.locator('a.evidence').last();
        const no = Number(await evidence.getAttribute('data-line'));
        await evidence.click();
        await lineInView(page, no);
        await expect(page.locator(`#L${no}`).getAttribute('class')).resolves.toContain('ev');
      }
      expect(violations).toEqual([]);
      await page.close();
    },
  );

  it('shows one tab per report and switches between them', async () => {
    const { page } = await openPage();
    await pasteAndSubmit(page, readFileSync('samples/brctl-scheduling-while-atomic.txt', 'utf8'));
    const second = page.locator('article.note').nth(1);
    expect(await second.isVisible()).toBe(false);
    await page.locator('.tab-label').nth(1).click();
    expect(await second.isVisible()).toBe(true);
    await expect(second.locator('.headline').textContent()).resolves.toBe(
      'BUG: scheduling while atomic: brctl/3988/0x00000002',
    );
    expect(await page.locator('article.note').first().isVisible()).toBe(false);
    await page.close();
  });

  it('works with JavaScript off: the form posts, the note renders, an evidence link jumps to its line', async () => {
    const { page } = await openPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await pasteAndSubmit(
      page,
      readFileSync('test/fixtures/seeds/techveda-kmalloc-under-spinlock.txt', 'utf8'),
    );
    await expect(page.locator('.headline').first().textContent()).resolves.toBe(
      'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333',
    );
    const evidence = page.locator('a.evidence').first();
    const no = Number(await evidence.getAttribute('data-line'));
    await evidence.click();
    await lineInView(page, no);
    expect(page.url()).toBe(`${service.url}/#L${no}`);
    await page.close();
  });

  it('reads a dropped .log file into the text area', async () => {
    const { page } = await openPage();
    await page.goto(`${service.url}/`);
    const file = join(web.dir, 'dmesg.log');
    writeFileSync(file, readFileSync('test/fixtures/seeds/invalid-wait-context-novalidate.txt'));
    await page.setInputFiles('#paste-file', file);
    await expect.poll(() => page.inputValue('#paste-text')).toContain('BUG: Invalid wait context');
    await Promise.all([
      page.waitForURL(`${service.url}/`),
      page.click('form.paste-form button[type=submit]'),
    ]);
    await expect(page.locator('.headline').first().textContent()).resolves.toBe('BUG: Invalid wait context');
    await page.close();
  });
});

describe('the knowledge pages in Chromium', () => {
  it('searches, opens an entry, and says when nothing fits', async () => {
    const { page, violations } = await openPage();
    await page.goto(`${service.url}/kb`);
    expect(await page.locator('.kb-table tbody tr').count()).toBeGreaterThan(5);
    await page.fill('input[name=q]', 'get_cpu_var preempt_count');
    await Promise.all([page.waitForURL(/\/kb\?q=/), page.click('.kb-search button')]);
    const top = page.locator('.hits .hit a').first();
    await expect(top.getAttribute('href')).resolves.toBe('/kb/get-cpu-var-leak');
    await Promise.all([page.waitForURL(/\/kb\/get-cpu-var-leak$/), top.click()]);
    expect(await page.locator('h1').textContent()).toContain('get_cpu_var()');
    expect(await page.locator('.explanation h2').first().textContent()).toBe('Leaked preempt_disable()');
    expect(await page.locator('.badge.builtin').isVisible()).toBe(true);

    await page.goto(`${service.url}/kb?q=${encodeURIComponent('zzqx frobnicator')}`);
    await expect(page.locator('.nothing-fits').textContent()).resolves.toContain('Nothing fits');
    expect(violations).toEqual([]);
    await page.close();
  });
});
