import { z } from 'zod';
import { ExecContext, ReportKind, StackName } from '../parse/report.js';

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
  'task.pid',
  'task.comm',
  'preempt.depth',
  'preempt.extraDepth',
  'preempt.softirq',
  'preempt.servingSoftirq',
  'preempt.bhDisabled',
  'preempt.hardirq',
  'preempt.nmi',
  'kasanObject.relation',
  'kasanObject.regionState',
  'kasanRange.type',
  'namedFile.file',
  'lockdep.sameInstance',
  'lockdep.otherInstance',
  'heldLists.count',
  'taint.letters',
  'ubsanShift.count',
  'ubsanShift.width',
  'ubsanIndex.index',
  'ubsanIndex.length',
  'ubsanIndex.beyondEnd',
] as const;
export const FactPath = z.enum(FACT_PATHS);
export type FactPath = z.infer<typeof FactPath>;

const Scalar = z.union([z.number(), z.boolean(), z.string()]);
const Names = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** `spinning`: spinlock_t, rwlock_t or raw_spinlock_t; `sleeping`: mutex, rwsem, semaphore; `rcu`: RCU read side. */
export const LockType = z.enum(['spinning', 'sleeping', 'rcu']);
export type LockType = z.infer<typeof LockType>;

export const LockTest = z.strictObject({
  family: z.string().min(1).optional(),
  notFamily: z.string().min(1).optional(),
  name: Names.optional(),
  type: LockType.optional(),
  /**
   * `raw`: a raw_spinlock_t (LD_WAIT_SPIN), `config`: a spinlock_t or rwlock_t (LD_WAIT_CONFIG). Only a
   * splat with raw-lock nesting numbering tells them apart, so on other splats this test fails.
   */
  wait: z.enum(['raw', 'config']).optional(),
  /** The acquire site (`at:`) is a function of this family, e.g. call_timer_fn for a timer's lockdep map. */
  at: z.string().min(1).optional(),
  /** Glob over the four-character usage string, e.g. `-*` for "taken in hardirq context". */
  usage: z.string().min(1).optional(),
  /**
   * Whether the function named by `at:` is a reliable frame of the main stack: a held lock whose
   * acquirer has already returned was left locked by code that is no longer running.
   */
  atOnStack: z.boolean().optional(),
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

export const TextTest = z.strictObject({
  contains: Names,
  /**
   * `line:` only: read this many lines above the report instead of the report, for what the kernel
   * printed just before it (an oops that killed init ends right above the panic it caused).
   */
  before: z.number().int().positive().max(200).optional(),
});
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
      for (const field of ['headline', 'title'] as const) {
        if (c[field]?.before !== undefined) ctx.addIssue({ code: 'custom', path: [field, 'before'], message: '"before" only goes with a line: test' });
      }
      if (c.fact === undefined && ops.length > 0) {
        ctx.addIssue({ code: 'custom', path: [ops[0] ?? 'eq'], message: `"${ops[0]}" only goes with a fact: test` });
      }
    }),
);
