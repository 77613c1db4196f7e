import { decodePreemptCount, type PreemptCount } from '../parse/facts/preempt-count.js';

const hex = (n: number): string => `0x${n.toString(16)}`;

/** The parts of a count in words, with `ownLevels` preempt-disable levels belonging to the caller. */
function describeParts(pc: PreemptCount, ownLevels: number): string[] {
  const parts: string[] = [];
  if (pc.nmi > 0) parts.push('it ran in NMI context');
  if (pc.hardirq > 0)
    parts.push(
      pc.hardirq > 1
        ? `it ran in a hardirq handler nested ${pc.hardirq} deep`
        : 'it ran in a hardirq handler',
    );
  if (pc.servingSoftirq) parts.push('it ran while serving a softirq');
  if (pc.bhDisabled > 0) {
    parts.push(
      pc.bhDisabled > 1
        ? `softirqs were disabled ${pc.bhDisabled} levels deep (local_bh_disable() or spin_lock_bh())`
        : 'softirqs were disabled (local_bh_disable() or spin_lock_bh())',
    );
  }
  const extra = pc.preemptDepth - ownLevels;
  if (extra === 1)
    parts.push('one preempt-disable level (a spinlock, preempt_disable() or get_cpu_var()) is still held');
  else if (extra > 1)
    parts.push(
      `${extra} preempt-disable levels (spinlocks, preempt_disable() or get_cpu_var()) are still held`,
    );
  return parts;
}

/**
 * `preempt_count: 1, expected: 0` of a sleeping-function report. `expected` is what the caller may
 * legitimately hold: 0 for might_sleep(), PREEMPT_LOCK_OFFSET for cond_resched_lock().
 */
export function describePreemptCount(count: number, expected: number): string {
  const parts = describeParts(decodePreemptCount(count), expected & 0xff);
  const head = `preempt_count is ${hex(count)} where ${hex(expected)} was expected`;
  return parts.length > 0 ? `${head}: ${parts.join('; ')}` : head;
}

/**
 * The count of `scheduling while atomic: comm/pid/0x00000002`. schedule() holds one preempt level of
 * its own, so only the levels above that one are a leak.
 */
export function describeAtomicCount(count: number): string {
  const parts = describeParts(decodePreemptCount(count), 1);
  const head = `preempt_count was ${hex(count)} at schedule(), which itself accounts for 0x1`;
  return parts.length > 0 ? `${head}: ${parts.join('; ')}` : head;
}

/** The context a count says the code ran in: the innermost of NMI, hardirq, softirq, else task. */
export function contextOfCount(count: number): 'nmi' | 'hardirq' | 'softirq' | 'task' {
  const pc = decodePreemptCount(count);
  if (pc.nmi > 0) return 'nmi';
  if (pc.hardirq > 0) return 'hardirq';
  if (pc.servingSoftirq) return 'softirq';
  return 'task';
}
