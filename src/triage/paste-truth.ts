/**
 * Advice written for reports in general can state a condition this paste contradicts ("no lock list"
 * next to a lock list). Each row is a condition an advice text can state and how the report refutes it.
 */
import type { Report } from '../parse/report.js';
import { fullyPreemptible } from './report-facts.js';

interface Refutation {
  /** Words that state the condition, lower case. */
  says: readonly string[];
  refuted: (report: Report) => boolean;
}

const hasLockList = (r: Report): boolean => r.facts.locksHeld !== null || r.facts.heldLists.length > 0;

const REFUTATIONS: readonly Refutation[] = [
  { says: ['no lock list', 'without lockdep on this path'], refuted: hasLockList },
  // kind-guide's step for reports without a lock list. `INFO: lockdep is turned off.` is lockdep's own
  // line (kernel/locking/lockdep.c debug_show_held_locks()): it was built in, and an earlier report
  // cleared debug_locks, so a config change would list nothing more.
  {
    says: ['enable config_prove_locking so the report lists the locks held'],
    refuted: (r) => hasLockList(r) || r.facts.lockdepOff,
  },
  // kind-guide's step for atomic-context reports: the line it asks for is printed only with
  // CONFIG_DEBUG_PREEMPT (kernel/sched/core.c __might_resched(), __schedule_bug()).
  {
    says: ['the `preemption disabled at:` line then names'],
    refuted: (r) => r.facts.preemptionDisabledAt !== null,
  },
  { says: ['no module list'], refuted: (r) => r.facts.modules !== null },
  { says: ['no call trace'], refuted: (r) => r.frames.length > 0 },
  // A fully preemptible kernel preempts such a loop anyway (see fullyPreemptible).
  { says: ['cond_resched()'], refuted: (r) => fullyPreemptible(r.facts.preemptModel) },
];

/** Whether `text` states a condition that this report shows to be false. */
export function contradicted(text: string, report: Report): boolean {
  const lower = text.toLowerCase();
  return REFUTATIONS.some((r) => r.says.some((s) => lower.includes(s)) && r.refuted(report));
}
