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
  // kind-guide's step for reports without a lock list.
  { says: ['enable config_prove_locking so the report lists the locks held'], refuted: hasLockList },
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
