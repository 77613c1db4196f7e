import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pasteHash } from '../src/web/paste-pages.js';
import { startWebService, type WebService } from './support/web-service.js';

/** A note's shareable link: `/p/<sha-256 of the paste>`, only when the operator keeps pastes. */

const PASTE = readFileSync('samples/brctl-scheduling-while-atomic.txt', 'utf8');

function postForm(url: string, text: string): Promise<Response> {
  return fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ text }).toString(),
  });
}

describe('with KEEP_PASTES_DAYS=7', () => {
  let web: WebService;
  beforeAll(async () => {
    web = await startWebService({ KEEP_PASTES_DAYS: '7' });
  });
  afterAll(() => web.stop());

  it('links the note to /p/<hash of the paste>, and the link shows the same note beside the paste', async () => {
    const url = web.service.url;
    const hash = pasteHash(PASTE);
    const posted = await (await postForm(url, PASTE)).text();
    expect(posted).toContain(`<a href="/p/${hash}">`);
    const shared = await fetch(`${url}/p/${hash}`);
    expect(shared.status).toBe(200);
    const page = await shared.text();
    expect(page).toContain(
      '<h2 class="headline">BUG: sleeping function called from invalid context at kernel/rseq.c:132</h2>',
    );
    expect(page).toContain('<pre class="paste"');
  });

  it('answers 404 with a page for a link it keeps nothing under', async () => {
    for (const path of [`/p/${'0'.repeat(64)}`, '/p/not-a-hash', '/p/']) {
      const res = await fetch(`${web.service.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain('No paste is kept under this link');
    }
  });
});

describe('by default (KEEP_PASTES_DAYS=0)', () => {
  let web: WebService;
  beforeAll(async () => {
    web = await startWebService();
  });
  afterAll(() => web.stop());

  it('keeps nothing and shows no link', async () => {
    const posted = await (await postForm(web.service.url, PASTE)).text();
    expect(posted).not.toContain('/p/');
    const res = await fetch(`${web.service.url}/p/${pasteHash(PASTE)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('This server keeps no pastes (KEEP_PASTES_DAYS is 0)');
  });
});
