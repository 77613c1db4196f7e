import type { Entry } from '../knowledge/entry.js';
import type { TriageNote } from '../triage/note-model.js';

/**
 * What a model is given about one report: the deterministic note, the report's own lines numbered as
 * in the paste, and the matched knowledge entry with its sources. Only the report's lines leave the
 * machine, not the chat around them, so an instruction written around a paste never reaches the model.
 */
export interface ExplainInput {
  note: NoteForModel;
  lines: NumberedLine[];
  knowledge: KnowledgeForModel | null;
}

export interface NumberedLine {
  line: number;
  text: string;
}

export interface NoteForModel {
  headline: string;
  title: string;
  kind: string;
  kindLabel: string;
  verdict: string;
  where: TriageNote['where'];
  facts: TriageNote['facts'];
  guilty: string | null;
  frames: string[];
  matches: Array<Pick<TriageNote['matches'][number], 'id' | 'title' | 'confidence' | 'evidence'>>;
  nextSteps: string[];
  unread: string[];
}

export interface KnowledgeForModel {
  id: string;
  title: string;
  summary: string;
  explanation: string;
  fixes: string[];
  nextSteps: string[];
  configs: string[];
  sources: Array<{ title: string; url: string }>;
}

/**
 * A lockdep chain runs to a few hundred lines; past this the prompt grows without adding evidence a
 * two-sentence summary could use, and small local models lose the instructions.
 */
export const MAX_LINES = 250;
/** The parser keeps lines up to 2,048 characters; a model needs far less to quote from one. */
export const MAX_LINE_CHARS = 400;
const MAX_FRAMES = 16;

/** `lineText(no)` is the cleaned text of input line `no`; `entry` is the note's top match, if any. */
export function explainInput(
  note: TriageNote,
  lineText: (no: number) => string | undefined,
  entry: Entry | undefined,
): ExplainInput {
  const lines: NumberedLine[] = [];
  const last = Math.min(note.lines.end, note.lines.start + MAX_LINES - 1);
  for (let no = note.lines.start; no <= last; no++) {
    const text = lineText(no);
    if (text !== undefined) lines.push({ line: no, text: text.slice(0, MAX_LINE_CHARS) });
  }
  return {
    note: {
      headline: note.headline,
      title: note.title,
      kind: note.kind,
      kindLabel: note.kindLabel,
      verdict: note.verdict,
      where: note.where,
      facts: note.facts,
      guilty: note.suspect.guilty,
      frames: note.suspect.frames.slice(0, MAX_FRAMES).map((f) => `L${f.line}: ${f.text}`),
      matches: note.matches.map(({ id, title, confidence, evidence }) => ({
        id,
        title,
        confidence,
        evidence,
      })),
      nextSteps: note.nextSteps.map((s) => s.text),
      unread: note.unread,
    },
    lines,
    knowledge:
      entry === undefined
        ? null
        : {
            id: entry.id,
            title: entry.title,
            summary: entry.summary,
            explanation: entry.body.trim(),
            fixes: entry.fixes,
            nextSteps: entry.nextSteps,
            configs: entry.configs,
            sources: entry.docs,
          },
  };
}

/**
 * The input as one JSON document for the prompt's `{{data}}`. `<` is written `\u003c` (still the same
 * JSON) so that no text in the paste can close the tag the prompt wraps the data in.
 */
export function dataBlock(input: ExplainInput): string {
  return JSON.stringify(input, null, 1).replace(/</g, '\\u003c');
}

/** What the model is given for each note of a paste: `entries` supplies each note's top match. */
export function explainInputs(
  notes: readonly TriageNote[],
  lineText: (no: number) => string | undefined,
  entries: readonly Entry[],
): ExplainInput[] {
  return notes.map((note) =>
    explainInput(
      note,
      lineText,
      entries.find((e) => e.id === note.matches[0]?.id),
    ),
  );
}
