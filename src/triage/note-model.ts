import { z } from 'zod';
import { DocLink, Evidence } from '../knowledge/match.js';
import { Arch, Culprit, ExecContext, ReportKind } from '../parse/report.js';

/*
 * Text fields of a note are plain words with inline code in single backticks (`&dev->mutex`). Text
 * taken from the report goes inside such spans with any backtick replaced, so a renderer can split
 * on backticks safely.
 */

/** A past report that looks like this one; the caller (store, GitHub search) supplies them. */
export const SimilarReport = z.object({
  title: z.string(),
  url: z.string().optional(),
  /** Where it was reported: `#123`, `owner/repo#123` or a Slack permalink. */
  where: z.string(),
  /** ISO 8601 time, supplied by the caller: the note itself never reads a clock. */
  when: z.string(),
  signature: z.string(),
});
export type SimilarReport = z.infer<typeof SimilarReport>;

export const NoteFact = z.object({
  text: z.string(),
  /** 1-based input line the fact was read from, when one line holds it. */
  line: z.number().int().nullable(),
});
export type NoteFact = z.infer<typeof NoteFact>;

export const NoteTaint = z.object({
  letters: z.string(),
  flags: z.array(z.object({ letter: z.string(), meaning: z.string() })),
  unknown: z.array(z.string()),
  hints: z.array(z.string()),
});
export type NoteTaint = z.infer<typeof NoteTaint>;

export const NoteWhere = z.object({
  /** `comm/pid`. */
  task: z.string().nullable(),
  /** `task context`, `softirq context`, `hardirq context`, `NMI context`. */
  context: z.string().nullable(),
  cpu: z.number().int().nullable(),
  kernel: z.string().nullable(),
  arch: Arch,
  hardware: z.string().nullable(),
  taint: NoteTaint.nullable(),
});
export type NoteWhere = z.infer<typeof NoteWhere>;

export const NoteFrame = z.object({
  /** `sensor_set_config+0x44/0x120 [sensor]` as the report printed it. */
  text: z.string(),
  fn: z.string(),
  module: z.string().nullable(),
  context: ExecContext,
  line: z.number().int(),
});
export type NoteFrame = z.infer<typeof NoteFrame>;

export const OutOfTreeModule = z.object({
  name: z.string(),
  /** Letters from the module list: `O`, `OE`, `P`, `C`. */
  marks: z.string(),
  /** `out-of-tree, unsigned`. */
  why: z.string(),
});
export type OutOfTreeModule = z.infer<typeof OutOfTreeModule>;

export const NoteSuspect = z.object({
  guilty: z.string().nullable(),
  guiltyModule: z.string().nullable(),
  guiltyOutOfTree: z.boolean(),
  /** Reliable frames of the main stack, innermost first. */
  frames: z.array(NoteFrame),
  outOfTree: z.array(OutOfTreeModule),
  /** Taint says out-of-tree code is loaded but no module in the report is marked. */
  outOfTreeNote: z.string().nullable(),
});
export type NoteSuspect = z.infer<typeof NoteSuspect>;

export const ConfidenceLabel = z.enum(['high', 'medium', 'low']);
export type ConfidenceLabel = z.infer<typeof ConfidenceLabel>;

export const NoteMatch = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  confidence: z.number().min(0).max(1),
  confidenceLabel: ConfidenceLabel,
  evidence: z.array(Evidence),
  raisedBy: z.array(z.string()),
  loweredBy: z.array(z.string()),
});
export type NoteMatch = z.infer<typeof NoteMatch>;

/** Advice with where it came from: `match:<id>`, `taint` or `kind`. */
export const NoteAdvice = z.object({ text: z.string(), from: z.string() });
export type NoteAdvice = z.infer<typeof NoteAdvice>;

/** One stack of the report shown on its own: a lockdep chain link, a hung task's holder. */
export const NoteStack = z.object({
  title: z.string(),
  /** 1-based input line of the stack's header. */
  line: z.number().int().nullable(),
  frames: z.array(NoteFrame),
});
export type NoteStack = z.infer<typeof NoteStack>;

/** The report told in words: who holds what, who waits, in which order. */
export const NoteStory = z.object({
  /** `The locks in words`, `Who holds the lock`. */
  title: z.string(),
  lines: z.array(NoteFact),
  stacks: z.array(NoteStack),
});
export type NoteStory = z.infer<typeof NoteStory>;

/** A command to paste, built from this report's own frames, files and title. */
export const NoteCommand = z.object({
  why: z.string(),
  command: z.string(),
});
export type NoteCommand = z.infer<typeof NoteCommand>;

/** The one model every output renders. */
export const TriageNote = z.object({
  /** The kernel's first line of the report. */
  headline: z.string(),
  /** syzbot-style title. */
  title: z.string(),
  kind: ReportKind,
  kindLabel: z.string(),
  /** The function to look at first, and why (`Report.culprit`); null when the paste shows no frame. */
  culprit: Culprit.nullable(),
  /** One sentence: the best match and how sure, or that nothing matched. */
  verdict: z.string(),
  where: NoteWhere,
  facts: z.array(NoteFact),
  /** Lockdep and hung-task reports in words; null for other kinds or when the report says too little. */
  story: NoteStory.nullable(),
  suspect: NoteSuspect,
  /** Best first. */
  matches: z.array(NoteMatch),
  fixes: z.array(NoteAdvice),
  nextSteps: z.array(NoteAdvice),
  /** Commands to paste, with this report's frames. */
  commands: z.array(NoteCommand),
  configs: z.array(z.string()),
  docs: z.array(DocLink),
  /** What the report held that could not be read, in words. */
  unread: z.array(z.string()),
  similar: z.array(SimilarReport),
  lines: z.object({ start: z.number().int(), end: z.number().int() }),
  signature: z.string(),
});
export type TriageNote = z.infer<typeof TriageNote>;
