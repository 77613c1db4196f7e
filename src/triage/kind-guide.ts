import type { ReportKind } from '../parse/report.js';

/**
 * What a note says about a kind of report when no knowledge entry matches (and after the entries'
 * own advice when one does): a name in words, generic next steps and the kernel's documentation.
 * One row per kind; rows share steps and links.
 */
export interface KindGuide {
  label: string;
  /** The kernel prints the locks held for this kind when lockdep is on; a missing list is worth saying. */
  lockList?: boolean;
  steps: readonly string[];
  docs: ReadonlyArray<{ title: string; url: string }>;
}

const DECODE =
  'Decode the trace to files and lines: `./scripts/decode_stacktrace.sh vmlinux auto < report.txt` (needs CONFIG_DEBUG_INFO).';
const FADDR =
  'Find the faulting line: `./scripts/faddr2line vmlinux <function+0xoff/0xlen>` on the RIP or pc; `./scripts/decodecode` decodes the `Code:` line.';
const WHOLE_LOG =
  'Share the whole log from boot, not only this report: an earlier report may be the real cause.';
const ATOMIC_DEBUG =
  'Run a kernel with CONFIG_DEBUG_ATOMIC_SLEEP and CONFIG_DEBUG_PREEMPT: the `Preemption disabled at:` line then names the site that raised preempt_count.';
const PROVE_LOCKING =
  'Enable CONFIG_PROVE_LOCKING so the report lists the locks held and where each was taken.';
const PREEMPT_TRACE =
  'Trace the unbalanced preempt_disable(): `echo stacktrace > /sys/kernel/tracing/events/preemptirq/preempt_disable/trigger` (the event needs CONFIG_PREEMPT_TRACER, kernel/trace/Kconfig).';
const LOCK_SITES =
  'Decode each `at:` site of the lock list with `./scripts/faddr2line vmlinux <function+0xoff/0xlen>`: that is where the lock was taken.';
const LOCK_CHAIN =
  'Follow "the existing dependency chain (in reverse order)" and find the path that takes the locks in the other order.';
const SYSRQ =
  'While it hangs, dump blocked tasks and held locks: `echo w > /proc/sysrq-trigger` and `echo d > /proc/sysrq-trigger`.';
const STUCK =
  'Look at the function the CPU is stuck in: a loop without cond_resched() in process context, a spinlock that is never released, or softirq work that never ends (cond_resched() cannot help there).';
const IRQS_OFF =
  'A hard lockup means the CPU ran with interrupts disabled for the whole watchdog period (kernel/watchdog.c watchdog_hardlockup_check()): find the local_irq_disable()/spin_lock_irqsave() section the RIP is in; cond_resched() cannot help with interrupts off.';
const IRQ_CHAIN =
  'Read "which became HARDIRQ-irq-safe at" and "which became HARDIRQ-irq-unsafe at" (or SOFTIRQ-): the two stacks show where each lock got its irq usage, and the chain below them how the unsafe lock came to be taken under the safe one.';
const SANITIZER_STACKS =
  'Read every stack of the report: the bad access, and where the object was allocated and freed.';
const WARN_SITE =
  'Open the file and line of the WARNING: the condition in WARN_ON() says what the code did not expect.';
const LEAK_SITE =
  'Read the backtrace of the unreferenced object: it is where the leaked memory was allocated; look for the missing free on error and teardown paths.';
const PANIC_CAUSE = 'Scroll up from the panic: the report that caused it comes first, triage that one.';

const doc = (title: string, path: string, anchor = ''): { title: string; url: string } => ({
  title,
  url: `https://docs.kernel.org/${path}.html${anchor}`,
});
const BUG_HUNTING = doc('Bug hunting', 'admin-guide/bug-hunting');
const SLEEPING = doc(
  'Unreliable guide to locking: what functions are safe to call from interrupts',
  'kernel-hacking/locking',
  '#what-functions-are-safe-to-call-from-interrupts',
);
const PREEMPT_LOCKING = doc('Proper locking under a preemptible kernel', 'locking/preempt-locking');
const LOCKDEP = doc('Runtime locking correctness validator', 'locking/lockdep-design');
const LOCKTYPES = doc('Lock types and their rules', 'locking/locktypes');
const LOCKUPS = doc('Softlockup detector and hardlockup detector', 'admin-guide/lockup-watchdogs');
const STALLS = doc('Using RCU’s CPU stall detector', 'RCU/stallwarn');
const RCU_SPLAT = doc('Lockdep-RCU splat', 'RCU/lockdep-splat');
const SYSCTL = doc('Documentation for /proc/sys/kernel/ (hung_task_*)', 'admin-guide/sysctl/kernel');
const REPORTING = doc('Reporting issues', 'admin-guide/reporting-issues');
const tool = (name: string, file: string): { title: string; url: string } => doc(name, `dev-tools/${file}`);

const ATOMIC: KindGuide = {
  label: 'sleeping in atomic context',
  lockList: true,
  steps: [ATOMIC_DEBUG, PROVE_LOCKING, PREEMPT_TRACE, DECODE],
  docs: [SLEEPING, PREEMPT_LOCKING],
};
const lockdep = (label: string, first: string): KindGuide => ({
  label,
  lockList: true,
  steps: [first, LOCK_SITES, DECODE],
  docs: [LOCKDEP, LOCKTYPES],
});
const crash = (label: string): KindGuide => ({
  label,
  steps: [FADDR, DECODE, WHOLE_LOG],
  docs: [BUG_HUNTING],
});
const sanitizer = (label: string, name: string, file: string): KindGuide => ({
  label,
  steps: [SANITIZER_STACKS, DECODE],
  docs: [tool(name, file)],
});

export const KIND_GUIDES: Readonly<Record<ReportKind, KindGuide>> = {
  'sleep-in-atomic': { ...ATOMIC, label: 'sleeping function called from atomic context' },
  'scheduling-while-atomic': { ...ATOMIC, label: 'scheduling while atomic' },
  'invalid-wait-context': lockdep('invalid wait context (lock nesting)', LOCK_SITES),
  'spinlock-bug': { label: 'spinlock misuse', steps: [PROVE_LOCKING, DECODE], docs: [LOCKTYPES] },
  'lockdep-circular': lockdep('possible circular locking (ABBA deadlock)', LOCK_CHAIN),
  'lockdep-recursive': lockdep('possible recursive locking', LOCK_SITES),
  'lockdep-inconsistent': lockdep('inconsistent lock state (irq safety)', LOCK_SITES),
  'lockdep-irq-order': lockdep('irq-safe to irq-unsafe lock order', IRQ_CHAIN),
  'lockdep-bad-unlock': lockdep('bad unlock balance', LOCK_SITES),
  // kernel/locking/lockdep.c lockdep_sys_exit() and, for a task that exits with a lock held (do_exit()),
  // print_held_locks_bug() `still has locks held!` (2.6.17's `lock held at task exit time!`).
  'lockdep-held-at-return': lockdep('lock held when returning to user space or exiting', LOCK_SITES),
  'rcu-suspicious': { label: 'suspicious RCU usage', steps: [DECODE], docs: [RCU_SPLAT] },
  'preempt-unsafe': {
    label: 'per-CPU access in preemptible code',
    steps: [DECODE],
    docs: [doc('this_cpu operations', 'core-api/this_cpu_ops'), PREEMPT_LOCKING],
  },
  'soft-lockup': { label: 'soft lockup', steps: [STUCK, DECODE, WHOLE_LOG], docs: [LOCKUPS] },
  'hard-lockup': { label: 'hard lockup', steps: [IRQS_OFF, DECODE, WHOLE_LOG], docs: [LOCKUPS] },
  'rcu-stall': { label: 'RCU stall', steps: [STUCK, DECODE], docs: [STALLS] },
  'hung-task': { label: 'hung task', steps: [SYSRQ, PROVE_LOCKING, DECODE], docs: [SYSCTL] },
  'null-deref': crash('NULL pointer dereference'),
  'paging-fault': crash('bad memory access (page fault)'),
  gpf: crash('general protection fault'),
  kasan: sanitizer('memory safety bug found by KASAN', 'Kernel Address Sanitizer (KASAN)', 'kasan'),
  kcsan: sanitizer('data race found by KCSAN', 'Kernel Concurrency Sanitizer (KCSAN)', 'kcsan'),
  kfence: sanitizer('memory safety bug found by KFENCE', 'Kernel Electric-Fence (KFENCE)', 'kfence'),
  kmsan: sanitizer('uninitialised memory found by KMSAN', 'Kernel Memory Sanitizer (KMSAN)', 'kmsan'),
  ubsan: sanitizer('undefined behaviour found by UBSAN', 'Undefined Behavior Sanitizer (UBSAN)', 'ubsan'),
  'memory-leak': {
    label: 'memory leak found by kmemleak',
    steps: [LEAK_SITE, DECODE],
    docs: [tool('Kernel Memory Leak Detector', 'kmemleak')],
  },
  warning: { label: 'kernel warning', steps: [WARN_SITE, DECODE, WHOLE_LOG], docs: [BUG_HUNTING] },
  'kernel-bug': crash('BUG_ON() assertion'),
  'list-corruption': crash('list corruption'),
  refcount: {
    label: 'reference count misuse',
    steps: [SANITIZER_STACKS, DECODE],
    docs: [doc('refcount_t API compared to atomic_t', 'core-api/refcount-vs-atomic')],
  },
  'bad-page': crash('bad page state'),
  panic: { label: 'kernel panic', steps: [PANIC_CAUSE, WHOLE_LOG], docs: [REPORTING] },
  other: { label: 'kernel report', steps: [DECODE, WHOLE_LOG], docs: [REPORTING] },
};
