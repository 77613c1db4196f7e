import type { NoteAdvice, NoteMatch, TriageNote } from '../triage/note-model.js';
import type { NoteSet } from '../triage/note-set.js';
import { html, type Html, type HtmlValue } from './html-text.js';
import { confidenceText, lineRef, linesRef, splitInline, taintLine, whereParts } from './parts.js';

export interface HtmlOptions {
  /** The page of a knowledge entry, so a cause links to its explanation; omitted, causes are plain text. */
  entryHref?: (id: string) => string;
}

/**
 * The note as an HTML fragment, drawn like the GitHub comment: the gist first, the rest in `<details>`.
 * Input line numbers link to `#L<n>`, the element of that line in the paste shown beside the note, so
 * following an evidence line works without JavaScript. Several reports become tabs made of radio
 * buttons and labels, which CSS alone switches.
 */
export function renderHtml(paste: NoteSet, options: HtmlOptions = {}): Html {
  const notes = paste.notes;
  const unread =
    paste.unread.length === 0
      ? null
      : html`<section class="unread">
          <h3>Could not read from the paste</h3>
          ${list(paste.unread)}
        </section>`;
  if (notes.length === 0)
    return html`<div class="notes">
      <p class="no-report">No kernel report found in the paste.</p>
      ${unread}
    </div>`;
  if (notes.length === 1)
    return html`<div class="notes">
      <article class="note">${noteBody(notes[0] as TriageNote, options)}</article>
      ${unread}
    </div>`;
  const tabs = notes.map((note, i) => {
    const id = `report-${i + 1}`;
    return html`<input
      type="radio"
      name="report-tab"
      class="tab-radio"
      id="${id}-tab"
      ${i === 0 ? html` checked` : ''}
    />`;
  });
  const labels = notes.map(
    (note, i) =>
      html`<label for="report-${i + 1}-tab" class="tab-label" title="${note.headline}"
        >${i + 1}. ${note.kindLabel} <span class="lines">${linesRef(note.lines)}</span></label
      >`,
  );
  const bodies = notes.map(
    (note, i) =>
      html`<article class="note tab-panel" id="report-${i + 1}">${noteBody(note, options)}</article>`,
  );
  return html`<div class="notes tabs">
    ${tabs}
    <nav class="tab-labels" aria-label="Reports in this paste">${labels}</nav>
    ${bodies}${unread}
  </div>`;
}

function noteBody(note: TriageNote, options: HtmlOptions): Html {
  const best = note.matches[0];
  const taint = taintLine(note);
  const chips = [
    html`<span class="chip kind">${note.kindLabel}</span>`,
    whereParts(note).map((p) => html`<span class="chip">${p}</span>`),
    taint === null ? null : html`<span class="chip taint" title="taint">${taint}</span>`,
  ];
  return html`<header class="note-head">
      <h2 class="headline">${note.headline}</h2>
      <p class="chips">${chips}</p>
      <p class="title">Title: <code>${note.title}</code></p>
      ${culpritLine(note)}
    </header>
    <section class="cause">
      <h3>Root cause</h3>
      <p class="verdict">${inline(note.verdict)}</p>
      ${best === undefined ? null : bestMatch(best, options)}
    </section>
    ${advice('Fix options', 'fixes', note.fixes)} ${advice('Next steps', 'next-steps', note.nextSteps)}
    ${similar(note)} ${facts(note)} ${suspect(note)} ${otherCauses(note.matches.slice(1), options)}
    ${howSure(best)} ${docs(note)}
    ${note.unread.length === 0 ? null : details('Could not read', list(note.unread.map(inline)))}
    <p class="signature">
      signature <code>${note.signature}</code> · ${lineLink(note.lines.start, linesRef(note.lines))}
    </p>`;
}

function culpritLine(note: TriageNote): Html | null {
  const c = note.culprit;
  if (c === null) return null;
  const module = c.module === null ? null : html` in module <code>${c.module}</code>`;
  return html`<p class="culprit">
    Culprit: <code>${c.fn}</code>${module} ${lineLink(c.line)} <span class="why">${c.why}</span>
  </p>`;
}

function bestMatch(best: NoteMatch, options: HtmlOptions): Html {
  const evidence = best.evidence.map((e) => {
    const why = e.why === e.text ? null : html`<span class="why">${inline(e.why)}</span>`;
    const quoted =
      e.line === null
        ? html`<span class="fact">${inline(e.text)}</span>`
        : html`<a class="evidence" href="#L${e.line}" data-line="${e.line}"
            ><span class="ln">${lineRef(e.line)}</span> <code>${e.text.trim()}</code></a
          >`;
    return html`<li>${quoted}${why}</li>`;
  });
  return html`<p class="match">
      ${causeTitle(best, options)}
      <span class="confidence ${best.confidenceLabel}">${confidenceText(best)}</span>
    </p>
    <p class="summary">${inline(best.summary)}</p>
    ${
      evidence.length === 0
        ? null
        : html`<h4>Evidence</h4>
            <ul class="evidence-list">
              ${evidence}
            </ul>`
    }`;
}

function causeTitle(m: NoteMatch, options: HtmlOptions): Html {
  return options.entryHref === undefined
    ? html`<strong>${m.title}</strong>`
    : html`<a class="entry-link" href="${options.entryHref(m.id)}"><strong>${m.title}</strong></a>`;
}

function advice(title: string, cls: string, items: readonly NoteAdvice[]): Html | null {
  if (items.length === 0) return null;
  return html`<section class="${cls}">
    <h3>${title}</h3>
    <ol>
      ${items.map((a) => html`<li>${inline(a.text)}</li>`)}
    </ol>
  </section>`;
}

function similar(note: TriageNote): Html | null {
  if (note.similar.length === 0) return null;
  const rows = note.similar.map((s) => {
    const where =
      s.url === undefined || !/^https?:\/\//i.test(s.url)
        ? html`${s.where}`
        : html`<a href="${s.url}" rel="noreferrer">${s.where}</a>`;
    return html`<li>${where} <time>${s.when}</time>: ${s.title}</li>`;
  });
  return html`<section class="similar">
    <h3>Seen before</h3>
    <ul>
      ${rows}
    </ul>
  </section>`;
}

function facts(note: TriageNote): Html {
  const rows = note.facts.map(
    (f) => html`<li>${f.line === null ? null : html`${lineLink(f.line)} `}${inline(f.text)}</li>`,
  );
  const hardware =
    note.where.hardware === null ? null : html`<p>Hardware: <code>${note.where.hardware}</code></p>`;
  return details(
    'What the report says',
    html`<ul class="facts">
        ${rows}
      </ul>
      ${hardware}`,
    true,
  );
}

function suspect(note: TriageNote): Html | null {
  const s = note.suspect;
  const out: HtmlValue[] = [];
  if (s.outOfTree.length > 0) {
    out.push(
      html`<p>
        Out-of-tree modules:
        ${s.outOfTree.map((m, i) => html`${i > 0 ? ', ' : ''}<code>${m.name}</code> (${m.marks}: ${m.why})`)}
      </p>`,
    );
  }
  if (s.outOfTreeNote !== null) out.push(html`<p>${s.outOfTreeNote}</p>`);
  if (s.frames.length > 0) {
    const frames = s.frames.map(
      (f) =>
        html`<li${f.fn === s.guilty ? html` class="guilty"` : ''}>${lineLink(f.line)} <code>${f.text}</code>${f.context === 'task' ? null : html` <span class="ctx">${f.context}</span>`}</li>`,
    );
    out.push(
      html`<ol class="frames">
        ${frames}
      </ol>`,
    );
  }
  return out.length === 0 ? null : details('Suspect code', html`${out}`);
}

function otherCauses(rest: readonly NoteMatch[], options: HtmlOptions): Html | null {
  if (rest.length === 0) return null;
  const rows = rest.map(
    (m) => html`<li>${causeTitle(m, options)} (${confidenceText(m)}): ${inline(m.summary)}</li>`,
  );
  return details(
    `Other possible causes (${rest.length})`,
    html`<ul>
      ${rows}
    </ul>`,
  );
}

function howSure(best: NoteMatch | undefined): Html | null {
  if (best === undefined || best.raisedBy.length + best.loweredBy.length === 0) return null;
  return details(
    'How sure',
    html`${
      best.raisedBy.length === 0
        ? null
        : html`<p>More certain if:</p>
            ${list(best.raisedBy.map(inline))}`
    }${
      best.loweredBy.length === 0
        ? null
        : html`<p>Less certain if:</p>
            ${list(best.loweredBy.map(inline))}`
    }`,
  );
}

function docs(note: TriageNote): Html | null {
  const links = note.docs.map((d) => html`<li><a href="${d.url}" rel="noreferrer">${d.title}</a></li>`);
  const configs =
    note.configs.length === 0
      ? null
      : html`<p>
          Configs that confirm it: ${note.configs.map((c, i) => html`${i > 0 ? ', ' : ''}<code>${c}</code>`)}
        </p>`;
  if (links.length === 0 && configs === null) return null;
  return details(
    'Documentation',
    html`${configs}
      <ul>
        ${links}
      </ul>`,
  );
}

function details(summary: string, body: Html, open = false): Html {
  return html`<details${open ? html` open` : ''}><summary>${summary}</summary>${body}</details>`;
}

function list(items: readonly HtmlValue[]): Html {
  return html`<ul>
    ${items.map((i) => html`<li>${i}</li>`)}
  </ul>`;
}

function lineLink(line: number, label = lineRef(line)): Html {
  return html`<a class="line-ref" href="#L${line}" data-line="${line}">${label}</a>`;
}

/** A note text: the backticked parts as code. */
function inline(text: string): Html {
  return html`${splitInline(text).map((p) => (p.code ? html`<code>${p.text}</code>` : p.text))}`;
}
