/**
 * The culprit: the function a kernel engineer looks at first. The syzbot title's guilty frame is kept
 * exactly as syzkaller picks it (and may be `corrupted`); the culprit is for people, so it is read from
 * whatever frames the paste shows and skips a broader set of generic code: besides syzkaller's list,
 * the scheduler and wait primitives, sleeping and locking helpers, and every dispatcher that only hands
 * work to the code that matters (syscall entry, interrupt, softirq, timer, workqueue, kthread, RCU
 * callback, driver-core probe). Where the report names the code that created the bad state (a held
 * spinlock, a `Preemption disabled at:` site, an interrupt handler, an out-of-tree module), that wins.
 */
import { baseName } from './frames.js';
import type { Culprit, Facts, Frame, ReportKind, Taint } from './report.js';
import { anyOf, isSkippedFrame } from './skip-frames.js';

/** Generic code beyond syzkaller's skip list: it runs the culprit, it is not the culprit. */
const INFRASTRUCTURE = anyOf([
  // scheduler, sleeping and waiting (kernel/sched/core.c, kernel/sched/completion.c, kernel/time/)
  '^_?_?schedule',
  '^preempt_schedule',
  'io_schedule',
  '^usleep_range',
  '^u?msleep',
  '^ssleep$',
  '^fsleep$',
  '^wait_(?:for_|on_|event|woken|bit|var|task_inactive)',
  '^__wait_(?:for_|on_|event|rcu_gp)',
  '_wait_event',
  '^wake_up',
  'try_to_wake_up',
  '^complete',
  'do_wait_for_common',
  '^__?synchronize_',
  'rcu_barrier',
  'rwsem',
  '_slowpath',
  'lock_slowpath',
  '_slowlock',
  '^__?rt_spin',
  '^rtlock',
  '^percpu_down',
  '^percpu_up',
  '^__percpu_down',
  '^_?_?raw_',
  '^_?_?mutex',
  '^_?_?down',
  '^__up',
  '^ww_mutex',
  '^rt_mutex',
  '^__rt_mutex',
  'lock_sock_nested',
  '^rcu_read_unlock',
  '^__rcu_read_unlock',
  '^local_bh_enable',
  '^__local_bh_enable',
  '^_?_?cond_resched',
  '^_?_?might_',
  '^__might',
  'finish_task_switch',
  '^context_switch',
  '^__switch_to',
  // system call, exception and interrupt entry
  '^do_syscall',
  '^entry_',
  '^x64_sys_call$',
  '^syscall_',
  '^__?do_fast_syscall',
  '^do_int80',
  '^invoke_syscall',
  '^el[01]',
  '^do_el0_svc',
  '^ret_from_',
  '^ret_fast_syscall',
  '^handle_exception',
  '^system_call',
  '^irqentry_',
  '^exit_to_user_mode',
  '^arch_do_signal',
  '^do_signal',
  '^get_signal',
  '^task_work_run',
  '^__?handle_irq',
  'handle_irq_event',
  '^handle_(?:edge|level|fasteoi|percpu|simple|nested|bad|untracked)_irq',
  '^__?generic_handle',
  '^generic_handle',
  'handle_domain_irq',
  '^gic_handle_irq',
  '^handle_arch_irq',
  '^common_interrupt',
  '^asm_',
  '^sysvec_',
  '^__sysvec_',
  '^do_IRQ',
  '^__irq_',
  '^irq_exit',
  '^__irq_exit',
  '^irq_enter',
  '^call_on_irqstack',
  '^do_softirq',
  '^__do_softirq',
  '^handle_softirqs',
  '^run_ksoftirqd',
  '^irq_thread',
  '^irq_forced_thread_fn',
  '^call_timer_fn',
  '^__run_timers',
  '^run_timer',
  '^expire_timers',
  '^__run_hrtimer',
  '^__hrtimer_run_queues',
  '^hrtimer_',
  '^tick_',
  '^update_process_times',
  '^tasklet_action',
  '^tasklet_hi_action',
  '^net_rx_action',
  '^__napi_poll',
  '^napi_poll',
  '^rcu_do_batch',
  '^rcu_core',
  '^rcu_process_callbacks',
  '^rcu_sched_clock_irq',
  '^process_one_work',
  '^process_scheduled_works',
  '^worker_thread',
  '^kthread',
  '^smpboot_thread_fn',
  '^cpu_startup_entry',
  '^do_idle',
  '^cpuidle_',
  '^default_idle',
  '^arch_cpu_idle',
  '^start_kernel',
  '^secondary_start',
  '^rest_init',
  // the watchdogs and stall reporters themselves
  '^watchdog',
  'nmi_cpu_backtrace',
  'cpumask_backtrace',
  'trigger_.*backtrace',
  '^show_regs',
  '^__show_regs',
  '^sched_show_task',
  '^print_cpu_stall',
  '^rcu_dump_cpu_stacks',
  '^check_cpu_stall',
  '^rcu_pending',
  '^check_hung',
  '^hung_task',
  '^khungtaskd',
  '^nmi_handle',
  '^default_do_nmi',
  '^exc_nmi',
  '^perf_event_nmi_handler',
  '^__perf_event_overflow',
  '^perf_event_overflow',
  '^intel_pmu_handle_irq',
  // driver-core dispatch into a driver's probe/remove (drivers/base/dd.c, bus.c)
  '^really_probe',
  '^__?driver_probe_device',
  '^__?device_attach',
  '^__driver_attach',
  '^bus_for_each_',
  '^bus_probe_device',
  '^driver_attach',
  '^device_initial_probe',
  '^device_release_driver',
  '^__device_release_driver',
  '^device_driver_detach',
  '^bus_remove_device',
  '^call_driver_probe',
  // unwinders, trap and NMI handlers, debug checks that report rather than cause
  'unwind_backtrace',
  '^dump_trace',
  '^show_trace',
  'print_trace',
  '_unwind_core',
  '^__dump_stack',
  '^do_nmi',
  '^do_bp$',
  '^do_trap',
  '^check_flags',
  'fs_reclaim_acquire',
  '^__fs_reclaim',
  '^__refcount',
  '^spin_dump',
  '^spin_bug',
  '^do_raw_',
  'check_preemption_disabled',
  'debug_smp_processor_id',
  '_preempt_check',
  '^bad_page',
  '^free_pages_check',
  '^free_page_is_bad',
  'apic_timer_interrupt',
  '^__schedule_bug',
  '^schedule_debug',
  // tracing and instrumentation glue
  '^trace_',
  '^__traceiter_',
  '^__trace_',
  '^rcu_lock_release',
  '^__rcu_read_lock',
]);

export function isGenericForCulprit(fn: string): boolean {
  const base = baseName(fn);
  return isSkippedFrame(base, INFRASTRUCTURE);
}

/**
 * The core of the generic code, matched exactly: syzkaller's list matches substrings on purpose
 * (`kmalloc` in `rkmalloc`), which for a title is stable but can leave a paste whose own helpers look
 * generic with no culprit at all. When nothing passes the broad test, the first frame passing this
 * one is taken.
 */
const CORE_GENERIC = anyOf([
  '^_*dump_stack',
  '^show_stack',
  '^_*dump_backtrace',
  '^panic',
  '^_*warn',
  '^report_bug',
  '^handle_bug',
  '^exc_',
  '^do_error_trap',
  '^_*die',
  '^_*kasan',
  '^_*kmsan',
  '^_*ubsan',
  '^lockdep',
  '^_*lock_acquire',
  '^_*lock_release',
  '^print_',
  '^_*might_',
  '^_*kmalloc',
  '^_*kmem_cache',
  '^_*kfree',
  '^_*kzalloc',
  '^_*kvmalloc',
  '^_*alloc_pages',
  '^_*get_free_pages',
  '^_*vmalloc',
  '^_*v?printk',
  '^_raw_',
  '^do_raw_',
  '^queued_',
  '^native_queued',
  '^_*mutex_',
  '^_*down',
  '^_*up_(?:read|write)',
  '^_*refcount_',
  '^mem(?:cpy|set|move|cmp)',
  '^str[a-z]*$',
  '^_*copy_(?:to|from)_user',
  '^_*schedule',
]);

function isCoreGeneric(fn: string): boolean {
  const base = baseName(fn);
  return CORE_GENERIC.test(base) || INFRASTRUCTURE.test(base);
}

interface Candidate {
  fn: string;
  module: string | null;
  line: number;
}

/** What the culprit is read from: a report without its culprit. */
export interface CulpritInput {
  kind: ReportKind;
  /** `caller is f+0x..` of a preemptible-context report (lib/smp_processor_id.c). */
  callerIs: { fn: string; line: number } | null;
  /** syzkaller's guilty frame (from the RIP line when the trace is missing) and the header's line. */
  guilty: { fn: string; line: number } | null;
  /** The function the header line names (`WARNING: ... at f.c:12 f+0x1/0x2`, `KASAN: ... in f+0x..`), and its line. */
  headerFn: { fn: string; line: number } | null;
  frames: readonly Frame[];
  facts: Facts;
  taint: Taint | null;
}

/**
 * A hung task sleeps under layers of waiting code, its own subsystem's included (`zio_wait`,
 * `cv_wait_common`, `__wait_on_buffer`): the waiter is the first frame past any of them.
 */
const HANG_WAIT =
  /sched|_lock|_slowlock|down|rwsem|completion|wait|synchronize|context_switch|__switch_to|rcu_barrier/;

const LOCKDEP_KINDS: readonly ReportKind[] = [
  'lockdep-circular',
  'lockdep-recursive',
  'lockdep-inconsistent',
  'lockdep-irq-order',
];
/** kmemleak's own frames and the allocators under the leaking caller (mm/kmemleak.c, mm/slub.c, mm/util.c). */
const LEAK_ALLOCATOR = /kmemleak|create_object|alloc|kmem|slab|strn?dup|memdup|kasprintf|pcpu_/;

const ATOMIC_KINDS: readonly ReportKind[] = [
  'sleep-in-atomic',
  'scheduling-while-atomic',
  'invalid-wait-context',
  'preempt-unsafe',
];
const STALL_KINDS: readonly ReportKind[] = ['soft-lockup', 'rcu-stall', 'hard-lockup'];

/** Taint letters of code that is not in the kernel tree (kernel/panic.c `taint_flags`). */
const OUT_OF_TREE_TAINT = /[OPE]/;

export function pickCulprit(input: CulpritInput): Culprit | null {
  const main = input.frames.filter((f) => f.stack === 'main');
  const reliable = main.filter((f) => !f.unreliable);
  const header = input.headerFn && { fn: input.headerFn.fn, module: null, line: input.headerFn.line };

  const outOfTree = outOfTreeFrame(input, reliable);
  if (outOfTree) return outOfTree;

  if (input.callerIs && !isGenericForCulprit(input.callerIs.fn)) {
    return culprit(
      { fn: input.callerIs.fn, module: moduleOf(input.frames, input.callerIs.fn), line: input.callerIs.line },
      'it used per-CPU data with preemption enabled (the report says "caller is")',
    );
  }
  if (ATOMIC_KINDS.includes(input.kind)) {
    const entered = atomicEntry(input, reliable);
    if (entered) return entered;
  }
  if (LOCKDEP_KINDS.includes(input.kind)) {
    const at = input.facts.acquiring?.at;
    if (at && !isGenericForCulprit(at)) {
      return culprit(
        { fn: at, module: moduleOf(input.frames, at), line: input.facts.acquiring?.line ?? 0 },
        'it takes the lock that lockdep reports',
      );
    }
  }
  if (input.kind === 'memory-leak') {
    const caller = reliable.find((f) => !isGenericForCulprit(f.fn) && !LEAK_ALLOCATOR.test(baseName(f.fn)));
    if (caller) return culprit(caller, 'it allocated the object that was never freed');
  }
  if (STALL_KINDS.includes(input.kind)) {
    const looping = stalledCode(input, reliable);
    if (looping) return looping;
  }
  if (input.kind === 'hung-task') {
    const waiter = reliable.find((f) => !isGenericForCulprit(f.fn) && !HANG_WAIT.test(baseName(f.fn)));
    if (waiter) return culprit(waiter, 'the function that waits, under the sleeping and locking primitives');
  } else if (!ATOMIC_KINDS.includes(input.kind)) {
    const loc = interrupted(input);
    if (loc) return loc;
    if (header && !isGenericForCulprit(header.fn)) return culprit(header, 'the function the header names');
  }
  const first = reliable.find((f) => !isGenericForCulprit(f.fn));
  if (first) return culprit(first, 'the first frame of the call trace outside generic kernel code');
  // An excerpt, a cut stack, stale `? ` words only: still the best a reader can start from.
  const any =
    input.frames.find((f) => !f.unreliable && !isGenericForCulprit(f.fn)) ??
    input.frames.find((f) => !isGenericForCulprit(f.fn));
  if (any) return culprit(any, 'the first frame outside generic kernel code that the paste shows');
  if (header) return culprit(header, 'the function the header names; the paste shows no other');
  const own = reliable.find((f) => !isCoreGeneric(f.fn)) ?? input.frames.find((f) => !isCoreGeneric(f.fn));
  if (own) return culprit(own, 'the first frame outside the core of generic kernel code');
  const locks = input.facts.locksHeld?.locks ?? [];
  const holder = [...locks].reverse().find((l) => l.at !== null && !isGenericForCulprit(l.at));
  if (holder?.at) {
    return culprit(
      { fn: holder.at, module: moduleOf(input.frames, holder.at), line: holder.line },
      `it took ${holder.name}, which is held while the report is printed`,
    );
  }
  if (input.guilty) {
    return culprit(
      { fn: input.guilty.fn, module: null, line: input.guilty.line },
      'the function the report title names; the paste shows no call trace',
    );
  }
  const bare = reliable[0] ?? input.frames[0];
  return bare ? culprit(bare, 'the only kind of frame the paste shows: generic kernel code') : null;
}

function culprit(c: Candidate, why: string): Culprit {
  return { fn: baseName(c.fn), module: c.module, why, line: c.line };
}

/** The interrupted instruction (`RIP`, `pc`, `PC is at`, `NIP`) when it is not generic code. */
function interrupted(input: CulpritInput): Culprit | null {
  for (const loc of [input.facts.rip, input.facts.pc]) {
    if (loc?.fn && !isGenericForCulprit(loc.fn)) {
      return culprit(
        { fn: loc.fn, module: moduleOf(input.frames, loc.fn), line: loc.line },
        'the code that was running when the report was raised',
      );
    }
  }
  return null;
}

function moduleOf(frames: readonly Frame[], fn: string): string | null {
  return frames.find((f) => f.fn === fn)?.module ?? null;
}

/** With a tainted kernel, a frame of an out-of-tree or proprietary module is the first suspect. */
function outOfTreeFrame(input: CulpritInput, reliable: readonly Frame[]): Culprit | null {
  if (!input.taint?.tainted || !OUT_OF_TREE_TAINT.test(input.taint.letters)) return null;
  const marked = new Set(
    (input.facts.modules ?? []).filter((m) => OUT_OF_TREE_TAINT.test(m.marks)).map((m) => m.name),
  );
  if (marked.size === 0) return null;
  const frame = reliable.find((f) => f.module !== null && marked.has(f.module));
  return frame
    ? culprit(frame, `a frame of the out-of-tree module ${frame.module}, and the kernel is tainted`)
    : null;
}

/**
 * The code that entered the atomic context: a held spinlock's `at:`, the `Preemption disabled at:`
 * site when in_atomic() is set (it records the outermost disable, kernel/sched/core.c
 * `preempt_latency_start()`), or the interrupt or softirq handler the sleep happened in; else the
 * first caller of the sleeping primitive.
 */
function atomicEntry(input: CulpritInput, reliable: readonly Frame[]): Culprit | null {
  const { facts } = input;
  const locks = facts.locksHeld?.locks ?? [];
  for (let i = locks.length - 1; i >= 0; i--) {
    const lock = locks[i];
    if (!lock?.at || isGenericForCulprit(lock.at) || !isSpinningLock(lock.name, lock.waitTypes?.inner))
      continue;
    return culprit(
      { fn: lock.at, module: moduleOf(input.frames, lock.at), line: lock.line },
      `it took ${lock.name}, a lock that may not sleep, which is still held`,
    );
  }
  const site = facts.preemptionDisabledAt;
  if (site && facts.inAtomic !== false && !isGenericForCulprit(site.fn)) {
    return culprit(site, 'preemption was disabled there and not enabled again');
  }
  const handler = reliable.find((f) => f.context !== 'task' && !isGenericForCulprit(f.fn));
  if (handler) return culprit(handler, `the ${handler.context} handler the sleep happened in`);
  return null;
}

/** Mutexes, semaphores and rtnl may be held while sleeping; lockdep's inner wait type 4 (or 3 before raw nesting) says so. */
const SLEEPING_LOCK_NAME = /mutex|rtnl|sem\b|_sem|rwsem|s_umount|sb_writers|i_rwsem|&type->s_|kn->active/;

function isSpinningLock(name: string, inner: number | undefined): boolean {
  // include/linux/lockdep_types.h: LD_WAIT_SPIN is 2; a lock above it is a sleeping one, or a
  // spinlock_t under CONFIG_PROVE_RAW_LOCK_NESTING, which the name tells apart.
  if (inner !== undefined && inner <= 2) return true;
  return !SLEEPING_LOCK_NAME.test(name);
}

/** The looping code of a stalled CPU: the interrupted instruction, or the first task frame under the interrupt. */
function stalledCode(input: CulpritInput, reliable: readonly Frame[]): Culprit | null {
  const loc = interrupted(input);
  if (loc) return loc;
  const task = reliable.find((f) => f.context === 'task' && !isGenericForCulprit(f.fn));
  if (task) return culprit(task, 'the first frame of the stalled code under the interrupt');
  // An idle or generic loop: still where the CPU was, which is what the stall is about.
  for (const loc of [input.facts.rip, input.facts.pc]) {
    if (loc?.fn) {
      return culprit(
        { fn: loc.fn, module: moduleOf(input.frames, loc.fn), line: loc.line },
        'where the stalled CPU was running; only generic code is shown',
      );
    }
  }
  return null;
}
