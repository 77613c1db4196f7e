import type { TriageNote } from '../triage/note-model.js';

/** Pieces every renderer shows the same way, so the outputs never disagree. */

/** A note text split into plain words and inline code (the note marks code with single backticks). */
export interface InlinePart {
  code: boolean;
  text: string;
}

export function splitInline(text: string): InlinePart[] {
  const pieces = text.split('`');
  // An odd count of backticks leaves the last one unpaired: that piece stays plain, backtick included.
  const unpaired = pieces.length % 2 === 0;
  const parts: InlinePart[] = [];
  pieces.forEach((piece, i) => {
    const isCode = i % 2 === 1 && !(unpaired && i === pieces.length - 1);
    const text = isCode || !(unpaired && i === pieces.length - 1) ? piece : `\`${piece}`;
    if (text !== '') parts.push({ code: isCode, text });
  });
  return parts;
}

/** `brctl/3988`, `CPU 0`, `task context`, `kernel 6.1 #33`, `x86_64`. */
/** `sensor_set_config [sensor] (L30): why`: the culprit the note leads with. */
export function culpritText(note: TriageNote): string | null {
  const c = note.culprit;
  if (c === null) return null;
  return `${c.fn}${c.module === null ? '' : ` [${c.module}]`} (${lineRef(c.line)}): ${c.why}`;
}

export function whereParts(note: TriageNote): string[] {
  const w = note.where;
  const parts: string[] = [];
  if (w.task !== null) parts.push(w.task);
  if (w.cpu !== null) parts.push(`CPU ${w.cpu}`);
  if (w.context !== null) parts.push(w.context);
  if (w.kernel !== null) parts.push(`kernel ${w.kernel}`);
  if (w.arch !== 'unknown') parts.push(w.arch);
  return parts;
}

/** `G W O: W a warning was issued earlier; O an out-of-tree module was loaded`, or `not tainted`. */
export function taintLine(note: TriageNote): string | null {
  const t = note.where.taint;
  if (t === null) return null;
  if (t.flags.length === 0 && t.unknown.length === 0) return 'not tainted';
  const meanings = t.flags.map((f) => `${f.letter}: ${f.meaning}`);
  if (t.unknown.length > 0) meanings.push(`${t.unknown.join(', ')}: unknown`);
  return `${t.letters} (${meanings.join('; ')})`;
}

/** `L12` or `L12-L40`: the form evidence and frames use to point at the input. */
export function lineRef(line: number | null): string {
  return line === null ? '' : `L${line}`;
}

export function linesRef(lines: { start: number; end: number }): string {
  return lines.start === lines.end ? `L${lines.start}` : `L${lines.start}-L${lines.end}`;
}

export function confidenceText(m: { confidence: number; confidenceLabel: string }): string {
  return `${m.confidenceLabel} confidence, ${m.confidence.toFixed(2)}`;
}

/** How much of a note one rendering shows: each renderer has a ladder of these, from everything down. */
export interface DetailLevel {
  evidence: number;
  frames: number;
  items: number;
  lineChars: number;
  details: boolean;
}
