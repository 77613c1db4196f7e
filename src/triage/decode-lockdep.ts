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
  const write = phrase(false);
  const read = phrase(true);
  if (write === null && read === null) return 'no irq-related use recorded yet';
  return [write, read].filter((p) => p !== null).join('; ');
}

/**
 * How a kernel numbers `enum lockdep_wait_type`. With CONFIG_PROVE_RAW_LOCK_NESTING, spinlock_t
 * (LD_WAIT_CONFIG) gets its own number 3 and everything above shifts by one; without it,
 * LD_WAIT_CONFIG equals LD_WAIT_SPIN.
 */
export type WaitNumbering = 'plain' | 'nesting' | 'unknown';

export interface NumberingDecision {
  numbering: WaitNumbering;
  /** The reading that decided it, in words; null when nothing in the splat did. */
  because: string | null;
  /** What decided it: `context-{a:b}` explains itself, a lock class needs saying. */
  from: 'context' | 'lock' | null;
}

/**
 * Lock classes whose lock type never changes, so their printed wait type gives the numbering away;
 * the first one found in the splat decides. `&dev->mutex` is left out on purpose: it names the shared
 * novalidate class, which other locks borrow.
 */
const KNOWN_CLASSES: ReadonlyArray<{ name: string; type: 'sleep' | 'config' }> = [
  { name: 'rtnl_mutex', type: 'sleep' },
  { name: 'cpu_hotplug_lock', type: 'sleep' },
  { name: 'pernet_ops_rwsem', type: 'sleep' },
  { name: '&mm->mmap_lock', type: 'sleep' },
  { name: '&dev->tx_global_lock', type: 'config' },
  { name: '&txq->_xmit_lock', type: 'config' },
];

/** Each wait type's number under both numberings. */
const WAIT_NUMBER = {
  plain: { sleep: 3, config: 2, max: 4 },
  nesting: { sleep: 4, config: 3, max: 5 },
} as const;

/**
 * Decides the numbering from the same splat: a 5 exists only with nesting checks; `context-{a:b}`
 * can only be LD_WAIT_MAX, CONFIG or SPIN; a known class pins its own type.
 */
export function decideWaitNumbering(
  locks: readonly LockRecord[],
  context: WaitTypes | null,
): NumberingDecision {
  const five = locks.find(
    (l) => l.waitTypes !== null && (l.waitTypes.outer === 5 || l.waitTypes.inner === 5),
  );
  if (five !== undefined) {
    return {
      numbering: 'nesting',
      because: `${five.name} shows wait type 5, which only exists with nesting checks`,
      from: 'lock',
    };
  }
  if (context !== null) {
    if (context.inner === 5)
      return {
        numbering: 'nesting',
        because: 'context-{5:5} is task context with nesting checks',
        from: 'context',
      };
    if (context.inner === 4)
      return {
        numbering: 'plain',
        because: 'context-{4:4} is task context without nesting checks',
        from: 'context',
      };
    if (context.inner === 3)
      return {
        numbering: 'nesting',
        because: 'context-{3:3} is only possible with nesting checks',
        from: 'context',
      };
  }
  for (const known of KNOWN_CLASSES) {
    const lock = locks.find((l) => l.waitTypes !== null && baseClass(l.name) === known.name);
    if (lock?.waitTypes == null) continue;
    const inner = lock.waitTypes.inner;
    if (inner === WAIT_NUMBER.plain[known.type]) {
      return {
        numbering: 'plain',
        because: `${lock.name} shows {${inner}:${inner}}, as it does without nesting checks`,
        from: 'lock',
      };
    }
    if (inner === WAIT_NUMBER.nesting[known.type]) {
      return {
        numbering: 'nesting',
        because: `${lock.name} shows {${inner}:${inner}}, as it does with nesting checks`,
        from: 'lock',
      };
    }
  }
  return { numbering: 'unknown', because: null, from: null };
}

/** `&dev->mutex#2` and `&dev->mutex/1` share the class family of `&dev->mutex`. */
function baseClass(name: string): string {
  return name.replace(/(#\d+)?(\/\d+)?$/, '');
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
