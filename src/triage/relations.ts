import { z } from 'zod';
import type { Report, ReportKind } from '../parse/report.js';

/**
 * How a report of a paste relates to the one the note leads with. Several reports in one paste are
 * rarely independent: the same report printed again, a second report from the same task, or a report
 * printed after an oops that left the kernel in a state that made it.
 */
export const ReportRelation = z.object({
  /** Index in `TriagePaste.notes` of the report this says something about. */
  note: z.number().int(),
  /** Index in `TriagePaste.notes` of the earlier report it relates to. */
  to: z.number().int(),
  kind: z.enum(['repeat', 'fatal-exception', 'after-oops', 'after-leak', 'same-task']),
  /** The relation in words, with what in the paste shows it. */
  words: z.string(),
});
export type ReportRelation = z.infer<typeof ReportRelation>;

/**
 * Kinds printed through die() (arch/x86/kernel/dumpstack.c `oops_end`, arch/arm64/kernel/traps.c
 * `die`): it sets taint D with LOCKDEP_NOW_UNRELIABLE, which turns lockdep off, and panics with
 * "Fatal exception" when the oops hit interrupt context or panic_on_oops is set.
 */
const OOPS_KINDS: ReadonlySet<ReportKind> = new Set(['null-deref', 'paging-fault', 'gpf', 'kernel-bug']);

/**
 * The order to show a paste's reports in: the earliest by printk timestamp first, since a later report
 * is often a consequence of an earlier one. Reports without a timestamp keep their paste order, and
 * so does every report when fewer than two have one.
 */
export function leadOrder(reports: readonly Pick<Report, 'time'>[]): number[] {
  const order = reports.map((_, i) => i);
  const timed = reports.filter((r) => r.time !== null).length;
  if (timed < 2) return order;
  // Array.prototype.sort is stable: ties and untimed reports keep the order they were pasted in.
  return order.sort((a, b) => (reports[a]?.time ?? Infinity) - (reports[b]?.time ?? Infinity));
}

/** Reports of tasks or CPUs that wait: a lock left held by an earlier report can be what they wait for. */
const WAITING_KINDS: ReadonlySet<ReportKind> = new Set(['hung-task', 'rcu-stall']);

type RelatedReport = Pick<Report, 'kind' | 'headline' | 'signature' | 'task' | 'taint' | 'time' | 'facts'>;

/** What each report after the first says about an earlier one; `reports` in the order shown. */
export function relateReports(reports: readonly RelatedReport[]): ReportRelation[] {
  const out: ReportRelation[] = [];
  reports.forEach((report, note) => {
    if (note === 0) return;
    const earlier = reports.slice(0, note);
    const repeat = earlier.findIndex((e) => e.signature === report.signature);
    if (repeat >= 0) {
      out.push({
        note,
        to: repeat,
        kind: 'repeat',
        words: `the same report as #${repeat + 1} again${after(report, reports[repeat])}`,
      });
      return;
    }
    const oops = lastIndex(earlier, (e) => OOPS_KINDS.has(e.kind));
    if (report.kind === 'panic' && report.headline.includes('Fatal exception') && oops >= 0) {
      const where = report.headline.includes('in interrupt')
        ? 'because the oops happened in interrupt context'
        : 'because panic_on_oops is set';
      out.push({
        note,
        to: oops,
        kind: 'fatal-exception',
        words: `the panic that ends the oops of #${oops + 1}${after(report, reports[oops])}, ${where}`,
      });
      return;
    }
    if (report.taint?.letters.includes('D') === true && oops >= 0) {
      out.push({
        note,
        to: oops,
        kind: 'after-oops',
        words:
          `printed after the oops of #${oops + 1}${after(report, reports[oops])} (taint D): a task that ` +
          'dies keeps what it held and lockdep is off from then on, so this report may be its consequence',
      });
      return;
    }
    const leak = lastIndex(earlier, (e) => e.kind === 'lockdep-held-at-return');
    const left = reports[leak]?.facts.locksHeld?.locks.map((l) => l.name) ?? [];
    if (WAITING_KINDS.has(report.kind) && leak >= 0 && left.length > 0) {
      out.push({
        note,
        to: leak,
        kind: 'after-leak',
        words:
          `printed after #${leak + 1} returned to user space holding ${left.join(', ')}` +
          `${after(report, reports[leak])}: a task blocked later may be waiting for that lock`,
      });
      return;
    }
    const task = taskName(report);
    const same = task === null ? -1 : earlier.findIndex((e) => taskName(e) === task);
    if (same >= 0 && task !== null) {
      out.push({
        note,
        to: same,
        kind: 'same-task',
        words: `the same task as #${same + 1} (${task})${after(report, reports[same])}`,
      });
    }
  });
  return out;
}

function lastIndex<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i] as T)) return i;
  return -1;
}

/** `comm/pid`, only when both were printed: a comm alone (`swapper`, `kworker`) names many tasks. */
function taskName(r: RelatedReport): string | null {
  const t = r.task;
  return t?.comm != null && t.pid !== null ? `${t.comm}/${t.pid}` : null;
}

function after(later: RelatedReport, earlier: RelatedReport | undefined): string {
  if (earlier === undefined || later.time === null || earlier.time === null) return '';
  const s = later.time - earlier.time;
  if (s < 0.001) return '';
  return `, ${s < 10 ? s.toFixed(3) : s.toFixed(1)} s later`;
}
