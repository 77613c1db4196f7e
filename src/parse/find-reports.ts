/**
 * Finds every kernel report in a paste and cuts it out: which lines hold a report header, which lines
 * belong to each report, where each one ends.
 */
import type { ReportBlock } from './block.js';
import { parseFrameLine } from './frames.js';
import { headersIn, mayContainReport } from './header-words.js';
import { HEADER_ONLY_LINES, MAX_REPORT_LINES, MAX_REPORTS } from './limits.js';
import { CONTINUATION_LINES, EXCERPT_HEADERS, isDieLine, OOPS_TABLE, type OopsHeader } from './oops-table.js';
import { pieceAfter, type Paste, type PasteLine } from './paste.js';
import type { ReportKind } from './report.js';

export { HEADER_WORDS, mayContainReport } from './header-words.js';

interface HeaderHit {
  header: OopsHeader;
  continuation: boolean;
  /** A die() line: a continuation only within DIE_WINDOW lines of the header it follows. */
  die: boolean;
  /** The kind of the check message printed next to this header (`list_del corruption. ...`). */
  preludeKind?: ReportKind;
}

/** syzkaller's console replays a record that was interrupted; the replayed copy is the real one. */
const REPLAY = '** replaying previous printk message **';
/**
 * liblockdep (tools/lib/lockdep from v3.14, since removed from the tree) ran the kernel's lockdep in
 * user space and printed its reports with `liblockdep <version>` where the kernel prints its release:
 * a program's bug, not the kernel's.
 */
const LIBLOCKDEP = /^liblockdep \d/;
/** Lines that say the text around a bare, unknown header is kernel output. */
const KERNEL_EVIDENCE =
  /(?:^|\s)CPU: \d+ (?:UID: \d+ )?PID: \d+|(?:^|\s)Call (?:[Tt]race|backtrace):|^Hardware name: |^RIP: |^pc : |^Modules linked in:|^Kernel Offset:|\[ cut here \]/;
/**
 * sparc's fault line is followed by its task's MMU context (arch/sparc/mm/fault_64.c and fault_32.c
 * unhandled_fault()), which no other text prints.
 */
const SPARC_FAULT_CONTEXT = 'tsk->{mm,active_mm}->context = ';
const EVIDENCE_WINDOW = 10;
/** Banner lines printed right before a header (`------------[ cut here ]------------`, `=====`). */
const BANNER = /^(?:-{5,}\[ cut here \]-{5,}|={5,}|-{5,})$/;
/**
 * The words after a header that a banner above may introduce: a lower-case sentence (lockdep's
 * `possible circular locking dependency detected`), a sanitizer's tag (`KASAN:`, `KFENCE:`) or a
 * `CPU:` line under `[ cut here ]`.
 */
const BANNERED_HEADLINE = /^\s?(?:[a-z]|[A-Z][A-Z0-9_]{1,15}:)/;
const MAX_BANNER_LINES = 3;
const SENDING_NMI = 'Sending NMI from CPU';
/**
 * A printk level right before a header in the middle of a line (`...initramfs...<1>Unable to handle`,
 * `c3  <0>Kernel panic`): consoles of 2.x kernels printed the level of each new record, glued to a
 * line that had no newline. It marks the start of a kernel record.
 */
const RECORD_LEVEL_AT_END = /<[0-7]>$/;
/**
 * A line that names a report by its title without printing it: a mail header (RFC 5322 `Subject:`), as
 * pasted with a mail or quoted under a reply, and the title fields syzkaller heads its crash and repro
 * output and its report test files with (`TITLE: kernel BUG at net/core/skbuff.c:LINE!`, `ALT:`).
 */
const TITLE_FIELD = /^ {0,4}(?:[Ss]ubject|SUBJECT|TITLE|ALT): /;
const SYZBOT_TITLE_INTRO =
  /^syzbot has tested the proposed patch but the reproducer is still triggering an issue:$/;
/** The intro's first words, for an intro a mail client wrapped onto two lines. */
const SYZBOT_TITLE_INTRO_START = 'syzbot has tested';
/** Whether line `i` follows syzbot's patch-test intro (`SYZBOT_TITLE_INTRO`), on one line or on two. */
function followsSyzbotIntro(lines: readonly PasteLine[], i: number): boolean {
  const last = lines[i - 1]?.text.trim() ?? '';
  if (!last.endsWith(':')) return false;
  if (SYZBOT_TITLE_INTRO.test(last)) return true;
  const before = lines[i - 2]?.text.trim() ?? '';
  return before.startsWith(SYZBOT_TITLE_INTRO_START) && SYZBOT_TITLE_INTRO.test(`${before} ${last}`);
}

/** Only lines that start like a subsystem tag may precede a header in an untimestamped line. */
const MAX_TAG_PREFIX = 64;

export function findReportBlocks(paste: Paste): { blocks: ReportBlock[]; unread: string[] } {
  const { lines } = paste;
  const hits: (HeaderHit | undefined)[] = new Array<HeaderHit | undefined>(lines.length);
  /** The indexes of the lines in `hits`, ascending: the passes below visit these instead of every line. */
  const hitLines: number[] = [];
  let panicSeen = false;
  let lastHit = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    const hit: HeaderHit | null =
      headerAt(lines, i) ??
      (panicSeen ? null : panicEndAt(lines[i] as PasteLine)) ??
      (i - lastHit > EXCERPT_AFTER_HEADER ? excerptAt(lines, i, lastHit === -Infinity) : null);
    if (hit) {
      hits[i] = hit;
      hitLines.push(i);
      lastHit = i;
      panicSeen ||= hit.header === PANIC_HEADER;
    }
  }
  if (hitLines.length === 0) return { blocks: [], unread: [] };
  addOopsesAbovePanics(lines, hits, hitLines);
  dropPreludes(lines, hits, hitLines);
  dropReversedDieLines(lines, hits, hitLines);
  dropWarningsOfMessages(lines, hits, hitLines);
  dropFaultsOfBugs(lines, hits, hitLines);
  dropBugsOfRustPanics(lines, hits, hitLines);
  dropXmonReprints(lines, hits, hitLines);
  dropRepeatedHeadlines(lines, hits, hitLines);
  dropVmcoreCopies(lines, hits, hitLines);
  dropItemLines(lines, hits, hitLines);
  dropQuotedHeadlines(lines, hits, hitLines);
  dropPreviewCopies(lines, hits, hitLines);
  adoptCutContexts(lines, hits, hitLines);

  const blocks: ReportBlock[] = [];
  /** Per context, the index of the first line after the last block, and of that block's header. */
  const coveredUntil = new Map<string, number>();
  const openedAt = new Map<string, number>();
  let skipped = 0;
  /** Index of the last header that opened a report, in any context, and of the first line after its block. */
  let lastOpened = -Infinity;
  let lastEnd = 0;
  let lastHeader: OopsHeader | null = null;
  for (const i of hitLines) {
    const hit = hits[i];
    const line = lines[i];
    if (!hit || !line) continue;
    if (
      (coveredUntil.get(line.ctx) ?? 0) > i &&
      !isAftermathPanic(hit, line, i - (openedAt.get(line.ctx) ?? i), lastHeader)
    ) {
      continue;
    }
    // The die() line of a fault (`Oops: 0002 [#1]`) a few lines under its fault line is that report's,
    // even when the two lines reached the paste through different prefixes (one timestamped, one not).
    if (hit.die && hit.header !== lastHeader && i - lastOpened <= DIE_WINDOW && i < lastEnd) {
      continue;
    }
    if (blocks.length >= MAX_REPORTS) {
      skipped++;
      continue;
    }
    const built = buildBlock(lines, hits, i, hit.header);
    if (hit.preludeKind) built.block.preludeKind = hit.preludeKind;
    blocks.push(built.block);
    lastOpened = i;
    lastEnd = built.end;
    lastHeader = hit.header;
    coveredUntil.set(line.ctx, Math.max(built.end, coveredUntil.get(line.ctx) ?? 0));
    openedAt.set(line.ctx, i);
  }
  const unread =
    skipped > 0
      ? [`${skipped} more report header(s) after the first ${MAX_REPORTS} reports were not parsed`]
      : [];
  return { blocks: joinOrphanRegisters(blocks), unread };
}

/**
 * How many lines may part an i386 fault line from the register dump it goes on in: a reply that
 * comments inline (`This is the real problem AFAICT.`) or a mail client's mangled module list between.
 */
const ORPHAN_REGISTERS_GAP = 16;
/** A fault's own register or trace lines: with one, a later `EIP:` line is another oops's. */
const FAULT_BODY = /(?:^|\s)(?:EIP(?: is at|:)|Call Trace:)/;

/**
 * An i386 fault line (`Unable to handle kernel paging request at virtual address 23232327`) whose
 * register dump a reply's inline comment cut off, so that the dump's `EIP:    0060:[<c014b569>]`
 * opened a report of its own (the `EIP:` header, what is left of an oops whose first lines were
 * lost): the two are one oops, read as the fault with the dump's registers and trace.
 */
function joinOrphanRegisters(blocks: ReportBlock[]): ReportBlock[] {
  const out: ReportBlock[] = [];
  for (const block of blocks) {
    const prev = out[out.length - 1];
    const first = block.lines[block.header];
    const last = prev?.lines[prev.lines.length - 1];
    if (
      prev &&
      first &&
      last &&
      block.headerText === 'EIP:' &&
      prev.headerText.endsWith('nable to handle kernel') &&
      first.ctx === last.ctx &&
      first.no > last.no &&
      first.no - last.no <= ORPHAN_REGISTERS_GAP &&
      !prev.lines.some((l) => FAULT_BODY.test(l.text))
    ) {
      const joined: ReportBlock = { ...prev, lines: [...prev.lines, ...block.lines] };
      if (block.titleTail) joined.titleTail = block.titleTail;
      out[out.length - 1] = joined;
      continue;
    }
    out.push(block);
  }
  return out;
}

/** An oops's die() ends in this panic when it cannot go on (kernel/panic.c oops_end(), each arch's die()). */
const FATAL_EXCEPTION = /not syncing: Fatal exception/;
/** How far above its panic an oops's output may start: registers, code, a long trace. */
const OOPS_ABOVE_PANIC = 120;
/**
 * What only an oops prints above its panic: the task line (lib/dump_stack.c dump_stack_print_info())
 * and the architectures' register dumps (x86 `RIP:`, arm64 `pc :`, arm `PC is at`, powerpc `NIP:`,
 * riscv and mips `epc`, s390 `Krnl PSW :`, loongarch `ERA:`).
 */
const OOPS_BODY = /^ {0,4}(?:CPU: \d|RIP: |pc : |PC is at |NIP:? |epc {0,3}: |Krnl PSW : |ERA: )/;
/** The task line or the stack: a register dump's tail alone (old x86's `RIP: f RSP: x` summary) may end any oops. */
const OOPS_TASK_OR_STACK = /^ {0,4}(?:CPU: \d|Call [Tt]race:)/;

/**
 * A panic `Fatal exception` that is the paste's first report ends an oops whose header was left out of
 * the paste (the selection started at its `CPU:` line): the kernel lines right above the panic that
 * hold the oops's task line or its stack are that report, opened at its first task or register line.
 */
function addOopsesAbovePanics(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: number[],
): void {
  // Only the first header of the paste: any report above the panic may be the oops it ends.
  const i = hitLines[0] ?? -1;
  if (hits[i]?.header !== PANIC_HEADER || !FATAL_EXCEPTION.test(lines[i]?.text ?? '')) return;
  const ctx = lines[i]?.ctx;
  let top = -1;
  let taskOrStack = false;
  for (let j = i - 1; j >= Math.max(0, i - OOPS_ABOVE_PANIC); j--) {
    const line = lines[j] as PasteLine;
    if (line.text.trim() === '' || line.isBreak || (line.ctx !== '' && line.ctx !== ctx)) break;
    if (OOPS_BODY.test(line.text)) top = j;
    taskOrStack ||= OOPS_TASK_OR_STACK.test(line.text);
  }
  if (top >= 0 && taskOrStack) {
    hits[top] = { header: EXCERPT_HEADERS.oops, continuation: false, die: false };
    hitLines.unshift(top);
  }
}

/**
 * Most lines between a fault line and its die() line: x86's `#PF:` and `PGD` lines, arm64's `Mem abort
 * info:` and `Data abort info:` blocks with the page-table walk (arch/arm64/mm/fault.c mem_abort_decode()).
 */
const DIE_WINDOW = 24;

/** A panic this close to the header it follows is that report's own (`BUG!` of a BUG(), the lockup watchdog's). */
const OWN_PANIC_LINES = 2;

/**
 * The panic an oops ends in (`Kernel panic - not syncing: Fatal exception`, `Aiee, killing interrupt
 * handler!`, `Attempted to kill init!`) is a second event, a report of its own (the labels' rule in
 * test/fixtures/real/README.md), while the oops's report still runs on through it as syzkaller reads
 * it. panic() prints no second stack after an oops (kernel/panic.c: no dump_stack() once TAINT_DIE).
 */
function isAftermathPanic(
  hit: HeaderHit,
  line: PasteLine,
  afterHeader: number,
  opener: OopsHeader | null,
): boolean {
  if (hit.header.header !== 'Kernel panic' || REPORTER_PANIC.test(line.text)) return false;
  if (afterHeader > OWN_PANIC_LINES || OWN_STACK_PANIC.test(line.text)) return true;
  // A task's death ends the report above it unless that report is a panic line itself.
  return TASK_DEATH_PANIC.test(line.text) && opener?.header !== 'Kernel panic';
}

/**
 * Panics that the reporter above raises itself as the end of its own report, however many lines it
 * printed first: the soft-lockup watchdog's (kernel/watchdog.c watchdog_timer_fn()) and arm64's SError
 * handler after its registers (arch/arm64/kernel/traps.c arm64_serror_panic()).
 */
const REPORTER_PANIC = /softlockup: hung tasks|not syncing: Asynchronous SError Interrupt/;

/**
 * Panics the exit path raises once a report's die() killed the task, however close under its header:
 * kernel/exit.c do_exit() `Attempted to kill init!` and make_task_dead() `Aiee, killing
 * interrupt handler!` (ia64's die() prints its one line right before them when the paste has no dump).
 */
const TASK_DEATH_PANIC = /not syncing: (?:Attempted to kill init!|Aiee, killing interrupt handler!)/;

/**
 * Panics that are a report of their own, with the stack of the code that found the problem, however
 * close they come under another report: kernel/sched/core.c schedule_debug() `corrupted stack end
 * detected inside scheduler`, kernel/panic.c __stack_chk_fail() `stack-protector: ...`, and the
 * architectures' `kernel stack overflow`.
 */
const OWN_STACK_PANIC =
  /not syncing: (?:corrupted stack end detected|stack-protector: |kernel stack overflow)/;

/**
 * A log shown newest first (a router's web log, a log viewer sorted by time) puts an oops's die() line
 * above the fault line it follows: when the fault line a few lines below is older, the die line is
 * that report's.
 */
function dropReversedDieLines(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    const time = lines[i]?.time;
    if (!hits[i]?.die) continue;
    if (time === null || time === undefined) {
      // Without timestamps (`journalctl -r` cut to the message): only the fault line right below.
      const next = lines[i + 1];
      const hit = hits[i + 1];
      if (
        next &&
        hit &&
        !hit.continuation &&
        next.ctx === lines[i]?.ctx &&
        FAULT_BEFORE_DIE.test(next.text)
      ) {
        hits[i] = undefined;
      }
      continue;
    }
    for (let j = i + 1; j < Math.min(hits.length, i + DIE_WINDOW); j++) {
      const other = lines[j] as PasteLine;
      const hit = hits[j];
      if (other.time !== null && other.time > time) break;
      if (hit && !hit.continuation && other.ctx === lines[i]?.ctx && other.time !== null) {
        hits[i] = undefined;
        break;
      }
    }
  }
}

/** Lines above a message printed through WARN() where its `WARNING:` line may be (2.6 prints `Hardware name:` in between; a mail client wraps the path). */
const WARN_MESSAGE_BEFORE = 5;

/** A message that WARN() printed (`Watchdog detected hard LOCKUP on cpu 3`) is the report; its `WARNING:` line is part of it. */
function dropWarningsOfMessages(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    if (!hits[i]?.header.printedByWarn) continue;
    for (let j = i - 1; j >= Math.max(0, i - WARN_MESSAGE_BEFORE); j--) {
      const other = hits[j];
      if (!other) continue;
      if (other.header.header === 'WARNING:' && lines[j]?.ctx === lines[i]?.ctx) hits[j] = undefined;
      break;
    }
  }
}

/**
 * arm's BUG() before the generic one printed `kernel BUG at f.c:98!` and then wrote to address 0
 * (arch/arm/kernel/traps.c __bug()), so its NULL dereference line right under it is the same report.
 */
function dropFaultsOfBugs(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    if (i === 0) continue;
    const line = lines[i] as PasteLine;
    if (hits[i]?.header.header !== 'Unable to handle kernel' || !BUG_WRITE_TO_ZERO.test(line.text)) continue;
    // The line of the same log right above, past a reply's words between two quoted pieces of it.
    let j = i - 1;
    while (j > 0 && i - j < BUG_REPLY_GAP && line.ctx !== '' && lines[j]?.ctx !== line.ctx) j--;
    if (hits[j]?.header.header === 'kernel BUG' && lines[j]?.ctx === line.ctx) hits[i] = undefined;
  }
}

/** Lines a Rust panic's message may take above the BUG() it ends in (the message wraps, `{}` may hold lines). */
const RUST_PANIC_MESSAGE_LINES = 8;
const RUST_BUG = /^kernel BUG at rust\/(?:helpers\/bug|helpers)\.c:\d{1,6}!/;

/**
 * Rust's panic handler prints the panic's message and then calls BUG() (rust/kernel/lib.rs panic(),
 * through rust_helper_BUG() of rust/helpers/bug.c): the `kernel BUG at rust/helpers/bug.c` line right
 * under `rust_kernel: panicked at` is that panic's end, not another report.
 */
function dropBugsOfRustPanics(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    if (hits[i]?.header.header !== 'rust_kernel: panicked') continue;
    for (let j = i + 1; j < Math.min(hits.length, i + RUST_PANIC_MESSAGE_LINES); j++) {
      const other = hits[j];
      if (!other) continue;
      if (other.header.header === 'kernel BUG' && lines[j]?.ctx === lines[i]?.ctx) {
        if (RUST_BUG.test(lines[j]?.text ?? '')) hits[j] = undefined;
      }
      break;
    }
  }
}

/**
 * powerpc's xmon debugger, entered on a program check, prints the exception's summary and then the BUG
 * again (arch/powerpc/xmon/xmon.c excprint(): `    pid   = %d, comm = %s`, then print_bug_trap()
 * `kernel BUG at %s:%u!`): a copy of the report's header, not a new report.
 */
function dropXmonReprints(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    if (i === 0) continue;
    if (hits[i]?.header.header === 'kernel BUG' && XMON_TASK.test((lines[i - 1] as PasteLine).text)) {
      hits[i] = undefined;
    }
  }
}

const XMON_TASK = /^ {0,8}pid {1,4}= \d{1,10}, comm = /;

const BUG_WRITE_TO_ZERO = /NULL pointer dereference at virtual(?: address(?: 0{8,16}\b|$)|$)/;
/** Lines of a reply that may stand between the BUG line and the fault line it quotes. */
const BUG_REPLY_GAP = 8;

/** Lines within which a header line printed again is the same report. */
const REPEAT_WINDOW = 4;

/**
 * The panic of a vmcore (the crash utility's `PANIC: "..."`) that the paste also shows as the kernel
 * logged it, word for word, above: the same event, whose logged report is the one to read.
 */
function dropVmcoreCopies(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  const logged = new Set<string>();
  for (const i of hitLines) {
    const line = lines[i] as PasteLine;
    if (!hits[i]) continue;
    if (line.vmcore !== true) logged.add(line.text.trim());
    else if (logged.has(line.text.trim())) hits[i] = undefined;
  }
}

/**
 * A headline a poster typed above the log it comes from (`Internal error: Oops - BUG: ...` and then
 * the timestamped line), or a line a logger wrote twice (syslog and journal both forwarding it): the
 * later copy starts the report.
 */
function dropRepeatedHeadlines(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    const hit = hits[i];
    const line = lines[i] as PasteLine;
    if (!hit) continue;
    const text = line.text.trim();
    dropInlinedHeadlines(lines, hits, i);
    // A flood of one warning (`BUG: using smp_processor_id() ...` each millisecond) is many reports:
    // only a bare line above a logged copy, or the same record written twice at once, is one.
    const last = Math.min(hits.length, i + 1 + (line.ctx === '' ? REPEAT_WINDOW : 1));
    for (let j = i + 1; j < last; j++) {
      const other = lines[j] as PasteLine;
      const logged = line.ctx === '' && other.ctx !== '' && other.ctx !== 'foreign';
      const twice =
        j === i + 1 &&
        other.time === line.time &&
        other.ctx === line.ctx &&
        !hits[j + 1] &&
        lines[i - 1]?.text.trim() !== text;
      // The record with a printk prefix and right under it again without (a console copy of a
      // log line): the lines that follow carry no prefix either, so the bare copy starts the report.
      const bare = j === i + 1 && line.ctx !== '' && line.ctx !== 'foreign' && other.ctx === '';
      const copy = logged || twice || bare;
      if (copy && hits[j]?.header === hit.header && other.text.trim().startsWith(text)) {
        hits[i] = undefined;
        break;
      }
    }
  }
}

/** The headers with a format that prints a line per item (`linePerItemOf`): the only ones `dropItemLines` reads. */
const ITEM_HEADERS = new Set<OopsHeader>(
  [...OOPS_TABLE, ...Object.values(EXCERPT_HEADERS)].filter((h: OopsHeader) =>
    h.formats.some((f) => f.linePerItemOf),
  ),
);

/**
 * A check that prints a line per item of one object (`BUG: Bad rss-counter state mm:... type:MM_FILEPAGES`,
 * then `type:MM_ANONPAGES`): the lines right under the first, for the same object, are its report's.
 */
function dropItemLines(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    if (i === 0) continue;
    const hit = hits[i];
    if (!hit || !ITEM_HEADERS.has(hit.header)) continue;
    // The line above, past the empty line a mail client's wrapped tail leaves once it is joined back.
    let j = i - 1;
    if (j > 0 && lines[j]?.text === '' && lines[j]?.ctx === '') j--;
    if (lines[j]?.ctx !== lines[i]?.ctx) continue;
    const text = (lines[i] as PasteLine).text;
    const format = hit.header.formats.find((f) => f.linePerItemOf && f.match[0]?.test(text) === true);
    const key = format?.linePerItemOf?.exec(text)?.[1];
    if (key !== undefined && format?.linePerItemOf?.exec((lines[j] as PasteLine).text)?.[1] === key) {
      hits[i] = undefined;
    }
  }
}

/** Lines below a headline quoted in a post (its title, its first sentence) where the log it comes from may start. */
const QUOTED_HEADLINE_REACH = 60;

/**
 * A headline quoted on its own above the log it comes from (a post's title, "the kernel prints" and
 * the line, then the log): text around it, not kernel lines, separates the two copies, and the later
 * copy starts the report.
 */
function dropQuotedHeadlines(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    const hit = hits[i];
    const line = lines[i] as PasteLine;
    if (!hit || line.ctx !== '') continue;
    const key = headlineFrom(line.text, hit.header.header);
    let apart = false;
    const last = Math.min(hits.length, i + 1 + QUOTED_HEADLINE_REACH);
    for (let j = i + 1; j < last; j++) {
      const other = lines[j] as PasteLine;
      if (hits[j]) {
        if (
          apart &&
          hits[j]?.header === hit.header &&
          headlineFrom(other.text, hit.header.header).startsWith(key)
        ) {
          hits[i] = undefined;
        }
        break;
      }
      if (other.ctx !== '') continue;
      if (isKernelLine(other.text)) break;
      apart ||= other.isBreak || other.text.trim() === '';
    }
  }
}

/**
 * A post that shows the first lines of a report up front and the whole log further down (`the kernel
 * shows the following oops:`, then `I added the full oops at the bottom`): the same headline, with the
 * same addresses, once bare and once with its printk prefix. Addresses make it one event; the logged
 * copy is the report.
 */
function dropPreviewCopies(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  const logged = new Map<string, number>();
  for (const i of hitLines) {
    const hit = hits[i];
    const line = lines[i] as PasteLine;
    if (!hit || line.ctx === '' || line.ctx === 'foreign') continue;
    const key = headlineFrom(line.text, hit.header.header);
    if (ADDRESS.test(key)) logged.set(key, i);
  }
  if (logged.size === 0) return;
  for (const i of hitLines) {
    const hit = hits[i];
    const line = lines[i] as PasteLine;
    if (!hit || line.ctx !== '') continue;
    if ((logged.get(headlineFrom(line.text, hit.header.header)) ?? -1) > i) hits[i] = undefined;
  }
}

/** An address in a headline: 8 or more hex digits, which two events hardly share. */
const ADDRESS = /\b[0-9a-f]{8,16}\b/;

/** A line's text from its header word on, without the full stop a sentence adds. */
function headlineFrom(text: string, header: string): string {
  const from = text.slice(Math.max(0, text.indexOf(header))).trimEnd();
  return from.endsWith('.') ? from.slice(0, -1) : from;
}

/**
 * syzbot's reports repeat the header once per inlined frame (`BUG: KMSAN: uninit-value in f
 * include/x.h:184 [inline]`, then `BUG: KMSAN: uninit-value in g+0x600/0x870 net/core/scm.c:242`):
 * one report, whose lines follow the first.
 */
function dropInlinedHeadlines(lines: readonly PasteLine[], hits: (HeaderHit | undefined)[], i: number): void {
  const hit = hits[i];
  let k = i;
  let text = (lines[k] as PasteLine).text.trim();
  const what = text.slice(0, inlinedHeadlineStem(text));
  // A line a re-wrap folded into the one before it (a cut `[inline]`) stands between the copies.
  for (let after = pieceAfter(lines, k); ; after = pieceAfter(lines, k)) {
    if (what === '' || !isInlinedFrame(text) || hits[after]?.header !== hit?.header) break;
    const next = (lines[after] as PasteLine).text.trim();
    if (!next.startsWith(what)) break;
    hits[after] = undefined;
    k = after;
    text = next;
  }
}

/**
 * Length of the part of a header that its copies for the next frames repeat: up to ` in ` (`BUG: KASAN:
 * ... in `), or for a WARNING line up to its first ` at `: the newer kernels' (`WARNING:
 * kernel/locking/mutex.c:625 at __mutex_lock_common kernel/locking/mutex.c:625 [inline], CPU#0:
 * syz.0.17/5967`) and the older (`WARNING: CPU: 1 PID: 10480 at mm/slab_common.c:935 folio_order
 * include/linux/mm.h:850 [inline]`). 0 when it has neither.
 */
function inlinedHeadlineStem(text: string): number {
  const at = text.indexOf(' in ');
  if (at >= 0) return at + 1;
  const kmsan = text.indexOf(' in[<');
  if (kmsan >= 0) return kmsan + 1;
  const warn = text.indexOf(' at ');
  return warn >= 0 && (text.includes(INLINE_CPU) || text.endsWith(INLINE)) ? warn + 4 : 0;
}

/** The inlined frame of that WARNING line, before its CPU and task. */
const INLINE_CPU = '[inline], CPU#';
const INLINE = '[inline]';

/**
 * A header naming an inlined frame: syzbot's `... [inline]`, the pre-upstream KMSAN tree's
 * `uninit-value in[<     inline     >] f mm/vmscan.c:3739`, a newer WARNING's `[inline], CPU#0: ...`.
 */
function isInlinedFrame(text: string): boolean {
  return text.endsWith(INLINE) || INLINE_MARK.test(text) || text.includes(INLINE_CPU);
}

const INLINE_MARK = /in\[< {0,8}inline {0,8}>\]/;

/**
 * A header line copied without its timestamp (the selection started after it, or the first bracket was
 * cut) while the lines under it have one: it is in their printk context, so the report keeps its lines.
 */
function adoptCutContexts(
  lines: readonly PasteLine[],
  hits: readonly (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    const line = lines[i];
    const next = lines[i + 1];
    if (!hits[i] || !line || !next || line.ctx !== '' || next.isBreak) continue;
    if (next.ctx !== '' && next.ctx !== 'foreign') line.ctx = next.ctx;
  }
}

/** Two printk times too far apart for one report's lines, where both lines have one. */
function isOtherBoot(a: number | null | undefined, b: number | null | undefined): boolean {
  return (
    a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) > OTHER_BOOT_SECONDS
  );
}

/** Lines around a prelude message (`list_del corruption. ...`) where its WARNING or BUG is printed. */
const PRELUDE_BEFORE = 3;
const PRELUDE_AFTER = 4;

/**
 * A check's message is printed right before its WARNING or BUG line (right after it before v4.12):
 * next to one it belongs to that report and starts none of its own.
 */
function dropPreludes(
  lines: readonly PasteLine[],
  hits: (HeaderHit | undefined)[],
  hitLines: readonly number[],
): void {
  for (const i of hitLines) {
    const prelude = hits[i]?.header;
    if (!prelude?.prelude && prelude?.preludeOf === undefined) continue;
    const ctx = lines[i]?.ctx;
    const from = Math.max(0, i - PRELUDE_BEFORE);
    const to = Math.min(hits.length, i + PRELUDE_AFTER + 1);
    for (let j = from; j < to; j++) {
      const other = hits[j];
      const owner = prelude.preludeOf === undefined || other?.header.header === prelude.preludeOf;
      const near = !isOtherBoot(lines[j]?.time, lines[i]?.time);
      if (j !== i && other && !other.header.prelude && owner && near && lines[j]?.ctx === ctx) {
        other.preludeKind ??= hits[i]?.header.kind;
        hits[i] = undefined;
        break;
      }
    }
  }
}

/** kernel/panic.c panic() ends with `---[ end Kernel panic - not syncing: <reason> ]---`. */
const PANIC_END = /^-{3}\[ end (Kernel panic - not syncing: .*) \]-{3}/;
const PANIC_HEADER = OOPS_TABLE.find((h) => h.header === 'Kernel panic');

/**
 * The end marker of a panic whose own line is not in the paste (an excerpt of a boot log's last
 * lines): it names the panic, so the report starts there.
 */
function panicEndAt(line: PasteLine): HeaderHit | null {
  if (!PANIC_HEADER || line.ctx === 'foreign' || !line.text.startsWith('---[ end Kernel panic')) return null;
  const end = PANIC_END.exec(line.text);
  if (!end) return null;
  line.text = end[1] ?? line.text;
  return { header: PANIC_HEADER, continuation: false, die: false };
}

/** A `RIP:` or `Call Trace:` line this close below a header is that report's, whatever its trace holds. */
const EXCERPT_AFTER_HEADER = 60;
/** How many lines below its `RIP:` line an excerpt's trace shows the trap (registers, then stale words). */
const TRAP_FRAMES_WITHIN = 30;
/** The trap frames (`EXCERPT_HEADERS`); a line is parsed only when one of them comes before a `+0x`. */
const TRAP_WORDS = ['__warn', 'die', 'exc_invalid_op', 'do_invalid_op', 'invalid_op', 'page_fault_oops'];

/** Whether `text` holds a trap word right before `+0x`: looked for at each `+0x`, which frame lines have one of. */
function holdsTrapWord(text: string): boolean {
  for (let at = text.indexOf('+0x'); at >= 0; at = text.indexOf('+0x', at + 3)) {
    if (TRAP_WORDS.some((w) => at >= w.length && text.startsWith(w, at - w.length))) return true;
  }
  return false;
}
/** page_fault_oops()'s closing summary (arch/x86/mm/fault.c), the line above oops_end()'s end marker. */
const FAULT_SUMMARY = /^CR2: ([0-9a-f]{16})$/;
/** The faulting address in an x86 register dump (arch/x86/kernel/process_64.c __show_regs()). */
const CR2_VALUE = /\bCR2: ([0-9a-f]{16})\b/;
/** x86 names a fault below one page a NULL pointer dereference (arch/x86/mm/fault.c show_fault_oops()). */
const NULL_PAGE = 0x1000;

/** The page-fault excerpt header its faulting address calls for; no address seen is a paging fault. */
function faultExcerpt(lines: readonly PasteLine[], from: number, to: number): HeaderHit {
  for (let j = from; j < Math.min(lines.length, to); j++) {
    const address = CR2_VALUE.exec(lines[j]?.text ?? '')?.[1];
    if (address === undefined) continue;
    const header = parseInt(address, 16) < NULL_PAGE ? EXCERPT_HEADERS.nullDeref : EXCERPT_HEADERS.pageFault;
    return { header, continuation: false, die: false };
  }
  return { header: EXCERPT_HEADERS.pageFault, continuation: false, die: false };
}

/**
 * Whether `text` may start, past its leading white space, with `RIP: `, `Call Trace:` or `CR2: `: false
 * when the first character after leading spaces and tabs is printable ASCII other than `R` or `C`, which
 * `trimStart` would keep (most lines: this spares the copy `trimStart` makes of an indented line).
 */
function mayOpenExcerpt(text: string): boolean {
  let k = 0;
  while (k < text.length && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
  // A blank line is no printable character; bounded so as not to read past the end (see startsStack).
  if (k === text.length) return true;
  const c = text.charCodeAt(k);
  return c === 0x52 || c === 0x43 || !(c > 0x20 && c < 0x7f);
}

/**
 * An x86 WARNING, BUG() or page fault pasted from its `RIP:` or `Call Trace:` line down, its header
 * line left out (`EXCERPT_HEADERS`): the trace within a few lines holds the trap's frames, `__warn` for
 * a WARN(), `die` and the invalid-opcode handler for a BUG(), page_fault_oops() for a fault. A fault's
 * closing `CR2:` summary above its end marker opens one too when it is the `first` header of the paste.
 * Blank lines between records (a kmsg dump) are skipped.
 */
function excerptAt(lines: readonly PasteLine[], i: number, first: boolean): HeaderHit | null {
  const line = lines[i] as PasteLine;
  if (line.ctx === 'foreign' || !mayOpenExcerpt(line.text)) return null;
  const text = line.text.trimStart();
  // The summary closes the oops it belongs to: only a paste with no header above it lost that header.
  if (first && FAULT_SUMMARY.test(text) && lines[i + 1]?.text.includes('---[ end trace')) {
    return faultExcerpt(lines, i, i + 1);
  }
  if (!text.startsWith('RIP: 0010:') && text !== 'Call Trace:') return null;
  let died = false;
  let invalidOp = false;
  let seen = 0;
  let j = i + 1;
  for (; j < lines.length && seen < TRAP_FRAMES_WITHIN; j++) {
    const next = lines[j] as PasteLine;
    if (next.text === '') continue;
    seen++;
    if (next.ctx !== line.ctx || next.isBreak) break;
    if (!holdsTrapWord(next.text)) continue;
    for (const f of parseFrameLine(next.text) ?? []) {
      if (f.fn === '__warn') return { header: EXCERPT_HEADERS.warning, continuation: false, die: false };
      if (f.fn === 'page_fault_oops') return faultExcerpt(lines, i, j);
      died ||= f.fn === 'die';
      invalidOp ||= f.fn === 'exc_invalid_op' || f.fn === 'do_invalid_op' || f.fn === 'invalid_op';
    }
  }
  return died && invalidOp ? { header: EXCERPT_HEADERS.bug, continuation: false, die: false } : null;
}

/** The header a line holds, when it is a kernel report header and not a look-alike. */
function headerAt(lines: readonly PasteLine[], i: number): HeaderHit | null {
  const line = lines[i];
  if (!line || line.ctx === 'foreign' || !mayContainReport(line.text)) return null;
  const { text } = line;
  // A mail's subject names the report its body holds (`Subject: Re: [PATCH] BUG: ...`); alone, it
  // is a title with no kernel output.
  if (TITLE_FIELD.test(text)) return null;
  // syzbot's reply to a patch test names the crash by its title on the line after this sentence; the
  // report follows below it.
  if (followsSyzbotIntro(lines, i)) return null;
  // The table's rows in order, skipping those whose word is nowhere in the line (findWord finds none).
  for (const row of headersIn(text)) {
    const header = OOPS_TABLE[row] as OopsHeader;
    const at = findWord(text, header.header);
    if (at < 0) continue;
    const quoted = emphasisSpan(text, at);
    if (quoted !== null) {
      // A headline a poster set in bold or code inside a sentence: a report when it is a whole,
      // known headline as the kernel printed it, with its numbers (`**Kernel panic - not syncing: VFS:
      // Unable to mount root fs on unknown-block(0,0)**`). A kind named in a commit message
      // (`` fixes the `BUG: sleeping function called from invalid context` splat ``) has none.
      if (header.suppress.some((re) => re.test(quoted))) continue;
      if (!isKnownHeadline(header, quoted)) continue;
      if (!/\d/.test(quoted.slice(header.header.length)) && !hasKernelEvidence(lines, i, false)) continue;
      if (isTemplate(lines, i)) return null;
      line.text = quoted;
      return { header, continuation: false, die: false };
    }
    const prefix = text.slice(0, at);
    const record = RECORD_LEVEL_AT_END.test(prefix);
    const glued = line.ctx === '' && !record && !isTagPrefix(prefix) && !opensOwnFormat(header, text);
    if (glued && !isGluedPrefix(prefix)) {
      const from = text.slice(at);
      if (
        !isAfterKernelMessage(prefix, from, header) &&
        !isAfterColumnGap(prefix, from, header, lines, i) &&
        !isAfterConsoleProgress(prefix, from, header, lines, i)
      ) {
        continue;
      }
      if (header.suppress.some((re) => re.test(text)) || isTemplate(lines, i)) return null;
      line.text = text.slice(at);
      return { header, continuation: false, die: false };
    }
    if (header.suppress.some((re) => re.test(text))) continue;
    if (lines[i + 1]?.text.includes(REPLAY)) return null;
    if (LIBLOCKDEP.test(lines[i + 1]?.text ?? '')) return null;
    // A timestamped or logged line is kernel output, a record level starts a record: whether the line
    // is a known headline matters only for a bare line (the table's patterns run only for it).
    if (!record && !isLoggedLine(line, true)) {
      // The kernel's words run through the header: a line whose known headline only starts after the
      // header's words (a sentence that opens with them, `Kernel panic messages such as "... Kernel panic
      // - not syncing: VFS: ..."`) names a headline, it does not print one.
      const known = header.formats.some((f) => {
        const m = f.generic ? null : f.match[0]?.exec(text);
        return m !== null && m !== undefined && m.index < at + header.header.length;
      });
      // A banner above a header the table does not know counts only for the kernel's own bannered
      // headlines: lockdep's and RCU's lower-case sentences (`WARNING: possible ...`, `INFO: inconsistent
      // ...`) or a tool's tag (`BUG: KFENCE: ...`). A test harness or a user-space checker boxes its own
      // notices in `=====` lines too (Go's race detector `WARNING: DATA RACE`, `INFO: Uvicorn running`).
      const bannered = BANNERED_HEADLINE.test(text.slice(at + header.header.length));
      if ((glued || !known) && !hasKernelEvidence(lines, i, true, bannered)) continue;
    }
    // A signature in a guide or a grep pattern: placeholders where the kernel prints addresses.
    if (isTemplate(lines, i)) return null;
    // A fault line that stops at its header words is a signature quoted in a guide or a grep pattern,
    // unless kernel lines come with it: a logger's tag alone does not make it a report.
    if (BARE_FAULT.test(text) && !hasKernelEvidence(lines, i, false)) continue;
    // The text before the level is the end of the record before, a list mark is the poster's: the
    // report's line starts at the header.
    if (record || isBullet(prefix.trim())) line.text = text.slice(at);
    // A prelude message inside an open report (interleaved output) never cuts it.
    const always = header.prelude === true || CONTINUATION_LINES.some((re) => re.test(text));
    // `Kernel panic - not syncing: Oops: Fatal exception` is the panic, not a die() line.
    const die = !always && isDieLine(text);
    if (header.diesAfter?.test(text) === true && !dieFollows(lines, i)) continue;
    const continuation = always || die;
    return { header, continuation, die };
  }
  return null;
}

/** Lines after a fault line that `diesAfter` searches for the die() line. */
const DIE_WITHIN = 8;

/** Whether a die() line comes within `DIE_WITHIN` lines after line `i`, in the same printk context. */
function dieFollows(lines: readonly PasteLine[], i: number): boolean {
  const ctx = lines[i]?.ctx;
  for (let j = i + 1; j < lines.length && j <= i + DIE_WITHIN; j++) {
    const next = lines[j];
    if (next !== undefined && next.ctx === ctx && isDieLine(next.text)) return true;
  }
  return false;
}

/**
 * Index of `word` in `text` where it does not continue a longer word (`ODEBUG:` holds no `BUG:`). A
 * stack dump word is no such word: the console glues the next message to it (`0000000000000000BUG:`).
 * A capitalised header word right after a small letter (`/sbin/ifup: lineUnable to handle kernel ...`)
 * was glued the same way to a message that had no newline: no word is spelt like that.
 */
function findWord(text: string, word: string): number {
  const capitalised = isUpper(word.charCodeAt(0)) && isLower(word.charCodeAt(1));
  let at = text.indexOf(word);
  while (
    at > 0 &&
    isWordChar(text.charCodeAt(at - 1)) &&
    !endsInDumpWord(text, at) &&
    !(capitalised && isLower(text.charCodeAt(at - 1)))
  ) {
    at = text.indexOf(word, at + 1);
  }
  return at;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** A stack dump word (8 or 16 hex digits) right before `at`, after a space. */
function endsInDumpWord(text: string, at: number): boolean {
  let from = at;
  while (from > 0 && isHexDigit(text.charCodeAt(from - 1))) from--;
  const length = at - from;
  return (length === 8 || length === 16) && (from === 0 || text.charCodeAt(from - 1) === 0x20);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * Text before a header that the console glued on: the tail of another message that had no newline
 * (`... (57s / no limit)CPU 2 Unable to handle ...`, `eth-Unable to handle ...`, a stack dump word).
 * Nothing separates it from the header, which a sentence quoting a header would have.
 */
function isGluedPrefix(prefix: string): boolean {
  const before = prefix.replace(/CPU -?\d{1,4} $/, '');
  const last = before.charCodeAt(before.length - 1);
  return before.length > 0 && last !== 0x20 && last !== 0x22 && last !== 0x27 && last !== 0x60;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Labels a post or a guide starts a line with (`Symptom: ...`), where no kernel message starts. */
const PROSE_LABELS = new Set([
  'note',
  'symptom',
  'symptoms',
  'example',
  'result',
  'output',
  'update',
  'edit',
  'issue',
  'problem',
  'error',
  'question',
  'summary',
  'description',
  'expected',
  'actual',
  'title',
]);

/** Whether `from` opens a headline one of the header's own formats knows (not a bare generic one). */
function isKnownHeadline(header: OopsHeader, from: string): boolean {
  return header.formats.some((f) => !f.generic && f.match[0]?.test(from) === true);
}

/** The start of a kernel message: a subsystem or driver tag (`VFS: `, `cciss: `, `usb 1-1: `). */
const KERNEL_MESSAGE = /^[A-Za-z][\w.-]{0,23}(?: [\w.:-]{1,24})?: \S/;

/**
 * A header after a kernel message that had no newline of its own, a space between them (`VFS: Cannot
 * open root device ... boot option Kernel panic - not syncing: VFS: Unable to mount root fs on
 * unknown-block(0,0)`, as a serial console or a joined paste shows it): a report when the header is a
 * whole, known headline with its numbers. A sentence that names a kind has neither the tag nor them.
 */
function isAfterKernelMessage(prefix: string, from: string, header: OopsHeader): boolean {
  // A quote mark before the header is a tool or a poster quoting it (crash's `PANIC: "Oops: ..."`).
  const start = prefix.trimStart();
  if (!prefix.endsWith(' ') || !KERNEL_MESSAGE.test(start)) return false;
  if (PROSE_LABELS.has(start.slice(0, start.indexOf(':')).toLowerCase())) return false;
  if (!isKnownHeadline(header, from)) return false;
  return /\d/.test(from.slice(header.header.length));
}

/**
 * A header after an init script's progress message on the same console line (`Unmounting remote
 * filesystems... Unable to handle kernel NULL pointer`, Red Hat's `Bringing up loopback interface:  Data
 * bus error, epc == ...`): the script printed its `...` or its label without a newline and the kernel's
 * line went on after it. A whole known headline whose die() line follows it, on that line or below.
 */
function isAfterConsoleProgress(
  prefix: string,
  from: string,
  header: OopsHeader,
  lines: readonly PasteLine[],
  i: number,
): boolean {
  if (!(prefix.endsWith('... ') || prefix.endsWith(':  ')) || prefix.length > CONSOLE_PROGRESS_MAX)
    return false;
  if (!isKnownHeadline(header, from)) return false;
  if (MIPS_DIE.test(from)) return true;
  for (let j = i + 1; j < lines.length && j <= i + DIE_WITHIN; j++) {
    if (DIE_NEAR.test((lines[j] as PasteLine).text)) return true;
  }
  return false;
}

/** An init script's progress message is a short line of its own. */
const CONSOLE_PROGRESS_MAX = 80;
/**
 * A die() line, which a fault's first lines lead to: i386's `Oops: 0002`, mips' `Oops[#1]:`
 * (arch/mips/kernel/traps.c die()), before v2.6.2x `Oops in arch/mips/kernel/traps.c::do_be, line 336[#1]:`.
 */
const DIE_NEAR = /^Oops: [0-9a-f]{4}|^Oops\[#\d{1,4}\]:/;
const MIPS_DIE = /Oops(?:\[#| in \S{1,80}, line \d{1,6}\[#)\d{1,4}\]:/;

/**
 * A header after a wide gap of spaces in another program's output on the same terminal (iperf's
 * `... 6.27 Mbits/sec` and the console's `Kernel panic - not syncing: ...` on one serial line): a whole,
 * known headline with kernel lines around it. A sentence puts one space before the words it quotes.
 */
function isAfterColumnGap(
  prefix: string,
  from: string,
  header: OopsHeader,
  lines: readonly PasteLine[],
  i: number,
): boolean {
  if (!COLUMN_GAP.test(prefix)) return false;
  if (!isKnownHeadline(header, from)) return false;
  return hasKernelEvidence(lines, i, false);
}

const COLUMN_GAP = /\S {4,}$/;

/** Markdown emphasis and code marks a poster puts around a line they quote. */
const EMPHASIS_MARKS = ['**', '__', '`'] as const;

/**
 * The text of the Markdown bold or code span that starts at `at` (`**BUG: ...**`, `` `BUG: ...` ``),
 * or null when the header is not the start of one.
 */
function emphasisSpan(text: string, at: number): string | null {
  for (const mark of EMPHASIS_MARKS) {
    if (at < mark.length || text.slice(at - mark.length, at) !== mark) continue;
    const close = text.indexOf(mark, at);
    if (close < 0) return null;
    const inner = text.slice(at, close).trimEnd();
    return inner.length > 0 ? inner : null;
  }
  return null;
}

/** The task a parisc or sparc die() line names first: `swapper/0 (pid 1): `, `insmod(1234): `. */
const DIE_TASK = /^[^\s()]{1,32} ?\(pid \d{1,10}\):$|^[^\s()]{1,32}\(\d{1,10}\):$/;

const BULLETS = new Set(['-', '*', '+', '•', '>']);

/** A list item's mark: `-`, `*`, `•`, or a number (`1.`, `2)`). */
function isBullet(token: string): boolean {
  return BULLETS.has(token) || /^\d{1,3}[.)]$/.test(token);
}

/**
 * Whether the line starts with the kernel's own words of one of the header's formats, which print text
 * before the header word (OpenZFS's `SPLError: 6797:0:(zfs_znode.c:330:zfs_inode_set_ops()) SPL
 * PANIC`): no sentence of a poster's.
 */
function opensOwnFormat(header: OopsHeader, text: string): boolean {
  return header.formats.some((f) => !f.generic && f.match[0]?.exec(text)?.index === 0);
}

/** A shell prompt the console output was printed after: `/ #`, `root@host:~#`, `uc-rb532 ~ #`, `user@box:~$`. */
const SHELL_PROMPT = /^[\w.@:~/-]{1,64}(?: [~/][\w./-]{0,64})? ?[#$](?: |$)/;

/**
 * Text before a header in a line without a timestamp: empty, or tags such as `watchdog:`, `rcu:`,
 * `NMI watchdog:`, `[ `, `<4>`. A sentence that quotes a header ("prints BUG: scheduling while atomic")
 * is not a report.
 */
function isTagPrefix(prefix: string): boolean {
  const prompt = SHELL_PROMPT.exec(prefix.trim());
  const trimmed = prompt ? prompt.input.slice(prompt[0].length).trim() : prefix.trim();
  if (trimmed === '') return true;
  if (trimmed.length > MAX_TAG_PREFIX) return false;
  if (DIE_TASK.test(trimmed)) return true;
  const tokens = trimmed.split(/ +/);
  let loose = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] ?? '';
    if (token === '[' || /^\[[^\]]*\]$/.test(token) || /^<\d{1,3}>$/.test(token)) continue;
    // A Markdown or chat list bullet in front of a quoted line: `- BUG: unable to handle ...`.
    if (t === 0 && isBullet(token)) continue;
    // syz-manager's `2018/01/09 14:28:48` in front of console lines.
    if (/^\d{4}\/\d\d\/\d\d$|^\d\d:\d\d:\d\d$/.test(token)) continue;
    if (/^[\w.\-/()[\]]+:$/.test(token)) continue;
    // arch/mips/mm/fault.c and arch/loongarch/mm/fault.c: `CPU %d Unable to handle kernel paging request`,
    // with raw_smp_processor_id(), which prints -1 once the register it is read from was clobbered.
    if (token === 'CPU' && /^-?\d{1,4}$/.test(tokens[t + 1] ?? '')) {
      t++;
      continue;
    }
    // A two-word tag such as `NMI watchdog:`.
    if (/^[\w.-]+$/.test(token) && /:$/.test(tokens[t + 1] ?? '') && loose === 0) {
      loose++;
      continue;
    }
    return false;
  }
  return true;
}

/** Oops output rather than a poster's words: evidence lines, frames, die() lines, register and stack words. */
function isKernelLine(text: string): boolean {
  return (
    KERNEL_EVIDENCE.test(text) ||
    HEX_WORD.test(text) ||
    isDieLine(text) ||
    parseFrameLine(text)?.some((f) => f.offset !== null) === true
  );
}

const HEX_WORD = /\b[0-9a-f]{8,16}\b/;

/**
 * What a guide writes where the kernel prints a number: `+0x...` after a function, `0x...`, hex
 * digits run out into `x`s (`[<ffffffc0xxxxxxxx>]`), and the CPU, seconds and task of a lockup line
 * written as letters (`CPU#X stuck for XXs!`, `[process name:PID]`; kernel/watchdog.c
 * watchdog_timer_fn() prints `CPU#%d stuck for %us! [%s:%d]`). A retyped report elides with `...` or
 * `<...>` alone, which stays a report.
 */
const PLACEHOLDER =
  /\+0x\.\.\.|\b0x\.\.\.|\b[0-9a-f]{1,12}x{4,16}\b|CPU#[A-Z]{1,3}\b|\bfor [A-Z]{1,3}s!|:PID\]/;

/** Every `PLACEHOLDER` holds `x...`, `xxxx`, `#` or `PID`: string searches rule out nearly every line faster. */
function mayHoldPlaceholder(text: string): boolean {
  return text.includes('x...') || text.includes('xxxx') || text.includes('CPU#') || text.includes('PID]');
}

/**
 * A header in a block of lines (up to a blank line either side) that holds a placeholder: a signature
 * shown, not a log. A guide's list of messages puts its real-looking lines next to templated ones.
 */
function isTemplate(lines: readonly PasteLine[], i: number): boolean {
  for (let j = i; j < Math.min(lines.length, i + 1 + EVIDENCE_WINDOW); j++) {
    const line = lines[j] as PasteLine;
    if (j > i && (line.isBreak || line.text.trim() === '')) break;
    if (mayHoldPlaceholder(line.text) && PLACEHOLDER.test(line.text)) return true;
  }
  for (let j = i - 1; j >= Math.max(0, i - EVIDENCE_WINDOW); j--) {
    const line = lines[j] as PasteLine;
    if (line.isBreak || line.text.trim() === '') return false;
    if (mayHoldPlaceholder(line.text) && PLACEHOLDER.test(line.text)) return true;
  }
  return false;
}

/** A fault line with nothing after its header words: no address, no error code. */
const BARE_FAULT =
  /(?:Unable to handle kernel (?:paging request|NULL pointer dereference)|Internal error: Oops)$/;

/** A line with a timestamp or, when `tagged`, a logger's kernel tag. */
function isLoggedLine(line: PasteLine, tagged: boolean): boolean {
  return line.ctx !== '' || (tagged && line.logged === true);
}

/** A timestamp (or, when `tagged`, a logger's kernel tag), or kernel-shaped lines next to the header. */
function hasKernelEvidence(lines: readonly PasteLine[], i: number, tagged = true, banner = true): boolean {
  const line = lines[i];
  if (!line) return false;
  if (isLoggedLine(line, tagged)) return true;
  const before = lines[i - 1];
  if (banner && before && BANNER.test(before.text.trim())) return true;
  for (let j = i + 1; j < Math.min(lines.length, i + 1 + EVIDENCE_WINDOW); j++) {
    const text = lines[j]?.text ?? '';
    if (KERNEL_EVIDENCE.test(text) || text.startsWith(SPARC_FAULT_CONTEXT)) return true;
    const frames = parseFrameLine(text);
    if (frames?.some((f) => f.offset !== null && !f.unreliable)) return true;
  }
  return false;
}

/**
 * Reports whose die() line (`Oops: ...`, `Internal error: ...`, `invalid opcode: 0000`) may come long
 * after the header (a debugger such as xmon prints in between): faults, BUG() and bus errors. Under any
 * other report a die line further than DIE_WINDOW lines down, or a second one, starts a report of its own.
 */
const FAULT_BEFORE_DIE =
  /[Uu]nable to handle|NULL pointer dereference|kernel BUG|Kernel BUG|general protection fault|stack segment|bus error|Unhandled fault|divide error|Alignment trap|paging request|Kernel attempted to|list_(?:add|del) corruption/;

/**
 * lib/bug.c report_bug()'s line without CONFIG_DEBUG_BUGVERBOSE, printed by Android vendor kernels
 * (arm64 4.4 and 4.9) between a kernel fault's line and its die() line (`Unable to handle kernel
 * paging request at virtual address fffffffffffffffc` / `Kernel BUG at sel_netnode_find+0x6c/0xf0
 * [verbose debug info unavailable]` / `Internal error: Oops - BUG: 96000005`) for the same faulting pc:
 * one event, the fault's report.
 */
const BUG_AT_FAULT_PC = /^ {0,4}Kernel BUG at \S{1,200} \[verbose debug info unavailable\]$/;

/**
 * syzkaller prints `BUG: memory leak` right above kmemleak's first object; every later object
 * (`unreferenced object 0x...`) is a report of its own.
 */
const LEAK_HEADER = 'BUG: memory leak';
const LEAK_OBJECT_DISTANCE = 2;

/**
 * The block of the header at `start`: its banner lines, then the lines of its printk context up to the
 * next report of that context, a paste break, prose after an untimestamped log, or the size cap.
 */
function buildBlock(
  lines: readonly PasteLine[],
  hits: readonly (HeaderHit | undefined)[],
  start: number,
  header: OopsHeader,
): { block: ReportBlock; end: number } {
  const head = lines[start] as PasteLine;
  const ctx = head.ctx;
  const taken: PasteLine[] = bannerLines(lines, start, ctx);
  const headerIndex = taken.length;
  taken.push(head);
  const callerIds = ctx !== '' && ctx !== 'console';
  let otherCpus = false;
  const fault = FAULT_BEFORE_DIE.test(head.text);
  const leak = head.text.includes(LEAK_HEADER);
  let dieSeen = isDieLine(head.text);
  let end = start + 1;
  for (; end < lines.length && taken.length < MAX_REPORT_LINES; end++) {
    const line = lines[end] as PasteLine;
    if (line.isBreak) break;
    if (isLaterBoot(head, line)) break;
    const same = line.ctx === ctx;
    if (same) {
      const hit = hits[end];
      const ownDie = !dieSeen && (fault || end - start <= DIE_WINDOW);
      const ownLeak = leak && end - start <= LEAK_OBJECT_DISTANCE;
      const goesOn =
        header.continuedBy?.test(line.text) === true ||
        (fault && !dieSeen && end - start <= DIE_WITHIN && BUG_AT_FAULT_PC.test(line.text));
      if (hit && !ownLeak && !goesOn && (!hit.continuation || (hit.die && !ownDie))) {
        // A plain console's header printed straight before another report keeps the output after it:
        // its format may read its stack there (titleReport).
        if (ctx !== '' || taken.length - headerIndex <= HEADER_ONLY_LINES) {
          const tail = contextTail(lines, end, ctx, MAX_REPORT_LINES - taken.length);
          return {
            block: { lines: taken, header: headerIndex, headerText: header.header, titleTail: tail },
            end,
          };
        }
        break;
      }
      if (hit?.die) dieSeen = true;
      if (ctx === '' && endsLog(lines, end)) break;
      if (callerIds && line.text.includes(SENDING_NMI)) otherCpus = true;
      taken.push(line);
    } else if (otherCpus && line.ctx.startsWith('C')) {
      taken.push(line);
    }
  }
  return { block: { lines: taken, header: headerIndex, headerText: header.header }, end };
}

/**
 * A printk clock back near zero, well behind the header's: the machine booted again since the report
 * (a kexec, a reboot in the same console log). Consoles that interleave CPUs go back by less, and
 * never to the first seconds of a boot.
 */
const BOOT_RESET_SECONDS = 10;
const EARLY_BOOT_SECONDS = 2;
/** A clock minutes behind the header's: a log of another boot pasted after it (a reply quoting two runs). */
const OTHER_BOOT_SECONDS = 300;

function isLaterBoot(head: PasteLine, line: PasteLine): boolean {
  if (head.time === null || line.time === null) return false;
  const back = head.time - line.time;
  return (line.time < EARLY_BOOT_SECONDS && back > BOOT_RESET_SECONDS) || back > OTHER_BOOT_SECONDS;
}

/** The lines of caller-id context `ctx` from `from` on, up to a paste break or `max` lines. */
function contextTail(lines: readonly PasteLine[], from: number, ctx: string, max: number): PasteLine[] {
  const tail: PasteLine[] = [];
  for (let j = from; j < lines.length && tail.length < max; j++) {
    const line = lines[j] as PasteLine;
    if (line.isBreak) break;
    if (line.ctx === ctx) tail.push(line);
  }
  return tail;
}

function bannerLines(lines: readonly PasteLine[], start: number, ctx: string): PasteLine[] {
  const banner: PasteLine[] = [];
  for (let j = start - 1; j >= 0 && banner.length < MAX_BANNER_LINES; j--) {
    const line = lines[j] as PasteLine;
    if (line.isBreak) break;
    if (line.ctx !== ctx) continue;
    if (!BANNER.test(line.text.trim())) break;
    banner.unshift(line);
  }
  return banner;
}

/** Prose: a long line of ordinary words, as a blog post or chat message has after the log it quotes. */
const MIN_PROSE_CHARS = 100;
const MIN_PROSE_WORDS = 14;
const SENTENCE_WORDS = 7;
const PROSE_WORD_SHARE = 0.85;
/** A Markdown heading or a shell command; MIPS register lines (`$ 0   : 00000000 ...`) are neither. */
const HEADING = /^#{1,6} \S|^\$ [^\s\d]/;
/** C source quoted after a log: braces alone on a line and preprocessor or export lines, which printk never prints. */
const C_SOURCE = /^(?:[{}];?$|#(?:include|define|ifn?def|endif)\b|EXPORT_SYMBOL(?:_GPL)?\()/;

/**
 * Where an untimestamped log stops and the text around it starts: a heading, C source, a prose
 * paragraph, or a sentence (capitalised, ending in a full stop, plain words without the identifiers
 * and numbers kernel messages are made of). Blog posts flatten their paragraphs into such lines right
 * after the log.
 */
function endsLog(lines: readonly PasteLine[], i: number): boolean {
  const text = (lines[i] as PasteLine).text.trim();
  if (HEADING.test(text) || C_SOURCE.test(text)) return true;
  const words = proseWords(text);
  if (text.length >= MIN_PROSE_CHARS && words >= MIN_PROSE_WORDS) return true;
  return (
    words >= SENTENCE_WORDS &&
    /^[A-Z]/.test(text) &&
    /[.?!]$/.test(text) &&
    !/[_0-9]/.test(text) &&
    !kernelLinesFollow(lines, i)
  );
}

/** Lines checked after a sentence for the kernel output it may be part of (s390's `Fault in home space mode ...`). */
const SENTENCE_LOOKAHEAD = 3;
/** lockdep's held-locks list, under a sentence of its own (`RCU used illegally from extended quiescent state!`). */
const LOCKDEP_HELD = /^(?:\d+|no) locks? held by /;

function kernelLinesFollow(lines: readonly PasteLine[], i: number): boolean {
  for (let j = i + 1; j < Math.min(lines.length, i + 1 + SENTENCE_LOOKAHEAD); j++) {
    const text = lines[j]?.text ?? '';
    if (KERNEL_EVIDENCE.test(text) || /^ ?Oops\b/.test(text) || LOCKDEP_HELD.test(text)) return true;
    if (parseFrameLine(text)?.some((f) => f.offset !== null)) return true;
  }
  return false;
}

/** Number of words when most of a line is plain words, else 0. */
function proseWords(text: string): number {
  const tokens = text.trim().split(/ +/);
  if (tokens.length < SENTENCE_WORDS) return 0;
  let plain = 0;
  for (const token of tokens)
    if (/^[A-Za-z'’-]+[,.;:!?)]?$/.test(token) || /^\(?[A-Za-z'’-]+$/.test(token)) plain++;
  return plain / tokens.length >= PROSE_WORD_SHARE ? tokens.length : 0;
}
