import type {
  NoteMatch,
  NoteStack,
  SimilarReport,
  NoteCommand,
  NoteFact,
  NoteSuspect,
} from '../triage/note-model.js';
import type { NoteSet } from '../triage/note-set.js';
import type { DocLink } from '../knowledge/match.js';
import type { Culprit } from '../parse/report.js';
import { html, type Html, type HtmlValue } from './html-text.js';
import { outlineNote, outlinePaste, TITLES, type NoteOutline, type NoteSection } from './outline.js';
import { confidenceText, lineRef, linesRef, splitInline } from './parts.js';

export interface HtmlOptions {
  /** The page of a knowledge entry, so a cause links to its explanation; omitted, causes are plain text. */
  entryHref?: (id: string) => string;
}

/**
 * The note as an HTML fragment, in the outline's order and under its titles (the same as the GitHub
 * comment): the gist open, the details in `<details>`. Input line numbers link to `#L<n>`, the element
 * of that line in the paste shown beside the note, so following an evidence line works without
 * JavaScript. Several reports become tabs made of radio buttons and labels, which CSS alone switches.
 */
export function renderHtml(paste: NoteSet, options: HtmlOptions = {}): Html {
  const { lead } = outlinePaste(paste);
  const notes = paste.notes.map((note, i) => (i === 0 && lead !== null ? lead : outlineNote(note)));
  const unread =
    paste.unread.length === 0
      ? null
      : html`<section class="unread">
          <h3>${TITLES.pasteUnread}</h3>
          ${list(paste.unread)}
        </section>`;
  if (notes.length === 0)
    return html`<div class="notes">
      <p class="no-report">${TITLES.noReport}.</p>
      ${unread}
    </div>`;
  if (notes.length === 1)
    return html`<div class="notes">
      <article class="note">${noteBody(notes[0] as NoteOutline, options)}</article>
      ${unread}
    </div>`;
  const tabs = notes.map((_, i) => {
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
        >${i + 1}. ${fieldText(note, 'Kind')} <span class="lines">${linesRef(note.lines)}</span></label
      >`,
  );
  const bodies = notes.map((note, i) => {
    const relation = paste.relations.find((r) => r.note === i)?.words;
    return html`<article class="note tab-panel" id="report-${i + 1}">
      ${relation === undefined ? null : html`<p class="relation">${relation}</p>`}${noteBody(note, options)}
    </article>`;
  });
  return html`<div class="notes tabs">
    ${tabs}
    <nav class="tab-labels" aria-label="Reports in this paste">${labels}</nav>
    ${bodies}${unread}
  </div>`;
}

function fieldText(note: NoteOutline, label: string): string {
  return note.fields.find((f) => f.label === label)?.parts.join(', ') ?? '';
}

function noteBody(note: NoteOutline, options: HtmlOptions): Html {
  const chips = note.fields.flatMap((f): Html[] => {
    if (f.label === 'Kind') return [html`<span class="chip kind">${f.parts.join(', ')}</span>`];
    if (f.label === 'Where') return f.parts.map((p) => html`<span class="chip">${p}</span>`);
    if (f.label === 'Taint')
      return [html`<span class="chip taint" title="taint">${f.parts.join(', ')}</span>`];
    return [];
  });
  const other = note.fields.filter((f) => !['Kind', 'Where', 'Taint'].includes(f.label));
  return html`<header class="note-head">
      <h2 class="headline">${note.headline}</h2>
      <p class="chips">${chips}</p>
      ${other.map((f) => html`<p class="${f.label.toLowerCase()}">${f.label}: <code>${f.parts.join(', ')}</code></p>`)}
      ${note.culprit === null ? null : html`<p class="culprit">Look first at: ${culprit(note.culprit)}</p>`}
    </header>
    <section class="cause">
      <h3>Root cause</h3>
      <p class="verdict">${inline(note.verdict)}</p>
      ${note.best === null ? null : bestMatch(note.best, options)}
    </section>
    ${note.sections.map((section) => sectionHtml(section, options))}
    <p class="signature">
      signature <code>${note.signature}</code> · ${lineLink(note.lines.start, linesRef(note.lines))}
    </p>`;
}

function culprit(c: Culprit): Html {
  const module = c.module === null ? null : html` in module <code>${c.module}</code>`;
  return html`<code>${c.fn}</code>${module} ${lineLink(c.line)} <span class="why">${c.why}</span>`;
}

/** A gist section stands open; a details section folds. */
function sectionHtml(section: NoteSection, options: HtmlOptions): Html | null {
  const body = sectionBody(section, options);
  if (body === null) return null;
  const cls = section.id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return section.fold === 'gist'
    ? html`<section class="${cls}">
        <h3>${section.title}</h3>
        ${body}
      </section>`
    : html`<details class="${cls}" ${section.id === 'facts' ? html` open` : ''}>
        <summary>${section.title}</summary>
        ${body}
      </details>`;
}

function sectionBody(section: NoteSection, options: HtmlOptions): Html | null {
  switch (section.id) {
    case 'fixes':
    case 'nextSteps':
      return html`<ol>
        ${section.items.map((t) => html`<li>${inline(t)}</li>`)}
      </ol>`;
    case 'explanation':
    case 'unread':
      return list(section.items.map(inline));
    case 'facts':
    case 'story':
      return factList(section.items);
    case 'similar':
      return similar(section.items);
    case 'stacks':
      return html`${section.stacks.map(stack)}`;
    case 'commands':
      return commands(section.items);
    case 'suspect':
      return suspect(section.suspect);
    case 'otherCauses':
      return html`<ul>
        ${section.items.map(
          (m) => html`<li>${causeTitle(m, options)} (${confidenceText(m)}): ${inline(m.summary)}</li>`,
        )}
      </ul>`;
    case 'howSure':
      return html`${
        section.raisedBy.length === 0
          ? null
          : html`<p>${TITLES.raisedBy}:</p>
              ${list(section.raisedBy.map(inline))}`
      }${
        section.loweredBy.length === 0
          ? null
          : html`<p>${TITLES.loweredBy}:</p>
              ${list(section.loweredBy.map(inline))}`
      }`;
    case 'docs':
      return docs(section.configs, section.links);
  }
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

function factList(items: readonly NoteFact[]): Html {
  return html`<ul class="facts">
    ${items.map((f) => html`<li>${f.line === null ? null : html`${lineLink(f.line)} `}${inline(f.text)}</li>`)}
  </ul>`;
}

function similar(items: readonly SimilarReport[]): Html {
  const rows = items.map((s) => {
    const where =
      s.url === undefined || !/^https?:\/\//i.test(s.url)
        ? html`${s.where}`
        : html`<a href="${s.url}" rel="noreferrer">${s.where}</a>`;
    return html`<li>${where} <time>${s.when}</time>: ${s.title}</li>`;
  });
  return html`<ul>
    ${rows}
  </ul>`;
}

/** Each stack apart, under its own header line: never glued into one call trace. */
function stack(s: NoteStack): Html {
  return html`<figure class="stack">
    <figcaption>${s.line === null ? null : html`${lineLink(s.line)} `}${s.title}</figcaption>
    ${frames(s.frames, null)}
  </figure>`;
}

function frames(list: NoteStack['frames'], guilty: string | null): Html {
  return html`<ol class="frames">
    ${list.map(
      (f) =>
        html`<li${f.fn === guilty ? html` class="guilty"` : ''}>${lineLink(f.line)} <code>${f.text}</code>${f.context === 'task' ? null : html` <span class="ctx">${f.context}</span>`}</li>`,
    )}
  </ol>`;
}

/** Commands to paste into a shell: each in its own block, which the page's script gives a copy button. */
function commands(items: readonly NoteCommand[]): Html {
  return html`<ul class="commands">
    ${items.map(
      (c) =>
        html`<li>
          <p>${inline(c.why)}</p>
          <pre class="command" data-copy><code>${c.command}</code></pre>
        </li>`,
    )}
  </ul>`;
}

function suspect(s: NoteSuspect): Html {
  const out: HtmlValue[] = [];
  if (s.guilty !== null) out.push(html`<p>Guilty frame: <code>${s.guilty}</code></p>`);
  if (s.outOfTree.length > 0) {
    out.push(
      html`<p>
        Out-of-tree modules:
        ${s.outOfTree.map((m, i) => html`${i > 0 ? ', ' : ''}<code>${m.name}</code> (${m.marks}: ${m.why})`)}
      </p>`,
    );
  }
  if (s.outOfTreeNote !== null) out.push(html`<p>${s.outOfTreeNote}</p>`);
  if (s.frames.length > 0) out.push(frames(s.frames, s.guilty));
  return html`${out}`;
}

function docs(configs: readonly string[], links: readonly DocLink[]): Html {
  return html`${
      configs.length === 0
        ? null
        : html`<p>
            ${TITLES.configs}: ${configs.map((c, i) => html`${i > 0 ? ', ' : ''}<code>${c}</code>`)}
          </p>`
    }
    <ul>
      ${links.map((d) => html`<li><a href="${d.url}" rel="noreferrer">${d.title}</a></li>`)}
    </ul>`;
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
