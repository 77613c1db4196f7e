import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/server/serve.js';
import { CONTENT_SECURITY_POLICY } from '../src/web/layout.js';
import { startWebService, type WebService } from './support/web-service.js';

let web: WebService;
let service: Service;

beforeAll(async () => {
  web = await startWebService();
  service = web.service;
});

afterAll(async () => {
  await web?.stop();
});

/** The page with the layout whitespace the templates carry taken out, so assertions read as markup. */
async function pageText(res: Response | Promise<Response>): Promise<string> {
  return (await (await res).text()).replace(/\s+/g, ' ').replace(/\s+>/g, '>').replace(/>\s+</g, '><');
}

function postForm(text: string): Promise<Response> {
  return fetch(`${service.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ text }).toString(),
  });
}

describe('the web page over plain HTTP (what a browser without JavaScript gets)', () => {
  it('serves the paste form with a Content-Security-Policy and no outside resources', async () => {
    const res = await fetch(`${service.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    const page = await pageText(res);
    expect(page).toContain('<form class="paste-form" method="post" action="/"');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/<script>|style="/);
  });

  it('answers a posted paste with the note and the paste, the evidence lines linked and marked', async () => {
    const res = await postForm(readFileSync('samples/brctl-scheduling-while-atomic.txt', 'utf8'));
    expect(res.status).toBe(200);
    const page = await pageText(res);
    expect(page).toContain(
      '<h2 class="headline">BUG: sleeping function called from invalid context at kernel/rseq.c:132</h2>',
    );
    expect(page).toContain('<a class="entry-link" href="/kb/get-cpu-var-leak">');
    expect(page).toContain('<a class="evidence" href="#L3" data-line="3">');
    expect(page).toMatch(
      /<span class="pl ev rep" id="L3"><a class="n" href="#L3">3<\/a>[^<]*preempt_count: 1, expected: 0<\/span>/,
    );
  });

  it('escapes whatever the paste holds', async () => {
    const paste = [
      'BUG: sleeping function called from invalid context at kernel/x.c:1 <script>alert(1)</script>',
      'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: a"><img src=x onerror=alert(1)>',
    ].join('\n');
    const page = await (await postForm(paste)).text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says what is wrong with an empty paste or a post that is not the form', async () => {
    const empty = await postForm('  \n');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('The paste is empty');
    const json = await fetch(`${service.url}/`, {
      method: 'POST',
      body: '{"text":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(415);
  });

  it('serves its static files from the package, cached until their content changes', async () => {
    const page = await (await fetch(`${service.url}/`)).text();
    const css = /href="(\/static\/web\.css\?v=[0-9a-f]{12})"/.exec(page)?.[1];
    expect(css).toBeDefined();
    const res = await fetch(`${service.url}${css}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const again = await fetch(`${service.url}${css}`, {
      headers: { 'if-none-match': res.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('lists every knowledge entry, finds one by a function name, and says when nothing fits', async () => {
    const list = await pageText(fetch(`${service.url}/kb`));
    expect(list).toContain('<a href="/kb/get-cpu-var-leak"><code>get-cpu-var-leak</code></a>');
    expect(list).toContain('<span class="badge builtin">built in</span>');
    const found = await pageText(fetch(`${service.url}/kb?q=get_cpu_var`));
    expect(found).toMatch(/<ol class="hits"><li class="hit"><a href="\/kb\/get-cpu-var-leak">/);
    const none = await pageText(fetch(`${service.url}/kb?q=zzqx`));
    expect(none).toContain('Nothing fits “zzqx”');
    const missing = await fetch(`${service.url}/kb/no-such-entry`);
    expect(missing.status).toBe(404);
    expect(await pageText(missing)).toContain('No entry “no-such-entry”');
  });
});
