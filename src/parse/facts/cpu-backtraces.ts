/**
 * `NMI backtrace for cpu 1` and `NMI backtrace for cpu 0 skipped: idling at native_safe_halt+0x6/0x10`
 * (lib/nmi_backtrace.c `nmi_cpu_backtrace`); the `CPU: ... PID: ... Comm: ...` line that follows names
 * the task on that CPU.
 */
import type { CpuBacktrace, Task } from '../report.js';
import { decimal } from './text.js';

const SKIPPED = ' skipped: ';

export class CpuBacktraces {
  readonly list: CpuBacktrace[] = [];
  /** The last backtrace still waits for its `CPU:` line. */
  private open = false;

  /** The text after `NMI backtrace for cpu `. */
  header(rest: string, line: number): void {
    const skippedAt = rest.indexOf(SKIPPED);
    const cpu = decimal(skippedAt < 0 ? rest.trim() : rest.slice(0, skippedAt));
    if (cpu === null) return;
    const skipped = skippedAt < 0 ? null : rest.slice(skippedAt + SKIPPED.length).trim();
    this.list.push({ cpu, task: null, skipped, line });
    this.open = skipped === null;
  }

  /** A dump's `CPU:` line: the task of the backtrace just opened. */
  cpuLine(task: Task): void {
    const last = this.list[this.list.length - 1];
    if (!this.open || last === undefined) return;
    this.open = false;
    if (task.cpu === last.cpu && task.comm !== null && task.pid !== null)
      last.task = `${task.comm}/${task.pid}`;
  }
}
