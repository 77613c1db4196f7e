import type { IncomingMessage } from 'node:http';
import { html, type Html } from '../render/html-text.js';
import { renderHtml } from '../render/html.js';
import type { Route } from '../server/adapter.js';
import type { Core } from '../usecase/core.js';
import { HttpError } from '../server/http-server.js';
import type { Metrics } from '../server/metrics.js';
import { entryHref } from './kb-pages.js';
import { layout, sendPage } from './layout.js';
import { pastePane } from './paste-pane.js';
import type { StaticFiles } from './static-files.js';

function pasteForm(text: string, open: boolean): Html {
  const form = html`<form
    class="paste-form"
    method="post"
    action="/"
    enctype="application/x-www-form-urlencoded"
  >
    <label for="paste-text"
      >Paste a kernel report (<code>BUG:</code>, <code>WARNING:</code>, lockdep, KASAN, an oops…) or drop a
      <code>.txt</code> / <code>.log</code> file</label
    >
    <textarea id="paste-text" name="text" rows="18" spellcheck="false" autocomplete="off" required>
${text}</textarea>
    <p class="actions">
      <input type="file" id="paste-file" accept=".txt,.log,text/plain" hidden /><button type="submit">
        Triage
      </button>
      <span class="hint">Ctrl+Enter</span>
    </p>
  </form>`;
  return open
    ? form
    : html`<details class="new-paste">
        <summary>Paste another report</summary>
        ${form}
      </details>`;
}

/** A form post: `text=...`, URL-encoded, as every browser sends it without JavaScript. */
function formText(req: IncomingMessage, body: Buffer): string {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new HttpError(415, 'send the form as application/x-www-form-urlencoded, or use POST /api/triage');
  return new URLSearchParams(new TextDecoder('utf-8', { fatal: false }).decode(body)).get('text') ?? '';
}

/** `/`: the paste form; a post of it answers with the note beside the paste, rendered on the server. */
export function pasteRoutes(core: Core, metrics: Metrics, files: StaticFiles): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      async handle(_req, res) {
        const body = html`<h1>Triage a kernel report</h1>
          ${pasteForm('', true)}
          <p class="aside">
            The note says what happened, the lines that prove it, the likely root cause and how to fix it.
            Nothing is sent anywhere else. <a href="/kb">Browse the knowledge base</a>.
          </p>`;
        sendPage(res, 200, layout(files, { title: 'Paste', section: 'paste', body }));
      },
    },
    {
      method: 'POST',
      path: '/',
      async handle(req, res, body) {
        const text = formText(req, body);
        if (text.trim() === '') {
          const page = html`<h1>Triage a kernel report</h1>
            <p class="error" role="alert">The paste is empty: paste a kernel log first.</p>
            ${pasteForm('', true)}`;
          sendPage(res, 400, layout(files, { title: 'Paste', section: 'paste', body: page }));
          return;
        }
        const { notes: paste, tallies, seconds } = await core.triagePaste({ text });
        metrics.triaged('web', tallies, seconds);
        const title = paste.notes[0]?.headline ?? 'No report found';
        const page = html`<div class="note-col">
            ${renderHtml(paste, { entryHref })}${pasteForm(text, false)}
          </div>
          ${pastePane(text, paste)}`;
        sendPage(res, 200, layout(files, { title, section: 'paste', body: page, mainClass: 'note-page' }));
      },
    },
  ];
}
