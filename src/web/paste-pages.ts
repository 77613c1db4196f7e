import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { html, type Html } from '../render/html-text.js';
import { renderHtml } from '../render/html.js';
import type { Route } from '../server/adapter.js';
import type { Core } from '../usecase/core.js';
import { HttpError } from '../server/http-server.js';
import type { Metrics } from '../server/metrics.js';
import type { Store } from '../store/store.js';
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

/** What the pages need to keep a paste for its shareable link; `keepDays: 0` keeps none. */
export interface PasteKeeping {
  store: Pick<Store, 'getPaste' | 'putPaste'>;
  keepDays: number;
  now: () => Date;
}

/** The shareable link's key: the paste's SHA-256, so the same paste always gets the same link. */
export function pasteHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * `/`: the paste form; a post of it answers with the note beside the paste, rendered on the server.
 * When the operator keeps pastes, the note also gets `/p/<hash>`, which triages the kept text again.
 */
export function pasteRoutes(
  core: Core,
  metrics: Metrics,
  files: StaticFiles,
  keeping: PasteKeeping,
): Route[] {
  async function notePage(res: ServerResponse, text: string, share: string | null): Promise<void> {
    const { notes: paste, tallies, seconds } = await core.triagePaste({ text });
    metrics.triaged('web', tallies, seconds);
    const title = paste.notes[0]?.headline ?? 'No report found';
    const link =
      share === null
        ? null
        : html`<p class="share">
            Link to this note: <a href="/p/${share}">/p/${share.slice(0, 12)}…</a> (kept ${keeping.keepDays}
            ${keeping.keepDays === 1 ? 'day' : 'days'})
          </p>`;
    const page = html`<div class="note-col">
        ${link}${renderHtml(paste, { entryHref })}${pasteForm(text, false)}
      </div>
      ${pastePane(text, paste)}`;
    sendPage(res, 200, layout(files, { title, section: 'paste', body: page, mainClass: 'note-page' }));
  }

  function notFound(res: ServerResponse, why: string): void {
    const body = html`<h1>No note under this link</h1>
      <p class="error" role="alert">${why}</p>
      ${pasteForm('', true)}`;
    sendPage(res, 404, layout(files, { title: 'No note under this link', section: 'paste', body }));
  }

  return [
    {
      method: 'GET',
      path: '/',
      async handle(_req, res) {
        const body = html`<h1>Triage a kernel report</h1>
          ${pasteForm('', true)}
          <p class="aside">
            The note says what happened, the lines that prove it, the likely root cause and how to fix it.
            ${
              keeping.keepDays > 0
                ? `This server keeps a paste for ${keeping.keepDays} ${keeping.keepDays === 1 ? 'day' : 'days'} so its note can be shared by link.`
                : 'The paste is not kept.'
            }
            <a href="/kb">Browse the knowledge base</a>.
          </p>`;
        sendPage(res, 200, layout(files, { title: 'Paste', section: 'paste', body }));
      },
    },
    {
      method: 'POST',
      path: '/',
      limited: true,
      async handle(req, res, body) {
        const text = formText(req, body);
        if (text.trim() === '') {
          const page = html`<h1>Triage a kernel report</h1>
            <p class="error" role="alert">The paste is empty: paste a kernel log first.</p>
            ${pasteForm('', true)}`;
          sendPage(res, 400, layout(files, { title: 'Paste', section: 'paste', body: page }));
          return;
        }
        let share: string | null = null;
        if (keeping.keepDays > 0) {
          share = pasteHash(text);
          const until = new Date(keeping.now().getTime() + keeping.keepDays * 86_400_000);
          await keeping.store.putPaste(share, text, until);
        }
        await notePage(res, text, share);
      },
    },
    {
      method: 'GET',
      path: '/p/',
      prefix: true,
      limited: true,
      async handle(req, res) {
        const hash = new URL(req.url ?? '/', 'http://localhost').pathname.slice('/p/'.length);
        if (keeping.keepDays === 0) {
          notFound(
            res,
            'This server keeps no pastes (KEEP_PASTES_DAYS is 0), so notes cannot be opened by link.',
          );
          return;
        }
        const text = HASH.test(hash) ? await keeping.store.getPaste(hash, keeping.now()) : null;
        if (text === null) {
          notFound(res, 'No paste is kept under this link: its time ran out, or it was never kept here.');
          return;
        }
        await notePage(res, text, hash);
      },
    },
  ];
}
