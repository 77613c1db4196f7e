import type { TriageNote } from '../triage/note.js';
import type { TriagePaste } from '../triage/note-set.js';
import { GITHUB_MAX_COMMENT } from './limits.js';
import {
  confidenceText,
  lineRef,
  linesRef,
  splitInline,
  taintLine,
  whereParts,
  type DetailLevel,
} from './parts.js';

/** Later levels show less, until the rendering fits the platform's limits. */
const LEVELS: readonly DetailLevel[] = [
  { evidence: Infinity, frames: Infinity, items: Infinity, lineChars: Infinity, details: true },
  { evidence: 10, frames: 40, items: 40, lineChars: 1000, details: true },
  { evidence: 5, frames: 12, items: 12, lineChars: 300, details: true },
  { evidence: 3, frames: 0, items: 6, lineChars: 200, details: false },
];

export interface MarkdownOptions {
  /**
   * The longest the rendering may be: GitHub's comment limit by default. A caller that adds text of
   * its own to the comment passes the limit minus that text.
   */
  maxChars?: number;
}

const CUT_NOTICE = '\n\n*(cut to fit the comment limit)*\n';

/**
 * A GitHub comment: the gist (what, where, best match, evidence, fixes, next steps) on the first
 * screen, the rest folded in `<details>`. Shows less at each level until the body fits `maxChars`;
 * the last level is a few short lines and fits any budget near GitHub's limit. Only a budget too
 * small even for that cuts it, at a line end, with a notice.
 */
export function renderMarkdown(paste: TriagePaste, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_MAX_COMMENT;
  let body = '';
  for (const level of LEVELS) {
    body = renderAt(paste, level);
    if (body.length <= maxChars) return body;
  }
  const kept = body.slice(0, Math.max(0, maxChars - CUT_NOTICE.length));
  return `${kept.slice(0, Math.max(0, kept.lastIndexOf('\n')))}${CUT_NOTICE}`;
}

function renderAt(paste: TriagePaste, level: DetailLevel): string {
  const [lead, ...others] = paste.notes;
  const out: string[] = [];
  if (lead === undefined) out.push('### No kernel report found in the paste');
  else out.push(...noteBlocks(lead, level));
  if (others.length > 0) {
    const rows = others
      .slice(0, level.items)
      .map(
        (n, i) =>
          `${i + 2}. ${code(linesRef(n.lines))} ${code(clip(n.headline, level.lineChars))}: ${inline(clip(n.verdict, level.lineChars))}`,
      );
    out.push(
      details(`Other reports in this paste (${others.length})`, [
        rows.join('\n'),
        more(others.length, level.items),
      ]),
    );
  }
  if (paste.unread.length > 0)
    out.push(
      `**Could not read from the paste:**\n${bullets(
        paste.unread.map((u) => plain(clip(u, level.lineChars))),
        level,
      )}`,
    );
  return `${out.filter((b) => b !== '').join('\n\n')}\n`;
}

function noteBlocks(note: TriageNote, level: DetailLevel): string[] {
  const out: string[] = [`### ${plain(clip(note.headline, 250))}`];
  const c = note.culprit;
  if (c !== null) {
    const mod = c.module === null ? '' : ` in module ${code(c.module)}`;
    out.push(
      `**Look first at** ${code(c.fn)}${mod} (${code(lineRef(c.line))}): ${inline(clip(c.why, level.lineChars))}`,
    );
  }
  const facts = [`**${plain(note.kindLabel)}**`, ...whereParts(note).map(code)];
  const taint = note.where.taint === null ? null : taintLine(note);
  if (taint !== null) facts.push(`taint ${code(clip(taint, level.lineChars))}`);
  out.push(`${facts.join(' · ')}\n\nTitle: ${code(clip(note.title, level.lineChars))}`);

  const best = note.matches[0];
  const verdict = [`**${inline(clip(note.verdict, level.lineChars))}**`];
  if (best !== undefined) {
    verdict.push(inline(clip(best.summary, level.lineChars)));
    const ev = best.evidence.slice(0, level.evidence).map((e) => {
      const why = e.why === e.text ? '' : `: ${inline(clip(e.why, level.lineChars))}`;
      const quoted =
        e.line === null
          ? inline(clip(e.text, level.lineChars))
          : `${code(lineRef(e.line))} ${code(clip(e.text.trim(), level.lineChars))}`;
      return `- ${quoted}${why}`;
    });
    if (ev.length > 0)
      verdict.push(`Evidence:\n${ev.join('\n')}${more(best.evidence.length, level.evidence, '\n')}`);
  }
  out.push(verdict.join('\n\n'));
  if (note.fixes.length > 0)
    out.push(
      `**Fix options**\n${numbered(
        note.fixes.map((f) => inline(clip(f.text, level.lineChars))),
        level,
      )}`,
    );
  if (note.nextSteps.length > 0)
    out.push(
      `**Next steps**\n${numbered(
        note.nextSteps.map((s) => inline(clip(s.text, level.lineChars))),
        level,
      )}`,
    );
  if (note.similar.length > 0) {
    const rows = note.similar.map((s) => {
      const label = plain(s.where);
      const link = s.url === undefined ? label : `[${label}](${safeUrl(s.url)})`;
      return `${link} ${code(s.when)}: ${plain(clip(s.title, level.lineChars))}`;
    });
    out.push(`**Seen before**\n${bullets(rows, level)}`);
  }
  if (!level.details) return out;

  const hardware =
    note.where.hardware === null ? '' : `Hardware: ${code(clip(note.where.hardware, level.lineChars))}`;
  out.push(
    details('What the report says', [
      bullets(
        note.facts.map((f) => factLine(f, level)),
        level,
      ),
      hardware,
    ]),
  );
  const suspect = suspectBlock(note, level);
  if (suspect !== '') out.push(details('Suspect code', [suspect]));
  const rest = note.matches
    .slice(1)
    .map(
      (m) =>
        `**${plain(clip(m.title, level.lineChars))}** (${confidenceText(m)}): ${inline(clip(m.summary, level.lineChars))}`,
    );
  if (rest.length > 0) out.push(details(`Other possible causes (${rest.length})`, [bullets(rest, level)]));
  if (best !== undefined && best.raisedBy.length + best.loweredBy.length > 0) {
    out.push(
      details('How sure', [
        best.raisedBy.length > 0
          ? `More certain if:\n${bullets(
              best.raisedBy.map((r) => inline(clip(r, level.lineChars))),
              level,
            )}`
          : '',
        best.loweredBy.length > 0
          ? `Less certain if:\n${bullets(
              best.loweredBy.map((r) => inline(clip(r, level.lineChars))),
              level,
            )}`
          : '',
      ]),
    );
  }
  const docs = note.docs.map((d) => `[${plain(clip(d.title, level.lineChars))}](${safeUrl(d.url)})`);
  if (note.configs.length > 0) docs.unshift(`Configs that confirm it: ${note.configs.map(code).join(', ')}`);
  if (docs.length > 0) out.push(details('Documentation', [bullets(docs, level)]));
  if (note.unread.length > 0)
    out.push(
      details('Could not read', [
        bullets(
          note.unread.map((u) => inline(clip(u, level.lineChars))),
          level,
        ),
      ]),
    );
  out.push(`<sub>signature ${code(note.signature)} · ${linesRef(note.lines)}</sub>`);
  return out;
}

function suspectBlock(note: TriageNote, level: DetailLevel): string {
  const s = note.suspect;
  const out: string[] = [];
  if (s.guilty !== null) {
    const mod =
      s.guiltyModule === null
        ? ''
        : ` in module ${code(s.guiltyModule)}${s.guiltyOutOfTree ? ' (out-of-tree)' : ''}`;
    out.push(`Guilty frame: ${code(s.guilty)}${mod}`);
  }
  if (s.outOfTree.length > 0) {
    out.push(
      `Out-of-tree modules: ${s.outOfTree.map((m) => `${code(m.name)} (${m.marks}: ${m.why})`).join(', ')}`,
    );
  }
  if (s.outOfTreeNote !== null) out.push(plain(s.outOfTreeNote));
  const frames = s.frames
    .slice(0, level.frames)
    .map((f) => `${lineRef(f.line).padEnd(6)} ${clip(f.text, level.lineChars)}`);
  if (frames.length > 0) out.push(fence(`${frames.join('\n')}${more(s.frames.length, level.frames, '\n')}`));
  return out.join('\n\n');
}

function factLine(f: { text: string; line: number | null }, level: DetailLevel): string {
  const text = inline(clip(f.text, level.lineChars));
  return f.line === null ? text : `${code(lineRef(f.line))} ${text}`;
}

/** `<details>` needs a blank line after `</summary>` for GitHub to render Markdown inside it. */
function details(summary: string, parts: readonly string[]): string {
  return `<details><summary>${plain(summary)}</summary>\n\n${parts.filter((p) => p !== '').join('\n\n')}\n\n</details>`;
}

function bullets(items: readonly string[], level: DetailLevel): string {
  return (
    items
      .slice(0, level.items)
      .map((i) => `- ${i}`)
      .join('\n') + more(items.length, level.items, '\n')
  );
}

function numbered(items: readonly string[], level: DetailLevel): string {
  return (
    items
      .slice(0, level.items)
      .map((item, i) => `${i + 1}. ${item}`)
      .join('\n') + more(items.length, level.items, '\n')
  );
}

function more(total: number, shown: number, sep = ''): string {
  return total > shown ? `${sep}… and ${total - shown} more` : '';
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${[...s].slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A note text: plain parts escaped, inline code kept as code spans. */
function inline(text: string): string {
  return splitInline(text)
    .map((p) => (p.code ? code(p.text) : plain(p.text)))
    .join('');
}

/**
 * Plain text from a report, made inert: Markdown punctuation and HTML are escaped, and `@user` and
 * `#123` get a zero-width space so quoting a log never pings a person or links an issue.
 */
function plain(s: string): string {
  return s
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/([@#])(?=[\w-])/g, '$1\u200b')
    .replace(/\r?\n/g, ' ');
}

/** A code span whose delimiter is longer than any backtick run inside it. */
function code(s: string): string {
  const flat = s.replace(/\r?\n/g, ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function fence(body: string): string {
  const ticks = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${ticks}text\n${body}\n${ticks}`;
}

/** Spaces and parentheses would end a Markdown link target early. */
function safeUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
