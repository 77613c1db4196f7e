import type { LockRecord, WaitTypes } from '../report.js';

/**
 * How a kernel numbers `enum lockdep_wait_type` (include/linux/lockdep_types.h, 6.12). With
 * CONFIG_PROVE_RAW_LOCK_NESTING, LD_WAIT_CONFIG (spinlock_t, rwlock_t, local_lock) gets its own number 3
 * and LD_WAIT_SLEEP and LD_WAIT_MAX shift to 4 and 5; without it, LD_WAIT_CONFIG equals LD_WAIT_SPIN (2).
 */
export type WaitNumbering = 'plain' | 'nesting' | 'unknown';

export interface NumberingDecision {
  numbering: WaitNumbering;
  /** The reading that decided it, in words; null when nothing in the splat did. */
  because: string | null;
  /** What decided it: `context-{a:b}` explains itself, a lock class needs saying. */
  from: 'context' | 'lock' | null;
}

/** Each wait type's number under both numberings. */
export const WAIT_NUMBER = {
  plain: { free: 1, spin: 2, config: 2, sleep: 3, max: 4 },
  nesting: { free: 1, spin: 2, config: 3, sleep: 4, max: 5 },
} as const;

/**
 * Lock classes whose inner wait type never changes, so their printed `{outer:inner}` gives the
 * numbering away; the first one found in the splat decides. `rcu_read_lock` and `rcu_read_lock_bh` are
 * `{LD_WAIT_FREE:LD_WAIT_CONFIG}` (kernel/rcu/update.c `rcu_lock_map`, `rcu_bh_lock_map`): `{1:3}` proves
 * the nesting numbering, `{1:2}` the plain one. `&dev->mutex` is left out on purpose: it names the shared
 * novalidate class, which other locks borrow.
 */
const KNOWN_CLASSES: ReadonlyArray<{ name: string; type: 'sleep' | 'config' }> = [
  { name: 'rcu_read_lock', type: 'config' },
  { name: 'rcu_read_lock_bh', type: 'config' },
  { name: 'rtnl_mutex', type: 'sleep' },
  { name: 'cpu_hotplug_lock', type: 'sleep' },
  { name: 'pernet_ops_rwsem', type: 'sleep' },
  { name: '&mm->mmap_lock', type: 'sleep' },
  { name: '&dev->tx_global_lock', type: 'config' },
  { name: '&txq->_xmit_lock', type: 'config' },
];

/**
 * Decides the numbering from the same splat: a 4 or 5 on a lock exists only with nesting checks (a lock
 * is at most LD_WAIT_SLEEP, 3 without them); `context-{a:b}` can only be LD_WAIT_MAX, CONFIG or SPIN
 * (kernel/locking/lockdep.c `task_wait_context`); a known class pins its own type.
 */
export function decideWaitNumbering(
  locks: readonly LockRecord[],
  context: WaitTypes | null,
): NumberingDecision {
  const high = locks.find((l) => l.waitTypes !== null && Math.max(l.waitTypes.outer, l.waitTypes.inner) >= 4);
  if (high?.waitTypes != null) {
    const n = Math.max(high.waitTypes.outer, high.waitTypes.inner);
    return {
      numbering: 'nesting',
      because: `${high.name} shows wait type ${n}, which a lock only has with nesting checks`,
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
    const { outer, inner } = lock.waitTypes;
    for (const numbering of ['plain', 'nesting'] as const) {
      if (inner === WAIT_NUMBER[numbering][known.type]) {
        const how = numbering === 'plain' ? 'without' : 'with';
        return {
          numbering,
          because: `${lock.name} shows {${outer}:${inner}}, as it does ${how} nesting checks`,
          from: 'lock',
        };
      }
    }
  }
  return { numbering: 'unknown', because: null, from: null };
}

/** `&dev->mutex#2` and `&dev->mutex/1` share the class family of `&dev->mutex`. */
function baseClass(name: string): string {
  return name.replace(/(#\d+)?(\/\d+)?$/, '');
}
