import { z } from 'zod';
import { ExecContext, ReportKind, StackName } from '../parse/report.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * The matcher language of knowledge entries. A condition is an object whose keys are tests; when an
 * object carries several tests they must all hold, which is how a relation reads in YAML:
 * `{acquiring: {family: mutex-like-classes}, frame: {family: spin-lock-acquire, calledBy: acquiring.at}}`.
 */

/** Values a `fact:` test can read. `preempt.*` are decoded from preempt_count (include/linux/preempt.h). */
export const FACT_PATHS = [
  'inAtomic',
  'irqsDisabled',
  'nonBlock',
  'preemptCount',
  'preemptExpected',
  'rcuNestDepth',
  'rcuNestExpected',
  'rcuNest.extra',
  'preemptionDisabledAt',
  'preemptionDisabledAt.fn',
  'sleepAt',
  'sleepAt.file',
  'locksHeld',
  'locksHeld.count',
  'acquiring',
  'acquiring.name',
  'acquiring.at',
  'waitContext',
  'waitContext.inner',
  'lockdepOff',
  'address',
  'rip.fn',
  'pc.fn',
  'guilty',
  'preempt.depth',
  'preempt.extraDepth',
  'preempt.softirq',
  'preempt.servingSoftirq',
  'preempt.bhDisabled',
  'preempt.hardirq',
  'preempt.nmi',
] as const;
export const FactPath = z.enum(FACT_PATHS);
export type FactPath = z.infer<typeof FactPath>;

const Scalar = z.union([z.number(), z.boolean(), z.string()]);
const Names = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** `3` or `{lte: 2}`: a number test. */
export const NumberTest = z.union([
  z.number(),
  z.strictObject({
    eq: z.number().optional(),
    ne: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  }),
]);
export type NumberTest = z.infer<typeof NumberTest>;

/** `spinning`: spinlock_t, rwlock_t or raw_spinlock_t; `sleeping`: mutex, rwsem, semaphore; `rcu`: RCU read side. */
export const LockType = z.enum(['spinning', 'sleeping', 'rcu']);
export type LockType = z.infer<typeof LockType>;

export const LockTest = z.strictObject({
  family: z.string().min(1).optional(),
  notFamily: z.string().min(1).optional(),
  name: Names.optional(),
  type: LockType.optional(),
  waitOuter: NumberTest.optional(),
  /** Glob over the four-character usage string, e.g. `-*` for "taken in hardirq context". */
  usage: z.string().min(1).optional(),
});
export type LockTest = z.infer<typeof LockTest>;

export const FrameTest = z.strictObject({
  family: z.string().min(1).optional(),
  name: Names.optional(),
  /** Which stack to look in; `any` for all of them. Default `main`. */
  stack: z.union([StackName, z.literal('any')]).default('main'),
  context: z.union([ExecContext, z.array(ExecContext).min(1)]).optional(),
  /** Only the first N frames below the reporting machinery (dump_stack, __might_resched, lock_acquire...). */
  within: z.number().int().positive().optional(),
  /** The frame sits above (is called later than) every frame of this family. */
  above: z.string().min(1).optional(),
  /** The next reliable frame down the stack, the caller, is the function a fact names (`acquiring.at`). */
  calledBy: z.enum(['acquiring.at', 'preemptionDisabledAt.fn']).optional(),
  /** Count `? ` frames too. Default false: they are stale values, not callers. */
  unreliable: z.boolean().default(false),
});
export type FrameTest = z.infer<typeof FrameTest>;

export const TextTest = z.strictObject({ contains: Names });
export type TextTest = z.infer<typeof TextTest>;

export interface Condition {
  why?: string | undefined;
  all?: Condition[] | undefined;
  any?: Condition[] | undefined;
  not?: Condition | undefined;
  use?: string | undefined;
  kind?: ReportKind | ReportKind[] | undefined;
  fact?: FactPath | undefined;
  eq?: number | boolean | string | undefined;
  ne?: number | boolean | string | undefined;
  gt?: number | undefined;
  gte?: number | undefined;
  lt?: number | undefined;
  lte?: number | undefined;
  in?: Array<number | string> | undefined;
  present?: boolean | undefined;
  contains?: string | undefined;
  family?: string | undefined;
  frame?: FrameTest | undefined;
  heldLock?: LockTest | undefined;
  acquiring?: LockTest | undefined;
  line?: TextTest | undefined;
  headline?: TextTest | undefined;
  title?: TextTest | undefined;
}

const TESTS = ['all', 'any', 'not', 'use', 'kind', 'fact', 'frame', 'heldLock', 'acquiring', 'line', 'headline', 'title'] as const;
const FACT_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'present', 'contains', 'family'] as const;

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      why: z.string().min(1).optional(),
      all: z.array(Condition).min(1).optional(),
      any: z.array(Condition).min(1).optional(),
      not: Condition.optional(),
      use: z.string().min(1).optional(),
      kind: z.union([ReportKind, z.array(ReportKind).min(1)]).optional(),
      fact: FactPath.optional(),
      eq: Scalar.optional(),
      ne: Scalar.optional(),
      gt: z.number().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
      in: z.array(z.union([z.number(), z.string()])).min(1).optional(),
      present: z.boolean().optional(),
      contains: z.string().min(1).optional(),
      family: z.string().min(1).optional(),
      frame: FrameTest.optional(),
      heldLock: LockTest.optional(),
      acquiring: LockTest.optional(),
      line: TextTest.optional(),
      headline: TextTest.optional(),
      title: TextTest.optional(),
    })
    .superRefine((c, ctx) => {
      if (!TESTS.some((k) => c[k] !== undefined)) {
        ctx.addIssue({ code: 'custom', message: `a condition needs one of: ${TESTS.join(', ')}` });
      }
      const ops = FACT_OPS.filter((k) => c[k] !== undefined);
      if (c.fact !== undefined && ops.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['fact'], message: `fact "${c.fact}" needs a test: ${FACT_OPS.join(', ')}` });
      }
      if (c.fact === undefined && ops.length > 0) {
        ctx.addIssue({ code: 'custom', path: [ops[0] ?? 'eq'], message: `"${ops[0]}" only goes with a fact: test` });
      }
    }),
);

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
