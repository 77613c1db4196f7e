import type { Report } from '../parse/report.js';

/**
 * khungtaskd prints the lock list and the CPU backtraces once per scan, after every hung task it
 * found (kernel/hung_task.c, check_hung_uninterruptible_tasks: debug_show_all_locks() and
 * trigger_all_cpu_backtrace() after the loop), so the parser finds them inside the last report of the
 * run. Each earlier hung-task report of the same run, in paste order, gets them too: they describe
 * the whole system at the time of the scan.
 */
export function shareScanFacts(reports: readonly Report[]): Report[] {
  const out = [...reports];
  let end = out.length - 1;
  while (end >= 0) {
    let start = end;
    while (start > 0 && out[start - 1]?.kind === 'hung-task' && out[end]?.kind === 'hung-task') start--;
    const last = out[end];
    if (last !== undefined && last.kind === 'hung-task' && start < end) {
      const { heldLists, cpuBacktraces } = last.facts;
      for (let i = start; i < end; i++) {
        const r = out[i] as Report;
        out[i] = {
          ...r,
          facts: {
            ...r.facts,
            heldLists: r.facts.heldLists.length > 0 ? r.facts.heldLists : heldLists,
            cpuBacktraces: r.facts.cpuBacktraces.length > 0 ? r.facts.cpuBacktraces : cpuBacktraces,
          },
        };
      }
    }
    end = start - 1;
  }
  return out;
}
