/**
 * `npm run screenshots`: the web page's main pages, as the README shows them, written to `docs/`.
 * Drives Debian's Chromium like the browser tests; run it after changing how a page looks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createCore } from '../src/usecase/core.js';
import { launchBrowser } from '../test/support/browser.js';
import { startWebService } from '../test/support/web-service.js';

const TOKEN = 'screenshots-only-9f3b7c2e1d5a8f4b6c0e2a7d';
const DAY = 86_400_000;
const web = await startWebService({ API_TOKEN: TOKEN });

// The recent page shows what Slack and GitHub recorded: record the seeds and real reports as they would,
// one paste a few hours apart over the last week, so the trends have something to draw.
const core = createCore([]);
const texts = [
  'samples/brctl-scheduling-while-atomic.txt',
  ...readdirSync('test/fixtures/seeds').map((f) => `test/fixtures/seeds/${f}`),
  ...readdirSync('test/fixtures/real/reports')
    .filter((f) => f.endsWith('.txt'))
    .slice(0, 40)
    .map((f) => `test/fixtures/real/reports/${f}`),
];
for (const [i, file] of texts.entries()) {
  const postedAt = new Date(Date.now() - ((i * 7) / texts.length) * DAY);
  const sourceKey = `github:acme/kernel#${i + 1}`;
  const { record } = await core.triagePaste({
    text: readFileSync(file, 'utf8'),
    origin: { scope: 'github:acme/kernel', postedAt, sourceKey, link: '', placeOf: (k) => k },
  });
  if (record !== null)
    await web.service.store.recordEvent({
      source: 'github',
      key: sourceKey,
      now: postedAt,
      replies: [],
      triage: record,
    });
}
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  const url = web.service.url;
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: `docs/${name}.png` });

  await page.goto(`${url}/`);
  await page.fill('#paste-text', readFileSync('samples/brctl-scheduling-while-atomic.txt', 'utf8'));
  await Promise.all([page.waitForURL(`${url}/`), page.click('form.paste-form button[type=submit]')]);
  await page.locator('a.evidence').nth(1).click();
  await page.waitForTimeout(600);
  await shot('web-note');

  await page.goto(`${url}/kb`);
  await shot('web-knowledge');
  await page.goto(`${url}/kb?q=${encodeURIComponent('spin_lock kmalloc GFP_KERNEL')}`);
  await shot('web-search');
  await page.goto(`${url}/kb/get-cpu-var-leak`);
  await shot('web-entry');

  await page.goto(`${url}/recent`);
  await page.fill('input[name=token]', TOKEN);
  await Promise.all([page.waitForURL(`${url}/recent`), page.click('form.signin button[type=submit]')]);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await shot('web-recent');
} finally {
  await browser.close();
  await web.stop();
}
