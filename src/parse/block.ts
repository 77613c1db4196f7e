import type { PasteLine } from './paste.js';
import type { Arch, Facts, Frame, ReportKind, Taint, Task } from './report.js';

/** One report's slice of a paste, as detection hands it to the title and fact readers. */
export interface ReportBlock {
  /** The report's lines in input order; other printk contexts' lines are already removed. */
  lines: readonly PasteLine[];
  /** Index in `lines` of the line holding the header. */
  header: number;
  /** The header of the oops table that matched that line (`BUG:`, `WARNING:`, ...). */
  headerText: string;
  /**
   * The same printk context's lines after a second report header that cut the block. syzkaller's
   * report runs on to the end of the log: with caller ids the title is looked for in all of that
   * task's output (a lockdep splat that faults while printing goes on in the oops's stack), and in
   * either case its stack checks read it, so a stack cut off by the next report makes it corrupted.
   */
  titleTail?: readonly PasteLine[];
  /**
   * The kind of the check message printed next to the header (`refcount_t: underflow; ...`,
   * `list_add corruption. ...`): what a WARNING or BUG that only says where it fired is about.
   */
  preludeKind?: ReportKind;
}

/** What the title reader makes of a block: the syzbot-compatible view. */
export interface ReportTitle {
  kind: ReportKind;
  title: string;
  altTitles: string[];
  corrupted: boolean;
  corruptedReason: string | null;
  guilty: string | null;
  /**
   * The guilty frame as the trace printed it: syzkaller's title trims syscall prefixes (`sys_`, `SyS_`,
   * `__x64_`...) and buckets aliases, which would rename a driver's `sys_work_func` to `work_func`.
   */
  guiltyFrame: string | null;
}

/** What the fact reader makes of a block: what a triager reads in it. */
export interface ReportDetails {
  facts: Facts;
  task: Task | null;
  taint: Taint | null;
  kernel: string | null;
  arch: Arch;
  frames: Frame[];
}
