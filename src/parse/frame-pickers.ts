/**
 * Runs a format's frame recipe over a report's lines and picks the guilty function the title names.
 */
import type { BlockLines } from './block-lines.js';
import { readableName } from './frames.js';
import { RIP, type FrameRecipe, type FrameStep } from './oops-table.js';
import { anyOf, isSkippedFrame } from './skip-frames.js';

export interface PickedFrame {
  /** The function as the title names it, before syscall-prefix trimming; null when none was usable. */
  fn: string | null;
  /** The frame a bucket name stands for (`smp_call_function_single` for `smp_call_function`). */
  original: string | null;
  /** A fault-injection stack was found inside the report's stack: two reports are interleaved. */
  interleaved: boolean;
}

/** `should_fail` frames belong to a FAULT_INJECTION dump that the console mixed into the report. */
const FAULT_INJECTION_FRAME = 'should_fail';

/**
 * Stall stacks land at a random point of the looping code; the function just above the first of these
 * dispatch points (a system call, a work item, a timer) names the loop stably.
 */
const STALL_ANCHORS = anyOf([
  '^do_syscall_',
  '^entry_SYSCALL',
  '^entry_SYSENTER',
  '^entry_INT80',
  '^do_int80_syscall',
  '^do_fast_syscall',
  '^__do_fast_syscall',
  '^sysenter_dispatch',
  '^tracesys_phase2',
  '^ret_fast_syscall',
  '^invoke_syscall',
  '^__invoke_syscall',
  '^el0_svc',
  '^do_el0_svc',
  '^el0t_64_sync',
  '^handle_exception',
  '^ret_from_exception',
  '^system_call',
  // vfs_read()/vfs_write() (fs/read_write.c) and vfs_ioctl() (fs/ioctl.c) call the file's own
  // ->read/->write/->unlocked_ioctl (`kernfs_fop_write_iter`); the `__` prefix is optional, not `_`
  '^(?:__)?vfs_(?:read|write|readv|writev|ioctl)$',
  '^new_sync_(?:read|write)',
  '^do_iter_(?:read|write)',
  '^do_iter_readv_writev',
  '^vfs_iter_(?:read|write)',
  '^do_readv|^do_writev|^do_preadv|^do_pwritev',
  '^do_vfs_ioctl',
  '^(?:compat_)?ksys_ioctl',
  '^(?:__x64_|__ia32_|__arm64_|__se_)?(?:compat_)?sys_ioctl',
  'compat_ioctl$',
  'blkdev_ioctl$',
  '^(?:__)?sock_(?:sendmsg|recvmsg|ioctl|write_iter|read_iter)',
  // closing a socket dispatches to the protocol's release (`packet_release`) from here
  '^(?:__)?sock_release$',
  '^sock_do_ioctl',
  // setsockopt/getsockopt hand the call to the protocol (`tls_setsockopt`) from these
  '^(?:__sys|do_sock)_(?:set|get)sockopt$',
  '^do_dentry_open',
  '^rtnetlink_rcv_msg',
  '^netlink_dump',
  'sock_common_setsockopt',
  'kernel_setsockopt',
  '^setsockopt$',
  '^listen$',
  'kernel_listen',
  'sk_common_release',
  '^sock_mmap',
  '^accept$',
  'kernel_accept',
  '^compat_sock_ioctl',
  // a page fault dispatches to the mapping's ->fault; syzkaller anchors the stall above it
  // (`BUG: soft lockup in handle_mm_fault` on arm64, where do_page_fault() is printed)
  'do_page_fault',
  '__do_fault',
  '^page_fault$',
  'vfs_open',
  '^call_mmap',
  '^nfnetlink_rcv_msg',
  // mmap_region() and its __mmap_region() body dispatch to the file's ->mmap (`perf_mmap`); the
  // syscall path above them (vm_mmap_pgoff) is not a dispatch point: a stall there is the syscall's
  'mmap_region',
  '^do_mmap',
  'netif_receive_skb',
  '^cpu_startup_entry',
  '^process_one_work',
  '^process_scheduled_works',
  '^worker_thread',
  // the loop of per-CPU threads (ksoftirqd, cpuhp) calling their thread_fn (kernel/smpboot.c)
  '^smpboot_thread_fn',
  '^call_timer_fn',
  '^expire_timers',
  '^__run_timers',
  '^run_timer_softirq',
  '^tasklet_action',
  'do_softirq',
  '^handle_softirqs',
  'run_ksoftirqd',
  'tasklet_hi_action',
  '^net_rx_action',
  'hrtimer_run',
  'start_secondary',
  '^rcu_core',
  '^rcu_do_batch',
  '^ret_from_fork',
  '^kthread$',
  '^__fput',
  '^____fput',
  '^task_work_run',
  '^exit_to_user_mode$',
  'exit_to_usermode',
  '^syscall_exit_to_user_mode',
  '^smp_call_function',
  '^on_each_cpu',
]);

/** Hang titles name what the task waited in, not the waiting primitives; RCU waits share one title. */
const HANG_BUCKETS: ReadonlyArray<readonly [string, string | null]> = [
  ['rtnl_lock', null],
  ['synchronize_rcu', 'synchronize_rcu'],
  ['synchronize_srcu', 'synchronize_rcu'],
  ['synchronize_net', 'synchronize_rcu'],
  ['synchronize_sched', 'synchronize_rcu'],
];
const HANG_SKIP =
  /sched|_lock|_slowlock|down|rwsem|completion|kthread|wait|synchronize|context_switch|__switch_to|cancel_delayed_work|rcu_barrier/;

/** The guilty function of a report whose lines are `lines.texts[from..to)`, by the format's recipe. */
export function pickFrame(lines: BlockLines, from: number, to: number, recipe: FrameRecipe): PickedFrame {
  const usable = (fn: string): boolean => !isSkippedFrame(fn, recipe.skip);
  const first = collectFrames(lines, from, to, recipe.steps, usable);
  const printed = recipe.verbatim ? first.frames[0] : undefined;
  let picked = printed === undefined ? choose(first.frames, recipe) : { frame: printed, bucket: printed };
  let interleaved = first.interleaved;
  if (picked === null && recipe.fallback) {
    const second = collectFrames(lines, from, to, recipe.fallback, usable);
    picked = choose(second.frames, recipe);
    interleaved ||= second.interleaved;
  }
  const fn = picked === null ? null : picked.bucket;
  return { fn, original: picked?.frame ?? null, interleaved };
}

/** The chosen frame, and the name the title uses for it (a bucket such as `synchronize_rcu`, or itself). */
interface Choice {
  frame: string;
  bucket: string;
}

function choose(frames: readonly string[], recipe: FrameRecipe): Choice | null {
  switch (recipe.picker) {
    case 'stall':
      return stallFrame(frames, recipe);
    case 'hang':
      return hangFrame(frames, recipe);
    default: {
      const fn = frames.find((f) => !isSkippedFrame(f, recipe.skip));
      return fn === undefined ? null : { frame: fn, bucket: fn };
    }
  }
}

/**
 * riscv enters system calls and interrupts alike through handle_exception and leaves through
 * ret_from_exception (arch/riscv/kernel/entry.S); under them an interrupt's handler (do_irq(),
 * arch/riscv/kernel/traps.c) says the entry was an interrupt, not the system call the anchor stands for.
 */
const EXCEPTION_ENTRY = /^(?:handle_exception|ret_from_exception)$/;
const INTERRUPT_HANDLER = /^(?:do_irq|handle_riscv_irq)$/;

function stallFrame(frames: readonly string[], recipe: FrameRecipe): Choice | null {
  let previous: string | null = null;
  for (const fn of frames) {
    if (EXCEPTION_ENTRY.test(fn) && previous !== null && INTERRUPT_HANDLER.test(previous)) {
      previous = null;
      continue;
    }
    if (STALL_ANCHORS.test(fn)) {
      // A cross-CPU call spins in the caller's smp_call_function*: that is the stall, whoever asked.
      if (fn.startsWith('smp_call_function')) return { frame: fn, bucket: 'smp_call_function' };
      const chosen = previous ?? (isSkippedFrame(fn, recipe.skip) ? null : fn);
      return chosen === null ? null : { frame: chosen, bucket: chosen };
    }
    if (!isSkippedFrame(fn, recipe.skip)) previous = fn;
  }
  return null;
}

function hangFrame(frames: readonly string[], recipe: FrameRecipe): Choice | null {
  const usable = frames.filter((f) => !isSkippedFrame(f, recipe.skip));
  for (const fn of usable) {
    for (const [anchor, bucket] of HANG_BUCKETS) {
      if (fn.includes(anchor)) return { frame: fn, bucket: bucket ?? fn };
    }
  }
  const fn = usable.find((f) => !HANG_SKIP.test(f));
  return fn === undefined ? null : { frame: fn, bucket: fn };
}

/** Every function the steps offer, in order, as base names; skipping happens when choosing. */
function collectFrames(
  lines: BlockLines,
  from: number,
  to: number,
  steps: readonly FrameStep[],
  usable: (fn: string) => boolean,
): { frames: string[]; interleaved: boolean } {
  const { texts } = lines;
  const frames: string[] = [];
  let pos = from;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k];
    if (step === undefined) break;
    if (step === 'stack') {
      const next = steps[k + 1];
      let advanced = false;
      for (; pos < to; pos++) {
        // `? f` and `(unreliable)` are stale stack words, not callers: syzkaller drops those lines.
        if (lines.isStale(pos)) continue;
        const text = texts[pos] ?? '';
        const parsed = lines.frames(pos);
        if (parsed?.some((f) => f.fn.startsWith(FAULT_INJECTION_FRAME))) return { frames, interleaved: true };
        // A section keyword ends the stack being read once a usable frame was offered; before that it
        // only opens the stack (old KMSAN reports print `Call Trace:` after a generic header frame).
        if (lines.isStackStart(pos)) {
          if (frames.some(usable)) break;
          continue;
        }
        if (next instanceof RegExp) {
          const m = next.exec(text);
          if (m) {
            const fn = firstCapture(m);
            if (fn) frames.push(cleanName(fn));
            pos++;
            k++;
            advanced = true;
            break;
          }
        }
        if (parsed) {
          for (const [n, f] of parsed.entries()) {
            const fn = cleanName(f.fn);
            // arm32 `(callee) from (caller)` lines repeat each caller as the next line's callee; a
            // caller at offset 0 is a return address past a call that never returns (`panic`), so
            // its symbol is the next function's, not the caller's. Entry code that sets the link
            // register to a `ret_` label itself (arch/arm/kernel/entry-header.S invoke_syscall: `badr lr,
            // \ret`, the ret_fast_syscall label) is a true caller at offset 0.
            if (n > 0 && f.offset === 0 && !fn.startsWith('ret_')) continue;
            // A symbolizer's `f file.c:12 [inline]` line has no offset: syzkaller reads a frame only
            // where the name is followed by `+0x` (or a `.suffix`), so the title names the function
            // the code was inlined into, which is what unsymbolized reports of the bug show.
            if (f.offset === null && f.source !== null && text.includes('[inline]')) continue;
            if (n === 0 && parsed.length > 1 && frames[frames.length - 1] === fn) continue;
            frames.push(fn);
          }
          continue;
        }
        // An exception frame inside a stack names the code that was running there.
        const rip = RIP.exec(text);
        const ripFn = rip ? firstCapture(rip) : undefined;
        if (ripFn) frames.push(cleanName(ripFn));
      }
      if (!advanced && pos >= to) break;
      continue;
    }
    let found = false;
    for (; pos < to; pos++) {
      const m = step.exec(texts[pos] ?? '');
      if (m) {
        const fn = firstCapture(m);
        if (fn) frames.push(cleanName(fn));
        pos++;
        found = true;
        break;
      }
    }
    if (!found) break;
  }
  return { frames, interleaved: false };
}

/** The function a step offers: its one capture, or of a step with alternatives, whichever took part. */
function firstCapture(m: RegExpExecArray): string | undefined {
  // A group that did not take part is undefined, whatever RegExpExecArray's type says.
  const groups: (string | undefined)[] = m.slice(1);
  return groups.find((c) => c !== undefined && c !== '');
}

/**
 * Compiler suffixes (`.isra.0`, `.cold`) cut, Rust v0 symbols demangled (`<rust_binder::node::Node>::f`,
 * as syzkaller titles them) and C++ names (`_Z8fakeNameiii`) reduced to the function.
 */
function cleanName(fn: string): string {
  const base = readableName(fn);
  if (!base.startsWith('_Z')) return base;
  const mangled = /^_Z(\d+)/.exec(base);
  if (mangled?.[1]) {
    const len = Number(mangled[1]);
    const name = base.slice(mangled[0].length, mangled[0].length + len);
    if (name.length === len) return name;
  }
  return base;
}
