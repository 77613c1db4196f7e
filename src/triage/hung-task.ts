/**
 * A hung task in words: what it waits for and who holds it, from the report's own lists.
 *
 * kernel/hung_task.c (v6.12) prints the blocked task's stack, then `debug_show_all_locks()` lists every
 * task's held locks (kernel/locking/lockdep.c), then with hung_task_all_cpu_backtrace or on panic the
 * NMI backtraces of the CPUs. Two quirks of those lists matter:
 * - a sleeping lock is recorded as held before its task sleeps for it (`__mutex_lock_common` calls
 *   `mutex_acquire_nest` first), so the waiter lists the lock it waits on, and so does every other waiter;
 * - `lockdep_print_held_locks` prints only the count for a task that is running on another CPU, not its
 *   locks: such a task shows up in the NMI backtraces instead.
 */
import { baseName } from '../parse/frames.js';
import type { Frame, HeldList, LockRecord, Report } from '../parse/report.js';
import type { NoteFact, NoteStack, NoteStory } from './note-model.js';
import { code, noteFrame } from './note-text.js';

/** Where a task sleeps for a lock: the lock's slow paths (kernel/locking/mutex.c, rwsem.c, semaphore.c). */
const LOCK_WAITS = [
  '__mutex_lock',
  'mutex_lock',
  '__mutex_lock_slowpath',
  'ww_mutex_lock',
  '__ww_mutex_lock',
  'rwsem_down_read_slowpath',
  'rwsem_down_write_slowpath',
  'down_read',
  'down_write',
  '__down_read',
  '__down_write',
  'down',
  '__down',
  '__down_common',
  'down_interruptible',
  'down_killable',
  'percpu_down_write',
  'percpu_rwsem_wait',
  '__percpu_down_read',
  'rt_mutex_slowlock',
  'rt_mutex_lock',
];

/** Waits for an event rather than a lock: nobody is listed as its holder. */
const EVENT_WAITS = [
  'wait_for_completion',
  '__flush_work',
  'flush_work',
  '__flush_workqueue',
  'flush_workqueue',
  'drain_workqueue',
  '__cancel_work_timer',
  '__cancel_work_sync',
  'cancel_work_sync',
  'cancel_delayed_work_sync',
  'synchronize_rcu',
  'synchronize_srcu',
  'rcu_barrier',
  'kthread_stop',
  'folio_wait_bit_common',
  'wait_on_page_bit_common',
  'io_schedule',
];

/** Frames of the sleep itself, above the wait function. */
const SLEEP_FRAMES = new Set([
  'context_switch',
  '__schedule',
  'schedule',
  'schedule_preempt_disabled',
  'schedule_timeout',
  '__switch_to',
  '__switch_to_asm',
  'io_schedule_timeout',
  'do_wait_for_common',
  '__wait_for_common',
  'wait_for_common',
]);

function matches(fn: string, names: readonly string[]): boolean {
  const name = baseName(fn);
  return names.some((n) => name === n || name.startsWith(`${n}_`));
}

interface Wait {
  kind: 'lock' | 'event';
  /** The wait function (`__mutex_lock`, `__flush_work`). */
  via: string;
  /** The first frame below it that is not another wait function: the code that waits. */
  caller: Frame | null;
  line: number;
}

/** The innermost lock or event wait of the blocked task's stack. */
function findWait(frames: readonly Frame[]): Wait | null {
  const own = frames.filter((f) => !SLEEP_FRAMES.has(baseName(f.fn)));
  for (let i = 0; i < own.length; i++) {
    const f = own[i];
    if (f === undefined) continue;
    const kind = matches(f.fn, LOCK_WAITS) ? 'lock' : matches(f.fn, EVENT_WAITS) ? 'event' : null;
    if (kind === null) continue;
    const names = kind === 'lock' ? LOCK_WAITS : EVENT_WAITS;
    const caller = own.slice(i + 1).find((g) => !matches(g.fn, names)) ?? null;
    return { kind, via: baseName(f.fn), caller, line: f.line };
  }
  return null;
}

function sameLock(a: LockRecord, b: LockRecord): boolean | 'class' {
  if (a.name !== b.name) return false;
  if (a.address !== null && b.address !== null) return a.address === b.address;
  return 'class';
}

export function hungTaskStory(report: Report): NoteStory | null {
  if (report.kind !== 'hung-task') return null;
  const t = report.task;
  const waiterName = t?.comm != null && t.pid !== null ? `${t.comm}/${t.pid}` : null;
  const main = report.frames.filter((f) => f.stack === 'main' && !f.unreliable);
  const wait = findWait(main);
  const lists = report.facts.heldLists;
  const own = waiterName === null ? undefined : lists.find((h) => h.task === waiterName);
  const lines: NoteFact[] = [];
  const add = (text: string, line: number | null = null): void => {
    lines.push({ text, line });
  };
  const who = waiterName === null ? 'The blocked task' : code(waiterName);

  if (wait === null) {
    if (lists.length === 0) return null;
  } else if (wait.kind === 'event') {
    const where = wait.caller === null ? '' : `, called from ${code(wait.caller.fn)}`;
    add(
      `${who} waits in ${code(wait.via)}${where}: for a completion or a work item, not a lock, so no lock list names an owner.`,
      wait.line,
    );
    for (const h of lists) {
      if (h.task === waiterName) continue;
      const work = h.locks.find((l) => l.name.startsWith('(work_completion)'));
      if (work !== undefined)
        add(
          `${code(h.task ?? '?')} is running the work item ${code(work.name)}: if that is the work being waited for, ` +
            `it is stuck too; see what it waits for in its locks and stack.`,
          work.line,
        );
    }
  }

  const waited = wait?.kind === 'lock' ? waitedLock(own, wait) : null;
  const holderTasks: string[] = [];
  if (wait?.kind === 'lock') {
    const where = wait.caller === null ? '' : `, called from ${code(wait.caller.fn)}`;
    if (waited === null) {
      add(
        `${who} sleeps in ${code(wait.via)}${where}, waiting for a lock this report does not list.`,
        wait.line,
      );
    } else {
      add(
        `${who} sleeps in ${code(wait.via)}${where}, waiting for ${code(waited.name)}` +
          `${waited.address === null ? '' : ` (${code(waited.address)})`}: lockdep lists a sleeping lock as held while its task waits for it.`,
        waited.line,
      );
      const found = holders(report, lists, waiterName, waited);
      lines.push(...found.facts);
      holderTasks.push(...found.tasks);
    }
  }
  if (own !== undefined && own.count > 0 && waited === null && wait?.kind !== 'event') {
    add(
      `${who} holds ${own.count} ${own.count === 1 ? 'lock' : 'locks'} while it sleeps: ${own.locks.map((l) => code(l.name)).join(', ')}.`,
      own.line,
    );
  }
  if (lines.length === 0) return null;
  return { title: 'What it waits for, and who holds it', lines, stacks: holderStacks(report, holderTasks) };
}

/** The waiter's lock taken where it sleeps, else the last lock it took. */
function waitedLock(own: HeldList | undefined, wait: Wait): LockRecord | null {
  if (own === undefined || own.locks.length === 0) return null;
  const callerFn = wait.caller === null ? null : baseName(wait.caller.fn);
  const at =
    callerFn === null
      ? undefined
      : [...own.locks].reverse().find((l) => l.at !== null && baseName(l.at) === callerFn);
  return at ?? own.locks[own.locks.length - 1] ?? null;
}

function holders(
  report: Report,
  lists: readonly HeldList[],
  waiter: string | null,
  lock: LockRecord,
): { facts: NoteFact[]; tasks: string[] } {
  const facts: NoteFact[] = [];
  const tasks: string[] = [];
  let found = false;
  for (const h of lists) {
    if (h.task === waiter) continue;
    const hit = h.locks.find((l) => sameLock(l, lock) !== false);
    if (hit === undefined) continue;
    found = true;
    if (h.task !== null) tasks.push(h.task);
    const same = sameLock(hit, lock);
    const task = code(h.task ?? '?');
    const at = hit.at === null ? '' : `, taken at ${code(hit.at)}`;
    const certain =
      same === true
        ? `${task} also lists ${code(hit.name)} at the same address${at}`
        : `${task} lists a lock of the same class${at} (this kernel prints no addresses, so the instance is not certain)`;
    facts.push({
      text: `${certain}: it is the holder, or another waiter (waiters list it too). ${onCpu(report, h.task)}`,
      line: hit.line,
    });
  }
  if (!found) {
    const running = lists.filter((h) => h.task !== waiter && h.count > 0 && h.locks.length === 0);
    facts.push({
      text:
        running.length > 0
          ? `No list shows ${code(lock.name)}; ${running.map((h) => code(h.task ?? '?')).join(', ')} ${running.length === 1 ? 'was' : 'were'} running, so lockdep printed only how many locks ${running.length === 1 ? 'it holds' : 'they hold'}: look at ${running.length === 1 ? 'its' : 'their'} NMI backtrace.`
          : `No other task lists ${code(lock.name)}: the holder may have released it, or holds it without lockdep seeing it.`,
      line: null,
    });
  }
  return { facts, tasks };
}

function onCpu(report: Report, task: string | null): string {
  const bt = task === null ? undefined : report.facts.cpuBacktraces.find((b) => b.task === task);
  if (bt !== undefined) return `It was running on CPU ${bt.cpu}: its NMI backtrace is at L${bt.line}.`;
  if (report.facts.cpuBacktraces.length > 0)
    return 'No NMI backtrace shows it on a CPU, so it was asleep too: find what it waits for (SysRq w).';
  return 'The report has no NMI backtraces to say whether it was running.';
}

/** The NMI backtraces of the tasks that list the waited lock, each apart. */
function holderStacks(report: Report, tasks: readonly string[]): NoteStack[] {
  const all = report.facts.cpuBacktraces;
  const others = report.frames.filter((f) => f.stack === 'other' && !f.unreliable);
  return all.flatMap((bt): NoteStack[] => {
    if (bt.task === null || !tasks.includes(bt.task)) return [];
    const next = all.find((b) => b.line > bt.line)?.line ?? Infinity;
    const frames = others.filter((f) => f.line > bt.line && f.line < next);
    if (frames.length === 0) return [];
    return [
      { title: `NMI backtrace for cpu ${bt.cpu} (${bt.task})`, line: bt.line, frames: frames.map(noteFrame) },
    ];
  });
}
