/**
 * Everything a triager reads in a report besides its title: frames, task, kernel, taint, architecture
 * and the facts of `Facts`. One pass over the block's lines; each line is looked up by its first
 * character in tables of line starts, so a line costs a few `startsWith` calls before it is either a
 * fact, a stack header or a frame.
 */
import type { ReportBlock, ReportDetails } from './block.js';
import { BlockLines } from './block-lines.js';
import { parseFrameLine, type FrameText } from './frames.js';
import type { Facts, LockRecord, Task, Taint } from './report.js';
import { ADDRESS_LINES, readAddress } from './facts/address.js';
import { ARCH_LINE_STARTS, ArchTally, holdsSearchedText } from './facts/arch.js';
import {
  readInAtomicLine,
  readPreemptCount,
  readRcuNest,
  readSchedulingWhileAtomic,
  readSleepAt,
} from './facts/atomic-header.js';
import { readHeldHeader, readLockRecord, readWaitTypes, type HeldHeader } from './facts/locks.js';
import { readModules, readModulesContinuation } from './facts/modules.js';
import { MORE_LINE_STARTS, MoreFacts } from './facts/more-facts.js';
import { PrefixSet, PrefixTable, rowsOf, type PrefixRow } from './facts/prefix-table.js';
import { LOCATION_LABELS, readCodeLocation } from './facts/registers.js';
import { SECTION_STARTS, StackBuilder } from './facts/stacks.js';
import { readTaintAndRelease, type TaintAndRelease } from './facts/taint.js';
import {
  readCpuLine,
  readLockdepBanner,
  readOldArmCpuLine,
  readPidLine,
  type TaskLine,
} from './facts/task-line.js';
import { decimal, endsWithChar, readCommPid, trimLeading } from './facts/text.js';

interface HeldLocks extends HeldHeader {
  locks: LockRecord[];
  line: number;
  /** Index in the block of its last line: lock lines must follow without a gap. */
  last: number;
}

/** What one pass collects; local to a call of `readDetails`. Every fact keeps its first sighting. */
/** The opener of an RT critical section: `( <= remove_proc_entry+0x4b/0x230)` at the end of its line. */
const RT_SECTION_OPENER = /\( <= ([\w.]{1,128}\+0x[0-9a-f]{1,8}\/0x[0-9a-f]{1,8})\)\s*$/;

/** ksymoops's arrow at the decoded line of the faulting instruction. */
const KSYMOOPS_MARK = '<=====';

interface Draft {
  facts: Facts;
  /** The task a header line names (`brctl/3988`, `[comm:pid]`, `pid: 3988, name: brctl`). */
  reporter: Task | null;
  /** The task of the first `CPU: ... Comm:` line. */
  dumped: Task | null;
  taint: Taint | null;
  kernel: string | null;
  held: HeldLocks[];
  /** A line whose meaning is the line after it. */
  expect: 'preempt-site' | 'acquiring' | 'acquiring-again' | 'modules' | 'release' | null;
  /** The count of `scheduling while atomic`, for reports without a `preempt_count:` line. */
  scheduledCount: number | null;
  /**
   * Position in the block of the line being read, not counting the lines whose text a re-wrap or a cut
   * header joined to the line before (`folded`), so that lines read as adjacent stay adjacent; and its
   * 1-based input line.
   */
  index: number;
  line: number;
  /** The line before this one, pieces that joinCutHeaders in paste.ts folded into a line not counted. */
  previousLine: number;
}

/** Reads a fact from a line; false when the line is not the fact its start suggested, to be read on. */
type LineReader = (rest: string, d: Draft, text: string) => unknown;

const SOFT_LOCKUP = 'BUG: soft lockup - CPU#';
const WARNING_TASK = /^(\d{1,5}) PID: (\d{1,10}) /;
const HUNG_TASK_TAIL = ' blocked for more than ';
const KASAN_TASK = ' by task ';
const PREEMPTIBLE_TASK = ' code: ';
/** m68k's show_trace() prints the first frame on its header line (arch/m68k/kernel/traps.c). */
const TRACE_HEADER_FRAME = /^Call Trace: (?=\[<)/;

const FACT_LINES = new PrefixTable<LineReader>([
  {
    prefix: 'CPU: ',
    value: (_, d, text) => {
      const line = readCpuLine(text);
      if (line) takeTaskLine(d, line);
      else takeTaint(d, readOldArmCpuLine(text));
      if (line?.taint && !line.kernel && d.kernel === null) d.expect = 'release';
    },
  },
  // The hung-task report prints print_tainted() and the release on a line of their own.
  ...rowsOf<LineReader>(readTaintLine, 'Not tainted ', 'Tainted: '),
  { prefix: 'Pid: ', value: (_, d, text) => takeTaskLine(d, readPidLine(text)) },
  { prefix: 'REGS: ', value: readRegsTaint },
  { prefix: 'psr : ', value: readRegsTaint },
  { prefix: 'EFLAGS: ', value: readEflagsRelease },
  // `2 locks held by tc/6787:` and the lockdep banner `6.1 #3 Tainted: G  O` both start with a digit.
  ...rowsOf<LineReader>(readNumbered, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
  { prefix: 'no locks held by ', value: (_, d, text) => openHeld(d, readHeldHeader(text)) },
  { prefix: '#', value: readHeldLock },
  { prefix: 'in_atomic(): ', value: readInAtomic },
  {
    prefix: 'preempt_count: ',
    value: (rest, d) => {
      const read = readPreemptCount(rest);
      d.facts.preemptCount ??= read?.count ?? null;
      d.facts.preemptExpected ??= read?.expected ?? null;
    },
  },
  {
    prefix: 'RCU nest depth: ',
    value: (rest, d) => {
      const read = readRcuNest(rest);
      d.facts.rcuNestDepth ??= read?.depth ?? null;
      d.facts.rcuNestExpected ??= read?.expected ?? null;
    },
  },
  // CONFIG_DEBUG_PREEMPT: print_ip_sym() prints the site on the next line; old kernels glued it on.
  {
    prefix: 'Preemption disabled at:',
    value: (rest, d) => {
      if (rest.trim() === '') d.expect = 'preempt-site';
      else takePreemptSite(d, rest);
    },
  },
  // PREEMPT_RT's trace of the critical sections open when it scheduled (the -rt patch's
  // print_preempt_trace(), 2.6.1x): `| 1-level deep critical section nesting:`, then per level the lock
  // call and, under it, `.....[<c01e1b31>] ..   ( <= kgdb_enable_ints_now+0x15/0xb0)`, the caller that
  // opened the section, outermost first.
  {
    prefix: '....',
    value: (rest, d) => {
      const site = RT_SECTION_OPENER.exec(rest)?.[1];
      if (site !== undefined) takePreemptSite(d, site);
    },
  },
  { prefix: 'BUG: scheduling while atomic: ', value: readScheduling },
  {
    prefix: 'BUG: sleeping function called from invalid context at ',
    value: (rest, d) => {
      d.facts.sleepAt ??= readSleepAt(rest);
    },
  },
  ...rowsOf<LineReader>(
    readSoftLockup,
    SOFT_LOCKUP,
    `watchdog: ${SOFT_LOCKUP}`,
    `NMI watchdog: ${SOFT_LOCKUP}`,
  ),
  { prefix: 'INFO: task ', value: readHungTask },
  {
    prefix: 'INFO: lockdep is turned off.',
    value: (_, d) => {
      d.facts.lockdepOff = true;
    },
  },
  { prefix: 'WARNING: CPU: ', value: readWarningTask },
  // kernel/locking/spinlock_debug.c spin_dump(), rwlock_bug(): `BUG: spinlock lockup on CPU#0, comm/5192, ffff8100..`
  ...rowsOf<LineReader>(readLockBugTask, 'BUG: spinlock ', 'BUG: rwlock '),
  { prefix: 'BUG: using ', value: (rest, d) => takeReporter(d, taskAfter(rest, PREEMPTIBLE_TASK, '/')) },
  ...rowsOf<LineReader>(
    (rest, d) => takeReporter(d, taskAfter(rest, KASAN_TASK, '/')),
    'Read of size ',
    'Write of size ',
  ),
  {
    prefix: 'context-',
    value: (rest, d) => {
      d.facts.waitContext ??= readWaitTypes(rest);
    },
  },
  {
    prefix: 'Modules linked in:',
    value: (rest, d) => {
      if (d.facts.modules !== null) return;
      d.facts.modules = readModules(rest);
      d.expect = 'modules';
    },
  },
  {
    prefix: 'Hardware name: ',
    value: (rest, d) => {
      d.facts.hardware ??= rest.trim();
    },
  },
  // ksymoops's disassembly of the code bytes marks the faulting instruction's line (`Code;  c015e3a2
  // <journal_try_to_free_buffers+5a/98>   <=====`): where the CPU was when a pasted decode left out
  // its `>>EIP;` line.
  {
    prefix: 'Code;  ',
    value: (rest, d) => {
      if (!rest.trimEnd().endsWith(KSYMOOPS_MARK)) return;
      // The decode follows the dump it decodes, past its stack and trace: an unsymbolized `EIP:` of the
      // same report is this instruction's.
      const known = d.facts.rip;
      if (known?.fn) return;
      d.facts.rip = readCodeLocation(rest, d.line) ?? known;
    },
  },
  ...LOCATION_LABELS.map((row): PrefixRow<LineReader> => ({
    prefix: row.prefix,
    value: (rest, d) => {
      // i386 prints `EIP: 0060:[<c0138ead>]` and a few lines on `EIP is at f+0x3d/0x70`
      // (arch/i386/kernel/traps.c show_registers() of 2.6): the same dump's symbol wins.
      const known = d.facts[row.value];
      if (known && (known.fn !== null || d.line - known.line > SAME_DUMP_LINES)) return;
      d.facts[row.value] = readCodeLocation(rest, d.line) ?? known;
    },
  })),
]);

const ADDRESSES = new PrefixTable(ADDRESS_LINES);

/**
 * Every line start that a table of this pass looks up, a list per table. Most lines of a report (frames,
 * register values, code bytes) start with none of them: one look-up here spares them one per table, and a
 * line that starts with one is looked up only in the tables whose bit `listsStarting` returns.
 */
const LINE_STARTS = new PrefixSet([
  FACT_LINES.prefixes,
  ADDRESSES.prefixes,
  MORE_LINE_STARTS,
  ARCH_LINE_STARTS,
  SECTION_STARTS,
]);
const FACT_LINE = 1 << 0;
const ADDRESS_LINE = 1 << 1;
const MORE_LINE = 1 << 2;
const ARCH_LINE = 1 << 3;
const SECTION_LINE = 1 << 4;

/** Lines between the two labels of one register dump that print the same location. */
const SAME_DUMP_LINES = 6;

/** Lockdep's `comm/pid is trying to ...:`; the lock follows on the next line (kernel/locking/lockdep.c). */
const ACQUIRING = [
  ' is trying to lock:',
  ' is trying to acquire lock:',
  ' is trying to acquire:',
  // inconsistent lock state: `swapper/0/0 [HC0[0]:SC1[1]:HE1:SE0] takes:`
  ' takes:',
  // irq lock inversion: `syz/123 just changed the state of lock:`
  ' just changed the state of lock:',
];

export function readDetails(block: ReportBlock, lines: BlockLines = new BlockLines(block)): ReportDetails {
  const d: Draft = {
    facts: emptyFacts(),
    reporter: null,
    dumped: null,
    taint: null,
    kernel: null,
    held: [],
    expect: null,
    scheduledCount: null,
    index: -1,
    line: 0,
    previousLine: 0,
  };
  const stacks = new StackBuilder();
  /** The input line of the last stack header or frame read: a bare name must follow one. */
  let stackLine = -1;
  const arch = new ArchTally();
  const more = new MoreFacts();

  for (let index = 0; index < block.lines.length; index++) {
    const line = block.lines[index];
    if (line === undefined) continue;
    const text = trimLeading(line.text);
    if (text === '') {
      if (line.folded !== true) {
        d.line = line.no;
        d.index++;
      }
      continue;
    }
    d.previousLine = d.line;
    d.index++;
    d.line = line.no;
    const starts = LINE_STARTS.listsStarting(text);
    const searched = holdsSearchedText(text);
    more.line(text, line.text, line.no, (starts & MORE_LINE) !== 0);
    // Before the lock lists below take their lines: an old lock line's site is `at: [<address>] f`.
    arch.textAddress(text, searched);
    if (d.expect !== null && readExpected(d, text, line.text)) continue;
    if ((starts & ARCH_LINE) !== 0) arch.line(text);
    arch.release(text, searched);
    arch.path(text, searched);
    if ((starts & ADDRESS_LINE) !== 0 && d.facts.address === null) {
      const hit = ADDRESSES.match(text);
      if (hit) d.facts.address = readAddress(hit.rest, hit.value);
    }
    const fact = (starts & FACT_LINE) !== 0 ? FACT_LINES.match(text) : null;
    if (fact && fact.value(fact.rest, d, text) !== false) continue;
    if (endsWithChar(text, ':') && readAcquiringHeader(d, text)) continue;
    if ((starts & SECTION_LINE) !== 0 && stacks.section(text)) {
      stackLine = line.no;
      const glued = TRACE_HEADER_FRAME.exec(text);
      const frames = glued ? parseFrameLine(text.slice(glued[0].length)) : null;
      if (frames) stacks.add(frames, line.no);
      continue;
    }
    const afterMarker = stacks.marker(text);
    if (afterMarker === '') continue;
    const frames =
      (afterMarker === null ? lines.framesOfTrimmed(index, text) : parseFrameLine(afterMarker)) ??
      (stacks.isOpen && stackLine === d.previousLine ? bareFrame(text) : null);
    if (frames === null) continue;
    stackLine = line.no;
    stacks.add(frames, line.no);
    arch.frameLine(text, frames, searched, line.time !== null || line.logged === true);
  }

  const task = pickTask(d.reporter, d.dumped);
  d.facts.locksHeld = pickHeld(d.held, task);
  d.facts.heldLists = d.held.map((h) => ({ count: h.count, task: h.task, locks: h.locks, line: h.line }));
  Object.assign(d.facts, more.finish());
  d.facts.preemptCount ??= d.scheduledCount;
  if (d.facts.modules) arch.modules(d.facts.modules.map((m) => m.name));
  if (d.facts.acquiring?.address) arch.dataAddress(d.facts.acquiring.address);
  for (const held of d.held) {
    for (const lock of held.locks) if (lock.address) arch.dataAddress(lock.address);
  }
  return {
    facts: d.facts,
    task,
    taint: d.taint,
    kernel: d.kernel,
    arch: arch.result(),
    frames: stacks.finish(),
  };
}

/**
 * A function name alone on its line (`kick_all_cpus_sync`), in a stack whose offsets the poster
 * removed or retyped without them. Read only right under a stack header or another frame, and only
 * as the kernel spells its functions, in small letters, so a sign-off (`Thanks`) is no frame.
 */
const BARE_NAME = /^[a-z_][a-z0-9_]{1,127}(?:\.[a-z0-9_]{1,32}){0,3}$/;

function bareFrame(text: string): FrameText[] | null {
  if (!BARE_NAME.test(text)) return null;
  return [{ fn: text, offset: null, size: null, module: null, unreliable: false, source: null }];
}

/** Facts of a report that names none: every field null, lockdep not reported off. */
export function emptyFacts(): Facts {
  return {
    inAtomic: null,
    irqsDisabled: null,
    nonBlock: null,
    preemptCount: null,
    preemptExpected: null,
    atomicCountRaw: null,
    rcuNestDepth: null,
    rcuNestExpected: null,
    preemptionDisabledAt: null,
    sleepAt: null,
    locksHeld: null,
    acquiring: null,
    waitContext: null,
    lockdepOff: false,
    modules: null,
    hardware: null,
    rip: null,
    pc: null,
    lr: null,
    address: null,
    heldLists: [],
    lockdep: null,
    cpuBacktraces: [],
    syscall: null,
    preemptModel: null,
    kasanObject: null,
    kasanRange: null,
    codeLine: null,
    namedFile: null,
    ubsanShift: null,
    ubsanIndex: null,
  };
}

/**
 * The line after `Preemption disabled at:`, `is trying to lock:` or `Modules linked in:` (`raw`: before
 * its leading spaces were trimmed into `text`); false lets it be read as usual.
 */
function readExpected(d: Draft, text: string, raw: string): boolean {
  const expect = d.expect;
  d.expect = null;
  if (expect === 'preempt-site') return takePreemptSite(d, text);
  if (expect === 'modules') return takeMoreModules(d, raw);
  if (expect === 'release') return takeWrappedRelease(d, text);
  const lock = readLockRecord(text, null, d.line);
  if (lock === null) return false;
  if (expect === 'acquiring') {
    d.facts.acquiring ??= lock;
  } else {
    const first = d.facts.acquiring;
    // A repeat is the next line; the same lock further down is the held one of a recursive splat.
    if (first?.address !== lock.address || first.name !== lock.name || d.previousLine !== first.line)
      return false;
    // Like a held lock, a symbolized lock line repeats once per inlined frame; keep the last.
    d.facts.acquiring = lock;
  }
  d.expect = 'acquiring-again';
  return true;
}

/**
 * dump_stack_print_info() (lib/dump_stack.c) prints the task line in one printk, `CPU: %d UID: %u PID: %d
 * Comm: %.20s %s%s %s %.*s`: print_tainted(), then the release and the version's first word. A line that
 * ends after the taint was wrapped there (a mail client, a terminal of fixed width), and the release
 * starts the next one: `... Comm: repro Not tainted` / `6.10.0-rc1-21-ge0cce98fe279-syzk #1`.
 */
const WRAPPED_RELEASE = /^(\d{1,3}\.\d{1,3}[\w.+~-]{0,100}) #\S/;

function takeWrappedRelease(d: Draft, text: string): boolean {
  const release = WRAPPED_RELEASE.exec(text)?.[1];
  if (release === undefined) return false;
  d.kernel ??= release;
  return true;
}

function takeMoreModules(d: Draft, raw: string): boolean {
  const more = readModulesContinuation(raw);
  if (more === null || d.facts.modules === null) return false;
  d.facts.modules = [...d.facts.modules, ...more];
  d.expect = 'modules';
  return true;
}

function takePreemptSite(d: Draft, text: string): boolean {
  const f = parseFrameLine(text)?.[0];
  if (!f) return false;
  d.facts.preemptionDisabledAt ??= { ...f, context: 'task', stack: 'other', line: d.line };
  return true;
}

function readAcquiringHeader(d: Draft, text: string): boolean {
  const suffix = ACQUIRING.find((s) => text.endsWith(s));
  if (suffix === undefined) return false;
  const head = text.slice(0, text.length - suffix.length);
  // `comm/pid [HC0[0]:SC0[0]:HE0:SE1] is trying to acquire:` (lockdep's irq tag, print_bad_irq_dependency).
  const tag = head.indexOf(' [HC');
  const task = readCommPid(tag < 0 ? head : head.slice(0, tag), '/', '');
  takeReporter(d, task && { comm: task.comm, pid: task.pid, cpu: null });
  d.expect = 'acquiring';
  return true;
}

function takeTaskLine(d: Draft, read: TaskLine | null): void {
  if (!read) return;
  d.dumped ??= read.task;
  takeTaint(d, read);
}

function takeTaint(d: Draft, read: Partial<TaintAndRelease> | null): void {
  d.taint ??= read?.taint ?? null;
  d.kernel ??= read?.kernel ?? null;
}

function takeReporter(d: Draft, task: Task | null): void {
  d.reporter ??= task;
}

function readNumbered(_: string, d: Draft, text: string): void {
  const held = readHeldHeader(text);
  if (held) {
    openHeld(d, held);
    return;
  }
  takeTaint(d, readLockdepBanner(text));
}

/** v6.12 follows the `CPU:` line with `Tainted: [W]=WARN, [O]=OOT_MODULE`; the letters are already read. */
function readTaintLine(rest: string, d: Draft, text: string): void {
  if (rest.startsWith('[')) return;
  takeTaint(d, readTaintAndRelease(text, 0));
}

/**
 * powerpc's __show_regs() (arch/powerpc/kernel/process.c) `REGS: %px TRAP: %04lx   %s  (%s%s)` and ia64's
 * show_regs() (arch/ia64/kernel/process.c, until v6.7) `psr : ... ip  : [<%016lx>]    %s (%s%s)`: the
 * taint, then the release in parentheses, the only ones an old powerpc or ia64 oops shows.
 */
function readRegsTaint(rest: string, d: Draft): void {
  for (const word of ['Tainted: ', 'Not tainted']) {
    const at = rest.indexOf(word);
    if (at >= 0) {
      d.taint ??= readTaintAndRelease(rest, at)?.taint ?? null;
      break;
    }
  }
  const open = rest.lastIndexOf('(');
  if (open >= 0 && rest.endsWith(')')) d.kernel ??= REGS_RELEASE.exec(rest.slice(open))?.[1] ?? null;
}

const REGS_RELEASE = /^\((\d+\.\d+[\w.+~-]{0,64})\)$/;

/**
 * i386's show_registers() of 2.4 and 2.6 kernels printed the release, on later 2.6 also the version's
 * first word, after the flags: `EFLAGS: 00010202   (2.6.11-rc4)`, `EFLAGS: 00010286   (2.6.17 #1)` (as
 * the old i386 reports of our corpus show; x86-64 and today's i386 print `EFLAGS:` without it).
 */
const EFLAGS_RELEASE = /^\((\d{1,3}\.\d{1,3}[\w.+~-]{0,64})(?: #[^\s()]{1,40})?\)$/;

function readEflagsRelease(rest: string, d: Draft): void {
  const open = rest.indexOf('(');
  if (open >= 0) d.kernel ??= EFLAGS_RELEASE.exec(rest.slice(open))?.[1] ?? null;
}

function openHeld(d: Draft, header: HeldHeader | null): void {
  if (header) d.held.push({ count: header.count, task: header.task, locks: [], line: d.line, last: d.index });
}

/**
 * ` #1: ffff888100ef1438 (&dev->tx_global_lock){+.-.}-{2:2}, at: ...` right under its header; false for
 * another `#` line (a crash utility `bt` frame, `#7 [sp] f at addr`).
 */
function readHeldLock(rest: string, d: Draft): boolean {
  const colon = rest.indexOf(': ');
  const index = decimal(rest.slice(0, colon));
  if (colon < 0 || index === null) return false;
  const held = d.held[d.held.length - 1];
  if (!held || !continuesHeldList(held, index, d.index)) return true;
  const lock = readLockRecord(rest.slice(colon + 2), index, d.line);
  if (!lock) return true;
  // Symbolized reports (syzbot) repeat a lock line once per inlined frame of its `at:`; the last one
  // names the real function, as an unsymbolized report would.
  if (held.locks[held.locks.length - 1]?.index === index) held.locks.pop();
  held.locks.push(lock);
  held.last = d.index;
  return true;
}

/**
 * A lock line belongs to the list right above it, or, a few lines further down, when its number is the
 * next the list can hold: another CPU's or a driver's message printed between two lock lines (the console
 * interleaves them) or a lock line cut in two leaves a gap that does not end the list.
 */
const HELD_LIST_GAP = 4;

function continuesHeldList(held: HeldLocks, index: number, at: number): boolean {
  if (held.last === at - 1) return true;
  const before = held.locks[held.locks.length - 1]?.index ?? -1;
  return at - held.last <= HELD_LIST_GAP && index > before && index < held.count;
}

function readInAtomic(_: string, d: Draft, text: string): void {
  const read = readInAtomicLine(text);
  if (!read) return;
  d.facts.inAtomic ??= read.inAtomic;
  d.facts.irqsDisabled ??= read.irqsDisabled;
  d.facts.nonBlock ??= read.nonBlock;
  takeReporter(d, { comm: read.comm, pid: read.pid, cpu: null });
}

function readScheduling(rest: string, d: Draft): void {
  const read = readSchedulingWhileAtomic(rest);
  if (!read) return;
  d.facts.atomicCountRaw ??= read.raw;
  d.scheduledCount ??= read.count;
  takeReporter(d, { comm: read.comm, pid: read.pid, cpu: null });
}

/** `3 stuck for 23s! [kworker/3:1:123]`: comm and pid joined by a colon, and comm may hold colons. */
function readSoftLockup(rest: string, d: Draft): void {
  const space = rest.indexOf(' ');
  const open = rest.lastIndexOf('[');
  const close = rest.lastIndexOf(']');
  const task = open < 0 || close < open ? null : readCommPid(rest.slice(open + 1, close), ':', '');
  takeReporter(d, task && { comm: task.comm, pid: task.pid, cpu: decimal(rest.slice(0, space)) });
}

/** `kworker/u16:2:123 blocked for more than 120 seconds.` (kernel/hung_task.c). */
function readHungTask(rest: string, d: Draft): void {
  const end = rest.indexOf(HUNG_TASK_TAIL);
  const task = end < 0 ? null : readCommPid(rest.slice(0, end), ':', '');
  takeReporter(d, task && { comm: task.comm, pid: task.pid, cpu: null });
}

/** `0 PID: 1 at kernel/foo.c:12 f+0x1/0x2` after `WARNING: CPU: `: no comm; the CPU line has it. */
function readWarningTask(rest: string, d: Draft): void {
  const m = WARNING_TASK.exec(rest);
  if (m) takeReporter(d, { comm: null, pid: Number(m[2]), cpu: Number(m[1]) });
}

/** ` on CPU#0, comm/5192` after the lock's complaint, then, in some versions, `, <lock address>`. */
function readLockBugTask(rest: string, d: Draft): void {
  const at = rest.indexOf(LOCK_BUG_CPU);
  if (at < 0) return;
  const from = at + LOCK_BUG_CPU.length;
  const comma = rest.indexOf(', ', from);
  const cpu = comma < 0 ? null : decimal(rest.slice(from, comma));
  const task = cpu === null ? null : readCommPid(rest.slice(comma + 2).trimEnd(), '/', ',');
  takeReporter(d, task && { comm: task.comm, pid: task.pid, cpu });
}

const LOCK_BUG_CPU = ' on CPU#';

/** The `comm/pid` that ends a line after its last `marker`. */
function taskAfter(rest: string, marker: string, sep: string): Task | null {
  const at = rest.lastIndexOf(marker);
  const task = at < 0 ? null : readCommPid(rest.slice(at + marker.length).trimEnd(), sep, '');
  return task && { comm: task.comm, pid: task.pid, cpu: null };
}

/**
 * The reporting task: the one the header names, completed from the `CPU:` line when that line is about
 * the same pid. A hung-task report's header names the blocked task while its `CPU:` line, if any, is
 * khungtaskd's, so a different pid keeps the header's task.
 */
function pickTask(reporter: Task | null, dumped: Task | null): Task | null {
  if (reporter === null) return dumped;
  if (dumped === null || (reporter.pid !== null && dumped.pid !== reporter.pid)) return reporter;
  return {
    comm: reporter.comm ?? dumped.comm,
    pid: reporter.pid ?? dumped.pid,
    cpu: reporter.cpu ?? dumped.cpu,
  };
}

/** The held-locks list of the reporting task; `Showing all locks held in the system:` lists every task's. */
function pickHeld(held: readonly HeldLocks[], task: Task | null): Facts['locksHeld'] {
  const own = task && held.find((h) => h.task === `${task.comm}/${task.pid}`);
  const chosen = own ?? held[0];
  if (!chosen) return null;
  return { count: chosen.count, task: chosen.task, locks: chosen.locks, line: chosen.line };
}
