import type { NoteSet } from '../triage/note-set.js';
import { outlinePaste, TITLES, type NoteOutline, type NoteSection } from './outline.js';
import { confidenceText, lineRef, linesRef } from './parts.js';

/**
 * The note for a terminal, in the outline's order: what it is, where, and the best match with its
 * evidence first; every section after. Nothing is cut: a terminal scrolls.
 */
export function renderText(paste: NoteSet): string {
  const { lead, others, unread } = outlinePaste(paste);
  const out: string[] = [];
  if (lead === null) out.push(`${TITLES.noReport}.`);
  else out.push(...noteLines(lead));
  if (others.length > 0) {
    out.push('', `${TITLES.otherReports} (${others.length}):`);
    others.forEach((n, i) => {
      out.push(`  ${i + 2}. ${linesRef(n.lines)} ${n.headline}`, `     ${n.verdict}`);
    });
  }
  if (unread.length > 0) out.push('', `${TITLES.pasteUnread}:`, ...unread.map((u) => `  - ${u}`));
  return `${out.map(safe).join('\n')}\n`;
}

function noteLines(note: NoteOutline): string[] {
  const out: string[] = [note.headline];
  if (note.culprit !== null) out.push(`Look first at: ${note.culprit}`);
  for (const f of note.fields) {
    const value = f.parts.join(', ');
    out.push(`${`${f.label}:`.padEnd(6)} ${f.label === 'Kind' ? `${value} (${note.kind})` : value}`);
  }
  out.push('', note.verdict);
  const best = note.best;
  if (best !== null) {
    out.push(`  ${best.summary}`);
    for (const e of best.evidence) {
      out.push(`  ${e.line === null ? 'fact' : lineRef(e.line)}: ${e.text.trim()}`);
      if (e.why !== e.text) out.push(`      ${e.why}`);
    }
  }
  for (const section of note.sections) out.push('', `${section.title}:`, ...sectionLines(section));
  out.push('', `Signature: ${note.signature} (${linesRef(note.lines)})`);
  return out;
}

function sectionLines(section: NoteSection): string[] {
  switch (section.id) {
    case 'fixes':
    case 'nextSteps':
      return section.items.map((item, i) => `  ${i + 1}. ${item}`);
    case 'similar':
      return bullets(
        section.items.map(
          (s) => `${s.when} ${s.where}: ${s.title}${s.url === undefined ? '' : ` (${s.url})`}`,
        ),
      );
    case 'facts':
    case 'story':
      return bullets(section.items.map((f) => (f.line === null ? f.text : `${lineRef(f.line)}: ${f.text}`)));
    case 'stacks':
      return section.stacks.flatMap((st) => [
        `  ${st.line === null ? '' : `${lineRef(st.line)} `}${st.title}:`,
        ...st.frames.map((f) => `    ${lineRef(f.line).padEnd(6)} ${f.text}`),
      ]);
    case 'commands':
      return section.items.flatMap((c) => [`  - ${c.why}`, `      ${c.command}`]);
    case 'suspect':
      return suspectLines(section.suspect);
    case 'otherCauses':
      return bullets(section.items.map((m) => `${m.title} (${confidenceText(m)}): ${m.summary}`));
    case 'howSure':
      return [
        ...(section.raisedBy.length > 0 ? [`  ${TITLES.raisedBy}:`, ...bullets(section.raisedBy, '  ')] : []),
        ...(section.loweredBy.length > 0
          ? [`  ${TITLES.loweredBy}:`, ...bullets(section.loweredBy, '  ')]
          : []),
      ];
    case 'docs':
      return [
        ...(section.configs.length > 0 ? [`  ${TITLES.configs}: ${section.configs.join(', ')}`] : []),
        ...bullets(section.links.map((d) => `${d.title}: ${d.url}`)),
      ];
    case 'unread':
    case 'explanation':
      return bullets(section.items);
  }
}

function suspectLines(s: Extract<NoteSection, { id: 'suspect' }>['suspect']): string[] {
  const out: string[] = [];
  if (s.guilty !== null) {
    const mod =
      s.guiltyModule === null ? '' : ` [${s.guiltyModule}]${s.guiltyOutOfTree ? ' (out-of-tree)' : ''}`;
    out.push(`  Guilty frame: ${s.guilty}${mod}`);
  }
  if (s.outOfTree.length > 0) {
    out.push(
      `  Out-of-tree modules: ${s.outOfTree.map((m) => `${m.name} (${m.marks}: ${m.why})`).join(', ')}`,
    );
  }
  if (s.outOfTreeNote !== null) out.push(`  ${s.outOfTreeNote}`);
  if (s.frames.length > 0) {
    out.push('  Call trace:');
    out.push(
      ...s.frames.map(
        (f) => `    ${lineRef(f.line).padEnd(6)} ${f.text}${f.context === 'task' ? '' : ` <${f.context}>`}`,
      ),
    );
  }
  return out;
}

function bullets(items: readonly string[], indent = ''): string[] {
  return items.map((item) => `${indent}  - ${item}`);
}

/** Terminal control characters from the paste (an escape sequence could rewrite the screen) become `?`. */
function safe(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}
