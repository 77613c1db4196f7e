import type { DocLink } from '../knowledge/match.js';
import type {
  NoteCommand,
  NoteFact,
  NoteMatch,
  NoteStack,
  NoteSuspect,
  SimilarReport,
  TriageNote,
} from '../triage/note-model.js';
import type { NoteSet } from '../triage/note-set.js';
import { explanationHeading, withheldLine, type Explanation } from '../explain/explanation.js';
import { culpritText, taintLine, whereParts } from './parts.js';

/**
 * The one outline of a note: which sections it has, in which order, under which titles, and which
 * belong to the first screen. Text, Markdown and Slack take it as it is and only format it within
 * their platform's limits, so the outputs never disagree on what a note says.
 *
 * `gist` sections are what a reader needs first; `details` sections are folded (Markdown
 * `<details>`), put after a divider and dropped first when space runs out (Slack), or simply follow
 * (text).
 */
export type Fold = 'gist' | 'details';

/** A section of a note; `id` tells a renderer what its items are. */
export type NoteSection =
  | { id: 'fixes' | 'nextSteps'; title: string; fold: Fold; items: string[] }
  | { id: 'similar'; title: string; fold: Fold; items: SimilarReport[] }
  | { id: 'facts' | 'story'; title: string; fold: Fold; items: NoteFact[] }
  | { id: 'stacks'; title: string; fold: Fold; stacks: NoteStack[] }
  | { id: 'commands'; title: string; fold: Fold; items: NoteCommand[] }
  | { id: 'suspect'; title: string; fold: Fold; suspect: NoteSuspect }
  | { id: 'otherCauses'; title: string; fold: Fold; items: NoteMatch[] }
  | { id: 'howSure'; title: string; fold: Fold; raisedBy: string[]; loweredBy: string[] }
  | { id: 'docs'; title: string; fold: Fold; configs: string[]; links: DocLink[] }
  | { id: 'unread'; title: string; fold: Fold; items: string[] }
  | { id: 'explanation'; title: string; fold: Fold; items: string[] };

/** The head of a note: its overview fields, in order, before the verdict. */
export interface NoteField {
  label: string;
  /** One or more parts (`brctl/3988`, `CPU 0`, ...); a renderer joins or lists them. */
  parts: string[];
  /** Shown as code: text quoted from the report. */
  code: boolean;
}

export interface NoteOutline {
  headline: string;
  /** The function to look at first and why (`fn [module] (L12): why`); every note leads with it. */
  culprit: string | null;
  /** The report kind's id (`sleep-in-atomic`); the Kind field shows its label. */
  kind: string;
  fields: NoteField[];
  verdict: string;
  /** The best match: its summary and the evidence for it, right under the verdict. */
  best: NoteMatch | null;
  sections: NoteSection[];
  /** The closing line: the signature and the lines of the paste the report spans. */
  signature: string;
  lines: { start: number; end: number };
}

export const TITLES = {
  stacks: 'Each stack apart',
  commands: 'Commands to run',
  fixes: 'Fix options',
  nextSteps: 'Next steps',
  similar: 'Seen before',
  facts: 'What the report says',
  suspect: 'Suspect code',
  otherCauses: 'Other possible causes',
  howSure: 'How sure',
  raisedBy: 'More certain if',
  loweredBy: 'Less certain if',
  configs: 'Configs that confirm it',
  docs: 'Documentation',
  unread: 'Could not read',
  otherReports: 'Other reports in this paste',
  pasteUnread: 'Could not read from the paste',
  noReport: 'No kernel report found in the paste',
} as const;

/** A note's outline; sections with nothing to say are left out. */
export function outlineNote(note: TriageNote): NoteOutline {
  const fields: NoteField[] = [
    { label: 'Kind', parts: [note.kindLabel], code: false },
    { label: 'Title', parts: [note.title], code: true },
  ];
  const where = whereParts(note);
  if (where.length > 0) fields.push({ label: 'Where', parts: where, code: true });
  const taint = taintLine(note);
  if (taint !== null) fields.push({ label: 'Taint', parts: [taint], code: true });
  if (note.where.hardware !== null)
    fields.push({ label: 'Hardware', parts: [note.where.hardware], code: true });

  const best = note.matches[0] ?? null;
  const s = note.suspect;
  const all: NoteSection[] = [
    // The report in words comes first: it is what the reader would otherwise work out by hand.
    { id: 'story', title: note.story?.title ?? '', fold: 'gist', items: note.story?.lines ?? [] },
    { id: 'fixes', title: TITLES.fixes, fold: 'gist', items: note.fixes.map((f) => f.text) },
    { id: 'nextSteps', title: TITLES.nextSteps, fold: 'gist', items: note.nextSteps.map((n) => n.text) },
    { id: 'commands', title: TITLES.commands, fold: 'gist', items: note.commands },
    { id: 'similar', title: TITLES.similar, fold: 'gist', items: note.similar },
    { id: 'facts', title: TITLES.facts, fold: 'details', items: note.facts },
    { id: 'stacks', title: TITLES.stacks, fold: 'details', stacks: note.story?.stacks ?? [] },
    { id: 'suspect', title: TITLES.suspect, fold: 'details', suspect: s },
    { id: 'otherCauses', title: TITLES.otherCauses, fold: 'details', items: note.matches.slice(1) },
    {
      id: 'howSure',
      title: TITLES.howSure,
      fold: 'details',
      raisedBy: best?.raisedBy ?? [],
      loweredBy: best?.loweredBy ?? [],
    },
    { id: 'docs', title: TITLES.docs, fold: 'details', configs: note.configs, links: note.docs },
    { id: 'unread', title: TITLES.unread, fold: 'details', items: note.unread },
  ];
  return {
    headline: note.headline,
    culprit: culpritText(note),
    kind: note.kind,
    fields,
    verdict: note.verdict,
    best,
    sections: all.filter(hasContent),
    signature: note.signature,
    lines: note.lines,
  };
}

function hasContent(section: NoteSection): boolean {
  switch (section.id) {
    case 'suspect': {
      const s = section.suspect;
      return s.guilty !== null || s.outOfTree.length > 0 || s.outOfTreeNote !== null || s.frames.length > 0;
    }
    case 'howSure':
      return section.raisedBy.length + section.loweredBy.length > 0;
    case 'docs':
      return section.configs.length + section.links.length > 0;
    case 'stacks':
      return section.stacks.length > 0;
    default:
      return section.items.length > 0;
  }
}

/** The paste around its notes: the lead report's note, the others listed after it, what was not read. */
export interface PasteOutline {
  lead: NoteOutline | null;
  others: TriageNote[];
  unread: string[];
}

export function outlinePaste(paste: NoteSet): PasteOutline {
  const [lead, ...others] = paste.notes;
  if (lead === undefined) return { lead: null, others, unread: paste.unread };
  const outline = outlineNote(lead);
  if (paste.explanation !== undefined) {
    // Last of the first-screen sections: the deterministic note comes first, the model's words after it.
    const at = outline.sections.filter((x) => x.fold === 'gist').length;
    outline.sections.splice(at, 0, explanationSection(paste.explanation));
  }
  return { lead: outline, others, unread: paste.unread };
}

/** A model's explanation under a heading naming the model; a withheld one as the one line saying why. */
function explanationSection(e: Explanation): NoteSection {
  const items =
    e.status === 'withheld'
      ? [withheldLine(e)]
      : [
          e.summary,
          ...e.statements.map(
            (s) => `${s.text} (${s.cites.map((c) => `L${c.line}: "${c.quote}"`).join('; ')})`,
          ),
        ];
  return { id: 'explanation', title: explanationHeading(e), fold: 'gist', items };
}

/**
 * `s` cut to at most `max` characters with `…`, by code point so a surrogate pair is never split.
 * Every renderer clips with this one.
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
