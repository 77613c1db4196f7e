/**
 * preempt_count's fields (include/linux/preempt.h): bits 0-7 preempt-disable depth, 8-15 softirq
 * (SOFTIRQ_OFFSET 0x100 while serving a softirq, 0x200 per local_bh_disable()), 16-19 hardirq nesting,
 * 20-23 NMI. Bit 31 is PREEMPT_NEED_RESCHED, which x86 keeps inverted in the count.
 */
export interface PreemptCount {
  value: number;
  preemptDepth: number;
  /** The softirq byte: bit 0 set while serving a softirq, the rest counts bh-disable levels × 2. */
  softirq: number;
  servingSoftirq: boolean;
  bhDisabled: number;
  hardirq: number;
  nmi: number;
}

export function decodePreemptCount(value: number): PreemptCount {
  const v = value & 0x7fffffff;
  const softirq = (v >>> 8) & 0xff;
  return {
    value,
    preemptDepth: v & 0xff,
    softirq,
    servingSoftirq: (softirq & 1) === 1,
    bhDisabled: softirq >>> 1,
    hardirq: (v >>> 16) & 0xf,
    nmi: (v >>> 20) & 0xf,
  };
}

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
