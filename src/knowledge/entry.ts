import { z } from 'zod';
import { ReportKind } from '../parse/report.js';
import { Condition } from './condition.js';
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
    .refine((c) => c.base <= c.max, { message: 'base must not exceed max' }),
  signals: z.array(Signal).default([]),
  /** Breaks confidence ties: the narrower pattern wins. */
  specificity: z.number().int().min(0).max(100).default(0),
});
export type Matcher = z.infer<typeof Matcher>;

/** Doc links must be rendered kernel documentation pages. */
const DocUrl = z
  .string()
  .regex(/^https:\/\/docs\.kernel\.org\/[A-Za-z0-9_\-/]+\.html(#[a-z0-9_-]+)?$/, 'must be a https://docs.kernel.org/<dir>/<page>.html URL');

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
  docs: z.array(z.strictObject({ title: z.string().min(1), url: DocUrl })).min(1),
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
}

/** Zod issues as `file: field.path: message` lines. */
export function describeIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(front matter)';
    return `${file}: ${field}: ${issue.message}`;
  });
}

/** Entries and the vocabulary they refer to, as `loadKnowledge` returns them. */
export interface KnowledgeBase {
  entries: Entry[];
  vocabulary: Vocabulary;
}
