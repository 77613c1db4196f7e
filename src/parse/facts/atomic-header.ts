/**
 * The lines of the might_sleep family (kernel/sched/core.c `__might_resched`, `__schedule_bug`): see
 * Documentation/locking/locktypes.rst and our kernel.md §2-3 for what each number means.
 */
import { decimal, readCommPid } from './text.js';

export interface InAtomicLine {
  inAtomic: boolean;
  irqsDisabled: boolean;
  /** Absent before `non_block` was added (≈ v5.3). */
  nonBlock: number | null;
  pid: number;
  comm: string;
}

/** `in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 3988, name: brctl`. */
const IN_ATOMIC =
  /^in_atomic\(\): (\d{1,10}), irqs_disabled\(\): (\d{1,10})(?:, non_block: (\d{1,10}))?, pid: (\d{1,10}), name: (.{1,64})$/;
/** `preempt_count: 1, expected: 0`: both printed `%x`, so `201` is 0x201. */
const PREEMPT_COUNT = /^([0-9a-f]{1,8}), expected: ([0-9a-f]{1,8})$/;
/** `RCU nest depth: 1, expected: 0` (CONFIG_PREEMPT_RCU only; `%d` and `%u`). */
const RCU_NEST = /^(-?\d{1,10}), expected: (\d{1,10})$/;
/** `comm/pid/0x00000002`: the third field is preempt_count() as `%08x`. */
const RAW_COUNT = /^0x[0-9a-f]{8}$/;

export function readInAtomicLine(text: string): InAtomicLine | null {
  const m = IN_ATOMIC.exec(text);
  if (!m) return null;
  return {
    inAtomic: Number(m[1]) !== 0,
    irqsDisabled: Number(m[2]) !== 0,
    nonBlock: m[3] === undefined ? null : Number(m[3]),
    pid: Number(m[4]),
    comm: m[5] ?? '',
  };
}

/** The two numbers after `preempt_count: `. */
export function readPreemptCount(rest: string): { count: number; expected: number } | null {
  const m = PREEMPT_COUNT.exec(rest);
  if (!m) return null;
  return { count: Number.parseInt(m[1] ?? '', 16), expected: Number.parseInt(m[2] ?? '', 16) };
}

/** The two numbers after `RCU nest depth: `. */
export function readRcuNest(rest: string): { depth: number; expected: number } | null {
  const m = RCU_NEST.exec(rest);
  if (!m) return null;
  return { depth: Number(m[1]), expected: Number(m[2]) };
}

export interface SchedulingWhileAtomic {
  comm: string;
  pid: number;
  raw: string;
  count: number;
}

/** What follows `BUG: scheduling while atomic: `: `brctl/3988/0x00000002`. */
export function readSchedulingWhileAtomic(rest: string): SchedulingWhileAtomic | null {
  const slash = rest.lastIndexOf('/');
  const raw = rest.slice(slash + 1).trimEnd();
  if (slash < 0 || !RAW_COUNT.test(raw)) return null;
  const task = readCommPid(rest.slice(0, slash), '/', '');
  if (!task) return null;
  return { comm: task.comm, pid: task.pid, raw, count: Number.parseInt(raw.slice(2), 16) };
}

/** What follows `BUG: sleeping function called from invalid context at `: `kernel/rseq.c:132`. */
export function readSleepAt(rest: string): { file: string; line: number } | null {
  const text = rest.trimEnd();
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const line = decimal(text.slice(colon + 1));
  return line === null ? null : { file: text.slice(0, colon), line };
}
