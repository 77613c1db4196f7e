import type { WaitNumbering } from '../parse/facts/wait-types.js';
import type { LockRecord, WaitTypes } from '../parse/report.js';

/**
 * Lockdep notation (Documentation/locking/lockdep-design.rst, kernel/locking/lockdep.c,
 * include/linux/lockdep_types.h).
 */

/** The four usage characters, in the order `get_usage_chars()` prints them. */
const USAGE_SLOTS = [
  { irq: 'hardirq', read: false },
  { irq: 'hardirq', read: true },
  { irq: 'softirq', read: false },
  { irq: 'softirq', read: true },
] as const;

export interface UsageSlot {
  irq: 'hardirq' | 'softirq';
  read: boolean;
  /** `.` never in or with that irq, `-` in irq context, `+` with that irq enabled, `?` both. */
  char: string;
}

export interface DecodedUsage {
  slots: UsageSlot[];
  /** `taken in softirq context with hardirqs on`. */
  summary: string;
}

/** `+.-.` (braces optional) into its four slots and a sentence; null when it is not 4 usage characters. */
export function decodeUsage(usage: string): DecodedUsage | null {
  const chars = usage.replace(/^\{|\}$/g, '');
  if (!/^[.+?-]{4}$/.test(chars)) return null;
  const slots = USAGE_SLOTS.map((slot, i) => ({ ...slot, char: chars[i] ?? '.' }));
  return { slots, summary: usageSummary(slots) };
}

function usageSummary(slots: readonly UsageSlot[]): string {
  const phrase = (read: boolean): string | null => {
    const inIrq: string[] = [];
    const withIrqOn: string[] = [];
    for (const s of slots.filter((x) => x.read === read)) {
      if (s.char === '-' || s.char === '?') inIrq.push(s.irq);
      if (s.char === '+' || s.char === '?') withIrqOn.push(`${s.irq}s`);
    }
    const bits: string[] = [];
    if (inIrq.length > 0) bits.push(`in ${inIrq.join(' and ')} context`);
    if (withIrqOn.length > 0) bits.push(`with ${withIrqOn.join(' and ')} on`);
    return bits.length > 0 ? `${read ? 'read-' : ''}taken ${bits.join(' ')}` : null;
  };
  // `.` is "acquired while irqs disabled and not in irq context" (lockdep-design.rst, kernel/locking/
  // lockdep.c get_usage_char()); only the write columns say it, a read `.` may just mean never read-taken.
  const off = slots.filter((s) => !s.read && s.char === '.').map((s) => `${s.irq}s`);
  const write = phrase(false);
  const read = phrase(true);
  if (write === null && read === null) {
    return 'taken only with hardirqs and softirqs off and never in irq context, or a class lockdep does not validate (the novalidate class prints {....})';
  }
  const offPhrase = off.length > 0 ? `${off.join(' and ')} always off when taken` : null;
  return [write, read, offPhrase].filter((p) => p !== null).join('; ');
}

const WAIT_TYPE_WORDS: Record<Exclude<WaitNumbering, 'unknown'>, readonly string[]> = {
  plain: [
    'not checked',
    'wait-free (RCU-like)',
    'spinning lock',
    'sleeping lock (mutex, rwsem or semaphore)',
    'task context, anything allowed',
  ],
  nesting: [
    'not checked',
    'wait-free (RCU-like)',
    'raw spinning lock (raw_spinlock_t or bit spinlock)',
    'spinlock_t or rwlock_t (sleeps on PREEMPT_RT)',
    'sleeping lock (mutex, rwsem or semaphore)',
    'task context, anything allowed',
  ],
};

/** One wait type number in words; both readings when the numbering is unknown. */
export function describeWaitType(type: number, numbering: WaitNumbering): string {
  if (numbering !== 'unknown') return WAIT_TYPE_WORDS[numbering][type] ?? `unknown wait type ${type}`;
  const plain = WAIT_TYPE_WORDS.plain[type];
  const nesting = WAIT_TYPE_WORDS.nesting[type];
  if (plain === nesting) return plain ?? `unknown wait type ${type}`;
  return `${plain ?? 'unknown'} without raw-lock nesting checks, ${nesting ?? 'unknown'} with them`;
}

/** `{2:2}` or `{3:2}`: one phrase when outer and inner agree, both otherwise. */
function describeWaitPair(wt: WaitTypes, numbering: WaitNumbering): string {
  if (wt.outer === wt.inner) return describeWaitType(wt.inner, numbering);
  return `taken as ${describeWaitType(wt.outer, numbering)}, allows inside ${describeWaitType(wt.inner, numbering)}`;
}

/** A lock as lockdep printed it, in words: `taken in softirq context with hardirqs on; spinning lock`. */
export function describeLock(lock: LockRecord, numbering: WaitNumbering): string {
  const parts: string[] = [];
  const usage = lock.usage === null ? null : decodeUsage(lock.usage);
  if (usage !== null) parts.push(usage.summary);
  if (lock.waitTypes !== null) parts.push(describeWaitPair(lock.waitTypes, numbering));
  return parts.join('; ');
}

/** `{+.-.}-{2:2}` as the kernel prints it. */
export function lockNotation(lock: LockRecord): string {
  const usage = lock.usage === null ? '' : `{${lock.usage.replace(/^\{|\}$/g, '')}}`;
  const wait = lock.waitTypes === null ? '' : `-{${lock.waitTypes.outer}:${lock.waitTypes.inner}}`;
  return `${usage}${wait}`;
}

/**
 * `context-{a:b}` of an invalid wait context: `task_wait_context()` of the current task, printed
 * twice. Task context is LD_WAIT_MAX; softirq and force-threaded hardirq are LD_WAIT_CONFIG;
 * hardirq is LD_WAIT_SPIN.
 */
export function describeWaitContext(ctx: WaitTypes, numbering: WaitNumbering): string {
  const v = ctx.inner;
  const label = `context-{${ctx.outer}:${ctx.inner}}`;
  if (numbering === 'plain') {
    if (v === 4) return `${label}: plain task context on a kernel without raw-lock nesting checks`;
    if (v === 2)
      return `${label}: irq or softirq context on a kernel without raw-lock nesting checks: only spinning locks allowed`;
  }
  if (numbering === 'nesting') {
    if (v === 5) return `${label}: plain task context on a kernel with raw-lock nesting checks`;
    if (v === 3)
      return `${label}: softirq or force-threaded irq handler: spinlock_t allowed, sleeping locks not`;
    if (v === 2) return `${label}: hardirq context: only raw spinlocks allowed`;
  }
  if (v === 2) return `${label}: irq or softirq context: only spinning locks allowed`;
  return `${label}: ${describeWaitType(v, numbering)}`;
}
