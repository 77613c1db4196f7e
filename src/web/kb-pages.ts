import { basename, dirname } from 'node:path';
import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import { html, trustedHtml, type Html } from '../render/html-text.js';
import type { Route } from '../server/adapter.js';
import type { Core, KbEntry } from '../usecase/core.js';
import { HttpError } from '../server/http-server.js';
import { layout, sendPage } from './layout.js';
import type { StaticFiles } from './static-files.js';

/** Team entries are Markdown written by people we do not know: raw HTML in them stays text. */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const SEARCH_LIMIT = 20;

const KbPageQuery = z.object({ q: z.string().trim().max(500, 'q is at most 500 characters').optional() });

export function entryHref(id: string): string {
  return `/kb/${encodeURIComponent(id)}`;
}

function sourceLabel(entry: KbEntry): Html {
  return entry.team
    ? html`<span class="badge team" title="${entry.source}">team · ${basename(dirname(entry.source))}</span>`
    : html`<span class="badge builtin">built in</span>`;
}

function kinds(entry: KbEntry): Html {
  return html`${entry.kinds.map((k) => html`<span class="chip kind">${k}</span>`)}`;
}

function searchForm(q: string): Html {
  return html`<form class="kb-search" method="get" action="/kb" role="search">
    <input
      type="search"
      name="q"
      value="${q}"
      placeholder="words, a function name or an error line"
      aria-label="Search the knowledge base"
      maxlength="500"
    />
    <button type="submit">Search</button>
  </form>`;
}

function browse(entries: readonly KbEntry[]): Html {
  const rows = entries.map(
    (e) =>
      html`<tr>
        <td>
          <a href="${entryHref(e.id)}"><code>${e.id}</code></a>
        </td>
        <td>${e.title}</td>
        <td>${kinds(e)}</td>
        <td>${sourceLabel(e)}</td>
      </tr>`,
  );
  return html`<p class="count">${entries.length} entries.</p>
    <table class="kb-table">
      <thead>
        <tr>
          <th>id</th>
          <th>title</th>
          <th>kinds</th>
          <th>source</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}

function results(core: Core, q: string): Html {
  const hits = core.searchKb(q).slice(0, SEARCH_LIMIT);
  if (hits.length === 0)
    return html`<p class="nothing-fits">
      Nothing fits “${q}”. Try a function name from the trace, or <a href="/kb">browse every entry</a>.
    </p>`;
  const byId = new Map(core.listKb().map((e) => [e.id, e]));
  const rows = hits.map((h) => {
    const entry = byId.get(h.id);
    return html`<li class="hit">
      <a href="${entryHref(h.id)}"><strong>${h.title}</strong></a>
      <code>${h.id}</code> ${entry === undefined ? null : sourceLabel(entry)}
      <p>${h.summary}</p>
    </li>`;
  });
  return html`<p class="count">
      ${hits.length} ${hits.length === 1 ? 'entry fits' : 'entries fit'} “${q}”, best first.
    </p>
    <ol class="hits">
      ${rows}
    </ol>`;
}

function entryPage(entry: KbEntry): Html {
  const items = (list: readonly string[]): Html =>
    html`${list.map((i) => html`<li>${inlineMarkdown(i)}</li>`)}`;
  const examples = [
    ...entry.positives.map((x) => ({ ...x, fits: true })),
    ...entry.negatives.map((x) => ({ ...x, fits: false })),
  ].map(
    (x) =>
      html`<details class="example ${x.fits ? 'positive' : 'negative'}">
        <summary>
          ${x.fits ? 'fits' : 'does not fit'}:
          <code>${x.file}</code
          >${!x.fits && x.expect !== null ? html` (expected: <code>${x.expect}</code>)` : null}
        </summary>
        <pre>${x.text ?? '(the file could not be read)'}</pre>
      </details>`,
  );
  return html`<article class="entry">
    <p class="crumbs"><a href="/kb">Knowledge</a> / <code>${entry.id}</code></p>
    <h1>${entry.title}</h1>
    <p class="chips">${kinds(entry)} ${sourceLabel(entry)}</p>
    <p class="summary">${inlineMarkdown(entry.summary)}</p>
    <section class="explanation">${explanation(entry.body)}</section>
    <section class="fixes">
      <h2>Fixes</h2>
      <ol>
        ${items(entry.fixes)}
      </ol>
    </section>
    <section class="next-steps">
      <h2>Next steps</h2>
      <ol>
        ${items(entry.nextSteps)}
      </ol>
    </section>
    ${
      entry.configs.length === 0
        ? null
        : html`<section>
            <h2>Configs that confirm it</h2>
            <p>${entry.configs.map((c, i) => html`${i > 0 ? ', ' : ''}<code>${c}</code>`)}</p>
          </section>`
    }
    <section class="links">
      <h2>Links</h2>
      <ul>
        ${entry.docs.map((d) => html`<li><a href="${d.url}" rel="noreferrer">${d.title}</a></li>`)}
      </ul>
    </section>
    <section class="examples">
      <h2>Examples</h2>
      ${examples}
    </section>
  </article>`;
}

/** The entry's Markdown body, its headings one level down: the page's own title is the only `<h1>`. */
function explanation(body: string): Html {
  const tokens = markdown.parse(body, {});
  for (const t of tokens) {
    if (t.type === 'heading_open' || t.type === 'heading_close')
      t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 1)}`;
  }
  return trustedHtml(markdown.renderer.render(tokens, markdown.options, {}));
}

/** A path segment as text; a malformed escape stays as it was sent and simply names no entry. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function inlineMarkdown(text: string): Html {
  return trustedHtml(markdown.renderInline(text));
}

/** `/kb`: every entry, or with `?q=` the same search as `ktriage kb search`; `/kb/<id>`: one entry. */
export function kbRoutes(core: Core, files: StaticFiles): Route[] {
  return [
    {
      method: 'GET',
      path: '/kb',
      async handle(req, res) {
        const parsed = KbPageQuery.safeParse(
          Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams),
        );
        if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join('; '));
        const q = parsed.data.q ?? '';
        const body = html`<h1>Knowledge</h1>
          ${searchForm(q)}${q === '' ? browse(core.listKb()) : results(core, q)}`;
        sendPage(res, 200, layout(files, { title: q === '' ? 'Knowledge' : `“${q}”`, section: 'kb', body }));
      },
    },
    {
      method: 'GET',
      path: '/kb/',
      prefix: true,
      async handle(req, res) {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        const id = decodedSegment(path.slice('/kb/'.length));
        const entry = core.listKb().find((e) => e.id === id);
        if (entry === undefined) {
          const body = html`<h1>No entry “${id}”</h1>
            <p>The knowledge base has no entry with that id.</p>
            ${searchForm(id.replaceAll('-', ' '))}`;
          sendPage(res, 404, layout(files, { title: 'No such entry', section: 'kb', body }));
          return;
        }
        sendPage(res, 200, layout(files, { title: entry.title, section: 'kb', body: entryPage(entry) }));
      },
    },
  ];
}
