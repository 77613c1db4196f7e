/**
 * `npm run screenshots`: the web page's main pages, as the README shows them, written to `docs/`.
 * Drives Debian's Chromium like the browser tests; run it after changing how a page looks.
 */
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../test/support/browser.js';
import { startWebService } from '../test/support/web-service.js';

const web = await startWebService();
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
} finally {
  await browser.close();
  await web.stop();
}
