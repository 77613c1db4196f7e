/**
 * Lines of a report, besides its frames, that name a function the culprit may be: the header's own
 * function, `caller is`, the work item a worker was running and the place an idle CPU was parked.
 */
import type { ReportBlock } from './block.js';
import type { PasteLine } from './paste.js';
import { isSharedHeader } from './shared-header.js';
import { parseFrameLine } from './frames.js';

/** A function a line of the report names, with that line (1-based) and its module when printed. */
export interface NamedFn {
  fn: string;
  module: string | null;
  line: number;
}

export interface CulpritHints {
  /** The function the header line names (`WARNING: ... at f.c:12 f+0x1/0x2`, `KASAN: ... in f+0x..`). */
  headerFn: NamedFn | null;
  /** The function a header wrapped onto the next line names: it counts only when it is not generic. */
  wrappedHeaderFn: NamedFn | null;
  /** `caller is f+0x..` of a preemptible-context report (lib/smp_processor_id.c). */
  callerIs: NamedFn | null;
  /** `Workqueue: events f [mod]`: the work function the reporting worker ran (kernel/workqueue.c print_worker_info()). */
  workFn: NamedFn | null;
  /** `NMI backtrace for cpu 1 skipped: idling at f+0x..` (lib/nmi_backtrace.c nmi_cpu_backtrace()). */
  idlingAt: NamedFn | null;
  /**
   * `in-flight: 1234:f` of a stuck worker pool (kernel/workqueue.c show_pwq(), pr_cont_worker_id()):
   * the work function a worker of the pool is running.
   */
  inFlight: NamedFn | null;
  /**
   * `Allocated in f+0x../0x.. age=4 cpu=0 pid=154` of a slab corruption report (mm/slub.c print_track(),
   * also after `INFO: ` before v5.x): the code that allocated the object whose red zone or poison was
   * overwritten, when the report prints no stacks.
   */
  allocatedIn: NamedFn | null;
  /**
   * A decoded register line that opens with shared-header helpers (`epc : __nr_to_section
   * include/linux/mmzone.h:1396 [inline]` ... `epc : copy_page_range+0x1ade/0x236c mm/memory.c:1294`):
   * the first function of the chain outside the headers, and the helper the line names first.
   */
  pcOutsideHeaders: (NamedFn & { helper: string }) | null;
  /**
   * s390's `Last Breaking-Event-Address:` frame (arch/s390/kernel/dumpstack.c show_last_breaking_event()):
   * the last branch taken before the report, which made the jump when the PSW holds no symbol.
   */
  lastBreak: NamedFn | null;
  /**
   * `stack-protector: Kernel stack is corrupted in: f+0x..` (kernel/panic.c __stack_chk_fail(), `%pB` of
   * its return address): the function whose canary was overwritten, generic code or not.
   */
  stackSmashedIn: NamedFn | null;
  /**
   * The fault was an instruction fetch (x86 `#PF: supervisor instruction fetch`, error code bit 4
   * X86_PF_INSTR in `Oops: 0011`, NX; arm64 `execute from non-executable memory`; powerpc `kernel
   * instruction fetch`): the pc is where a bad pointer led (a data object, freed code), not code that ran.
   */
  fetchFault: boolean;
  /**
   * Lines of frames a symbolizer marked ` [inline]` (syzkaller's reports): the function named is the
   * inlined one, where decode_stacktrace.sh's `f (include/x.h:1 y.c:2)` names the real function.
   */
  inlineLines: ReadonlySet<number>;
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
/**
 * WARN_ON() before v2.6.19 (include/asm-generic/bug.h of those kernels): `Badness in %s at %s:%d`, the
 * function the check fired in by name.
 */
const BADNESS_FN = new RegExp(`^Badness in (${NAME}) at [\\w./-]{1,200}\\.[ch]:\\d`);
/** `BUG: KCSAN: data-race in f / g` (kernel/kcsan/report.c print_report()): the two racing functions. */
const KCSAN_PAIR = new RegExp(`KCSAN: [a-z :-]{1,40} in (${NAME}) / `);
const CALLER_IS = new RegExp(`^caller is (${NAME})\\+0x`);
const WORKQUEUE = new RegExp(`^Workqueue: \\S{1,64} (${NAME})(?: \\[([A-Za-z0-9_-]{1,64})\\])?`);
const IDLING = new RegExp(`^NMI backtrace for cpu \\d+ skipped: idling at (${NAME})\\+0x`);
const IN_FLIGHT = new RegExp(`in-flight: (?:\\d{1,10}(?:\\(RESCUER\\))?|bh(?:-hi)?):(${NAME})`);
const ALLOCATED_IN = new RegExp(
  `^(?:INFO: )?Allocated in (${NAME})\\+0x[0-9a-f]{1,16}/0x[0-9a-f]{1,16}(?: \\[([A-Za-z0-9_-]{1,64})\\])? age=`,
);
const LAST_BREAK = 'Last Breaking-Event-Address:';
const STACK_PROTECTOR = 'stack-protector: ';
const SMASHED_IN = 'corrupted in: ';
/** The function after `corrupted in: `, with its module when printed (`f+0x158/0x158 [test_ubsan]`). */
const SMASHED_FN = new RegExp(
  `^(${NAME})\\+0x[0-9a-f]{1,16}/0x[0-9a-f]{1,16}(?: \\[([A-Za-z0-9_-]{1,64})\\])?`,
);
/**
 * The lines that say a kernel fault was an instruction fetch: arch/x86/mm/fault.c show_fault_oops()
 * (`#PF: supervisor instruction fetch in kernel mode`, `kernel tried to execute NX-protected page`),
 * arch/arm64/mm/fault.c __do_kernel_fault(), arch/powerpc/mm/fault.c bad_kernel_fault() (`kernel tried
 * to execute exec-protected page (%lx)`, `... user page`) and __bad_page_fault() (`BUG: Unable to handle
 * kernel instruction fetch`).
 */
const FETCH_FAULT_TEXTS = [
  '#PF: supervisor instruction fetch',
  'kernel tried to execute NX-protected page',
  'kernel tried to execute exec-protected page',
  'kernel tried to execute user page',
  'Unable to handle kernel execute from non-executable memory',
  'Unable to handle kernel instruction fetch',
  'BUG: Unable to handle kernel instruction fetch',
];
/**
 * x86's die line for a page fault (arch/x86/kernel/dumpstack.c __die_header(): `Oops: %04lx`, on newer
 * kernels `Oops: Oops: %04lx`): the error code's bit 4 (X86_PF_INSTR, arch/x86/include/asm/trap_pf.h)
 * is the odd second-last digit.
 */
const X86_PF_DIE = /^(?:Oops: )?Oops: [0-9a-f]{2}([0-9a-f])[0-9a-f] \[#/;
/** Lines below the header the panic message may have been wrapped onto. */
const SMASHED_WRAP_LINES = 2;
/** The register labels a symbolizer expands into an inline chain, one line per function. */
const DECODED_PC_LABELS = ['RIP: 0010:', 'pc : ', 'epc : ', 'ERA: '] as const;
const PC_LABEL_STARTS = new Set(DECODED_PC_LABELS.map((l) => l.charCodeAt(0)));

export function readCulpritHints(block: ReportBlock): CulpritHints {
  const hints: CulpritHints = {
    headerFn: null,
    wrappedHeaderFn: null,
    callerIs: null,
    workFn: null,
    idlingAt: null,
    inFlight: null,
    allocatedIn: null,
    pcOutsideHeaders: null,
    lastBreak: null,
    stackSmashedIn: null,
    fetchFault: false,
    inlineLines: new Set(),
  };
  const inline = new Set<number>();
  /** Register lines a symbolizer marked inline: only then is there a chain to read. */
  let pcLines = 0;
  const header = block.lines[block.header];
  if (header) {
    for (const [i, text] of headerTexts(header, block.lines[block.header + 1]).entries()) {
      const m = headerFunction(text);
      if (m?.[1]) {
        hints[i === 0 ? 'headerFn' : 'wrappedHeaderFn'] = { fn: m[1], module: null, line: header.no };
        break;
      }
    }
  }
  for (let i = 0; i < block.lines.length; i++) {
    const line = block.lines[i] as PasteLine;
    // The line is read from its first character past leading blanks, without cutting them off: most
    // lines of a trace are indented, and only the few a pattern below is run on are cut.
    const { text } = line;
    const at = trimmedStart(text);
    const first = text.charCodeAt(at);
    if (text.charCodeAt(text.length - 1) === 0x5d /* ] */ && endsAfter(text, at, INLINE)) {
      inline.add(line.no);
      if (PC_LABEL_STARTS.has(first)) pcLines++;
    }
    if (!hints.fetchFault && isFetchFault(text, at)) hints.fetchFault = true;
    // Each pattern below begins with the text its gate looks for, or holds it (`in-flight: `).
    if (first === 0x4c /* L */ && hints.lastBreak === null && text.startsWith(LAST_BREAK, at)) {
      const next = block.lines[i + 1];
      const frame = next && parseFrameLine(next.text)?.[0];
      if (next && frame) hints.lastBreak = { fn: frame.fn, module: frame.module, line: next.no };
    } else if (first === 0x63 /* c */ && hints.callerIs === null) {
      const m = text.startsWith('caller is ', at) ? CALLER_IS.exec(text.slice(at)) : null;
      if (m?.[1]) hints.callerIs = { fn: m[1], module: null, line: line.no };
    } else if (first === 0x57 /* W */ && hints.workFn === null) {
      const m = text.startsWith('Workqueue: ', at) ? WORKQUEUE.exec(text.slice(at)) : null;
      if (m?.[1]) hints.workFn = { fn: m[1], module: m[2] ?? null, line: line.no };
    } else if (first === 0x4e /* N */ && hints.idlingAt === null) {
      const m = text.startsWith('NMI backtrace for cpu ', at) ? IDLING.exec(text.slice(at)) : null;
      if (m?.[1]) hints.idlingAt = { fn: m[1], module: null, line: line.no };
    } else if (first === 0x69 /* i */ && hints.inFlight === null) {
      const m = text.includes('in-flight: ', at) ? IN_FLIGHT.exec(text.slice(at)) : null;
      if (m?.[1]) hints.inFlight = { fn: m[1], module: null, line: line.no };
    } else if ((first === 0x41 /* A */ || first === 0x49) /* I */ && hints.allocatedIn === null) {
      const allocated = text.startsWith('Allocated in ', at) || text.startsWith('INFO: Allocated in ', at);
      const m = allocated ? ALLOCATED_IN.exec(text.slice(at)) : null;
      if (m?.[1]) hints.allocatedIn = { fn: m[1], module: m[2] ?? null, line: line.no };
    }
  }
  hints.stackSmashedIn = smashedFunction(block);
  hints.pcOutsideHeaders = pcLines === 0 ? null : decodedPcChain(block);
  hints.inlineLines = inline;
  return hints;
}

/** `foo_bar+0x` cut at the end of a header line: the symbol goes on on the next. */
const CUT_SYMBOL = /\+(?:0x?[0-9a-f]{0,8})?$/;
/** `... at drivers/foo/bar.c:123` and nothing after: the function was wrapped onto the next line. */
const CUT_AFTER_SOURCE = /\.[ch]:\d{1,6}$/;
const SYMBOL_START = new RegExp(`^${NAME}\\+0x`);

/** `... at /tmp/build/nvidia-kmod-x8`: the header stops inside the path of a WARNING's `at file:line`. */
function endsInPath(text: string): boolean {
  const at = text.lastIndexOf(' at ');
  return at >= 0 && !text.includes(' ', at + 4);
}

/**
 * The header line, and when a terminal or a mail client wrapped it before or inside the function it
 * names, the header joined with the line after it: the wrapped tail carries no logger prefix of its
 * own (a journal's `kernel:` line followed by a bare one), the header stops inside a symbol's offset, or
 * it stops after `file.c:123` where the function follows.
 */
function headerTexts(header: PasteLine, next: PasteLine | undefined): string[] {
  const texts = [header.text];
  if (next === undefined || next.isBreak) return texts;
  const tail = next.text.trim();
  const end = header.text.trimEnd();
  if (tail === '') return texts;
  const prefixed = header.logged === true || header.time !== null;
  const bare = next.logged !== true && next.time === null;
  if (CUT_SYMBOL.test(end) || (prefixed && bare && endsInPath(end))) texts.push(end + tail);
  else if (CUT_AFTER_SOURCE.test(end) && SYMBOL_START.test(tail)) texts.push(`${end} ${tail}`);
  return texts;
}

/** Whether the line `text`, read from `at`, says the fault was an instruction fetch. */
function isFetchFault(text: string, at: number): boolean {
  const first = text.charCodeAt(at);
  if (first === 0x4f /* O */) {
    const digit = X86_PF_DIE.exec(text.slice(at))?.[1];
    return digit !== undefined && (Number.parseInt(digit, 16) & 1) === 1;
  }
  if (first !== 0x23 /* # */ && first !== 0x6b /* k */ && first !== 0x55 /* U */ && first !== 0x42 /* B */) {
    return false;
  }
  for (const t of FETCH_FAULT_TEXTS) if (text.startsWith(t, at)) return true;
  return false;
}

/** A symbolizer's mark on a frame it expanded from an inlined function. */
const INLINE = ' [inline]';

/** Whether `text` read from `at` ends with `end`: `text.slice(at).endsWith(end)` without the slice. */
function endsAfter(text: string, at: number, end: string): boolean {
  return text.length - at >= end.length && text.endsWith(end);
}

/** `\s` is the set of characters `trimStart` removes (WhiteSpace and LineTerminator, ECMA-262). */
const BLANK = /\s/;

/** Index of the first character `trimStart` keeps: `text.trimStart()` is `text.slice(trimmedStart(text))`. */
function trimmedStart(text: string): number {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80 || !BLANK.test(text.charAt(i))) break;
  }
  return i;
}

/** The function a stack-protector panic names, read from its header or the lines it was wrapped onto. */
function smashedFunction(block: ReportBlock): NamedFn | null {
  const header = block.lines[block.header];
  if (!header?.text.includes(STACK_PROTECTOR)) return null;
  const lines = block.lines.slice(block.header, block.header + 1 + SMASHED_WRAP_LINES);
  for (const line of lines) {
    const at = line.text.indexOf(SMASHED_IN);
    if (at < 0) continue;
    const m = SMASHED_FN.exec(line.text.slice(at + SMASHED_IN.length));
    return m?.[1] ? { fn: m[1], module: m[2] ?? null, line: line.no } : null;
  }
  return null;
}

/** The first decoded register chain of the block, when it opens with shared-header helpers. */
function decodedPcChain(block: ReportBlock): (NamedFn & { helper: string }) | null {
  let label: string | null = null;
  let helper: string | null = null;
  for (const line of block.lines) {
    const text = line.text.trimStart();
    if (label === null && !PC_LABEL_STARTS.has(text.charCodeAt(0))) continue;
    const at: string | undefined = label ?? DECODED_PC_LABELS.find((l) => text.startsWith(l));
    if (at === undefined) continue;
    if (!text.startsWith(at)) return null;
    const frame = parseFrameLine(text.slice(at.length))?.[0];
    if (!frame?.source) return null;
    if (!isSharedHeader(frame.source)) {
      return helper === null ? null : { fn: frame.fn, module: frame.module, line: line.no, helper };
    }
    label = at;
    helper ??= frame.fn;
  }
  return null;
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
    (text.startsWith('Badness in ') ? BADNESS_FN.exec(text) : null) ??
    (text.includes('KCSAN: ') ? KCSAN_PAIR.exec(text) : null)
  );
}
