import { z } from 'zod';

/** Report kinds, one id per family of kernel report. The ids are part of the JSON contract. */
export const REPORT_KINDS = [
  'sleep-in-atomic',
  'scheduling-while-atomic',
  'invalid-wait-context',
  'spinlock-bug',
  'lockdep-circular',
  'lockdep-recursive',
  'lockdep-inconsistent',
  'lockdep-irq-order',
  'lockdep-bad-unlock',
  'lockdep-held-at-return',
  'rcu-suspicious',
  'preempt-unsafe',
  'soft-lockup',
  'hard-lockup',
  'rcu-stall',
  'hung-task',
  'null-deref',
  'paging-fault',
  'gpf',
  'kasan',
  'kcsan',
  'kfence',
  'kmsan',
  'ubsan',
  'memory-leak',
  'warning',
  'kernel-bug',
  'list-corruption',
  'refcount',
  'bad-page',
  'panic',
  'other',
] as const;
export const ReportKind = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof ReportKind>;

export const ARCHES = [
  'x86_64',
  'arm64',
  'arm',
  'riscv',
  'powerpc',
  's390',
  'mips',
  'loongarch',
  'sparc',
  'parisc',
  'unknown',
] as const;
export const Arch = z.enum(ARCHES);
export type Arch = z.infer<typeof Arch>;

/** Where a frame ran, from the `<IRQ>`, `<SOFTIRQ>`, `<NMI>` and `<TASK>` markers of the trace. */
export const ExecContext = z.enum(['task', 'hardirq', 'softirq', 'nmi']);
export type ExecContext = z.infer<typeof ExecContext>;

/** Which stack of the report a frame belongs to. */
export const StackName = z.enum(['main', 'allocated', 'freed', 'lockdep', 'other']);
export type StackName = z.infer<typeof StackName>;

export const Frame = z.object({
  /** Symbol as printed, suffixes kept (`__lock_acquire.cold`). */
  fn: z.string(),
  offset: z.number().int().nullable(),
  size: z.number().int().nullable(),
  /** `[nf_conntrack]` after the symbol: the module the code lives in. */
  module: z.string().nullable(),
  /** `? ` (x86) or `(unreliable)` (powerpc): a stale value found on the stack, not a real caller. */
  unreliable: z.boolean(),
  context: ExecContext,
  stack: StackName,
  /** `file.c:123` when the report was symbolized. */
  source: z.string().nullable(),
  /** 1-based line of the input. */
  line: z.number().int(),
});
export type Frame = z.infer<typeof Frame>;

/** A `{outer:inner}` pair of lockdep wait types, as printed after a lock class or in `context-{a:b}`. */
export const WaitTypes = z.object({ outer: z.number().int(), inner: z.number().int() });
export type WaitTypes = z.infer<typeof WaitTypes>;

/** One lock as lockdep prints it: `#1: ffff888100ef1438 (&dev->tx_global_lock){+.-.}-{2:2}, at: f+0x1/0x2`. */
export const LockRecord = z.object({
  index: z.number().int().nullable(),
  address: z.string().nullable(),
  /** Class name with any `#version` or `/subclass` suffix. */
  name: z.string(),
  /** Usage string such as `+.-.` (hardirq, hardirq-read, softirq, softirq-read). */
  usage: z.string().nullable(),
  waitTypes: WaitTypes.nullable(),
  /** Function named by `at:`. */
  at: z.string().nullable(),
  line: z.number().int(),
});
export type LockRecord = z.infer<typeof LockRecord>;

export const Module = z.object({ name: z.string(), marks: z.string() });
export type Module = z.infer<typeof Module>;

/** A `RIP:`, `pc :` or `lr :` location. */
export const CodeLocation = z.object({
  fn: z.string().nullable(),
  offset: z.number().int().nullable(),
  size: z.number().int().nullable(),
  /** The value as printed, for user-space or raw addresses that have no symbol. */
  raw: z.string(),
  line: z.number().int(),
});
export type CodeLocation = z.infer<typeof CodeLocation>;

/** A task's `N locks held by comm/pid:` list, as lockdep prints it (kernel/locking/lockdep.c). */
export const HeldList = z.object({
  count: z.number().int(),
  /** `comm/pid` as printed. */
  task: z.string().nullable(),
  locks: z.array(LockRecord),
  line: z.number().int(),
});
export type HeldList = z.infer<typeof HeldList>;

/**
 * lockdep's irq context tag `[HC0[0]:SC1[1]:HE1:SE0]` (`print_usage_bug`, `print_bad_irq_dependency`):
 * lockdep's own hardirq/softirq context flags, the hardirq and softirq counts of preempt_count, and
 * whether hardirqs and softirqs were enabled.
 */
export const LockdepTag = z.object({
  hardirqContext: z.number().int(),
  hardirqCount: z.number().int(),
  softirqContext: z.number().int(),
  softirqCount: z.number().int(),
  hardirqsEnabled: z.number().int(),
  softirqsEnabled: z.number().int(),
  line: z.number().int(),
});
export type LockdepTag = z.infer<typeof LockdepTag>;

/** One step of lockdep's `Possible unsafe locking scenario` table. */
export const ScenarioStep = z.object({
  /** Column: 0 for CPU0, 1 for CPU1. */
  cpu: z.number().int(),
  /** `lock`, `rlock`, `sync`, `local_irq_disable` or `interrupt` (the `<Interrupt>` row). */
  action: z.enum(['lock', 'rlock', 'sync', 'local_irq_disable', 'interrupt']),
  lock: z.string().nullable(),
  line: z.number().int(),
});
export type ScenarioStep = z.infer<typeof ScenarioStep>;

/** What a lockdep splat says beyond the lock being taken and the held locks. */
export const LockdepFacts = z.object({
  tag: LockdepTag.nullable(),
  /** `inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.` */
  usage: z.object({ from: z.string(), to: z.string(), line: z.number().int() }).nullable(),
  /** `but task is already holding lock:` / `and this task is already holding:`. */
  holding: LockRecord.nullable(),
  /** `-> #N (class){usage}-{o:i}:` entries of the existing dependency chain, in printed order. */
  chain: z.array(z.object({ depth: z.number().int(), lock: LockRecord })),
  /** `Chain exists of:` `A --> B --> C`. */
  chainExists: z.array(z.string()).nullable(),
  scenario: z.array(ScenarioStep),
  /**
   * The header of each lockdep stack (`-> #1 (...)`, `{IN-HARDIRQ-W} state was registered at:`, `... which
   * became HARDIRQ-irq-safe at:`): a `lockdep` frame belongs to the last header above it.
   */
  stacks: z.array(z.object({ title: z.string(), line: z.number().int() })),
  /** Irq-order reports: the irq-safe and irq-unsafe lock classes and where each became so. */
  irqSafe: z.object({ name: z.string(), line: z.number().int() }).nullable(),
  irqUnsafe: z.object({ name: z.string(), line: z.number().int() }).nullable(),
});
export type LockdepFacts = z.infer<typeof LockdepFacts>;

/** `NMI backtrace for cpu N` (lib/nmi_backtrace.c) and the task its `CPU:` line names. */
export const CpuBacktrace = z.object({
  cpu: z.number().int(),
  /** `comm/pid` of the task on that CPU, when its dump says. */
  task: z.string().nullable(),
  /** `skipped: idling at native_safe_halt+0x6/0x10`. */
  skipped: z.string().nullable(),
  line: z.number().int(),
});
export type CpuBacktrace = z.infer<typeof CpuBacktrace>;

/** The syscall number a user-mode `ORIG_RAX` holds, and which table it indexes. */
export const SyscallFact = z.object({
  abi: z.enum(['x86_64', 'i386']),
  nr: z.number().int(),
  line: z.number().int(),
});
export type SyscallFact = z.infer<typeof SyscallFact>;

/** KASAN's description of the object the bad address belongs to (mm/kasan/report.c `describe_object_addr`). */
export const KasanObject = z.object({
  cache: z.string(),
  objectSize: z.number().int(),
  /** Bytes from the object's start (`inside`) or from its edge (`to the left`, `to the right`). */
  offset: z.number().int().nullable(),
  relation: z.enum(['inside', 'to the left', 'to the right']).nullable(),
  /** `freed `, `allocated ` or `` before the region size. */
  regionState: z.string().nullable(),
  regionSize: z.number().int().nullable(),
  line: z.number().int(),
});
export type KasanObject = z.infer<typeof KasanObject>;

/** `KASAN: null-ptr-deref in range [0x...-0x...]` (mm/kasan/report.c `kasan_non_canonical_hook`). */
export const KasanRange = z.object({
  type: z.string(),
  start: z.string(),
  end: z.string(),
  line: z.number().int(),
});
export type KasanRange = z.infer<typeof KasanRange>;

/** The count of a UBSAN shift-out-of-bounds report (src/parse/facts/ubsan-shift.ts reads it). */
export const UbsanShift = z.object({
  /** The exponent as printed: `-1`, `64`, `18446744073709551615`. */
  exponent: z.string(),
  /** The count as the code computed it: negative when printed so or when an unsigned value wrapped below 0. */
  count: z.number(),
  /** Bits of the shifted value's type (`too large for 32-bit type`); null on an `is negative` line. */
  width: z.number().int().nullable(),
  /** The shifted value's type as printed, quotes kept: `'int'`, `'long unsigned int'`. */
  type: z.string().nullable(),
  line: z.number().int(),
});
export type UbsanShift = z.infer<typeof UbsanShift>;

/** `index N is out of range for type 'T [L]'` of a UBSAN array-index-out-of-bounds report. */
export const UbsanIndex = z.object({
  /** The index as the code computed it: an unsigned wrap-around below 0 read back as negative. */
  index: z.number(),
  /** The array's bound (the first `[L]` of the type); null for a flexible `[*]` array. */
  length: z.number().int().nullable(),
  /** The array's type as printed, quotes kept: `'u8 [16]'`. */
  type: z.string(),
  line: z.number().int(),
});
export type UbsanIndex = z.infer<typeof UbsanIndex>;

export const Facts = z.object({
  inAtomic: z.boolean().nullable(),
  irqsDisabled: z.boolean().nullable(),
  nonBlock: z.number().int().nullable(),
  /** `preempt_count: N` of a sleeping-function report, or the count of `scheduling while atomic: comm/pid/0x...`. */
  preemptCount: z.number().int().nullable(),
  preemptExpected: z.number().int().nullable(),
  /** The raw `0x00000002` of `scheduling while atomic: comm/pid/0x00000002`. */
  atomicCountRaw: z.string().nullable(),
  rcuNestDepth: z.number().int().nullable(),
  rcuNestExpected: z.number().int().nullable(),
  /** The frame printed under `Preemption disabled at:` (CONFIG_DEBUG_PREEMPT). */
  preemptionDisabledAt: Frame.nullable(),
  /** `at FILE:LINE` of a sleeping-function report. */
  sleepAt: z.object({ file: z.string(), line: z.number().int() }).nullable(),
  /** Locks lockdep printed as held; `count: 0` for `no locks held by comm/pid.`. */
  locksHeld: z
    .object({
      count: z.number().int(),
      task: z.string().nullable(),
      locks: z.array(LockRecord),
      line: z.number().int(),
    })
    .nullable(),
  /** The lock lockdep says is being acquired (`is trying to acquire`/`is trying to lock`). */
  acquiring: LockRecord.nullable(),
  /** `context-{a:b}` of an invalid wait context. */
  waitContext: WaitTypes.nullable(),
  /** `INFO: lockdep is turned off.`: an earlier splat disabled lockdep. */
  lockdepOff: z.boolean(),
  modules: z.array(Module).nullable(),
  hardware: z.string().nullable(),
  rip: CodeLocation.nullable(),
  pc: CodeLocation.nullable(),
  lr: CodeLocation.nullable(),
  /** Faulting address of a paging fault, NULL dereference or sanitizer report. */
  address: z.string().nullable(),
  /** Every held-locks list of the report (`Showing all locks held in the system:` prints one per task). */
  heldLists: z.array(HeldList),
  lockdep: LockdepFacts.nullable(),
  cpuBacktraces: z.array(CpuBacktrace),
  syscall: SyscallFact.nullable(),
  /** The preemption model as printed: `PREEMPT(full)`, `PREEMPT_RT`, `PREEMPT_{RT,(full)}`, `PREEMPT`. */
  preemptModel: z.string().nullable(),
  kasanObject: KasanObject.nullable(),
  kasanRange: KasanRange.nullable(),
  /** 1-based input line of the first `Code:` line that follows a kernel-mode RIP or pc. */
  codeLine: z.number().int().nullable(),
  /** The source file the report names: `kernel BUG at`, WARNING's `at`, UBSAN's `in FILE:LINE:COL`. */
  namedFile: z.object({ file: z.string(), line: z.number().int().nullable() }).nullable(),
  ubsanShift: UbsanShift.nullable(),
  ubsanIndex: UbsanIndex.nullable(),
});
export type Facts = z.infer<typeof Facts>;

export const Task = z.object({
  comm: z.string().nullable(),
  pid: z.number().int().nullable(),
  cpu: z.number().int().nullable(),
});
export type Task = z.infer<typeof Task>;

export const Taint = z.object({
  tainted: z.boolean(),
  /** The letters printed, blanks removed (`GWO`); `G` alone means only GPL modules and no taint. */
  letters: z.string(),
});
export type Taint = z.infer<typeof Taint>;

/** The function a kernel engineer would look at first, and why; see `src/parse/culprit.ts`. */
export const Culprit = z.object({
  /** Function name without compiler suffixes (`.isra.0`, `.cold`). */
  fn: z.string(),
  module: z.string().nullable(),
  /** Why this function, in words. */
  why: z.string(),
  /** 1-based line of the input that shows it. */
  line: z.number().int(),
});
export type Culprit = z.infer<typeof Culprit>;

export const Report = z.object({
  kind: ReportKind,
  /** The kernel's own first line, prefixes removed: for people. */
  headline: z.string(),
  /** syzbot-style title: for grouping and for looking the crash up on the syzbot dashboard. */
  title: z.string(),
  altTitles: z.array(z.string()),
  /** The report is cut off or interleaved with other output, as syzkaller would judge it. */
  corrupted: z.boolean(),
  /** Why it was judged corrupted, in words. */
  corruptedReason: z.string().nullable(),
  /** The guilty function: the frame the title names. */
  guilty: z.string().nullable(),
  /** The function to look at first; null only when the paste shows no frame at all. */
  culprit: Culprit.nullable(),
  arch: Arch,
  kernel: z.string().nullable(),
  task: Task.nullable(),
  taint: Taint.nullable(),
  facts: Facts,
  frames: z.array(Frame),
  /** 1-based lines of the input that the report spans. */
  lines: z.object({ start: z.number().int(), end: z.number().int() }),
  /** Seconds since boot of the header line's printk timestamp; null when the paste has none. */
  time: z.number().nullable(),
  /** Short stable string for duplicate detection: no addresses, offsets, timestamps, pids or CPUs. */
  signature: z.string(),
});
export type Report = z.infer<typeof Report>;

/** What `parseReports` returns and `ktriage triage --format json` prints. */
export const ParseResult = z.object({
  reports: z.array(Report),
  input: z.object({
    bytes: z.number().int(),
    lines: z.number().int(),
    truncated: z.boolean(),
    /** Things the parser saw but could not read, in words (binary data, overlong lines, report cap). */
    unread: z.array(z.string()),
  }),
});
export type ParseResult = z.infer<typeof ParseResult>;
