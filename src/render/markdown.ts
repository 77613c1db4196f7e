import type { NoteSuspect } from '../triage/note-model.js';
import type { NoteSet } from '../triage/note-set.js';
import { GITHUB_MAX_COMMENT } from './limits.js';
import { clip, outlinePaste, TITLES, type NoteOutline, type NoteSection } from './outline.js';
import { confidenceText, lineRef, linesRef, splitInline, type DetailLevel } from './parts.js';

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
export function renderMarkdown(paste: NoteSet, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_MAX_COMMENT;
  let body = '';
  for (const level of LEVELS) {
    body = renderAt(paste, level);
    if (body.length <= maxChars) return body;
  }
  const kept = body.slice(0, Math.max(0, maxChars - CUT_NOTICE.length));
  return `${kept.slice(0, Math.max(0, kept.lastIndexOf('\n')))}${CUT_NOTICE}`;
}

function renderAt(paste: NoteSet, level: DetailLevel): string {
  const { lead, others, unread } = outlinePaste(paste);
  const out: string[] = [];
  if (lead === null) out.push(`### ${TITLES.noReport}`);
  else out.push(...noteBlocks(lead, level));
  if (others.length > 0) {
    const rows = others
      .slice(0, level.items)
      .map(
        (n, i) =>
          `${i + 2}. ${code(linesRef(n.lines))} ${code(clip(n.headline, level.lineChars))}: ${inline(clip(n.verdict, level.lineChars))}`,
      );
    out.push(
      details(`${TITLES.otherReports} (${others.length})`, [
        rows.join('\n'),
        more(others.length, level.items),
      ]),
    );
  }
  if (unread.length > 0)
    out.push(
      `**${TITLES.pasteUnread}:**\n${bullets(
        unread.map((u) => plain(clip(u, level.lineChars))),
        level,
      )}`,
    );
  return `${out.filter((b) => b !== '').join('\n\n')}\n`;
}

function noteBlocks(note: NoteOutline, level: DetailLevel): string[] {
  const out: string[] = [`### ${plain(clip(note.headline, 250))}`];
  if (note.culprit !== null) out.push(`**Look first at** ${inline(clip(note.culprit, level.lineChars))}`);
  const [kind, title, ...rest] = note.fields;
  const head = [`**${plain(kind?.parts.join(', ') ?? '')}**`];
  for (const f of rest) {
    const parts = f.parts.map((p) => code(clip(p, level.lineChars)));
    head.push(f.label === 'Where' ? parts.join(' · ') : `${f.label.toLowerCase()} ${parts.join(', ')}`);
  }
  out.push(`${head.join(' · ')}\n\nTitle: ${code(clip(title?.parts.join(', ') ?? '', level.lineChars))}`);

  const best = note.best;
  const verdict = [`**${inline(clip(note.verdict, level.lineChars))}**`];
  if (best !== null) {
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
  for (const section of note.sections) {
    if (section.fold === 'details' && !level.details) continue;
    const body = sectionBody(section, level);
    if (section.fold === 'gist') out.push(`**${section.title}**\n${body}`);
    else out.push(details(countedTitle(section), [body]));
  }
  if (level.details) out.push(`<sub>signature ${code(note.signature)} · ${linesRef(note.lines)}</sub>`);
  return out;
}

/** Folded lists say how long they are, since their items are out of sight. */
function countedTitle(section: NoteSection): string {
  return section.id === 'otherCauses' ? `${section.title} (${section.items.length})` : section.title;
}

function sectionBody(section: NoteSection, level: DetailLevel): string {
  const line = (text: string): string => inline(clip(text, level.lineChars));
  switch (section.id) {
    case 'fixes':
    case 'nextSteps':
      return numbered(section.items.map(line), level);
    case 'similar':
      return bullets(
        section.items.map((s) => {
          const label = plain(s.where);
          const link = s.url === undefined ? label : `[${label}](${safeUrl(s.url)})`;
          return `${link} ${code(s.when)}: ${plain(clip(s.title, level.lineChars))}`;
        }),
        level,
      );
    case 'facts':
    case 'story':
      return bullets(
        section.items.map((f) => factLine(f, level)),
        level,
      );
    case 'stacks':
      return section.stacks
        .slice(0, level.items)
        .map((st) => {
          const head = `${st.line === null ? '' : `${code(lineRef(st.line))} `}${code(clip(st.title, level.lineChars))}`;
          const frames = st.frames
            .slice(0, level.frames)
            .map((f) => `${lineRef(f.line).padEnd(6)} ${clip(f.text, level.lineChars)}`);
          return frames.length === 0
            ? head
            : `${head}
${fence(`${frames.join('\n')}${more(st.frames.length, level.frames, '\n')}`)}`;
        })
        .join('\n\n');
    case 'commands':
      return bullets(
        section.items.map((c) => `${line(c.why)}\n  ${code(clip(c.command, level.lineChars))}`),
        level,
      );
    case 'suspect':
      return suspectBlock(section.suspect, level);
    case 'otherCauses':
      return bullets(
        section.items.map(
          (m) =>
            `**${plain(clip(m.title, level.lineChars))}** (${confidenceText(m)}): ${inline(clip(m.summary, level.lineChars))}`,
        ),
        level,
      );
    case 'howSure':
      return [
        section.raisedBy.length > 0
          ? `${TITLES.raisedBy}:\n${bullets(section.raisedBy.map(line), level)}`
          : '',
        section.loweredBy.length > 0
          ? `${TITLES.loweredBy}:\n${bullets(section.loweredBy.map(line), level)}`
          : '',
      ]
        .filter((p) => p !== '')
        .join('\n\n');
    case 'docs': {
      const docs = section.links.map((d) => `[${plain(clip(d.title, level.lineChars))}](${safeUrl(d.url)})`);
      if (section.configs.length > 0)
        docs.unshift(`${TITLES.configs}: ${section.configs.map(code).join(', ')}`);
      return bullets(docs, level);
    }
    case 'unread':
    case 'explanation':
      return bullets(section.items.map(line), level);
  }
}

function suspectBlock(s: NoteSuspect, level: DetailLevel): string {
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
