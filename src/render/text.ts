import type { TriageNote } from '../triage/note.js';
import type { TriagePaste } from '../triage/note-set.js';
import { confidenceText, culpritText, lineRef, linesRef, taintLine, whereParts } from './parts.js';

/**
 * The note for a terminal: what it is, where, and the best match with its evidence first; the decoded
 * facts, suspect code and the rest after. Nothing is cut: a terminal scrolls.
 */
export function renderText(paste: TriagePaste): string {
  const [lead, ...others] = paste.notes;
  const out: string[] = [];
  if (lead === undefined) out.push('No kernel report found in the paste.');
  else out.push(...noteLines(lead));
  if (others.length > 0) {
    out.push('', `Other reports in this paste (${others.length}):`);
    others.forEach((n, i) => {
      out.push(`  ${i + 2}. ${linesRef(n.lines)} ${n.headline}`, `     ${n.verdict}`);
    });
  }
  if (paste.unread.length > 0)
    out.push('', 'Could not read from the paste:', ...paste.unread.map((u) => `  - ${u}`));
  return `${out.map(safe).join('\n')}\n`;
}

function noteLines(note: TriageNote): string[] {
  const out: string[] = [note.headline];
  const culprit = culpritText(note);
  if (culprit !== null) out.push(`Look first at: ${culprit}`);
  out.push(`Kind:  ${note.kindLabel} (${note.kind})`, `Title: ${note.title}`);
  const where = whereParts(note);
  if (where.length > 0) out.push(`Where: ${where.join(', ')}`);
  const taint = taintLine(note);
  if (taint !== null) out.push(`Taint: ${taint}`);
  if (note.where.hardware !== null) out.push(`Hardware: ${note.where.hardware}`);
  out.push('', note.verdict);
  const best = note.matches[0];
  if (best !== undefined) {
    out.push(`  ${best.summary}`);
    for (const e of best.evidence) {
      out.push(`  ${e.line === null ? 'fact' : lineRef(e.line)}: ${e.text.trim()}`);
      if (e.why !== e.text) out.push(`      ${e.why}`);
    }
  }
  list(
    out,
    'Fix options:',
    note.fixes.map((f) => f.text),
    true,
  );
  list(
    out,
    'Next steps:',
    note.nextSteps.map((s) => s.text),
    true,
  );
  list(
    out,
    'What the report says:',
    note.facts.map((f) => (f.line === null ? f.text : `${lineRef(f.line)}: ${f.text}`)),
  );
  out.push(...suspectLines(note));
  list(
    out,
    'Other possible causes:',
    note.matches.slice(1).map((m) => `${m.title} (${confidenceText(m)}): ${m.summary}`),
  );
  if (best !== undefined) {
    list(out, 'More certain if:', best.raisedBy);
    list(out, 'Less certain if:', best.loweredBy);
  }
  if (note.configs.length > 0) out.push('', `Configs that confirm it: ${note.configs.join(', ')}`);
  list(
    out,
    'Documentation:',
    note.docs.map((d) => `${d.title}: ${d.url}`),
  );
  list(out, 'Could not read:', note.unread);
  list(
    out,
    'Similar past reports:',
    note.similar.map((s) => `${s.when} ${s.where}: ${s.title}${s.url === undefined ? '' : ` (${s.url})`}`),
  );
  out.push('', `Signature: ${note.signature} (${linesRef(note.lines)})`);
  return out;
}

function suspectLines(note: TriageNote): string[] {
  const s = note.suspect;
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
  return out.length === 0 ? [] : ['', 'Suspect code:', ...out];
}

function list(out: string[], title: string, items: readonly string[], numbered = false): void {
  if (items.length === 0) return;
  out.push('', title, ...items.map((item, i) => `  ${numbered ? `${i + 1}.` : '-'} ${item}`));
}

/** Terminal control characters from the paste (an escape sequence could rewrite the screen) become `?`. */
function safe(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}
