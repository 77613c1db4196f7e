/**
 * Lines of a report, besides its frames, that name a function the culprit may be: the header's own
 * function, `caller is`, the work item a worker was running and the place an idle CPU was parked.
 */
import type { ReportBlock } from './block.js';

/** A function a line of the report names, with that line (1-based) and its module when printed. */
export interface NamedFn {
  fn: string;
  module: string | null;
  line: number;
}

export interface CulpritHints {
  /** The function the header line names (`WARNING: ... at f.c:12 f+0x1/0x2`, `KASAN: ... in f+0x..`). */
  headerFn: NamedFn | null;
  /** `caller is f+0x..` of a preemptible-context report (lib/smp_processor_id.c). */
  callerIs: NamedFn | null;
  /** `Workqueue: events f [mod]`: the work function the reporting worker ran (kernel/workqueue.c print_worker_info()). */
  workFn: NamedFn | null;
  /** `NMI backtrace for cpu 1 skipped: idling at f+0x..` (lib/nmi_backtrace.c nmi_cpu_backtrace()). */
  idlingAt: NamedFn | null;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.$]{0,127}';
/** `name+0x` in a header line: the function a WARNING, KASAN or UBSAN header names. */
const HEADER_FN = new RegExp(`(${NAME})\\+0x[0-9a-f]`);
/**
 * `BUG: failure at kernel/irq_work.c:135/irq_work_run_list()!` (include/asm-generic/bug.h, BUG()
 * without an arch trap), 2.6's `BUG: warning at lib/kref.c:32/kref_get()` (WARN_ON()), and OpenZFS's
 * assertions, `PANIC at zfs_vfsops.c:400:zfs_space_delta_cb()` and `SPLError: ...(zap.c:444:zap_leaf_pageout())`.
 */
const HEADER_FILE_FN = new RegExp(`[\\w./-]{1,200}\\.[ch]:\\d+[:/](${NAME})\\(\\)`);
/** `BUG: KCSAN: data-race in f / g` (kernel/kcsan/report.c print_report()): the two racing functions. */
const KCSAN_PAIR = new RegExp(`KCSAN: [a-z :-]{1,40} in (${NAME}) / `);
const CALLER_IS = new RegExp(`^caller is (${NAME})\\+0x`);
const WORKQUEUE = new RegExp(`^Workqueue: \\S{1,64} (${NAME})(?: \\[([A-Za-z0-9_-]{1,64})\\])?`);
const IDLING = new RegExp(`^NMI backtrace for cpu \\d+ skipped: idling at (${NAME})\\+0x`);

export function readCulpritHints(block: ReportBlock): CulpritHints {
  const hints: CulpritHints = { headerFn: null, callerIs: null, workFn: null, idlingAt: null };
  const header = block.lines[block.header];
  if (header) {
    const m = headerFunction(header.text);
    if (m?.[1]) hints.headerFn = { fn: m[1], module: null, line: header.no };
  }
  for (const line of block.lines) {
    const text = line.text.trimStart();
    const first = text.charCodeAt(0);
    if (first === 0x63 /* c */ && hints.callerIs === null) {
      const m = CALLER_IS.exec(text);
      if (m?.[1]) hints.callerIs = { fn: m[1], module: null, line: line.no };
    } else if (first === 0x57 /* W */ && hints.workFn === null) {
      const m = WORKQUEUE.exec(text);
      if (m?.[1]) hints.workFn = { fn: m[1], module: m[2] ?? null, line: line.no };
    } else if (first === 0x4e /* N */ && hints.idlingAt === null) {
      const m = IDLING.exec(text);
      if (m?.[1]) hints.idlingAt = { fn: m[1], module: null, line: line.no };
    }
  }
  return hints;
}

/**
 * The first of `HEADER_FN`, `HEADER_FILE_FN` and `KCSAN_PAIR` that matches. Each is run only when the
 * text it needs is in the line: a name pattern tried at every character of a line without it costs
 * the line's length times the name's.
 */
function headerFunction(text: string): RegExpExecArray | null {
  return (
    (text.includes('+0x') ? HEADER_FN.exec(text) : null) ??
    (text.includes('()') ? HEADER_FILE_FN.exec(text) : null) ??
    (text.includes('KCSAN: ') ? KCSAN_PAIR.exec(text) : null)
  );
}
