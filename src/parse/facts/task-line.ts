import type { Task } from '../report.js';
import { readTaintAndRelease, type TaintAndRelease } from './taint.js';

/** What the task-identification lines carry: who ran, and the kernel's taint and release. */
export interface TaskLine extends Partial<TaintAndRelease> {
  task: Task;
}

/**
 * `dump_stack_print_info()` (lib/dump_stack.c): `CPU: 1 PID: 1423 Comm: sensorcfg Not tainted 6.6.0 #1`;
 * v6.10 added `UID: 0` after the CPU and optionally puts `Kdump: loaded ` before the taint.
 */
const CPU_LINE = /^CPU: (\d{1,5})(?: UID: \d{1,10})? PID: (\d{1,10}) Comm: /;
/** The x86 `show_regs()` of kernels before 3.x: `Pid: 1234, comm: swapper Not tainted 2.6.32 #1`. */
const PID_LINE = /^Pid: (\d{1,10}), comm: /;
/**
 * The banner under a lockdep title: `init_utsname()->release`, the first word of the version, then
 * print_tainted(), e.g. `6.1 #3 Tainted: G           O`.
 */
const LOCKDEP_BANNER = /^(\d[^ ]{0,127}) #[^ ]{0,63} (?=Not tainted|Tainted: )/;
/** The same banner without print_tainted(), as the 3.1 lockdep reports of our corpus show it: `3.1.0-rc2 #7`. */
const UNTAINTED_LOCKDEP_BANNER = /^\d{1,3}\.\d{1,3}[^ ]{0,124} #\S{1,63}$/;

/**
 * arm's __show_regs() of 2.6 and 3.x kernels printed its own task line: the CPU, print_tainted(), then
 * the release and the version's first word in parentheses (`CPU: 1    Not tainted  (3.4.113-sun8i #2)`,
 * as the 2.6.37 and 3.4 arm reports of our corpus show); v6.12's arch/arm/kernel/process.c __show_regs()
 * calls show_regs_print_info() and prints the common line instead.
 */
const OLD_ARM_CPU_LINE = /^CPU: \d{1,5} {1,8}(?=Not tainted|Tainted: )/;

/** Comm ends where the kdump note or print_tainted() begins; comm itself may hold spaces. */
const COMM_ENDS = [' Kdump: loaded ', ' Not tainted', ' Tainted: '];
const KDUMP = ' Kdump: loaded ';

export function readCpuLine(text: string): TaskLine | null {
  const m = CPU_LINE.exec(text);
  if (!m) return null;
  return withComm(text, m[0].length, Number(m[1]), Number(m[2]));
}

/** The taint and release of arm's old `CPU:` line (`OLD_ARM_CPU_LINE`), which names no task. */
export function readOldArmCpuLine(text: string): TaintAndRelease | null {
  const m = OLD_ARM_CPU_LINE.exec(text);
  return m ? readTaintAndRelease(text, m[0].length) : null;
}

export function readPidLine(text: string): TaskLine | null {
  const m = PID_LINE.exec(text);
  if (!m) return null;
  return withComm(text, m[0].length, null, Number(m[1]));
}

export function readLockdepBanner(text: string): Partial<TaintAndRelease> | null {
  if (UNTAINTED_LOCKDEP_BANNER.test(text)) return { kernel: text.slice(0, text.indexOf(' ')) };
  const m = LOCKDEP_BANNER.exec(text);
  if (!m) return null;
  const read = readTaintAndRelease(text, m[0].length);
  return read && { taint: read.taint, kernel: m[1] ?? null };
}

function withComm(text: string, commStart: number, cpu: number | null, pid: number): TaskLine {
  let commEnd = text.length;
  for (const end of COMM_ENDS) {
    const at = text.indexOf(end, commStart);
    if (at >= 0 && at < commEnd) commEnd = at;
  }
  const comm = text.slice(commStart, commEnd).trim();
  const task: Task = { comm: comm === '' ? null : comm, pid, cpu };
  let taintAt = commEnd + 1;
  if (text.startsWith(KDUMP, commEnd)) taintAt = commEnd + KDUMP.length;
  const read = readTaintAndRelease(text, taintAt);
  return read ? { task, taint: read.taint, kernel: read.kernel } : { task };
}
