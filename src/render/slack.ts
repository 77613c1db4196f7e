import type { NoteSuspect } from '../triage/note-model.js';
import type { NoteSet } from '../triage/note-set.js';
import {
  SLACK_MAX_BLOCKS,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_FIELDS,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_SECTION_TEXT,
  SLACK_MAX_TOTAL_TEXT,
} from './limits.js';
import { clip, outlinePaste, TITLES, type NoteOutline, type NoteSection } from './outline.js';
import { confidenceText, lineRef, linesRef, splitInline, type DetailLevel } from './parts.js';

/** The Block Kit shapes this renderer emits (a subset of @slack/types). */
export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
}
export interface SlackHeaderBlock {
  type: 'header';
  text: { type: 'plain_text'; text: string; emoji: boolean };
}
export interface SlackSectionBlock {
  type: 'section';
  text?: SlackMrkdwn;
  fields?: SlackMrkdwn[];
}
export interface SlackDividerBlock {
  type: 'divider';
}
export type SlackBlock = SlackHeaderBlock | SlackSectionBlock | SlackDividerBlock;

/** What chat.postMessage takes: `text` is the notification and screen-reader fallback. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Later levels show less; here `lineChars` counts characters after escaping. */
const LEVELS: readonly DetailLevel[] = [
  { evidence: 6, frames: 12, items: 8, lineChars: 400, details: true },
  { evidence: 4, frames: 6, items: 5, lineChars: 240, details: true },
  { evidence: 3, frames: 3, items: 4, lineChars: 200, details: false },
  { evidence: 2, frames: 0, items: 3, lineChars: 150, details: false },
];

/** Characters of the fallback `text`: a notification line, far below Slack's 40,000. */
const FALLBACK_CHARS = 600;

/**
 * The note as a Slack message. Each level trims frames, evidence and lists further and the later
 * ones drop the detail sections, until the message is inside every Block Kit limit; as a last resort
 * trailing blocks are dropped. User text is escaped (`&`, `<`, `>`) and limits are counted after
 * escaping.
 */
export function renderSlack(paste: NoteSet): SlackMessage {
  const text = fallback(paste);
  let blocks: SlackBlock[] = [];
  for (const level of LEVELS) {
    blocks = blocksAt(paste, level);
    if (fits(blocks)) return { text, blocks };
  }
  while (blocks.length > 1 && !fits(blocks)) blocks = blocks.slice(0, -1);
  return { text, blocks };
}

/** Characters of text in a message, the count behind `msg_blocks_too_long`. */
export function slackTextLength(blocks: readonly SlackBlock[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'header') n += b.text.text.length;
    if (b.type === 'section')
      n += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((s, f) => s + f.text.length, 0);
  }
  return n;
}

function fits(blocks: readonly SlackBlock[]): boolean {
  return blocks.length <= SLACK_MAX_BLOCKS && slackTextLength(blocks) <= SLACK_MAX_TOTAL_TEXT;
}

function fallback(paste: NoteSet): string {
  const [lead, ...others] = paste.notes;
  if (lead === undefined) return mrkdwn([txt('No kernel report found in the paste.')], FALLBACK_CHARS);
  const toks = [txt(`${lead.headline}: ${lead.verdict}`)];
  if (others.length > 0)
    toks.push(txt(` (+${others.length} more ${others.length === 1 ? 'report' : 'reports'} in this paste)`));
  return mrkdwn(toks, FALLBACK_CHARS);
}

function blocksAt(paste: NoteSet, level: DetailLevel): SlackBlock[] {
  const { lead, others, unread } = outlinePaste(paste);
  const blocks: SlackBlock[] = lead === null ? [header(TITLES.noReport)] : noteBlocks(lead, level);
  if (others.length > 0) {
    blocks.push(
      section(
        [bold(`${TITLES.otherReports} (${others.length})`)],
        others.map((n, i) => [
          txt(`${i + 2}. `),
          code(linesRef(n.lines)),
          txt(' '),
          code(n.headline),
          txt(': '),
          ...inline(n.verdict),
        ]),
        level,
      ),
    );
  }
  if (unread.length > 0) {
    blocks.push(
      section(
        [bold(TITLES.pasteUnread)],
        unread.map((u) => [txt(`• ${u}`)]),
        level,
      ),
    );
  }
  return blocks;
}

function noteBlocks(note: NoteOutline, level: DetailLevel): SlackBlock[] {
  const blocks: SlackBlock[] = [header(note.headline)];
  if (note.culprit !== null)
    blocks.push(section([bold('Look first at: '), ...inline(note.culprit)], [], level));
  const fields = note.fields.map((f): Tok[] => {
    const value = f.parts.join(', ');
    return [bold(f.label), txt('\n'), f.code ? code(value) : txt(value)];
  });
  const fieldChars = Math.min(SLACK_MAX_FIELD_TEXT, level.lineChars * 2);
  blocks.push({
    type: 'section',
    fields: fields.slice(0, SLACK_MAX_FIELDS).map((f) => ({ type: 'mrkdwn', text: mrkdwn(f, fieldChars) })),
  });

  const best = note.best;
  const verdictHead = [bold(note.verdict)];
  if (best === null) blocks.push(section(verdictHead, [], level));
  else {
    const evidence = best.evidence
      .slice(0, level.evidence)
      .map((e) => [
        txt('• '),
        ...(e.line === null ? inline(e.text) : [code(lineRef(e.line)), txt(' '), code(e.text.trim())]),
        ...(e.why === e.text ? [] : [txt(' — '), ...inline(e.why)]),
      ]);
    blocks.push(
      section([...verdictHead, txt('\n'), ...inline(best.summary)], evidence, level, best.evidence.length),
    );
  }
  const gist = note.sections.filter((s) => s.fold === 'gist');
  for (const s of gist) blocks.push(sectionBlock(s, level));
  if (!level.details) return blocks;

  blocks.push({ type: 'divider' });
  for (const s of note.sections.filter((x) => x.fold === 'details')) blocks.push(sectionBlock(s, level));
  blocks.push(
    section([txt('signature '), code(note.signature), txt(` · ${linesRef(note.lines)}`)], [], level),
  );
  return blocks;
}

function sectionBlock(s: NoteSection, level: DetailLevel): SlackSectionBlock {
  const title = [bold(s.title)];
  switch (s.id) {
    case 'fixes':
    case 'nextSteps':
      return section(title, numbered(s.items), level);
    case 'similar':
      return section(
        title,
        s.items.map((r): Tok[] => [
          txt('• '),
          r.url === undefined ? txt(r.where) : link(r.url, r.where),
          txt(' '),
          code(r.when),
          txt(`: ${r.title}`),
        ]),
        level,
      );
    case 'stacks':
      return section(
        title,
        s.stacks.flatMap((st): Tok[][] => [
          [...(st.line === null ? [] : [code(lineRef(st.line)), txt(' ')]), code(st.title)],
          ...st.frames
            .slice(0, level.frames)
            .map((f): Tok[] => [txt('    '), code(`${lineRef(f.line).padEnd(6)} ${f.text}`)]),
        ]),
        { ...level, items: level.items * 4 },
      );
    case 'commands':
      return section(
        title,
        s.items.map((c): Tok[] => [txt('• '), ...inline(c.why), txt('\n'), code(c.command)]),
        level,
      );
    case 'facts':
    case 'story':
      return section(
        title,
        s.items.map((f): Tok[] => [
          txt('• '),
          ...(f.line === null ? [] : [code(lineRef(f.line)), txt(' ')]),
          ...inline(f.text),
        ]),
        level,
      );
    case 'suspect': {
      const rows = suspectRows(s.suspect, level);
      return section(title, rows, { ...level, items: rows.length });
    }
    case 'otherCauses':
      return section(
        title,
        s.items.map((m): Tok[] => [
          txt('• '),
          bold(m.title),
          txt(` (${confidenceText(m)}): `),
          ...inline(m.summary),
        ]),
        level,
      );
    case 'howSure':
      return section(
        title,
        [
          ...(s.raisedBy.length > 0 ? [[txt(`${TITLES.raisedBy}:`)]] : []),
          ...s.raisedBy.map((r) => [txt('• '), ...inline(r)]),
          ...(s.loweredBy.length > 0 ? [[txt(`${TITLES.loweredBy}:`)]] : []),
          ...s.loweredBy.map((r) => [txt('• '), ...inline(r)]),
        ],
        level,
      );
    case 'docs': {
      const docs = s.links.map((d): Tok[] => [txt('• '), link(d.url, d.title)]);
      if (s.configs.length > 0)
        docs.unshift([
          txt(`${TITLES.configs}: `),
          ...s.configs.flatMap((c, i) => [txt(i > 0 ? ', ' : ''), code(c)]),
        ]);
      return section(title, docs, level);
    }
    case 'unread':
    case 'explanation':
      return section(
        title,
        s.items.map((u) => [txt('• '), ...inline(u)]),
        level,
      );
  }
}

function suspectRows(s: NoteSuspect, level: DetailLevel): Tok[][] {
  const rows: Tok[][] = [];
  if (s.guilty !== null) {
    const row = [txt('Guilty frame: '), code(s.guilty)];
    if (s.guiltyModule !== null)
      row.push(txt(' in module '), code(s.guiltyModule), txt(s.guiltyOutOfTree ? ' (out-of-tree)' : ''));
    rows.push(row);
  }
  if (s.outOfTree.length > 0) {
    rows.push([
      txt('Out-of-tree modules: '),
      ...s.outOfTree.flatMap((m, i) => [
        txt(i > 0 ? ', ' : ''),
        code(m.name),
        txt(` (${m.marks}: ${m.why})`),
      ]),
    ]);
  }
  if (s.outOfTreeNote !== null) rows.push([txt(s.outOfTreeNote)]);
  const frames = s.frames.slice(0, level.frames);
  rows.push(...frames.map((f): Tok[] => [txt('    '), code(`${lineRef(f.line).padEnd(6)} ${f.text}`)]));
  if (s.frames.length > frames.length && frames.length > 0)
    rows.push([txt(`    … and ${s.frames.length - frames.length} more frames`)]);
  return rows;
}

function numbered(items: readonly string[]): Tok[][] {
  return items.map((item, i) => [txt(`${i + 1}. `), ...inline(item)]);
}

function header(text: string): SlackHeaderBlock {
  const clipped = clip(text.replace(/\s+/g, ' ').trim(), SLACK_MAX_HEADER_TEXT);
  return {
    type: 'header',
    text: { type: 'plain_text', text: clipped === '' ? 'Kernel report' : clipped, emoji: false },
  };
}

/**
 * A section: a title line, then rows while they fit in the section limit; rows that do not fit are
 * counted in a closing line. `total` counts rows that were cut before they got here.
 */
function section(
  title: readonly Tok[],
  rows: readonly Tok[][],
  level: DetailLevel,
  total = rows.length,
): SlackSectionBlock {
  const max = SLACK_MAX_SECTION_TEXT;
  const reserve = 40;
  let text = mrkdwn(title, max - reserve);
  let shown = 0;
  for (const row of rows.slice(0, level.items)) {
    const line = mrkdwn(row, level.lineChars);
    if (text.length + 1 + line.length > max - reserve) break;
    text += `\n${line}`;
    shown++;
  }
  if (total > shown) text += `\n… and ${total - shown} more`;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** A piece of mrkdwn: words, inline code, bold, or a link. Content is raw and escaped on output. */
interface Tok {
  t: 'text' | 'code' | 'bold' | 'link';
  s: string;
  url?: string;
}
const txt = (s: string): Tok => ({ t: 'text', s });
const code = (s: string): Tok => ({ t: 'code', s });
const bold = (s: string): Tok => ({ t: 'bold', s });
/** Only web links become `<url|label>`; anything else shows as its label. */
const link = (url: string, s: string): Tok => (/^https?:\/\/\S/.test(url) ? { t: 'link', s, url } : txt(s));

function inline(text: string): Tok[] {
  return splitInline(text).map((p) => (p.code ? code(p.text) : txt(p.text)));
}

/**
 * Tokens as mrkdwn of at most `max` characters. A token that does not fit is cut with `…` and its
 * markup closed, so a cut never leaves an open code span or half an `&amp;`.
 */
function mrkdwn(toks: readonly Tok[], max: number): string {
  let out = '';
  for (const tok of toks) {
    if (tokenText(tok) === '') continue;
    const [open, close] = delimiters(tok);
    const body = mrkdwnEscape(tokenText(tok));
    if (out.length + open.length + body.length + close.length <= max) {
      out += open + body + close;
      continue;
    }
    const room = max - out.length - 1;
    const plainOpen = tok.t === 'link' ? '' : open;
    const plainClose = tok.t === 'link' ? '' : close;
    const cut = clipEscaped(tokenText(tok), room - plainOpen.length - plainClose.length);
    if (cut !== '') out += plainOpen + cut + plainClose;
    return `${out}…`;
  }
  return out;
}

function delimiters(tok: Tok): [string, string] {
  if (tok.t === 'code') return ['`', '`'];
  if (tok.t === 'bold') return ['*', '*'];
  if (tok.t === 'link') return [`<${linkTarget(tok.url ?? '')}|`, '>'];
  return ['', ''];
}

/** Code spans cannot hold a backtick, bold cannot hold `*`; newlines would end either. */
function tokenText(tok: Tok): string {
  if (tok.t === 'code') return tok.s.replace(/`/g, "'").replace(/\n/g, ' ');
  if (tok.t === 'bold') return tok.s.replace(/\*/g, '').replace(/\n/g, ' ');
  return tok.s;
}

/** A link target may not hold `|` or `>`, nor spaces; `<` and `&` are escaped like text. */
function linkTarget(url: string): string {
  return mrkdwnEscape(url).replace(
    /[|>\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Slack's three control characters in mrkdwn (docs: "Escaping text"): user text never opens a mention or link. */
export function mrkdwnEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The longest escaped prefix of `raw` within `max` characters, never splitting an entity or a surrogate pair. */
function clipEscaped(raw: string, max: number): string {
  let out = '';
  for (const ch of raw) {
    const piece = mrkdwnEscape(ch);
    if (out.length + piece.length > max) break;
    out += piece;
  }
  return out;
}
