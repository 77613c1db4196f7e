/**
 * A report that shows no frame of its own may still sit next to the code to blame: its block was cut at
 * a blank line, a fence or the poster's prose, and its trace or register dump follows (a paste split
 * across fences, lockdep's `state was registered at:` trace after a mangled line, an xmon dump after
 * the console's fault line); or the line the kernel printed just before the header names the function
 * (`Missing ENDBR: f+0x4/0xc0`, a driver's `__func__:__LINE__` print); or, with no kernel frame in the
 * paste at all, the poster names it (`` `vc4_hvs_unbind()` reads ... ``). These readers run after
 * every rule on the report's own lines, and only where those gave nothing.
 */
import type { ReportBlock } from './block.js';
import { BlockLines } from './block-lines.js';
import { isGenericForCulprit, isGenericFrame, pickCulprit } from './culprit.js';
import { readCulpritHints } from './culprit-hints.js';
import { readDetails } from './details.js';
import { parseFrameLine, readableName } from './frames.js';
import { startsStack } from './oops-table.js';
import type { PasteLine } from './paste.js';
import type { Culprit, Report } from './report.js';

/** Where each input line lies in the paste and whether a report holds it: built once per paste. */
export class PasteIndex {
  private readonly owned: Uint8Array;

  constructor(
    readonly lines: readonly PasteLine[],
    reports: readonly Report[],
  ) {
    const last = lines.at(-1)?.no ?? 0;
    this.owned = new Uint8Array(last + 1);
    for (const r of reports) this.owned.fill(1, Math.max(r.lines.start, 0), Math.min(r.lines.end, last) + 1);
  }

  /** Index in `lines` of the first piece of input line `no`, or -1 (line numbers only grow along `lines`). */
  indexOf(no: number): number {
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.lines[mid] as PasteLine).no < no) lo = mid + 1;
      else hi = mid;
    }
    return this.lines[lo]?.no === no ? lo : -1;
  }

  /** Whether a report's block holds input line `no`. */
  isOwned(no: number): boolean {
    return this.owned[no] === 1;
  }
}

/** Most lines read below a report for its trace: a register dump, headings and a call trace fit. */
const MAX_LINES_BELOW = 120;

/**
 * The trace printed after a report's block, up to the next report: the report's lines and those below
 * are read again as one report, so every rule of its kind (the interrupted `pc`, the sleeping
 * function's caller) applies to the frames found there.
 */
export function culpritsFromTraceBelow(
  reports: Report[],
  blocks: readonly ReportBlock[],
  index: PasteIndex,
): Report[] {
  const { lines } = index;
  return retryWithLines(reports, blocks, "printed below the report's header", (report, i) => {
    const next = reports[i + 1]?.lines.start ?? Number.POSITIVE_INFINITY;
    const stop = Math.min(next, report.lines.end + MAX_LINES_BELOW + 1);
    const below: PasteLine[] = [];
    for (let j = index.indexOf(report.lines.end) + 1; j > 0 && j < lines.length; j++) {
      const line = lines[j] as PasteLine;
      if (line.no >= stop) break;
      if (line.no > report.lines.end && !line.isBreak) below.push(line);
    }
    return below.length === 0 ? null : below;
  });
}

/** Most lines read above a header for a log printed newest first. */
const MAX_REVERSED_ABOVE = 96;

/**
 * A log printed newest first (`journalctl -r`, `dmesg | tac`, a web viewer sorted by time) puts a
 * report's trace above its header, upside down: the frames, then `Call trace:`, then the registers.
 * When the lines above a report without frames hold a stack header below a frame, they are read again
 * in the kernel's order, after the report's own lines.
 */
export function culpritsFromReversedLog(
  reports: Report[],
  blocks: readonly ReportBlock[],
  index: PasteIndex,
): Report[] {
  const { lines } = index;
  return retryWithLines(reports, blocks, 'the log above is printed newest first', (report) => {
    const first = index.indexOf(report.lines.start);
    const above: PasteLine[] = [];
    let frameSeen = false;
    let reversed = false;
    for (let j = first - 1; j >= 0 && first - j <= MAX_REVERSED_ABOVE; j--) {
      const line = lines[j] as PasteLine;
      const text = line.text.trim();
      if (line.folded === true) continue;
      if (text === '' || line.isBreak || index.isOwned(line.no)) break;
      // Walking up, a stack header met before any frame and then frames above it: upside down.
      if (startsStack(text)) reversed ||= !frameSeen;
      else frameSeen ||= parseFrameLine(text) !== null;
      above.push(line);
    }
    return reversed && frameSeen ? above : null;
  });
}

/**
 * Seconds after a report's last stamped line within which the kernel is still printing that report: an
 * oops's register dump, trace and end-of-oops summary follow its header within milliseconds, even on a
 * 9600-baud serial console.
 */
const SAME_REPORT_SECONDS = 1;

/**
 * A paste put together out of order: the poster quotes the line they saw first (old x86's end-of-oops
 * summary `RIP  [<ffffffffa01b3fe3>] f+0xa/0x34 [mod]`, arch/x86/kernel/dumpstack.c __die() before
 * v4.x), then the log it came from, cut before the trace. Lines no report holds whose printk timestamps
 * fall inside a report's time (from its first stamp to a second after its last, and before any other
 * report starts) were printed as part of it: they are read again after its lines, in time order.
 */
export function culpritsFromSameMoment(
  reports: Report[],
  blocks: readonly ReportBlock[],
  index: PasteIndex,
): Report[] {
  const spans = reports.map((r) => timeSpan(r, index));
  /** The stamped lines no report holds, in time order (a stable sort keeps the paste's order in a tie). */
  let loose: PasteLine[] | null = null;
  return retryWithLines(
    reports,
    blocks,
    'printed within this report by its timestamp, pasted apart from it',
    (_, i) => {
      const span = spans[i];
      if (span === null || span === undefined) return null;
      let until = span.last + SAME_REPORT_SECONDS;
      for (const other of spans) {
        if (other !== null && other !== span && other.first > span.first)
          until = Math.min(until, other.first);
      }
      loose ??= index.lines
        .filter((l) => l.time !== null && !index.isOwned(l.no))
        .sort((a, b) => (a.time as number) - (b.time as number));
      const same: PasteLine[] = [];
      // A paste of nothing but stamped lines of one second (a flood of headers) would otherwise be
      // read again whole for each report: the oops's own dump and trace fit in as many lines as below.
      for (
        let k = firstAtOrAfter(loose, span.first);
        k < loose.length && same.length < MAX_LINES_BELOW;
        k++
      ) {
        const line = loose[k] as PasteLine;
        if ((line.time as number) > until) break;
        same.push(line);
      }
      return same.length === 0 ? null : same;
    },
  );
}

/** Index of the first of `lines` (sorted by time) stamped at `time` or later. */
function firstAtOrAfter(lines: readonly PasteLine[], time: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (((lines[mid] as PasteLine).time as number) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first and last printk timestamps of a report's lines, or null when none has one. */
function timeSpan(report: Report, index: PasteIndex): { first: number; last: number } | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const { lines } = index;
  for (let j = Math.max(index.indexOf(report.lines.start), 0); j < lines.length; j++) {
    const line = lines[j] as PasteLine;
    if (line.no > report.lines.end) break;
    if (line.time === null) continue;
    first = Math.min(first, line.time);
    last = Math.max(last, line.time);
  }
  return first <= last ? { first, last } : null;
}

/**
 * Each report without frames or culprit whose `extraLines` finds more of its trace is read again with
 * those lines after its block's; a culprit found there says where it came from (`note`).
 */
function retryWithLines(
  reports: Report[],
  blocks: readonly ReportBlock[],
  note: string,
  extraLines: (report: Report, i: number) => PasteLine[] | null,
): Report[] {
  reports.forEach((report, i) => {
    const block = blocks[i];
    if (report.culprit !== null || report.frames.length > 0 || block === undefined) return;
    const extra = extraLines(report, i);
    if (extra === null) return;
    const found = culpritOfBlock(report, { ...block, lines: [...block.lines, ...extra] });
    if (found) report.culprit = { ...found, why: `${found.why} (${note})` };
  });
  return reports;
}

/** A report's culprit read from other lines than its own block's, with every rule of its kind. */
function culpritOfBlock(report: Report, block: ReportBlock): Culprit | null {
  const details = readDetails(block, new BlockLines(block));
  if (details.frames.length === 0 && details.facts.rip === null && details.facts.pc === null) return null;
  return pickCulprit({
    kind: report.kind,
    ...readCulpritHints(block),
    guilty: null,
    frames: details.frames,
    facts: details.facts,
    taint: report.taint ?? details.taint,
  });
}

/** Lines read above a header for a message naming a function: the report's own preamble. */
const MAX_MESSAGES_ABOVE = 8;
const NAME = '[A-Za-z_][A-Za-z0-9_.]{0,127}';
/** `Missing ENDBR: f+0x4/0xc0` (arch/x86/kernel/cet.c do_kernel_cp_fault()), `%pS` of any message. */
const SYMBOL_OFFSET = new RegExp(`(?:^|[\\s:(<])(${NAME})\\+0x[0-9a-f]`);
/**
 * `WARN::hcd_init_fiq:459: ...` and `RTW: expire_timeout_chk(wlx..) ...`: a driver that prints
 * `__func__` with its line or its arguments. A C function name in such a print has an underscore; a
 * plain word (`addr:80:`) is text.
 */
const FUNC_PRINT = new RegExp(`(?:^|[\\s:])(${NAME})(?::\\d{1,6}:|\\()`);

/**
 * A report whose block and trace show no function: the nearest line printed just above its header,
 * in the same log (up to a blank line, a fence or another report), that names one.
 */
export function culpritsFromMessagesAbove(reports: Report[], index: PasteIndex): Report[] {
  const { lines } = index;
  for (const report of reports) {
    const bare = report.culprit === null && report.frames.length === 0;
    // A report that shows only generic code (`RIP: do_kernel_cp_fault`, `refcount_error_report` in the
    // header) gives way to a symbol the message before it prints (`Missing ENDBR: f+0x0/0xc0`).
    const generic =
      report.culprit !== null &&
      isGenericForCulprit(report.culprit.fn) &&
      report.frames.every((f) => isGenericFrame(f));
    if (!bare && !generic) continue;
    const first = index.indexOf(report.lines.start);
    for (let j = first - 1; j >= 0 && first - j <= MAX_MESSAGES_ABOVE; j--) {
      const line = lines[j] as PasteLine;
      const text = line.text.trim();
      // A frame line is a trace, which `culpritsFromTraceAbove` reads with its own rules.
      // Another program's syslog line (`sudo[2460]: pam_unix(sudo:session): ...`) is not a message
      // the kernel printed: its names are user space's.
      if (line.folded === true || line.ctx === 'foreign') continue;
      if (text === '' || line.isBreak || index.isOwned(line.no) || parseFrameLine(text) !== null) break;
      const fn = namedFunction(text, !bare);
      if (fn) {
        report.culprit = {
          fn,
          module: null,
          why: bare
            ? 'the function the message printed just before the report names; the paste shows no frame'
            : 'the function the message printed just before the report names; the report shows only generic code',
          line: line.no,
        };
        break;
      }
    }
  }
  return reports;
}

/** The function a message names: a `%pS` symbol, or unless `symbolOnly` a `__func__` print. */
function namedFunction(text: string, symbolOnly: boolean): string | null {
  const symbol = SYMBOL_OFFSET.exec(text)?.[1];
  if (symbol && !isGenericForCulprit(symbol)) return readableName(symbol);
  if (symbolOnly) return null;
  const printed = FUNC_PRINT.exec(text)?.[1];
  if (printed && printed.includes('_') && !SOURCE_FILE.test(printed) && !isGenericForCulprit(printed)) {
    return printed;
  }
  return null;
}

/**
 * A source file's name: `tst_fill_fs.c:109: TINFO: ...` is a program's `file:line:` (LTP's tst_res(), a
 * compiler's diagnostic), not a function printing `__func__`; no C function's name ends in `.c`.
 */
const SOURCE_FILE = /\.(?:c|h|cc|cpp|S|rs)$/;

/** `name()` in the poster's prose, backticked or not: how people name the function they suspect. */
const PROSE_CALL = new RegExp(`(?:^|[\\s\`'"(])(${NAME})\\(\\)`, 'g');

/**
 * A paste with no kernel frame at all whose poster names functions: the first one named outside the
 * reports, when no report of the paste has a culprit of its own (a culprit in the paste is a better
 * start than any prose).
 */
export function culpritsFromProse(reports: Report[], index: PasteIndex): Report[] {
  if (reports.length === 0 || reports.some((r) => r.culprit !== null || r.frames.length > 0)) return reports;
  const named = proseFunction(index);
  if (named === null) return reports;
  for (const report of reports) report.culprit = named;
  return reports;
}

/**
 * A lower-case name of three words or more joined by underscores (`efcp_connection_create`): how a
 * poster writes a function without its parentheses; shorter ones (`spin_lock`, `rtw_8822ce`) are as
 * often words of a log line or a driver's name. A name a dot and a letter follow is a file's
 * (`tst_fill_fs.c:109:`), a dot alone ends the sentence.
 */
const PROSE_NAME =
  /(?:^|[\s`'"(,])([a-z][a-z0-9]{0,40}_[a-z0-9]{1,40}_[a-z0-9_]{1,80})(?=[\s`'",:;)]|\.(?![A-Za-z0-9])|$)/g;

/**
 * A kernel text location written out, `f+0x170/0x2b8`, in a summary the poster copies from elsewhere
 * (a phone's ramdump reason, `KP: Oops: Fatal exception: comm:x PC:__sock_create+0x170/0x2b8`): `%pS`
 * output, so a function of the kernel whatever the sentence around it.
 */
const PROSE_SYMBOL = new RegExp(`(?:^|[\\s:(<])(${NAME})\\+0x[0-9a-f]{1,8}/0x[0-9a-f]`, 'g');

/** Each prose pattern with text every match of it holds: lines without it are not searched. */
const PROSE_PATTERNS = [
  [PROSE_SYMBOL, '+0x'],
  [PROSE_CALL, '()'],
  [PROSE_NAME, '_'],
] as const;

const NAMES_ONLY = /^[\s>]*\w+(?:\s+\w+)*\s*$/;

/**
 * modinfo's rows (`parm:           rtw_chip_version:int`, `depends:`, `alias:`): a module's parameter
 * and symbol names, not a function the poster names.
 */
const MODINFO_ROW = /^\s*(?:parm|depends|alias|filename|vermagic|srcversion|softdep|firmware|name):\s/;

function proseFunction(index: PasteIndex): Culprit | null {
  // Another program's syslog line is neither the kernel's nor the poster's words.
  const prose = index.lines.filter(
    (l) => !index.isOwned(l.no) && l.ctx !== 'foreign' && l.time === null && l.logged !== true,
  );
  for (const [pattern, needs] of PROSE_PATTERNS) {
    for (const line of prose) {
      if (!line.text.includes(needs)) continue;
      // A line of bare names is a module list or a log line's wrapped tail, not a sentence.
      if (pattern === PROSE_NAME && (NAMES_ONLY.test(line.text) || MODINFO_ROW.test(line.text))) continue;
      for (const m of line.text.matchAll(pattern)) {
        const fn = m[1];
        if (fn && fn.includes('_') && !isGenericForCulprit(fn)) {
          return {
            fn,
            module: null,
            why: 'the function the poster names; the paste shows no frame',
            line: line.no,
          };
        }
      }
    }
  }
  return null;
}
