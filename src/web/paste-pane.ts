import { html, type Html } from '../render/html-text.js';
import type { NoteSet } from '../usecase/core.js';

/**
 * Lines shown from the top of the paste; past them only the reports' own lines (and a few around
 * them) are shown, so an 8 MiB log does not become a page the browser cannot lay out.
 */
const HEAD_LINES = 2_000;
const AROUND_REPORT = 3;

/** Terminal controls (ANSI colours, NUL) mean nothing on a page; they show as U+FFFD. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** The input lines the notes point at as evidence: highlighted, and where an evidence link lands. */
export function evidenceLines(paste: NoteSet): Set<number> {
  const lines = new Set<number>();
  for (const note of paste.notes) {
    for (const e of note.matches[0]?.evidence ?? []) if (e.line !== null) lines.add(e.line);
  }
  return lines;
}

/**
 * The paste as numbered lines (each a block, so no newline characters are needed between them), each `id="L<n>"` so `#L<n>` links from the note scroll to it. Lines
 * are split as the parser splits them (on `\n`, a trailing `\r` dropped), so the numbers agree.
 */
export function pastePane(text: string, paste: NoteSet): Html {
  const lines = text.split('\n');
  const evidence = evidenceLines(paste);
  const inReport = (no: number): boolean => paste.notes.some((n) => no >= n.lines.start && no <= n.lines.end);
  const shown = (no: number): boolean =>
    no <= HEAD_LINES ||
    paste.notes.some((n) => no >= n.lines.start - AROUND_REPORT && no <= n.lines.end + AROUND_REPORT);
  const out: Html[] = [];
  let skipped = 0;
  lines.forEach((raw, i) => {
    const no = i + 1;
    if (!shown(no)) {
      skipped++;
      return;
    }
    if (skipped > 0) {
      out.push(html`<span class="gap">⋯ ${skipped} lines not shown</span>`);
      skipped = 0;
    }
    const cls = [evidence.has(no) ? 'ev' : '', inReport(no) ? 'rep' : ''].filter((c) => c !== '').join(' ');
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    out.push(
      html`<span class="pl${cls === '' ? '' : ` ${cls}`}" id="L${no}"
        ><a class="n" href="#L${no}">${no}</a>${line.replace(CONTROLS, '\uFFFD')}</span
      >`,
    );
  });
  if (skipped > 0) out.push(html`<span class="gap">⋯ ${skipped} lines not shown</span>`);
  return html`<section class="paste-pane" aria-label="The paste">
    <h2>The paste <span class="count">${lines.length} lines</span></h2>
    <pre class="paste" tabindex="0">${out}</pre>
  </section>`;
}
