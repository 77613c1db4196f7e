import { z } from 'zod';
import { ReportKind } from '../parse/report.js';
import { Condition } from './condition.js';
import { ConditionCompiler, type CompiledCondition } from './conditions.js';
import type { Vocabulary } from './vocabulary.js';

export const Signal = z.strictObject({
  when: Condition,
  /** Added to the confidence when the condition holds; negative to lower it. */
  weight: z.number().min(-1).max(1),
  /** What the signal means, in words: shown as evidence when it holds, as raise/lower advice when not. */
  why: z.string().min(1),
});
export type Signal = z.infer<typeof Signal>;

export const Matcher = z.strictObject({
  /** Every condition must hold for the entry to match at all. */
  when: z.array(Condition).min(1),
  confidence: z
    .strictObject({ base: z.number().min(0).max(1), max: z.number().min(0).max(1).default(0.95) })
    .refine((c) => c.base <= c.max, { error: 'base must not exceed max' }),
  signals: z.array(Signal).default([]),
  /** Breaks confidence ties: the narrower pattern wins. */
  specificity: z.number().int().min(0).max(100).default(0),
});
export type Matcher = z.infer<typeof Matcher>;

/**
 * Links a note may show: the kernel's rendered documentation (checked against the committed index by
 * `kb lint`), mailing-list archives and LWN.
 */
const LinkUrl = z
  .string()
  .regex(
    /^https:\/\/(docs\.kernel\.org\/[A-Za-z0-9_\-/.]+\.html(#[A-Za-z0-9_-]+)?|lore\.kernel\.org\/\S+|lwn\.net\/Articles\/\d+\/?)$/,
    'must be a https://docs.kernel.org/<path>.html, https://lore.kernel.org/ or https://lwn.net/Articles/ URL',
  );

/**
 * Where a claim of the entry was checked: a file of the kernel tree (a Documentation/ page, or a source
 * file with the function or macro that shows it) in the release it was read from, or a mailing-list post.
 */
export const Source = z.union([
  z.strictObject({
    file: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/, 'a path inside the kernel tree, e.g. kernel/sched/core.c'),
    symbol: z.string().min(1).optional(),
    release: z.string().regex(/^\d+\.\d+$/, 'the release it was read from, e.g. "6.12"'),
  }),
  z.strictObject({ url: LinkUrl, title: z.string().min(1) }),
]);
export type Source = z.infer<typeof Source>;

const ExampleFile = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}-[a-z0-9][a-z0-9_.-]*\\.txt$`), `must be a file name like ${prefix}-<what>.txt`);

export const NegativeExample = z.union([
  ExampleFile('negative'),
  z.strictObject({
    file: ExampleFile('negative'),
    /** The top match this paste should get instead: another entry's id, or `none`. */
    expect: z.string().min(1),
  }),
]);
export type NegativeExample = z.infer<typeof NegativeExample>;

const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens');

/** The YAML front matter of `knowledge/<id>.md`. */
export const EntryFrontMatter = z.strictObject({
  id: Id,
  title: z.string().min(1),
  kinds: z.array(ReportKind).min(1),
  summary: z.string().min(1),
  match: Matcher,
  raisedBy: z.array(z.string().min(1)).default([]),
  loweredBy: z.array(z.string().min(1)).default([]),
  fixes: z.array(z.string().min(1)).min(1),
  nextSteps: z.array(z.string().min(1)).min(1),
  configs: z.array(z.string().regex(/^CONFIG_[A-Z0-9_]+$/, 'must be a CONFIG_ option name')).default([]),
  docs: z.array(z.strictObject({ title: z.string().min(1), url: LinkUrl })).min(1),
  /** Where each claim was checked: at least one kernel file or mailing-list post. */
  sources: z.array(Source).min(1),
  /**
   * Narrower root causes this pattern's diagnosis includes, by the slugs people label reports with
   * (`missing-unlock-on-error-path` is one way to leave a lock held at return to user space): a report
   * labelled with one of them counts as named by this entry when the knowledge base is measured.
   */
  causes: z.array(Id).default([]),
  /**
   * The broader entry this one narrows (uaf-after-put-device refines kasan-use-after-free): a report
   * labelled with the broader pattern counts as named when this entry answers it. null (not absent) when
   * unset, so every entry keeps one shape.
   */
  refines: Id.nullable().default(null),
  /**
   * The entry is the general reading of its report kinds (what such a report means and the usual way to
   * read it), not a root cause: a note says so instead of "most likely", a specific entry that matches
   * comes first, and `npm run kb-coverage` does not count it as an answer.
   */
  general: z.boolean().default(false),
  /** Extra words for `kb search`: function names, error strings. */
  keywords: z.array(z.string().min(1)).default([]),
  examples: z.strictObject({
    positive: z.array(ExampleFile('positive')).min(1),
    negative: z.array(NegativeExample).min(1),
  }),
});
export type EntryFrontMatter = z.infer<typeof EntryFrontMatter>;

export interface ExampleText {
  file: string;
  path: string;
  /** null when the file could not be read. */
  text: string | null;
  /** For negatives: the top match expected instead (`none` for no match), when the entry says. */
  expect: string | null;
}

/** A loaded entry: its front matter, its Markdown body and where it came from. */
export interface Entry extends EntryFrontMatter {
  body: string;
  source: string;
  positives: ExampleText[];
  negatives: ExampleText[];
  /** Files in the entry's example folder that neither list names: forgotten, or listed under a typo. */
  unlistedExamples: string[];
}

/** Zod issues as `file: field.path: message` lines. */
export function describeIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(front matter)';
    return `${file}: ${field}: ${issue.message}`;
  });
}

/** A signal of an entry with its condition compiled. */
export interface CompiledSignal {
  when: CompiledCondition;
  weight: number;
  why: string;
}

/**
 * An entry ready to match a report: what matching reads, with its conditions compiled. One class, so
 * every entry has one shape however its front matter was written, and matching a report stays one
 * monomorphic loop over the entries of its kind.
 */
export class MatchableEntry {
  constructor(
    readonly entry: Entry,
    readonly when: readonly CompiledCondition[],
    readonly signals: readonly CompiledSignal[],
    readonly base: number,
    readonly max: number,
    readonly specificity: number,
  ) {}
}

/** Entries and the vocabulary they refer to, as `loadKnowledge` returns them. */
export interface KnowledgeBase {
  entries: Entry[];
  vocabulary: Vocabulary;
  /** The entries that cover each report kind, so matching a report looks only at the ones that can fit. */
  byKind: ReadonlyMap<ReportKind, readonly MatchableEntry[]>;
}

/** A knowledge base over entries and their vocabulary: conditions compiled, entries indexed by report kind. */
export function knowledgeBase(entries: Entry[], vocabulary: Vocabulary): KnowledgeBase {
  const compiler = new ConditionCompiler(vocabulary);
  const byKind = new Map<ReportKind, MatchableEntry[]>();
  for (const entry of entries) {
    const { match } = entry;
    const matchable = new MatchableEntry(
      entry,
      match.when.map((c) => compiler.compile(c)),
      match.signals.map((s) => ({ when: compiler.compile(s.when), weight: s.weight, why: s.why })),
      match.confidence.base,
      match.confidence.max,
      match.specificity,
    );
    for (const kind of entry.kinds) {
      const list = byKind.get(kind);
      if (list === undefined) byKind.set(kind, [matchable]);
      else list.push(matchable);
    }
  }
  return { entries, vocabulary, byKind };
}
