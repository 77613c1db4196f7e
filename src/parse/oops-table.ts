/**
 * Every kind of kernel report as one row of data: the header text that starts it, the lines that are
 * not that report although they hold the header, and the formats that turn it into a syzbot title.
 * The engines in `find-reports.ts` and `title.ts` read this table and hold no report-specific logic,
 * so adding a kind of report is adding a row.
 *
 * Behaviour follows syzkaller's `pkg/report` (see `shared/reference/syzkaller-titles.md`); the patterns
 * are ours. Every pattern runs on one line (at most MAX_LINE_CHARS) and has no nested repetition.
 */
import type { ReportKind } from './report.js';
import { anyOf } from './skip-frames.js';

/** A function name as a header or an `at:` line prints it, suffixes (`.isra.0`) included. */
const FN = '([A-Za-z_$][A-Za-z0-9_.$]*)';
/**
 * A function a sanitizer header or a lockdep `at:` names. Symbolized reports repeat such a line once per
 * inlined function (`BUG: KMSAN: uninit-value in set_carrier drivers/net/usb/rtl8150.c:721 [inline]`,
 * `at: mmap_read_lock include/linux/mmap_lock.h:190 [inline]`), then print it for the function the code
 * was inlined into (`rtl8150_open+0x1131/0x1360`); like an `[inline]` stack line the inlined copy names
 * no frame, and syzbot titles the function it was inlined into.
 */
const NAMED_FN = `${FN}(?![\\w.$]| \\S+ \\[inline\\])`;
/** `at:` of a lockdep lock line; old kernels print the address first. */
const AT_FN = new RegExp(`\\bat: (?:\\[<[0-9a-f]+>\\] )?${NAMED_FN}`);
/**
 * An `at:` naming a function with its offset (`at: __flush_workqueue+0x1b0/0x1710`), as syzkaller's
 * `at:(?: {{PC}})? +{{FUNC}}` reads it: a symbolizer's `at: f file.c:12 [inline]` line names none.
 */
const AT_OFFSET_FN = /\bat:(?: \[<?(?:0x)?[0-9a-f]+>?\])? +([A-Za-z0-9_]+)[.+]/;
/**
 * The interrupted instruction: x86 `RIP`/`IP`, powerpc `NIP`, arm `PC is at`, arm64 and riscv `pc`/`epc`,
 * sparc64 `TPC: <f+0x0/0x160>` (arch/sparc/kernel/process_64.c show_regs()), m68k `PC: [<001074c2>]
 * f+0xc/0x16` (arch/m68k/kernel/traps.c show_registers()).
 */
const RIP_LABEL =
  '(?:^|\\s)(?:RIP: [0-9a-f]{4}:|RIP: |IP: |NIP |PC is at |pc : |epc : |TPC: <|PC: (?=\\[<)|ip is at )(?:\\[<?[0-9a-f]+>?\\] {1,3}){0,2}';
/** The crash utility's `bt` on a vmcore marks the interrupted code `[exception RIP: f+1167]` (decimal). */
export const RIP = new RegExp(`${RIP_LABEL}${FN}\\+0x|\\[exception RIP: ${FN}\\+\\d`);
/** The interrupted instruction's line when it is in `fn` (a pattern). */
function ripIn(fn: string): RegExp {
  return new RegExp(`${RIP_LABEL}${fn}(?:\\.[\\w.]{1,24})?\\+0x`);
}
/**
 * Where a stack's callers begin: `Call Trace:`, arm's `Backtrace:`, and in the crash utility's `bt` the
 * register line under `[exception RIP: f+n]` (`RIP: ffffffff836a1cae  RSP: ...`), after which come the
 * callers of the interrupted code (above it are the panic and kdump path's own frames).
 */
export const CALL_TRACE = /Call [Tt]race:|^Backtrace:|^ {0,8}RIP: [0-9a-f]{16} {1,2}RSP: /;

/**
 * `A.*B` that stays linear on a line repeating A: plain `.*` is rescanned from every A to the end of
 * the line, (number of A) × (line length) steps. Here the gap may not hold another A, so each stretch
 * is scanned once. The same lines match, since an A-to-B match can always start at the last A before B
 * (A and B must not overlap, which holds for every use below). `gap` is what the gap is made of.
 */
function aThenB(a: string, b: string, gap = '.'): RegExp {
  return new RegExp(`${a}(?:(?!${a})${gap})*${b}`);
}

/**
 * Any start of `words` (empty included) as a pattern, for a header line a terminal or a pager cut at its
 * width (`less -S`, `journalctl`), which may stop after any character of the kernel's constant text:
 * `f`, `fo`, `for`, `for m`... Nested optional groups, one character each: nothing to backtrack into.
 */
function anyStartOf(words: string): string {
  let source = '';
  for (let i = words.length - 1; i >= 0; i--) {
    source = `(?:${(words[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${source})?`;
  }
  return source;
}

/**
 * How the guilty frame is found: steps run over the report's lines in order. A pattern step moves to
 * the next line it matches and, when it has a capture, offers that function; `stack` offers every
 * frame line up to the next stack section. The first offered frame that is not generic wins, unless
 * `picker` says otherwise.
 */
export type FrameStep = RegExp | 'stack';

export interface FrameRecipe {
  steps: readonly FrameStep[];
  /** Tried when `steps` offered no usable frame. */
  fallback?: readonly FrameStep[];
  /** Generic frames for this format on top of the global list (unanchored, like the global list). */
  skip?: RegExp;
  /** `stall`: the frame above the first dispatch function; `hang`: past the waiting primitives. */
  picker?: 'first' | 'stall' | 'hang';
  /**
   * The first function `steps` offer names the title as printed, generic or not: syzkaller reads it
   * with one pattern over the report (its `report:` regex, `at: f+0x..`), not from a stack, so no skip
   * list applies (`held lock freed in __flush_workqueue`). `fallback` is read as a stack, with skips.
   */
  verbatim?: boolean;
}

export interface OopsFormat {
  kind: ReportKind;
  /**
   * The first pattern must match a line of the report, each next one a later line. Their captures
   * fill `{1}`, `{2}`... of the title, in order.
   */
  match: readonly RegExp[];
  /**
   * Later lines the report must hold; when they are missing the report was cut off: it is titled by
   * its header line and marked corrupted.
   */
  requires?: readonly RegExp[];
  /** `{1}`.. are captures, `{frame}` the guilty frame, `{rest}` the header line from the header on. */
  title: string;
  /** syzbot's cross-format aliases (`bad-access in {frame}`), same placeholders. */
  alt?: readonly string[];
  frame?: FrameRecipe;
  /** The report needs no stack trace (fixed strings, sanitizers that print their own stack). */
  noStack?: boolean;
  /** The format itself means the real start of the report was lost. */
  corrupted?: string;
  /** A catch-all that only counts as a kernel report when the text around it looks like kernel output. */
  generic?: boolean;
  /**
   * One check prints this line once per item of one object (its capture names the object): lines right
   * under each other for the same object are one report.
   */
  linePerItemOf?: RegExp;
}

export interface OopsHeader {
  /** Text searched for in a line; it must not follow a letter, digit or `_` (`ODEBUG:` is not `BUG:`). */
  header: string;
  /** The kind of a report of this header that no format matches. */
  kind: ReportKind;
  /** Lines holding the header that are something else. */
  suppress: readonly RegExp[];
  formats: readonly OopsFormat[];
  /**
   * The message a check prints next to its WARNING or BUG (`list_del corruption. ...`, `refcount_t:
   * underflow; ...`): a report of its own only when no other header is printed around it, as in an
   * excerpt that left the WARNING line out.
   */
  prelude?: boolean;
  /**
   * A message printed only next to this header (WARN()'s message above its `WARNING:` line): dropped
   * there like a prelude, and a report of its own anywhere else, even inside another report's lines.
   */
  preludeOf?: string;
  /**
   * Older kernels printed this message through WARN(): the `WARNING:` line right above it is its own,
   * and the report is this message's.
   */
  printedByWarn?: boolean;
  /**
   * A header line of this shape is printed for a user-mode fault too, which only signals the task: it
   * starts a report only when a die() line (`DIE_LINES`) follows within a few lines.
   */
  diesAfter?: RegExp;
  /** A header printed as the next step of the same fault: it goes on with this report, not a new one. */
  continuedBy?: RegExp;
}

/**
 * The functions that report a corrupted list or a bad refcount and then trap (lib/list_debug.c
 * __list_add_valid_or_report() and __list_del_entry_valid_or_report(), named __list_add_valid() and
 * __list_del_entry_valid() before v6.6; lib/refcount.c refcount_warn_saturate()): the interrupted
 * instruction in one of them names the check even when its message or header line is missing.
 */
const LIST_CHECK_FN = '__list_(?:add|del_entry)_valid(?:_or_report)?';
const REFCOUNT_CHECK_FN = 'refcount_warn_saturate';
const LIST_CHECK_PC = ripIn(LIST_CHECK_FN);
const REFCOUNT_CHECK_PC = ripIn(REFCOUNT_CHECK_FN);

const KMEM_CACHE_FAILED =
  /(?:__)?kmem_cache_create(?:_usercopy|_args)?\([^()\s]{1,64}\) failed with error -?\d+$/;
const KMEM_CACHE_DUPLICATE = /kmem_cache_sanity_check \([^()\s]{1,64}\): Cache name already exists\.$/;

const BAD_ACCESS = ['bad-access in {frame}'];

/** ia64's die() line: `init[1]: General Exception: IA-64 Reserved Register/Field fault (data access) 2199023255600 [1]`. */
const IA64_DIE =
  /\S\[\d{1,10}\]: (?:bugcheck!|NaT consumption|General Exception: [^\n]{1,100}) -?\d{1,20} \[\d{1,6}\]$/;

/** A header of ia64's die() (see `IA64_DIE`), whose words hold no pattern characters: only the whole die line is one. */
function ia64Die(header: string, kind: ReportKind, title: string): OopsHeader {
  return {
    header,
    kind,
    suppress: [new RegExp(`^(?![^\\n]{0,80}\\]: ${header}[^\\n]{0,100} -?\\d{1,20} \\[\\d{1,6}\\]$)`)],
    // die() prints the trace through show_regs(), which no other architecture's die line puts above it.
    formats: [{ kind, match: [IA64_DIE], title, frame: { ...FAULT, skip: /^show_regs$/ } }],
  };
}
const STD: FrameRecipe = { steps: [CALL_TRACE, 'stack'] };
const RIP_THEN_STACK: FrameRecipe = { steps: [RIP, 'stack'], fallback: [CALL_TRACE, 'stack'] };
/**
 * Where a WARNING trapped: the RIP-like line, or on powerpc the `--- interrupt: 700 at f+0x..` line
 * that the program-check exception prints before the interrupted code's callers (ppc has no RIP line
 * in a WARNING; without this the trace's first caller below the trap would be named instead).
 */
const WARN_TRAP = new RegExp(`${RIP.source}|^--- interrupt: [0-9a-f]+ at ${FN}\\+0x`);
const WARN_STACK: FrameRecipe = { steps: [WARN_TRAP, 'stack'], fallback: [CALL_TRACE, 'stack'] };
const FAULT: FrameRecipe = { steps: [RIP, CALL_TRACE, 'stack'], fallback: [CALL_TRACE, 'stack'] };
/** arc's fault line names the code that faulted (`by insn @ f+0xa/0x10`), then its `Stack Trace:`. */
const ARC_INSN: FrameRecipe = {
  steps: [new RegExp(`by insn @ ${FN}\\+0x`), CALL_TRACE, 'stack'],
  fallback: [CALL_TRACE, 'stack'],
};
/** syzkaller titles an `Alignment trap:` by its backtrace alone: without one the title is corrupted. */
const ALIGNMENT_TRACE: FrameRecipe = { steps: [CALL_TRACE, 'stack'] };
const RIP_ONLY: FrameRecipe = { steps: [RIP] };
/** KFENCE's access line, then the stack of the access. */
const KFENCE_BODY: FrameRecipe = {
  steps: [/(?:Out-of-bounds|Use-after-free) (?:read|write) at 0x/, 'stack'],
};
/** Stall stacks are read from the interrupted code: after the timer interrupt that found the stall. */
const STALL: FrameRecipe = {
  steps: [
    /apic_timer_interrupt|^Exception stack|el1h?_64_irq|el1_interrupt|irq_exit_rcu|handle_arch_irq|do_IRQ/,
    'stack',
  ],
  picker: 'stall',
};
const OLD_LOCKDEP_PAIR: FrameRecipe = {
  steps: [/is trying to acquire/, AT_FN, /already holding lock|already holding:/, AT_FN, CALL_TRACE, 'stack'],
  fallback: [CALL_TRACE, 'stack'],
};
/** Workqueue flushes take a fake lock: the flushing function says nothing about the deadlock. */
const LOCKDEP_PAIR: FrameRecipe = {
  ...OLD_LOCKDEP_PAIR,
  skip: anyOf(['flush_workqueue', 'flush_work', 'drain_workqueue', 'start_flush_work', '__flush_work']),
};
/** Lockdep reports that name the lock's owner first (`at: f`), the stack second. */
const AT_THEN_STACK: FrameRecipe = { steps: [AT_FN, CALL_TRACE, 'stack'], fallback: [CALL_TRACE, 'stack'] };
/** The first lock line's owner (`... with a lock still held there!` then `at: f+0x..`), whatever it is. */
const HELD_LOCK_FREED: FrameRecipe = {
  steps: [AT_OFFSET_FN],
  verbatim: true,
  fallback: [CALL_TRACE, 'stack'],
};
const IRQ_INVERSION: FrameRecipe = {
  steps: [
    /just changed the state of lock:/,
    AT_FN,
    /but this lock (?:took|was taken by) another/,
    AT_FN,
    CALL_TRACE,
    'stack',
  ],
  fallback: [CALL_TRACE, 'stack'],
};
const SAFE_UNSAFE: FrameRecipe = {
  steps: [/which became [A-Z_]+-irq-safe at:/, 'stack'],
  fallback: [CALL_TRACE, 'stack'],
};
/** kmemleak's own frames and the allocators under the leaking caller. */
const LEAK_SKIP = anyOf([
  'kmemleak',
  'create_object',
  'mmap',
  'kmalloc',
  'kmem',
  'slab',
  'alloc',
  'idr_get',
  'list_lru_init',
  'sget_userns',
  'kasprintf',
  'kvasprintf',
  'pcpu_create_chunk',
  'strdup',
  'strndup',
  'memdup',
  'debug_objects',
]);
const KASAN_SKIP = [
  'kernel_fault',
  'tag_check',
  'mem_abort',
  '^el1_',
  '^el1h_',
  'do_bad_area',
  'report_tag_fault',
];

/**
 * `WARNING: CPU: 0 PID: 1 at lib/refcount.c:28 f+0x..`, `WARNING: at lib/refcount.c:28 f()`, and the
 * format of v6.19 on (`WARNING: lib/refcount.c:28 at f+0x.., CPU#1: comm/pid`). A format keyed on the
 * function too matches only the older forms, where the function follows the file: syzbot titles
 * `WARNING: mm/slub.c:6841 at __kvmalloc_node_noprof+..` `WARNING in <caller>`, not a kmalloc bug,
 * while `WARNING: lib/refcount.c:19 at 0x0` stays a refcount bug.
 */
function warnAt(path: string, fn = ''): RegExp {
  // Distribution builds print the build tree's absolute path (`/build/linux-8fxPc5/linux-4.9.6/lib/...`).
  return new RegExp(`WARNING: (?:CPU: \\d+ PID: -?\\d+ at |at )?(?:[^ ]*/)?${path}:\\d+ ${fn}`);
}

function warnFile(
  path: string,
  title: string,
  kind: ReportKind,
  skip: readonly string[],
  fn = '',
): OopsFormat {
  return { kind, match: [warnAt(path, fn)], title, frame: { ...WARN_STACK, skip: anyOf(skip) } };
}

/** kernel/panic.c panic(): `Kernel panic - not syncing: %s`, and its end marker. */
const PANIC_FORMATS: readonly OopsFormat[] = [
  {
    kind: 'panic',
    match: [/Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: /],
    title: 'kernel panic: stack is corrupted in {frame}',
    frame: { steps: [new RegExp(`stack is corrupted in: ${FN}`)] },
    noStack: true,
  },
  {
    kind: 'panic',
    match: [/Kernel panic - not syncing: corrupted stack end detected inside scheduler/],
    title: 'kernel panic: corrupted stack end in {frame}',
    alt: ['stack-overflow in {frame}'],
    frame: { steps: [CALL_TRACE, 'stack'], picker: 'stall' },
  },
  {
    kind: 'panic',
    match: [/Kernel panic - not syncing: kernel stack overflow/],
    title: 'kernel stack overflow in {frame}',
    alt: ['stack-overflow in {frame}'],
    frame: { steps: [CALL_TRACE, 'stack'], picker: 'stall' },
  },
  {
    kind: 'panic',
    match: [/Kernel panic - not syncing: (Fatal exception|panic_on_warn set|hung_task: blocked tasks)/],
    title: 'kernel panic: {1}',
    corrupted: 'only the panic that followed the report is left; its header was lost',
  },
  // The watchdogs' own panics (kernel/watchdog.c: `Hard LOCKUP`, `softlockup: hung tasks`): the
  // kind is the lockup, the title stays syzkaller's.
  {
    kind: 'hard-lockup',
    match: [/Kernel panic - not syncing: ((?:Watchdog detected )?[Hh]ard LOCKUP.*?)\.?$/],
    title: 'kernel panic: {1}',
    noStack: true,
  },
  {
    kind: 'soft-lockup',
    match: [/Kernel panic - not syncing: (softlockup: hung tasks)/],
    title: 'kernel panic: {1}',
    noStack: true,
  },
  // panic() dumps the stack of its caller: a log that stops before it was cut off.
  {
    kind: 'panic',
    match: [/Kernel panic - not syncing: (Attempted to kill init!|Couldn't open N_TTY ldisc)/],
    title: 'kernel panic: {1}',
  },
  {
    kind: 'panic',
    match: [/Kernel panic - not syncing: (.*?)\.?$/],
    title: 'kernel panic: {1}',
    noStack: true,
  },
  // 2.4 and early 2.6 kernel/panic.c panic(): `Kernel panic: %s`, `- not syncing` came later.
  {
    kind: 'panic',
    match: [/Kernel panic: ?([A-Z].*?)\.?$/],
    title: 'kernel panic: {1}',
    noStack: true,
  },
  // Retyped from a screen or a phone photo: `kernel panic - not syncing : Attempted to kill init!`,
  // `not syncinc:`. The watchdogs' and the oops's own panics are never retyped alone.
  {
    kind: 'panic',
    match: [/[Kk]ernel [Pp]anic ?(?:-{1,2}|\u2013|\u2014) ?[Nn]ot syncin[a-z]? ?: ?(.*?)\.?$/],
    title: 'kernel panic: {1}',
    noStack: true,
  },
];

/**
 * A die() line per trap name (`<name>[#1]:`, `<name>: 0007 ilc:2 [#1]`), the title taking the name the
 * line printed; a BUG() trap is titled as syzkaller titles `kernel BUG at`.
 */
function dieLineHeaders(rows: ReadonlyArray<readonly [string, ReportKind]>, match: RegExp): OopsHeader[] {
  return rows.map(([header, kind]) => ({
    header,
    kind,
    suppress: [],
    formats: [
      {
        kind,
        match: [match],
        title: kind === 'kernel-bug' ? 'kernel BUG in {frame}' : '{1} in {frame}',
        frame: FAULT,
      },
    ],
  }));
}

/**
 * s390 die(): `data exception: 0007 ilc:2 [#1]` (before v2.6.3x without `ilc:`); user-mode traps print
 * `User process fault:` instead.
 */
const S390_DIE = /(?:^|\s)([A-Za-z][\w -]{2,40}): [0-9a-f]{4} (?:ilc:\d )?\[#\d+\]/;

/**
 * An x86 WARNING or BUG() pasted from its register dump or call trace down, its header line left out.
 * Both trap on `ud2` (arch/x86/kernel/traps.c exc_invalid_op() -> handle_bug() -> report_bug()): a
 * WARN() goes on to __warn() (kernel/panic.c), a BUG() to handle_invalid_op() -> do_error_trap() ->
 * die(), so the trace's stale words name the trap. No text is searched for these headers: detection
 * opens them only where a trace below shows those frames.
 */
export const EXCERPT_HEADERS = {
  warning: {
    header: '(a WARNING whose header line was left out)',
    kind: 'warning',
    suppress: [],
    formats: [{ kind: 'warning', match: [RIP], title: 'WARNING in {frame}', frame: WARN_STACK }],
  },
  bug: {
    header: '(a BUG() whose header line was left out)',
    kind: 'kernel-bug',
    suppress: [],
    formats: [{ kind: 'kernel-bug', match: [/\S/], title: 'kernel BUG in {frame}', frame: FAULT }],
  },
  // A kernel page fault's oops (arch/x86/mm/fault.c page_fault_oops()) pasted from below its header:
  // the trace's stale words name page_fault_oops(), or the oops's closing summary `CR2: <address>`
  // stands above `---[ end trace`. Below PAGE_SIZE the kernel calls it a NULL pointer dereference.
  nullDeref: {
    header: '(a NULL pointer dereference whose header line was left out)',
    kind: 'null-deref',
    suppress: [],
    formats: [
      {
        kind: 'null-deref',
        match: [/\S/],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        frame: FAULT,
      },
    ],
  },
  pageFault: {
    header: '(a page fault whose header line was left out)',
    kind: 'paging-fault',
    suppress: [],
    formats: [
      {
        kind: 'paging-fault',
        match: [/\S/],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        frame: FAULT,
      },
    ],
  },
  // An oops pasted from below its header (from its `CPU:` or register line down) whose die() ended in
  // `Kernel panic - not syncing: Fatal exception`: the kind of fault is not shown.
  oops: {
    header: '(an oops whose header line was left out)',
    kind: 'other',
    suppress: [],
    formats: [{ kind: 'other', match: [/\S/], title: 'kernel oops in {frame}', frame: FAULT }],
  },
} as const satisfies Record<string, OopsHeader>;

export const OOPS_TABLE: readonly OopsHeader[] = [
  {
    header: 'BUG:',
    kind: 'other',
    // arm and arm64 print BUG() as `Internal error: Oops - BUG: <esr>`: that row reads it.
    suppress: [/xlog_status:/, /Internal error: Oops - BUG:/],
    formats: [
      {
        kind: 'kasan',
        match: [/BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in /],
        title: 'KASAN: invalid-free in {frame}',
        alt: ['invalid-free in {frame}'],
        frame: {
          steps: [new RegExp(`BUG: KASAN: [a-z -]+ in ${NAMED_FN}`), CALL_TRACE, 'stack'],
          skip: anyOf([...KASAN_SKIP, 'slab_', 'kfree', 'vfree', 'vunmap']),
        },
      },
      {
        kind: 'kasan',
        match: [/BUG: KASAN: ([a-z-]+) in [^ ]/, /\b(Read|Write) (?:of size|at addr)/],
        title: 'KASAN: {1} {2} in {frame}',
        alt: BAD_ACCESS,
        frame: {
          steps: [new RegExp(`BUG: KASAN: [a-z-]+ in ${NAMED_FN}`), CALL_TRACE, 'stack'],
          skip: anyOf(KASAN_SKIP),
        },
      },
      {
        kind: 'kasan',
        match: [/BUG: KASAN: ([a-z-]+) on address/, /\b(Read|Write) of size/],
        // No frame in the title, but the report still prints its stack: a log without one was cut off.
        title: 'KASAN: {1} {2}',
      },
      {
        kind: 'kasan',
        match: [/BUG: KASAN: (.*)/],
        title: 'KASAN: {1}',
        corrupted: 'the KASAN report was cut off before its access line',
      },
      // v4.0-v4.3 mm/kasan/report.c printed `BUG: KASan: %s in %pS at addr %p`.
      {
        kind: 'kasan',
        match: [/BUG: KASan: ([a-z -]+?) in [^ ]/],
        title: 'KASAN: {1}',
        corrupted: 'an early KASAN report, before the format syzkaller reads',
      },
      {
        kind: 'kmsan',
        match: [/BUG: KMSAN: kernel-usb-infoleak in [^ ]/],
        title: 'KMSAN: kernel-usb-infoleak in {frame}',
        alt: BAD_ACCESS,
        frame: {
          steps: [new RegExp(`BUG: KMSAN: [a-z-]+ in ${NAMED_FN}`), 'stack'],
          skip: anyOf([
            'usb_submit_urb',
            'usb_start_wait_urb',
            'usb_bulk_msg',
            'usb_interrupt_msg',
            'usb_control_msg',
          ]),
        },
        noStack: true,
      },
      {
        kind: 'kmsan',
        match: [/BUG: KMSAN: ([a-z-]+) in [^ ]/],
        title: 'KMSAN: {1} in {frame}',
        alt: BAD_ACCESS,
        frame: {
          steps: [new RegExp(`BUG: KMSAN: [a-z-]+ in ${NAMED_FN}`), 'stack'],
          skip: anyOf(['crypto_', 'sha\\d', 'netlink_', 'nla_', '__nla']),
        },
        noStack: true,
      },
      // The KMSAN tree before it was merged (v6.1) printed `use of uninitialized memory in`, and its
      // symbolizer put `[<     inline     >]` where the address goes.
      {
        kind: 'kmsan',
        match: [/BUG: KMSAN: (.*)/],
        title: 'KMSAN: {1}',
        corrupted: 'a KMSAN report in a form from before its merge',
        noStack: true,
      },
      { kind: 'kcsan', match: [/BUG: KCSAN: (.*)/], title: 'KCSAN: {1}', noStack: true },
      // mm/kfence/report.c prints the stacks straight after its own lines, never under `Call Trace:`.
      {
        kind: 'kfence',
        match: [/BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in [^ ]/],
        title: 'KFENCE: {1} {2} in {frame}',
        alt: BAD_ACCESS,
        noStack: true,
        frame: { steps: [new RegExp(`BUG: KFENCE: [a-z -]+ in ${NAMED_FN}`), 'stack'] },
      },
      {
        kind: 'kfence',
        match: [/BUG: KFENCE: invalid free in [^ ]/],
        title: 'KFENCE: invalid free in {frame}',
        noStack: true,
        frame: {
          steps: [new RegExp(`BUG: KFENCE: [a-z -]+ in ${NAMED_FN}`), 'stack'],
          skip: anyOf(['kfree', 'slab_']),
        },
      },
      {
        kind: 'kfence',
        match: [/BUG: KFENCE: invalid (read|write) in [^ ]/],
        title: 'KFENCE: invalid {1} in {frame}',
        noStack: true,
        frame: { steps: [new RegExp(`BUG: KFENCE: [a-z -]+ in ${NAMED_FN}`), 'stack'] },
      },
      {
        kind: 'kfence',
        match: [/BUG: KFENCE: memory corruption in [^ ]/],
        title: 'KFENCE: memory corruption in {frame}',
        noStack: true,
        frame: {
          steps: [new RegExp(`BUG: KFENCE: [a-z -]+ in ${NAMED_FN}`), 'stack'],
          skip: anyOf(['kfree', 'slab_']),
        },
      },
      {
        kind: 'paging-fault',
        match: [
          // 2.6 x86 and powerpc arch/powerpc/mm/fault.c __bad_page_fault() capitalise `Unable`.
          // show_fault_oops()'s `page fault for address:` may be cut at a terminal's width.
          new RegExp(
            `BUG: [Uu]nable to handle (?:kernel paging request|page fault for address|kernel access to user memory)|BUG: Unable to handle (?:kernel data access|kernel instruction fetch|kernel unaligned access|unknown paging fault)|BUG: unable to handle page${anyStartOf(' fault for address')}$`,
          ),
        ],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'null-deref',
        // Retyped from a screen, the line loses words: `BUG: Unable to handle kernel NULL pointer at virtual address`.
        // arch/x86/mm/fault.c show_fault_oops(); a line cut at a terminal's width may end anywhere in
        // `NULL pointer dereference`.
        match: [
          new RegExp(
            `BUG: (?:[Uu]nable to handle kernel |[Kk]ernel )N(?:ULL pointer(?: dereference| at )|${anyStartOf('ULL pointer dereference')}$)`,
          ),
        ],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'paging-fault',
        match: [/BUG: unable to handle kernel(?! ?(?:paging request|NULL pointer|access to user))/],
        title: 'BUG: unable to handle kernel',
        corrupted: 'the fault line was cut off after "unable to handle kernel"',
      },
      {
        kind: 'spinlock-bug',
        match: [
          // Before v3.13 lib/spinlock_debug.c printed `BUG: spinlock lockup on CPU#%d, ...`.
          /BUG: (spinlock|rwlock) (lockup suspected|lockup on CPU|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)/,
        ],
        title: 'BUG: {1} {2} in {frame}',
        frame: { ...STD, skip: anyOf(['spin_', '_lock', '_unlock']) },
      },
      {
        kind: 'soft-lockup',
        match: [/BUG: soft lockup/],
        title: 'BUG: soft lockup in {frame}',
        alt: ['stall in {frame}'],
        frame: { ...FAULT, picker: 'stall' },
      },
      {
        kind: 'lockdep-held-at-return',
        match: [aThenB('BUG: ', 'still has locks held!')],
        title: 'BUG: still has locks held in {frame}',
        frame: { steps: [new RegExp(`\\[<[0-9a-f]+>\\] ${FN}`)] },
        noStack: true,
      },
      {
        // The same exit-time check in 2.6.17's lockdep (kernel/lockdep.c debug_check_no_locks_held(), now
        // kernel/locking/lockdep.c print_held_locks_bug()): `BUG: %s/%d, lock held at task exit time!`,
        // then each held lock with `... acquired at:` and the function that took it.
        kind: 'lockdep-held-at-return',
        match: [/BUG: [^\s/]{1,64}\/\d{1,10}, lock held at task exit time!/],
        title: 'BUG: still has locks held in {frame}',
        frame: { steps: [AT_OFFSET_FN], verbatim: true },
        noStack: true,
      },
      {
        kind: 'scheduling-while-atomic',
        match: [/BUG: scheduling while atomic/],
        title: 'BUG: scheduling while atomic in {frame}',
        frame: { ...STD, skip: anyOf(['schedule']) },
      },
      {
        kind: 'lockdep-held-at-return',
        match: [/BUG: lock held when returning to user space/],
        title: 'BUG: lock held when returning to user space in {frame}',
        frame: { steps: [/leaving the kernel with locks still held/, AT_OFFSET_FN], verbatim: true },
        noStack: true,
      },
      {
        kind: 'lockdep-bad-unlock',
        match: [/BUG: bad unlock balance detected!/],
        title: 'BUG: bad unlock balance in {frame}',
        frame: { steps: [/is trying to release lock/, 'stack'], fallback: [CALL_TRACE, 'stack'] },
      },
      {
        kind: 'lockdep-bad-unlock',
        match: [/BUG: held lock freed!/],
        title: 'BUG: held lock freed in {frame}',
        frame: HELD_LOCK_FREED,
      },
      {
        kind: 'other',
        match: [/BUG: Bad rss-counter state/],
        title: 'BUG: Bad rss-counter state',
        noStack: true,
        // kernel/fork.c check_mm(): a line per MM counter that is not zero, for one mm.
        linePerItemOf: /Bad rss-counter state mm:([0-9a-f]{1,16}|\(ptrval\))/,
      },
      {
        kind: 'other',
        match: [/BUG: non-zero (nr_ptes|nr_pmds|pgtables_bytes) on freeing mm/],
        title: 'BUG: non-zero {1} on freeing mm',
        noStack: true,
      },
      { kind: 'other', match: [/BUG: workqueue lockup/], title: 'BUG: workqueue lockup', noStack: true },
      { kind: 'bad-page', match: [/BUG: Bad page map/], title: 'BUG: Bad page map', noStack: true },
      {
        kind: 'other',
        match: [
          aThenB('BUG: Dentry ', ' still in use \\(-?\\d+\\) \\[(unmount) of ([^ \\]]+) ([^ \\]]+)\\]'),
        ],
        title: 'BUG: Dentry still in use in {1}',
        alt: ['BUG: Dentry still in use [{1} of {2} {3}]'],
        noStack: true,
      },
      {
        kind: 'bad-page',
        match: [/BUG: Bad page (?:state|cache)/],
        title: 'BUG: Bad page state in {frame}',
        frame: {
          steps: [/page last allocated via order/, 'stack'],
          skip: anyOf([
            'alloc_',
            'folio_',
            'page_cache_alloc',
            '_page',
            'prep_new',
            'get_free',
            'free_',
            'pcp',
          ]),
        },
      },
      {
        kind: 'sleep-in-atomic',
        match: [/BUG: sleeping function called from invalid context at(?: |$)/],
        title: 'BUG: sleeping function called from invalid context in {frame}',
        frame: STD,
      },
      {
        kind: 'preempt-unsafe',
        match: [/BUG: using ([a-z_]+\(\)) in preemptible/],
        title: 'BUG: using {1} in preemptible code in {frame}',
        frame: { ...STD, skip: anyOf(['preempt', 'debug_', 'processor_id', 'this_cpu']) },
      },
      {
        kind: 'other',
        match: [/BUG: workqueue leaked lock or atomic/],
        title: 'BUG: workqueue leaked lock or atomic in {frame}',
        frame: { steps: [new RegExp(`last function: ${FN}`)] },
        noStack: true,
      },
      {
        kind: 'memory-leak',
        match: [/BUG: memory leak/],
        title: 'memory leak in {frame}',
        frame: {
          steps: [/^ *backtrace(?: \(crc [0-9a-f]+\))?:/, 'stack'],
          skip: LEAK_SKIP,
        },
        noStack: true,
      },
      {
        kind: 'other',
        match: [/BUG: (?:[A-Z]+ )?stack guard page was hit at/],
        title: 'BUG: stack guard page was hit in {frame}',
        alt: ['stack-overflow in {frame}'],
        frame: { steps: [CALL_TRACE, 'stack'], picker: 'stall' },
      },
      {
        kind: 'invalid-wait-context',
        match: [/BUG: Invalid wait context/],
        title: 'WARNING: locking bug in {frame}',
        frame: { steps: [/is trying to lock:/, AT_FN, CALL_TRACE, 'stack'], fallback: [CALL_TRACE, 'stack'] },
      },
      // include/asm-generic/bug.h: BUG() without CONFIG_BUG's trap prints `BUG: failure at %s:%d/%s()!`;
      // before v2.6.19 WARN_ON() printed `BUG: warning at %s:%d/%s()`.
      {
        kind: 'kernel-bug',
        match: [/BUG: failure at [^ ]+:\d+\/([\w.]+)\(\)!/],
        title: 'kernel BUG in {1}',
        noStack: true,
      },
      {
        kind: 'warning',
        match: [/BUG: warning at [^ ]+:\d+\/([\w.]+)\(\)/],
        title: 'WARNING in {1}',
        noStack: true,
      },
      {
        kind: 'other',
        match: [/BUG:\s*$/],
        title: 'BUG: corrupted',
        corrupted: 'only "BUG:" is left of the header line',
        generic: true,
      },
    ],
  },
  {
    header: 'WARNING:',
    kind: 'warning',
    suppress: [
      /Speculative Return Stack Overflow: WARNING/,
      aThenB('\\bsshd?\\b', 'WARNING:'),
      /glibc|WARNING: (?:Unprivileged eBPF|SMT|CPU_SRSO|Spectre|MDS|TAA|MMIO)/,
      aThenB('EXT4-fs\\b', ': WARNING', '[^:]'),
      aThenB('XFS \\(', '\\): WARNING', '[^)]'),
      /uses deprecated v2 capabilities/,
      aThenB('fbcon: ', 'WARNING'),
      // Notices that something is deprecated, printed with pr_warn(), never WARN(): fs/namespace.c
      // warn_mandlock() (`WARNING: The mand mount option has been deprecated and`, boxed in `=====`
      // lines), thinkpad_acpi's `WARNING: sysfs attribute %s is deprecated and will be removed.`
      /WARNING: [A-Za-z][^:]{0,100}? (?:is|has been) deprecated\b/,
      // ARM Trusted Firmware's boot stages (BL1, BL2, BL31...) print on the same serial console.
      /WARNING: {1,4}BL[0-9]/,
      // A driver's notice through dev_warn()/pr_warn() (`ata1.00: WARNING: zero len r/w req`,
      // `ixgbe 0000:01:00.0 eth0: WARNING: Intel (R) Network Connections ...`): WARN() starts its own
      // line with `WARNING:` and names the CPU or the file, never after a device name.
      /^(?!kernel:)[A-Za-z][\w.-]{0,31}(?: [\w.:[\]-]{1,40}){0,2}: WARNING: (?!CPU: |at )/,
      // The user-space sanitizers (compiler-rt): `WARNING: ThreadSanitizer: data race (pid=26002)`;
      // the kernel's own print `BUG: KCSAN:`, `BUG: KMSAN:`, `BUG: KASAN:`.
      /WARNING: (?:ThreadSanitizer|MemorySanitizer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer):/,
      // Go's race detector (`go test -race`) heads each report `WARNING: DATA RACE` with goroutine
      // stacks below; no kernel source prints those words (KCSAN says `BUG: KCSAN: data-race in`).
      /WARNING: DATA RACE\b/,
    ],
    formats: [
      warnFile('lib/debugobjects\\.c', 'WARNING: ODEBUG bug in {frame}', 'warning', [
        'debug_',
        'timer',
        'work_',
        'percpu',
        'kfree',
        'slab_',
        'kmem_',
        'free_',
        'call_rcu',
        'rcu_',
        'hrtimer_',
        'destroy_',
        'init_',
      ]),
      warnFile('mm/usercopy\\.c', 'WARNING: bad usercopy in {frame}', 'warning', [
        'usercopy_',
        'check_',
        'copy_',
      ]),
      warnFile('lib/kobject\\.c', 'WARNING: kobject bug in {frame}', 'warning', ['kobject_']),
      warnFile('fs/proc/generic\\.c', 'WARNING: proc registration bug in {frame}', 'warning', ['proc_']),
      warnFile('lib/refcount\\.c', 'WARNING: refcount bug in {frame}', 'refcount', ['refcount', 'kobject_']),
      // Before v4.12 list corruption was a WARN in lib/list_debug.c (a BUG only with CONFIG_DEBUG_LIST's
      // BUG_ON option); x86's fast refcount reported through kernel/panic.c refcount_error_report().
      warnFile('lib/list_debug\\.c', 'WARNING in {frame}', 'list-corruption', [
        '^warn_',
        '_warn$',
        'warn_on',
      ]),
      warnFile(
        'kernel/panic\\.c',
        'WARNING in {frame}',
        'refcount',
        ['^warn_', '_warn$', 'warn_on'],
        'refcount_error_report',
      ),
      warnFile(
        'kernel/locking/lockdep\\.c',
        'WARNING: locking bug in {frame}',
        // lockdep's own checks (check_flags(), DEBUG_LOCKS_WARN_ON()) are WARN()s: a warning to read.
        // A socket's lock is released through release_sock(): its caller is named (corpus 383), while
        // other reports keep release_sock as their frame (KASAN: slab-use-after-free Read in release_sock).
        'warning',
        ['lock_', 'lockdep', '^release_sock$'],
        '[a-z_]*lock_',
      ),
      warnFile(
        'mm/vmalloc\\.c',
        'WARNING: zero-size vmalloc in {frame}',
        'warning',
        ['vmalloc'],
        '__vmalloc_node',
      ),
      warnFile(
        'mm/[a-z_]+\\.c',
        'WARNING: kmalloc bug in {frame}',
        'warning',
        ['kmalloc', 'krealloc', 'slab', 'kmem'],
        '(?:__)?kv?malloc',
      ),
      {
        kind: 'warning',
        match: [aThenB('WARNING: ', '\\busb_submit_urb\\b')],
        title: 'WARNING in {frame}/usb_submit_urb',
        frame: {
          steps: [CALL_TRACE, 'stack'],
          skip: anyOf([
            'usb_submit_urb',
            'usb_start_wait_urb',
            'usb_bulk_msg',
            'usb_interrupt_msg',
            'usb_control_msg',
          ]),
        },
      },
      {
        kind: 'lockdep-circular',
        // kernel/locking/lockdep.c print_circular_bug_header(), whole or cut at a terminal's width.
        match: [
          new RegExp(
            `WARNING: possible circular(?: locking dependency detected|${anyStartOf(' locking dependency detected')}$)`,
          ),
        ],
        requires: [/is trying to acquire/],
        title: 'possible deadlock in {frame}',
        frame: LOCKDEP_PAIR,
      },
      {
        kind: 'lockdep-recursive',
        match: [/WARNING: possible recursive locking detected/],
        requires: [/is trying to acquire/],
        title: 'possible deadlock in {frame}',
        frame: LOCKDEP_PAIR,
      },
      {
        kind: 'lockdep-irq-order',
        match: [/WARNING: possible irq lock inversion dependency detected/],
        title: 'possible deadlock in {frame}',
        frame: IRQ_INVERSION,
      },
      {
        kind: 'lockdep-irq-order',
        match: [/WARNING: [A-Z_]+-safe -> [A-Z_]+-unsafe lock order detected/],
        title: 'possible deadlock in {frame}',
        frame: SAFE_UNSAFE,
      },
      {
        kind: 'lockdep-inconsistent',
        match: [/WARNING: inconsistent lock state/],
        title: 'inconsistent lock state in {frame}',
        frame: STD,
      },
      {
        kind: 'rcu-suspicious',
        match: [/WARNING: suspicious RCU usage/],
        requires: [/(?<![^ ])[^ ]+\.[ch]:\d+ /],
        title: 'WARNING: suspicious RCU usage in {frame}',
        frame: { ...STD, skip: anyOf(['rcu', 'kmem', 'slab']) },
      },
      {
        kind: 'lockdep-held-at-return',
        match: [aThenB('WARNING: ', 'still has locks held!')],
        title: 'WARNING: still has locks held in {frame}',
        frame: AT_THEN_STACK,
      },
      {
        kind: 'other',
        match: [/WARNING: [Nn]ested lock was not taken/],
        title: 'WARNING: nested lock was not taken in {frame}',
        frame: STD,
      },
      {
        kind: 'lockdep-held-at-return',
        match: [/WARNING: lock held when returning to user space/],
        title: 'WARNING: lock held when returning to user space in {frame}',
        frame: { steps: [/leaving the kernel with locks still held/, AT_OFFSET_FN], verbatim: true },
        noStack: true,
      },
      {
        kind: 'lockdep-bad-unlock',
        match: [/WARNING: bad unlock balance detected!/],
        title: 'WARNING: bad unlock balance in {frame}',
        frame: { steps: [/is trying to release lock/, 'stack'], fallback: [CALL_TRACE, 'stack'] },
      },
      {
        kind: 'lockdep-bad-unlock',
        match: [/WARNING: held lock freed!/],
        title: 'WARNING: held lock freed in {frame}',
        frame: HELD_LOCK_FREED,
      },
      {
        kind: 'other',
        match: [/WARNING: kernel stack regs at [0-9a-f]+ in [^ ]+ has bad '([a-z]+)' value/],
        title: "WARNING: kernel stack regs has bad '{1}' value",
        noStack: true,
      },
      {
        kind: 'other',
        match: [aThenB('WARNING: kernel stack (?:regs|frame pointer) at ', ' has bad')],
        title: 'WARNING: kernel stack regs has bad value',
        noStack: true,
      },
      {
        kind: 'warning',
        match: [/WARNING: (?:CPU: \d+ PID: -?\d+ at |at )?[^ ]+:\d+ (?:at )?[^ ]/],
        title: 'WARNING in {frame}',
        frame: { ...WARN_STACK, skip: anyOf(['^warn_', '_warn$', 'warn_on']) },
      },
      {
        kind: 'warning',
        match: [/WARNING:\s*$/],
        title: 'WARNING: corrupted',
        corrupted: 'only "WARNING:" is left of the header line',
        generic: true,
      },
    ],
  },
  {
    header: 'INFO:',
    kind: 'other',
    suppress: [
      /INFO: lockdep is turned off/,
      /INFO: Stall ended before state dump start/,
      aThenB('INFO: NMI handler ', ' took too long to run'),
      // ARM Trusted Firmware pads its level to nine columns (`INFO:    BL31: ...`) on the serial
      // console the kernel shares; the kernel's INFO: lines have one space.
      /INFO: {2}/,
    ],
    formats: [
      {
        kind: 'lockdep-circular',
        match: [
          new RegExp(
            `INFO: possible circular(?: locking dependency detected|${anyStartOf(' locking dependency detected')}$)`,
          ),
        ],
        title: 'possible deadlock in {frame}',
        frame: OLD_LOCKDEP_PAIR,
      },
      {
        kind: 'lockdep-recursive',
        match: [/INFO: possible recursive locking detected/],
        title: 'possible deadlock in {frame}',
        frame: OLD_LOCKDEP_PAIR,
      },
      {
        kind: 'lockdep-irq-order',
        match: [/INFO: possible irq lock inversion dependency detected/],
        title: 'possible deadlock in {frame}',
        frame: IRQ_INVERSION,
      },
      {
        kind: 'lockdep-irq-order',
        match: [/INFO: [A-Z_]+-safe -> [A-Z_]+-unsafe lock order detected/],
        title: 'possible deadlock in {frame}',
        frame: { steps: [/is trying to acquire/, AT_FN] },
      },
      {
        kind: 'lockdep-inconsistent',
        match: [/INFO: inconsistent lock state/],
        title: 'inconsistent lock state in {frame}',
        frame: STD,
      },
      {
        kind: 'rcu-stall',
        // 2.6.3x kernel/rcutree.c named the flavour's state (`INFO: rcu_sched_state detected stall on CPU 1`).
        match: [
          // A line cut at a terminal's width may end before `stall`.
          new RegExp(
            `INFO: rcu_(?:(?:preempt|sched|bh)(?:_state)?|tasks[a-z_]*) (?:self-)?detected(?:(?: expedited)? stall|${anyStartOf(' stall')}$)`,
          ),
        ],
        title: 'INFO: rcu detected stall in {frame}',
        alt: ['stall in {frame}'],
        frame: STALL,
      },
      // 2.6.2x kernel/rcuclassic.c and the first kernel/rcutree.c: `INFO: RCU detected CPU 0 stall (t=...)`.
      {
        kind: 'rcu-stall',
        match: [/INFO: RCU detected CPU (?:\d+ )?stall/],
        title: 'INFO: rcu detected stall in {frame}',
        alt: ['stall in {frame}'],
        frame: STALL,
      },
      {
        kind: 'other',
        match: [/INFO: trying to register non-static key/],
        title: 'INFO: trying to register non-static key in {frame}',
        frame: { ...STD, skip: anyOf(['register_lock_class', 'lockdep_init_map', 'init_map']) },
      },
      {
        kind: 'rcu-suspicious',
        match: [/INFO: suspicious RCU usage/],
        title: 'INFO: suspicious RCU usage in {frame}',
        frame: { ...STD, skip: anyOf(['rcu', 'kmem', 'slab']) },
      },
      {
        kind: 'hung-task',
        match: [/INFO: task .{1,128} blocked (?:in I\/O wait )?for more than \d+ seconds/],
        title: 'INFO: task hung in {frame}',
        alt: ['hang in {frame}'],
        frame: { ...STD, picker: 'hang' },
      },
      {
        // A hung-task line a paste cut short (a GitHub excerpt, a terminal's width): `INFO: task
        // kworker/u4:0:24523 blocked for more t` is still kernel/hung_task.c check_hung_task()'s header,
        // cut anywhere in its constant text. A task's name (`comm`) may hold spaces (`FwgThread OpFor`).
        kind: 'hung-task',
        match: [
          new RegExp(
            `INFO: task .{1,64}:\\d{1,7} blocked${anyStartOf(' for more than')}(?: \\d{1,7}${anyStartOf(' seconds')})? ?$`,
          ),
        ],
        title: '{rest}',
        corrupted: 'the header line was cut off',
      },
      {
        kind: 'hung-task',
        match: [/INFO: task .{1,128} can't die for more than/],
        title: "INFO: task can't die in {frame}",
        alt: ['hang in {frame}'],
        frame: { ...STD, picker: 'hang' },
      },
      {
        kind: 'other',
        match: [/INFO: (?:Freed|Allocated) in /],
        title: '{rest}',
        corrupted: 'only a fragment of an old KASAN report is left',
      },
      {
        kind: 'other',
        match: [/INFO:\s*$/],
        title: 'INFO: corrupted',
        corrupted: 'only "INFO:" is left of the header line',
        generic: true,
      },
    ],
  },
  {
    header: 'Unable to handle kernel',
    kind: 'paging-fault',
    suppress: [],
    formats: [
      // powerpc before v5.2 printed every bad kernel access as `paging request for data at address`;
      // since then arch/powerpc/mm/fault.c __bad_page_fault() calls an address below PAGE_SIZE a
      // `Kernel NULL pointer dereference`, as x86's show_fault_oops() does.
      {
        kind: 'null-deref',
        match: [/Unable to handle kernel paging request for data at address 0x0*[0-9a-f]{1,3}\b/],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // An instruction fetch names no address on powerpc's fault line before v5.2; the pc below it is the
      // fetched address (arch/powerpc/mm/fault.c bad_page_fault() `Faulting instruction address: 0x%08lx`,
      // regs->nip), and in the first page it is a call through a NULL pointer, what v6.12's
      // __bad_page_fault() calls `Unable to handle kernel instruction fetch (NULL pointer?)`.
      {
        kind: 'null-deref',
        match: [
          /Unable to handle kernel paging request for instruction fetch/,
          /^Faulting instruction address: 0x0*[0-9a-f]{1,3}$/,
        ],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // s390 before v2.6.3x arch/s390/mm/fault.c do_no_context() names no NULL pointer: the address says it.
      {
        kind: 'null-deref',
        match: [/Unable to handle kernel pointer dereference at virtual kernel address 0+$/],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // s390 since v2.6.3x: arch/s390/mm/fault.c dump_fault_info() prints the failing address cut to
      // its page (get_fault_address()): all zeros is the first page, a NULL dereference.
      {
        kind: 'null-deref',
        match: [
          /Unable to handle kernel pointer dereference in virtual kernel address space/,
          /^[Ff]ailing address: 0{8,16} /,
        ],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'paging-fault',
        match: [
          /Unable to handle kernel (?:paging request|data access|execute from non-executable memory|write to read-only memory|pointer dereference (?:in|at) virtual)/,
        ],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'null-deref',
        // arch/arm64/mm/fault.c die_kernel_fault(), arch/arm/mm/fault.c __do_kernel_fault(); a line cut
        // at a terminal's width may end anywhere in `NULL pointer dereference`.
        match: [
          new RegExp(
            `Unable to handle kernel NULL(?: pointer(?: dereference| at )|${anyStartOf(' pointer dereference')}$)`,
          ),
        ],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // With PAN (arm64) or SUM (riscv) the first page is user memory to the kernel: a NULL dereference
      // in process context dies as an access to user memory (arch/arm64/mm/fault.c do_page_fault()
      // `access to user memory outside uaccess routines`, `execution of user memory`; arch/riscv/mm/fault.c
      // handle_page_fault() `... without uaccess routines`). Below one page it is a NULL dereference.
      {
        kind: 'null-deref',
        match: [
          /Unable to handle kernel (?:access to user memory (?:outside|without) uaccess routines|execution of user memory) at virtual address 0{0,13}[0-9a-f]{1,3}\b/,
        ],
        title: 'BUG: unable to handle kernel access to user memory in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'paging-fault',
        match: [/Unable to handle kernel access to user memory/],
        title: 'BUG: unable to handle kernel access to user memory in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // openrisc prints the fault and its address as two printk()s, the address on a line of its own
      // (joined back when it starts with a space): `Unable to handle kernel access` then ` at virtual
      // address 0x%08lx` (arch/openrisc/mm/fault.c do_page_fault(), `NULL pointer dereference` below PAGE_SIZE).
      {
        kind: 'paging-fault',
        match: [/Unable to handle kernel access(?: at virtual address 0x[0-9a-f]{8})?$/],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
    ],
  },
  {
    // arc's show_ecr_verbose() (arch/arc/kernel/troubleshoot.c) under die()'s bare `Oops` line: a TLB miss
    // on data, `Invalid Read @ 0x%08lx by insn @ %pS` (`Write`, `EX`), names the address and the code.
    header: 'Invalid ',
    kind: 'other',
    suppress: [/^(?!Invalid (?:Read|Write|EX) @ 0x[0-9a-f]{8} by insn @ )/],
    formats: [
      {
        kind: 'null-deref',
        match: [/Invalid (?:Read|Write|EX) @ 0x0{5}[0-9a-f]{3} by insn @ /],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: ARC_INSN,
      },
      {
        kind: 'paging-fault',
        match: [/Invalid (?:Read|Write|EX) @ 0x[0-9a-f]{8} by insn @ /],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        alt: BAD_ACCESS,
        frame: ARC_INSN,
      },
    ],
  },
  // ia64's die() (arch/ia64/kernel/traps.c, in the kernel until v6.7; read in v6.1) prints the task,
  // the reason and the error code, `%s[%d]: %s %ld [%d]`: `bugcheck!` for a BUG()'s `break 0`
  // (ia64_bad_break(); include/asm/bug.h prints `kernel BUG at` first), `General Exception: ...` and
  // `NaT consumption` for a fault in kernel mode (ia64_fault()).
  ia64Die('bugcheck!', 'kernel-bug', 'kernel BUG in {frame}'),
  ia64Die('General Exception:', 'other', 'General Exception in {frame}'),
  ia64Die('NaT consumption', 'other', 'NaT consumption in {frame}'),
  {
    // alpha's die_if_kernel() (arch/alpha/kernel/traps.c) for a BUG(): `Kernel bug at %s:%d`, then
    // `%s(%d): %s %ld` with the task and `Kernel Bug`.
    header: 'Kernel bug at ',
    kind: 'kernel-bug',
    suppress: [/^(?!Kernel bug at [\w./-]{1,200}:\d{1,6}$)/],
    formats: [
      {
        kind: 'kernel-bug',
        match: [/Kernel bug at ([\w./-]{1,200}:\d{1,6})$/, /\(\d{1,10}\): Kernel Bug \d/],
        title: 'kernel BUG at {1}',
        frame: FAULT,
      },
    ],
  },
  {
    header: 'general protection fault',
    kind: 'gpf',
    // A user-space fault the kernel only logs: arch/x86/kernel/traps.c show_signal() prints
    // `comm[pid] general protection fault ip:... sp:... error:...`; the kernel's own oops never has ` ip:`
    // there, so the line is known by it even when a terminal's width cut the rest.
    suppress: [/general protection fault ip:/],
    formats: [
      {
        kind: 'gpf',
        match: [/general protection fault(?::|,| for| probably)/],
        title: 'general protection fault in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
    ],
  },
  {
    // arch/x86/kernel/traps.c exc_general_protection() -> kasan_non_canonical_hook() (mm/kasan/report.c)
    // prints `KASAN: null-ptr-deref in range [...]` right under the fault's line: inside that report it
    // never cuts it; a paste trimmed to start there (a commit message, a reply) is still the fault.
    header: 'KASAN: ',
    kind: 'gpf',
    prelude: true,
    suppress: [
      /KASAN: (?!(?:null-ptr-deref|(?:maybe |probably )?(?:wild|user)-memory-access) in range(?: \[|$))/,
    ],
    formats: [
      {
        kind: 'gpf',
        // A mail client may wrap the range (`[0x...-0x...]`) onto the next line.
        match: [
          /KASAN: (?:null-ptr-deref|(?:maybe |probably )?(?:wild|user)-memory-access) in range(?: \[|$)/,
        ],
        title: 'general protection fault in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
    ],
  },
  {
    header: 'stack segment: ',
    kind: 'gpf',
    suppress: [],
    formats: [
      { kind: 'gpf', match: [/stack segment: /], title: 'stack segment fault in {frame}', frame: FAULT },
    ],
  },
  // The header as people retype it (`kernel panic - not syncing :`) besides the kernel's own.
  ...['Kernel panic', 'kernel panic - not', 'Kernel Panic - not'].map((header): OopsHeader => ({
    header,
    kind: 'panic',
    // panic() closes with `---[ end Kernel panic - not syncing: ... ]---` (kernel/panic.c).
    suppress: [/---\[ end [Kk]ernel [Pp]anic/],
    formats: PANIC_FORMATS,
  })),
  {
    header: 'PANIC: double fault',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/PANIC: double fault/],
        title: 'PANIC: double fault in {frame}',
        frame: RIP_ONLY,
      },
    ],
  },
  {
    header: 'rust_kernel: panicked',
    kind: 'panic',
    suppress: [],
    formats: [
      {
        kind: 'panic',
        match: [/rust_kernel: panicked/, /^(.+)$/],
        title: '{1} in {frame}',
        frame: {
          steps: [CALL_TRACE, 'stack'],
          skip: anyOf(['rust_begin_unwind', 'panicking', 'panic_', 'rust_helper', '^_R']),
        },
      },
    ],
  },
  {
    header: 'kernel BUG',
    kind: 'kernel-bug',
    suppress: [],
    formats: [
      {
        kind: 'kernel-bug',
        match: [/kernel BUG at mm\/usercopy\.c/],
        title: 'BUG: bad usercopy in {frame}',
        frame: { ...FAULT, skip: anyOf(['usercopy', '__check', 'check_']) },
      },
      {
        kind: 'list-corruption',
        match: [/kernel BUG at lib\/list_debug\.c/],
        title: 'BUG: corrupted list in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'kernel-bug',
        match: [/kernel BUG at /],
        title: 'kernel BUG in {frame}',
        frame: { ...FAULT, skip: anyOf(['^skb_']) },
      },
      // lib/bug.c report_bug() `kernel BUG at %s:%u!` wrapped before its file (a mail client at a long
      // build path): the next line is the file, line and `!` alone.
      {
        kind: 'kernel-bug',
        match: [/kernel BUG at$/, /^\/?[\w.+-]{1,64}(?:\/[\w.+-]{1,64}){0,16}\.[ch]:\d{1,6}!$/],
        title: 'kernel BUG in {frame}',
        frame: { ...FAULT, skip: anyOf(['^skb_']) },
      },
      // 2.6 BUG() on some arches: `kernel BUG in reiserfs_panic at fs/reiserfs/prints.c:361!`.
      { kind: 'kernel-bug', match: [/kernel BUG (in \S+ at .*)/], title: 'kernel BUG {1}', noStack: true },
      // Anything else after `kernel BUG` (a line cut or retyped) needs kernel lines with it: a wrapped
      // sentence starts a line with these words too (`... triggers a` / `kernel BUG when trying to`).
      {
        kind: 'kernel-bug',
        match: [/kernel BUG (.*)/],
        title: 'kernel BUG {1}',
        noStack: true,
        generic: true,
      },
    ],
  },
  {
    header: 'Kernel BUG',
    kind: 'kernel-bug',
    suppress: [],
    formats: [
      // lib/bug.c report_bug() `Kernel BUG at %pB [verbose debug info unavailable]`; riscv's
      // die(regs, "Kernel BUG") in arch/riscv/kernel/traps.c prints `Kernel BUG [#1]`.
      {
        kind: 'kernel-bug',
        match: [/Kernel BUG ((?:at |\[#\d).*)/],
        title: 'kernel BUG {1}',
        noStack: true,
      },
      {
        kind: 'kernel-bug',
        match: [/Kernel BUG (.*)/],
        title: 'kernel BUG {1}',
        noStack: true,
        generic: true,
      },
    ],
  },
  {
    // mm/slub.c __slab_bug(): `BUG <cache> (<taint>): <What>` (before v3.x without the taint) under a
    // `=====` banner, then its own INFO: lines and stacks. Any other line starting `BUG ` is prose, or
    // old KASAN's `BUG <cache> (...): kasan: bad access detected` note, which syzkaller ignores.
    header: 'BUG ',
    kind: 'other',
    suppress: [
      /^(?!BUG [\w.:-]{1,64}(?: \([^)]{0,64}\))?: (?:[A-Z]|kmalloc Redzone)|BUG (?:unable to handle|soft lockup -))/,
    ],
    formats: [
      // The fault and lockup lines retyped from a screen lose their colon (`BUG unable to handle page
      // fault for address ...`); kernel-shaped lines around them must say it is a log.
      {
        kind: 'paging-fault',
        match: [/^BUG unable to handle (?:page fault|kernel paging request)/],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
        generic: true,
      },
      {
        kind: 'null-deref',
        match: [/^BUG unable to handle kernel NULL pointer dereference/],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
        generic: true,
      },
      {
        kind: 'soft-lockup',
        match: [/^BUG soft lockup - CPU/],
        title: 'BUG: soft lockup in {frame}',
        alt: ['stall in {frame}'],
        frame: { ...FAULT, picker: 'stall' },
        generic: true,
      },
      {
        kind: 'other',
        match: [/BUG kmalloc-\d+ \([^)]*\): Object already free/],
        title: 'BUG: Object already free',
        noStack: true,
      },
      {
        kind: 'other',
        match: [/^BUG [\w.:-]{1,64}(?: \([^)]{0,64}\))?: ((?:kmalloc )?[A-Z][A-Za-z ]{2,40}[a-z])/],
        title: 'BUG: {1}',
        noStack: true,
        generic: true,
      },
    ],
  },
  {
    // arch/x86/kernel/traps.c exc_double_fault() die("double fault"): `double fault: 0000 [#1] SMP`,
    // since v6.10 after `Oops: `; the x86_64 kernels before printed `PANIC: double fault`.
    header: 'double fault:',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/double fault: [0-9a-f]{4}/],
        title: 'double fault in {frame}',
        frame: RIP_ONLY,
      },
    ],
  },
  {
    // kernel/irq/spurious.c __report_bad_irq(): an interrupt that no handler claimed, with the stack
    // of the interrupt, the handlers' list and `Disabling IRQ #N`.
    header: 'nobody cared (try booting with',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/irq \d+: nobody cared \(try booting with/],
        title: 'irq: nobody cared',
        noStack: true,
      },
    ],
  },
  {
    // arch/arm64/kernel/traps.c arm64_serror_panic(): `SError Interrupt on CPU%d, code 0x%016lx -- %s`,
    // the interrupted registers, then nmi_panic(regs, "Asynchronous SError Interrupt"): one event, a panic.
    header: 'SError Interrupt on CPU',
    kind: 'panic',
    suppress: [],
    formats: [
      {
        kind: 'panic',
        match: [/SError Interrupt on CPU\d+, code 0x[0-9a-f]+/],
        title: 'SError Interrupt in {frame}',
        frame: RIP_THEN_STACK,
      },
    ],
  },
  {
    // mm/page_alloc.c warn_alloc(): `<comm>: page allocation failure: order:%u, mode:%#x(%pGg),
    // nodemask=...` (before v4.10 warn_alloc_failed(), 2.6 kernels `page allocation failure. order:%d`),
    // then dump_stack() and the memory summary: an allocation without __GFP_NOWARN that failed.
    header: 'page allocation failure',
    kind: 'warning',
    suppress: [],
    formats: [
      {
        kind: 'warning',
        match: [/page allocation failure[:.] order:(\d+)/],
        title: 'page allocation failure: order:{1} in {frame}',
        frame: { steps: [CALL_TRACE, 'stack'], fallback: ['stack'] },
      },
    ],
  },
  {
    header: 'divide error:',
    kind: 'other',
    suppress: [],
    formats: [{ kind: 'other', match: [/divide error:/], title: 'divide error in {frame}', frame: RIP_ONLY }],
  },
  {
    header: 'divide_error:',
    kind: 'other',
    suppress: [],
    formats: [{ kind: 'other', match: [/divide_error:/], title: 'divide error in {frame}', frame: RIP_ONLY }],
  },
  {
    // x86's BUG() prints `kernel BUG at` before its ud2 traps; alone, `invalid opcode` is a bad instruction.
    header: 'invalid opcode:',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'list-corruption',
        match: [/invalid opcode:/, LIST_CHECK_PC],
        title: 'invalid opcode in {frame}',
        frame: RIP_ONLY,
      },
      { kind: 'other', match: [/invalid opcode:/], title: 'invalid opcode in {frame}', frame: RIP_ONLY },
    ],
  },
  {
    // The same trap in 2.4 and 2.6 before v2.6.16 (`invalid operand: 0000 [#1]`), where ud2 was BUG()'s:
    // under `kernel BUG at` it is that report's die() line, and alone (ksymoops output, a bug form's
    // oops section) what is left of a BUG(). ksymoops re-aligns its fields (`invalid operand:        0000`).
    header: 'invalid operand:',
    kind: 'kernel-bug',
    suppress: [],
    formats: [
      {
        kind: 'kernel-bug',
        match: [/invalid operand:[ \t]{0,16}0000/],
        title: 'kernel BUG in {frame}',
        frame: FAULT,
      },
    ],
  },
  {
    header: 'int3:',
    kind: 'other',
    suppress: [],
    formats: [
      { kind: 'other', match: [/int3:/], title: 'int3 in {frame}', frame: { steps: [RIP, 'stack'] } },
    ],
  },
  {
    header: 'UBSAN:',
    kind: 'ubsan',
    suppress: [],
    formats: [
      {
        kind: 'ubsan',
        match: [/UBSAN: Undefined behaviour in/],
        title: 'UBSAN: undefined-behaviour in {frame}',
        frame: { ...STD, skip: anyOf(['ubsan', 'overflow']) },
      },
      {
        kind: 'ubsan',
        match: [/UBSAN: array-index-out-of-bounds in/],
        title: 'UBSAN: array-index-out-of-bounds in {frame}',
        alt: BAD_ACCESS,
        frame: { ...STD, skip: anyOf(['ubsan', 'overflow']) },
      },
      {
        kind: 'ubsan',
        match: [/UBSAN: ([a-z0-9-]+) in/],
        title: 'UBSAN: {1} in {frame}',
        frame: { ...STD, skip: anyOf(['ubsan', 'overflow']) },
      },
    ],
  },
  {
    // lib/ubsan.c __ubsan_handle_shift_out_of_bounds() prints `shift exponent N is negative` or `shift
    // exponent N is too large for W-bit type T` right under its `UBSAN: shift-out-of-bounds in` line; a
    // commit message that quotes only that line and the call trace is still that report.
    header: 'shift exponent ',
    kind: 'ubsan',
    suppress: [/runtime error: shift exponent/],
    prelude: true,
    formats: [
      {
        kind: 'ubsan',
        match: [/^shift exponent -?\d{1,20} is (?:negative|too large for \d{1,3}-bit type)/],
        title: 'UBSAN: shift-out-of-bounds in {frame}',
        frame: { ...STD, skip: anyOf(['ubsan', 'overflow']) },
        corrupted: 'the UBSAN: shift-out-of-bounds line was cut off',
      },
    ],
  },
  {
    header: 'Booting the kernel.',
    kind: 'other',
    suppress: [/Unknown parameter '/],
    formats: [
      { kind: 'other', match: [/Booting the kernel\./], title: 'unexpected kernel reboot', noStack: true },
    ],
  },
  {
    header: 'unregister_netdevice: waiting for',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/unregister_netdevice: waiting for [^ ]+ to become free/],
        title: 'unregister_netdevice: waiting for DEV to become free',
        noStack: true,
      },
    ],
  },
  // mm/slab_common.c: a cache that could not be created prints why and dumps the stack of its creator:
  // `kmem_cache_create(%s) failed with error %d` (since v6.12 from __kmem_cache_create_args()), and
  // before v3.19 kmem_cache_sanity_check() `kmem_cache_sanity_check (%s): Cache name already exists.`
  // for a duplicate name (since then a WARN() with its own `WARNING:` line).
  ...[
    'kmem_cache_create(',
    'kmem_cache_create_usercopy(',
    '__kmem_cache_create_args(',
    'kmem_cache_sanity_check (',
  ].map((header): OopsHeader => ({
    header,
    kind: 'other',
    suppress: [new RegExp(`^(?!${KMEM_CACHE_FAILED.source}|${KMEM_CACHE_DUPLICATE.source})`)],
    formats: [
      { kind: 'other', match: [KMEM_CACHE_FAILED], title: 'kmem_cache_create failed in {frame}', frame: STD },
      {
        kind: 'other',
        match: [KMEM_CACHE_DUPLICATE],
        title: 'kmem_cache_create: duplicate cache name in {frame}',
        frame: STD,
      },
    ],
  })),
  {
    header: 'VFS: Close: file count is 0',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/VFS: Close: file count is 0/],
        title: 'VFS: Close: file count is zero (use-after-free)',
        noStack: true,
      },
    ],
  },
  {
    header: 'VFS: Busy inodes after unmount',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/VFS: Busy inodes after unmount/],
        title: 'VFS: Busy inodes after unmount (use-after-free)',
        noStack: true,
      },
    ],
  },
  {
    header: 'Internal error:',
    kind: 'other',
    suppress: [],
    formats: [
      // BUG() on arm and arm64 traps into die("Oops - BUG") (arch/arm64/kernel/traps.c bug_brk_handler()).
      // Without CONFIG_DEBUG_BUGVERBOSE no `kernel BUG at lib/list_debug.c` line comes first: the pc
      // in the list check says it is a corrupted list.
      {
        kind: 'list-corruption',
        match: [/Internal error: Oops - BUG:/, LIST_CHECK_PC],
        title: 'kernel BUG in {frame}',
        frame: FAULT,
      },
      {
        kind: 'kernel-bug',
        match: [/Internal error: Oops - BUG:/],
        title: 'kernel BUG in {frame}',
        frame: FAULT,
      },
      // A kernel-mode fault dies as a bare "Oops" with the fault status (arch/arm/mm/fault.c
      // __do_kernel_fault(), arch/arm64/mm/fault.c die_kernel_fault()): its `Unable to handle` line is
      // the report's first, and alone (a wall broadcast, a console that dropped it) this line still is a
      // bad kernel access. An abort no handler takes (an external abort on a bus read) dies with an
      // empty name: arch/arm/mm/fault.c do_DataAbort() and do_PrefetchAbort() call arm_notify_die("")
      // after their `Unhandled fault:` line, so the die() line reads `Internal error: : 1008 [#1]`.
      {
        kind: 'paging-fault',
        match: [/Internal error: (?:Oops)?: [0-9a-f]{1,16} \[#\d+\]/],
        title: 'Internal error in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // arm64's memory aborts die with the name of their fault_info[] entry (arch/arm64/mm/fault.c
      // do_mem_abort(), and do_sea() through arm64_notify_die()): a bus error or a table walk that
      // failed on a kernel access (`Internal error: synchronous external abort: 0000000096000210 [#1]`).
      {
        kind: 'paging-fault',
        match: [
          /Internal error: (?:synchronous external abort|synchronous parity or ECC error|level -?\d [a-z ()]{1,60}|alignment fault): [0-9a-f]{1,16} \[#\d+\]/,
        ],
        title: 'Internal error in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // Any other die() name (`Internal error: Oops - undefined instruction: 0 [#1]`, `Oops - bad mode`)
      // keeps die()'s `: <err> [#<n>]` tail.
      {
        kind: 'other',
        match: [/Internal error: [^:]{1,80}: [0-9a-f]{1,16} \[#\d+\]/],
        title: 'Internal error in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      // A line cut after its name, or retyped without the tail: other programs print `Internal error:`
      // too (Maven's `[ERROR] Internal error: java.lang.NullPointerException`), so kernel lines must
      // come with it.
      {
        kind: 'other',
        match: [/Internal error:/],
        title: 'Internal error in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
        generic: true,
      },
    ],
  },
  {
    // arch/arm/mm/fault.c do_DataAbort() `Unhandled fault: %s (0x%03x) at 0x%08lx`; arm64 before v5.x
    // printed `Unhandled fault at 0x%016lx` from do_mem_abort(). do_DataAbort() prints it for a user
    // fault too, and arm_notify_die() (arch/arm/kernel/traps.c) then only signals the task.
    header: 'Unhandled fault',
    kind: 'paging-fault',
    suppress: [],
    diesAfter: /Unhandled fault: /,
    formats: [
      {
        kind: 'paging-fault',
        match: [/Unhandled fault(?::| at 0x)/],
        title: 'Unhandled fault in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
    ],
  },
  {
    // arch/arm/mm/alignment.c do_alignment() gives up on an instruction it cannot fix up; do_DataAbort()'s
    // `Unhandled fault: alignment exception` follows: a bad access, when the kernel made it.
    header: 'Alignment trap:',
    kind: 'other',
    suppress: [],
    diesAfter: /Alignment trap: /,
    continuedBy: /^Unhandled fault: /,
    formats: [
      {
        kind: 'paging-fault',
        match: [/Alignment trap:/, /^Unhandled fault: /],
        title: 'Alignment trap in {frame}',
        frame: ALIGNMENT_TRACE,
      },
      {
        kind: 'other',
        match: [/Alignment trap:/],
        title: 'Alignment trap in {frame}',
        frame: ALIGNMENT_TRACE,
      },
    ],
  },
  {
    header: 'trusty: panic',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [aThenB('trusty: panic', ' ASSERT FAILED at \\([^()]*\\): (.*)')],
        title: 'trusty: ASSERT FAILED: {1}',
        noStack: true,
      },
      {
        kind: 'other',
        match: [aThenB('trusty: panic', ' ASSERT FAILED')],
        title: 'trusty: ASSERT FAILED:',
        noStack: true,
        corrupted: 'the trusty assertion text was cut off',
      },
      {
        kind: 'other',
        match: [aThenB('trusty: panic \\(', '\\): (.*)', '[^)]')],
        title: 'trusty: panic: {1}',
        noStack: true,
      },
    ],
  },
  ...[
    // kernel/watchdog.c watchdog_hardlockup_check(); 2.6 x86 `NMI Watchdog detected LOCKUP on CPU 1`;
    // powerpc arch/powerpc/kernel/watchdog.c (`CPU 59 Hard LOCKUP`, before v4.17 `Watchdog CPU:59 Hard LOCKUP`).
    'Watchdog detected hard LOCKUP',
    'NMI Watchdog detected LOCKUP',
    // 2.6 -rt kernels: `NMI watchdog detected lockup on CPU#%d (%d/%d)`.
    'NMI watchdog detected lockup',
    'Hard LOCKUP',
    'self-detected hard LOCKUP',
    'detected hard LOCKUP on other CPUs',
  ].map((header): OopsHeader => ({
    header,
    kind: 'hard-lockup',
    suppress: [],
    // 3.x kernel/watchdog.c watchdog_overflow_callback() warned with WARN(1, "Watchdog detected hard
    // LOCKUP on cpu %d") unless hardlockup_panic was set; 6.12 watchdog_hardlockup_check() uses pr_emerg().
    printedByWarn: true,
    formats: [
      {
        kind: 'hard-lockup',
        match: [
          /Watchdog detected (?:hard )?LOCKUP|watchdog detected lockup on CPU|(?:CPU:? ?\d+|self-detected|other CPUs) .{0,40}LOCKUP|Hard LOCKUP/,
        ],
        title: 'watchdog: hard lockup in {frame}',
        alt: ['stall in {frame}'],
        frame: RIP_THEN_STACK,
      },
    ],
  })),
  ...[
    // lib/list_debug.c __list_add_valid_or_report() and __list_del_entry_valid_or_report(); text
    // retyped from a screenshot loses the underscore.
    'list_add corruption',
    'list_del corruption',
    'list_add double add',
    'list add corruption',
    'list del corruption',
  ].map((header): OopsHeader => ({
    header,
    kind: 'list-corruption',
    suppress: [],
    prelude: true,
    formats: [
      {
        kind: 'list-corruption',
        match: [/list[_ ](?:add|del) (?:corruption|double add)/],
        title: 'BUG: corrupted list in {frame}',
        alt: BAD_ACCESS,
        frame: { ...FAULT, skip: anyOf(['^__list_', 'list_debug']) },
        generic: true,
      },
    ],
  })),
  ...[
    // kernel/locking/lockdep.c lockdep_rcu_suspicious() prints `%s:%d %s!` - the file, line and message
    // of the RCU_LOCKDEP_WARN() that fired (include/linux/rcupdate.h rcu_dereference_check() and
    // rcu_dereference_protected(), include/linux/rculist.h __list_check_rcu()) - three lines under its
    // `WARNING: suspicious RCU usage` line; a commit message that quotes the splat from that line down is
    // still that report.
    'suspicious rcu_dereference_check() usage!',
    'suspicious rcu_dereference_protected() usage!',
    'RCU-list traversed in non-reader section!',
  ].map((header): OopsHeader => ({
    header,
    kind: 'rcu-suspicious',
    suppress: [],
    prelude: true,
    formats: [
      {
        kind: 'rcu-suspicious',
        match: [
          /(?:^|\s)[\w./-]{1,200}\.[ch]:\d{1,6} (?:suspicious rcu_dereference_(?:check|protected)\(\) usage|RCU-list traversed in non-reader section)!/,
        ],
        title: 'WARNING: suspicious RCU usage in {frame}',
        frame: { ...STD, skip: anyOf(['rcu', 'kmem', 'slab']) },
        corrupted: 'the WARNING: suspicious RCU usage line was cut off',
      },
    ],
  })),
  {
    // kernel/sched/core.c __might_resched() prints `in_atomic(): %d, irqs_disabled(): %d, non_block:
    // %d, pid: %d, name: %s` right under its `BUG: sleeping function called from invalid context` line
    // (2.6: `in_atomic():1, irqs_disabled():0`): an excerpt that starts there is still that report.
    header: 'in_atomic():',
    kind: 'sleep-in-atomic',
    suppress: [],
    prelude: true,
    formats: [
      {
        kind: 'sleep-in-atomic',
        match: [/^in_atomic\(\): ?\d+, irqs_disabled\(\): ?\d+, (?:non_block: \d+, )?pid: \d+, name: /],
        title: 'BUG: sleeping function called from invalid context in {frame}',
        frame: STD,
        corrupted: 'the BUG: sleeping function line was cut off',
        generic: true,
      },
    ],
  },
  {
    // net/sched/sch_generic.c dev_watchdog() raised a transmit timeout with WARN_ONCE(1, "NETDEV
    // WATCHDOG: %s (%s): transmit queue %u timed out") until it became a one-line netdev_crit()
    // (`NETDEV WATCHDOG: CPU: %d: transmit queue %u timed out %u ms`, no stack), which is no report.
    header: 'NETDEV WATCHDOG: ',
    kind: 'warning',
    suppress: [/NETDEV WATCHDOG: CPU: \d/],
    prelude: true,
    formats: [
      {
        kind: 'warning',
        match: [/NETDEV WATCHDOG: \S+ \([^)]*\): transmit queue \d+ timed out/],
        title: 'WARNING in {frame}',
        frame: WARN_STACK,
      },
    ],
  },
  ...[
    // lib/refcount.c refcount_warn_saturate(); x86's fast refcount before v5.5: `refcount_t overflow at f+0x..`.
    'refcount_t: ',
    'refcount_t hit zero',
    'refcount_t overflow',
  ].map((header): OopsHeader => ({
    header,
    kind: 'refcount',
    suppress: [],
    prelude: true,
    formats: [
      {
        kind: 'refcount',
        match: [/refcount_t(?:: | hit zero| overflow)/],
        title: 'WARNING: refcount bug in {frame}',
        frame: { ...WARN_STACK, skip: anyOf(['refcount', 'kobject_']) },
        generic: true,
      },
    ],
  })),
  ...[
    // mm/kfence/report.c kfence_report_error() prints the access under `BUG: KFENCE: ...`, its stack
    // right after: an excerpt that starts below the BUG line is still a KFENCE report.
    'Out-of-bounds read at 0x',
    'Out-of-bounds write at 0x',
    'Use-after-free read at 0x',
    'Use-after-free write at 0x',
  ].map((header): OopsHeader => ({
    header,
    kind: 'kfence',
    // Every line of the report names its object (`kfence-#26`); other programs' messages do not.
    suppress: [/^(?!.*kfence-#\d)/],
    prelude: true,
    formats: [
      {
        kind: 'kfence',
        match: [/Out-of-bounds (read|write) at 0x/],
        title: 'KFENCE: out-of-bounds {1} in {frame}',
        alt: BAD_ACCESS,
        noStack: true,
        frame: KFENCE_BODY,
        corrupted: 'the BUG: KFENCE line was cut off',
      },
      {
        kind: 'kfence',
        match: [/Use-after-free (read|write) at 0x/],
        title: 'KFENCE: use-after-free {1} in {frame}',
        alt: BAD_ACCESS,
        noStack: true,
        frame: KFENCE_BODY,
        corrupted: 'the BUG: KFENCE line was cut off',
      },
    ],
  })),
  {
    // kernel/hung_task.c check_hung_task() prints this under `INFO: task ... blocked for more than`: a
    // paste that starts below the header line is still a hung task, with the waiting task's stack.
    header: 'hung_task_timeout_secs" disables this message',
    kind: 'hung-task',
    suppress: [],
    formats: [
      {
        kind: 'hung-task',
        match: [/hung_task_timeout_secs" disables this message/],
        title: 'INFO: task hung in {frame}',
        alt: ['hang in {frame}'],
        frame: { ...STD, picker: 'hang' },
        corrupted: 'the hung task header line was cut off',
      },
    ],
  },
  // mm/kmemleak.c kmemleak_warn(): pr_warn() and dump_stack() when a caller hands kmemleak an object it
  // does not know or one that overlaps another (create_object() then also stops kmemleak and prints the
  // old object, dump_object_info()). The caller of the kmemleak hook is the bug's.
  ...[
    'kmemleak: Cannot insert ',
    'kmemleak: Freeing unknown object',
    'kmemleak: Partially freeing unknown object',
    'kmemleak: Found object by alias',
    'kmemleak: Trying to color unknown object',
    'kmemleak: Not scanning unknown object',
    'kmemleak: Adding scan area to unknown object',
    'kmemleak: Scan area larger than object',
    'kmemleak: Setting excess_ref on unknown object',
    'kmemleak: Updating stack trace for unknown object',
    'kmemleak: Not resetting the checksum',
  ].map((header): OopsHeader => ({
    header,
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/kmemleak: ([A-Z][a-z]+ [a-z_]+(?: [a-z_]+){0,6}?) (?:at 0x|0x|\()/],
        title: 'kmemleak: {1} in {frame}',
        // An overlap names the object already there: its allocation is the one out of place.
        frame: {
          steps: [/^kmemleak: {2,4}backtrace:$/, 'stack'],
          fallback: [CALL_TRACE, 'stack'],
          skip: LEAK_SKIP,
        },
      },
    ],
  })),
  {
    // mm/kmemleak.c print_unreferenced(): one report per object; `(percpu) ` since v6.9.
    header: 'unreferenced object ',
    kind: 'memory-leak',
    suppress: [],
    formats: [
      {
        kind: 'memory-leak',
        match: [/unreferenced object (?:\(percpu\) )?0x[0-9a-f]+ \(size \d+\):/],
        title: 'memory leak in {frame}',
        frame: {
          steps: [/^ *backtrace(?: \(crc [0-9a-f]+\))?:/, 'stack'],
          skip: LEAK_SKIP,
        },
        noStack: true,
      },
    ],
  },
  {
    // An excerpt that kept only the `backtrace:` block of a kmemleak report (mm/kmemleak.c
    // print_unreferenced()), whose first frames are kmemleak's own hook: a report of its own only when
    // no `unreferenced object` header is printed around it. A bare `backtrace:` line is also what
    // Android's debuggerd and crash collectors (xCrash, Play Console) print above a user-space
    // process's `#00 pc ...` frames: like a bare `WARNING:`, it counts only among kernel lines.
    header: 'backtrace:',
    kind: 'memory-leak',
    prelude: true,
    suppress: [/\S\s*backtrace:/],
    formats: [
      {
        kind: 'memory-leak',
        match: [/^ *backtrace:\s*$/],
        requires: [/\bkmemleak_alloc(?:_percpu|_phys)?\+0x/],
        title: 'memory leak in {frame}',
        frame: {
          steps: [/^ *backtrace:/, 'stack'],
          skip: LEAK_SKIP,
        },
        noStack: true,
        generic: true,
      },
    ],
  },
  // arch/mips/kernel/traps.c do_be(): `%s bus error, epc == %0*lx, ra == %0*lx`, then die("Oops").
  ...['Data bus error', 'Instruction bus error'].map((header): OopsHeader => ({
    header,
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/(Data|Instruction) bus error, epc ==/],
        title: '{1} bus error in {frame}',
        frame: FAULT,
      },
    ],
  })),
  {
    // arch/arm/kernel/entry-v7m.S __invalid_entry (no-MMU Cortex-M): `Unhandled exception: IPSR = %08lx LR = %08lx`.
    header: 'Unhandled exception: IPSR',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/Unhandled exception: IPSR = [0-9a-f]+/],
        title: 'Unhandled exception in {frame}',
        frame: FAULT,
      },
    ],
  },
  {
    // 2.6 kernel/sched.c __might_sleep() before it became `BUG: sleeping function ...` (v2.6.19); 2.5
    // kernels said `illegal` where 2.6 says `invalid` (`Debug: sleeping function called from illegal
    // context at mm/slab.c:1304`, printed with no `in_atomic():` line after it).
    header: 'Debug: sleeping function called from ',
    kind: 'sleep-in-atomic',
    suppress: [/Debug: sleeping function called from (?!(?:invalid|illegal) context)/],
    formats: [
      {
        kind: 'sleep-in-atomic',
        match: [/Debug: sleeping function called from (?:invalid|illegal) context at /],
        title: 'BUG: sleeping function called from invalid context in {frame}',
        frame: { steps: [/Debug: sleeping function/, 'stack'] },
      },
    ],
  },
  {
    // The SLAB allocator's debug checks before SLUB replaced it (mm/slab.c slab_error(), removed in
    // v6.8, so read from the reports' own format): `slab error in %s(): cache `%s': %s`, then
    // dump_stack() - `double free, or memory outside object was overwritten` from cache_free_debugcheck(),
    // `object was modified after freeing` from check_poison_obj(), `memory before object was
    // overwritten` from cache_alloc_debugcheck_after(). A syslog line may wrap right before or after `cache`.
    header: 'slab error in ',
    kind: 'other',
    suppress: [/slab error in (?![\w.]{1,64}\(\):(?: cache(?: |$)|$))/],
    formats: [
      {
        kind: 'other',
        match: [/slab error in [\w.]{1,64}\(\):(?: cache(?: |$)|$)/],
        title: 'slab error in {frame}',
        frame: STD,
      },
    ],
  },
  {
    // include/linux/fortify-string.h __fortify_memcpy_chk(): WARN_ONCE() with `memcpy: detected
    // field-spanning write (size %zu) of single field "%s" at %s:%d (size %zu)`, printed right above its
    // `WARNING:` line; a report of its own where a post quotes the message and the trace without it.
    header: 'detected field-spanning write',
    kind: 'warning',
    suppress: [],
    preludeOf: 'WARNING:',
    formats: [
      {
        kind: 'warning',
        match: [/(?:^|\s)mem(?:cpy|move): detected field-spanning write \(size \d+\) of single /],
        title: 'WARNING in {frame}',
        frame: STD,
      },
    ],
  },
  {
    // kernel/rcu/tree_plugin.h rcu_note_context_switch(): WARN_ONCE() with `Voluntary context switch
    // within RCU read-side critical section!`, printed right above its `WARNING:` line; a report of its
    // own where a post quotes the message and the trace without it.
    header: 'Voluntary context switch within RCU read-side critical section!',
    kind: 'warning',
    suppress: [],
    preludeOf: 'WARNING:',
    formats: [
      {
        kind: 'warning',
        match: [/Voluntary context switch within RCU read-side critical section!/],
        title: 'WARNING in {frame}',
        frame: STD,
      },
    ],
  },
  {
    // lib/debugobjects.c debug_print_object(): WARN(1, `ODEBUG: %s %s (active state %u) object: %p object
    // type: %s hint: %pS`), the message right above its `WARNING:` line (before v6.2 without `object:
    // %p`); a report of its own where a post quotes the message and the trace without it.
    header: 'ODEBUG: ',
    kind: 'warning',
    // debugobjects' own notices (`ODEBUG: Out of memory. ODEBUG disabled`, selftest lines) are no report.
    suppress: [/ODEBUG: (?![a-z_]{1,20} [a-z_]{1,20} \(active state)/],
    preludeOf: 'WARNING:',
    formats: [
      {
        kind: 'warning',
        // A mail client may wrap the line before its `object type:` (lib/debugobjects.c debug_print_object()).
        match: [/ODEBUG: [a-z_]{1,20} [a-z_]{1,20} \(active state \d{1,10}\)(?: object|$)/],
        title: 'WARNING: ODEBUG bug in {frame}',
        frame: STD,
      },
    ],
  },
  {
    // WARN_ON() before v2.6.19 (include/asm-generic/bug.h): `Badness in %s at %s:%d`, then dump_stack();
    // lib/bug.c report_bug() then printed `Badness at %s:%u` for a WARN_ON() that trapped (powerpc).
    // libsepol copied the macro and prints the same line from user space: the stack must come with it.
    header: 'Badness ',
    kind: 'warning',
    suppress: [/^(?!Badness (?:in [\w.]+ )?at [\w./-]+\.[ch]:\d+$)/],
    formats: [
      {
        kind: 'warning',
        match: [/^Badness in [\w.]+ at [\w./-]+\.[ch]:\d+$/],
        title: 'WARNING in {frame}',
        frame: { steps: [new RegExp(`^Badness in ${FN}`)] },
        noStack: true,
        generic: true,
      },
      {
        kind: 'warning',
        match: [/^Badness at [\w./-]+\.[ch]:\d+$/],
        title: 'WARNING in {frame}',
        frame: WARN_STACK,
        generic: true,
      },
    ],
  },
  {
    // OpenZFS's SPL, an out-of-tree module seen in many reports: module/os/linux/spl/spl-err.c spl_panic()
    // prints `PANIC at %s:%d:%s()` (before 0.7: `SPLError: %d:%d:(%s:%d:%s()) SPL PANIC`), then the stack.
    header: 'PANIC at ',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/PANIC at [\w.-]+:\d+:([\w.]+)\(\)/],
        title: 'PANIC in {1}',
        noStack: true,
      },
    ],
  },
  {
    header: 'SPL PANIC',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'other',
        match: [/SPLError: \d+:\d+:\([\w.-]+:\d+:([\w.]+)\(\)\) SPL PANIC/],
        title: 'PANIC in {1}',
        noStack: true,
      },
    ],
  },
  {
    // The die() line of the architectures whose fault line comes first or not at all. powerpc
    // arch/powerpc/kernel/traps.c die(): `Oops: %s, sig: %ld [#%d]`; s390 arch/s390/kernel/dumpstack.c
    // die(): `%s: %04x ilc:%d [#%d]` (str is "Oops" only from arch/s390/mm/fault.c); x86 before v2.6.25
    // `Oops: %04lx [#%d]`.
    header: 'Oops: ',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'paging-fault',
        // 2.4 arch/ppc/kernel/traps.c die() printed `Oops: kernel access of bad area, sig: 11`, lower
        // case and without the `[#1]` count.
        match: [/Oops: (?:[Kk]ernel access of bad area, sig: \d+|[0-9a-f]{4} ilc:\d)/],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'other',
        match: [/Oops: ([A-Za-z][\w ]{0,60}), sig: \d+ \[#\d+\]/],
        title: 'Oops: {1} in {frame}',
        frame: FAULT,
      },
      // x86 calls die("Oops") only for a kernel-mode page fault (arch/x86/mm/fault.c page_fault_oops(),
      // before v2.6.25 do_page_fault()), with the fault's error code: the line left of a bad kernel access
      // whose `BUG: unable to handle` line was cut. Since v6.10 __die_header() (arch/x86/kernel/dumpstack.c)
      // puts `Oops: ` before every die() string, so the page fault's reads `Oops: Oops: 0011 [#1]`;
      // x86_64 before v2.6.25 printed the count without `#` (`Oops: 0002 [1] SMP`).
      // Its register dump or closing summary still names the faulting address, `CR2: %016lx`
      // (arch/x86/kernel/process_64.c __show_regs(), fault.c page_fault_oops()) or i386's `CR2: %08lx`:
      // below one page, show_fault_oops() calls it a NULL pointer dereference.
      {
        kind: 'null-deref',
        match: [/Oops: (?:Oops: )?[0-9a-f]{4} \[#?\d+\]/, /(?:^|\s)CR2: (?:0{13}|0{5})[0-9a-f]{3}(?:\s|$)/],
        title: 'Oops in {frame}',
        frame: FAULT,
      },
      {
        kind: 'paging-fault',
        match: [/Oops: (?:Oops: )?[0-9a-f]{4} \[#?\d+\]/],
        title: 'Oops in {frame}',
        frame: FAULT,
      },
    ],
  },
  {
    // arch/mips and arch/loongarch kernel/traps.c die(): `%s[#%d]:`.
    header: 'Oops[#',
    kind: 'other',
    suppress: [],
    formats: [
      // When the fault line above was cut, the register dump still names the bad address: loongarch
      // show_regs() `BADV: %0*lx`, mips `BadVA : %0*lx`. Below one page it is a NULL dereference.
      {
        kind: 'null-deref',
        match: [/(?:^|\s)Oops\[#\d+\]:/, /^ {0,8}(?:BADV:|BadVA :) 0{0,13}[0-9a-f]{1,3}$/],
        title: 'Oops in {frame}',
        frame: FAULT,
      },
      { kind: 'other', match: [/(?:^|\s)Oops\[#\d+\]:/], title: 'Oops in {frame}', frame: FAULT },
    ],
  },
  // arch/parisc/kernel/traps.c parisc_terminate(): `%s: Code=%d (%s) at addr %0*lx` with the trap's
  // name (`Page fault: bad address` from arch/parisc/mm/fault.c, `Kernel Fault` for a kernel-mode trap,
  // `High Priority Machine Check (HPMC)` from handle_interruption()). Before v6.1 do_page_fault() passed
  // `Bad Address (null pointer deref?)` for every kernel-mode fault, whatever the address: the address
  // tells a NULL dereference. parisc_terminate() prints its stack before this line and panics after it.
  ...(
    [
      ['Page fault: bad address: Code=', 'paging-fault'],
      ['Bad Address (null pointer deref?): Code=', 'paging-fault'],
      ['Kernel Fault: Code=', 'paging-fault'],
      ['Unexpected interruption: Code=', 'other'],
      ['High Priority Machine Check (HPMC): Code=', 'other'],
    ] as const
  ).map(([header, kind]): OopsHeader => ({
    header,
    kind,
    suppress: [],
    formats: [
      {
        kind: 'null-deref',
        // Before v3.x: `Kernel Fault: Code=%d regs=%p (Addr=%0*lx)`.
        match: [
          /(?:bad address|Kernel Fault|Bad Address \(null pointer deref\?\)): Code=\d+ (?:\([^()]{1,60}\) at addr |regs=[0-9a-f]{8,16} \(Addr=)0{0,13}[0-9a-f]{1,3}\)?$/,
        ],
        title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind,
        match: [
          /(Page fault: bad address|Bad Address|Kernel Fault|Unexpected interruption|High Priority Machine Check)(?: \([^()]{1,24}\))?: Code=\d+ \(/,
        ],
        title: '{1} in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
    ],
  })),
  // kernel/sched/core.c __schedule_bug() prints `BUG: scheduling while atomic: %s/%d/0x%08x` (the `BUG:`
  // row reads it); 2.6 kernels before the `BUG: ` prefix printed the comm, the preempt count and the pid
  // bare (`scheduling while atomic: java/0x04000002/2480`, mg-1962).
  {
    header: 'scheduling while atomic: ',
    kind: 'scheduling-while-atomic',
    suppress: [/BUG: scheduling while atomic/],
    formats: [
      {
        kind: 'scheduling-while-atomic',
        match: [
          /^scheduling while atomic: [^\s/]{1,16}\/(?:0x[0-9a-f]{8}\/\d{1,10}|\d{1,10}\/0x[0-9a-f]{8})$/,
        ],
        title: 'BUG: scheduling while atomic in {frame}',
        frame: { ...STD, skip: anyOf(['schedule']) },
      },
    ],
  },
  // m68k's bus error in kernel mode (arch/m68k/kernel/traps.c bus_error030(), sun3's bus_error()):
  // `Data %s fault at %#010lx in %s (pc=%#lx)` or `Instruction fault at %#010lx`, then `BAD KERNEL
  // BUSERR`, then die_if_kernel()'s `Oops: %08x`. The same fault lines of a user fault are pr_debug(),
  // without the BUSERR line. A data address below one page is a NULL dereference.
  ...(['Data read fault at ', 'Data write fault at ', 'Instruction fault at '] as const).map(
    (header): OopsHeader => ({
      header,
      kind: 'paging-fault',
      suppress: [],
      diesAfter: / fault at 0x/,
      formats: [
        {
          kind: 'null-deref',
          match: [/^Data (?:read|write) fault at 0x0{5}[0-9a-f]{3} in /, /^BAD KERNEL BUSERR$/],
          title: 'BUG: unable to handle kernel NULL pointer dereference in {frame}',
          alt: BAD_ACCESS,
          frame: FAULT,
        },
        {
          kind: 'paging-fault',
          match: [/^(?:Data (?:read|write)|Instruction) fault at 0x[0-9a-f]{8}\b/, /^BAD KERNEL BUSERR$/],
          title: 'BUG: unable to handle kernel paging request in {frame}',
          alt: BAD_ACCESS,
          frame: FAULT,
        },
      ],
    }),
  ),
  // arch/parisc/kernel/traps.c die_if_kernel(): `%s (pid %d): %s (code %ld)` under the cow banner in
  // kernel mode, the trap named by its callers in traps.c and unaligned.c (handle_break() dies of
  // `Spinlock was trashed` when CONFIG_LIGHTWEIGHT_SPINLOCK_CHECK's break fires); in user mode the line
  // ends in ` at <address>` and is the program's fault.
  ...(
    [
      ['Protection id trap', 'paging-fault'],
      ['Spinlock was trashed', 'spinlock-bug'],
      ['Unknown kernel breakpoint', 'other'],
      ['Illegal instruction', 'other'],
      ['Privileged operation', 'other'],
      ['Privileged register usage', 'other'],
      ['Unaligned data reference', 'other'],
    ] as const
  ).map(([name, kind]): OopsHeader => ({
    header: `${name} (code`,
    kind,
    suppress: [/\(code \d+\) at [0-9a-f]/],
    formats: [
      {
        kind,
        match: [new RegExp(`\\(pid \\d+\\): (${name}) \\(code \\d+\\)`)],
        title: '{1} in {frame}',
        ...(kind === 'paging-fault' ? { alt: BAD_ACCESS } : {}),
        frame: FAULT,
      },
    ],
  })),
  // The same die() line for the traps that print no fault line first: BUG() (mips do_trap_or_bp()
  // `Kernel bug detected`, loongarch do_bp() `Oops - BUG`), and unaligned or reserved instructions.
  ...dieLineHeaders(
    [
      ['Kernel bug detected[#', 'kernel-bug'],
      ['Oops - BUG[#', 'kernel-bug'],
      ['Unhandled kernel unaligned access[#', 'other'],
      ['Reserved instruction in kernel code[#', 'other'],
      ['Break instruction in kernel code[#', 'other'],
      // loongarch do_ade() and do_ale(): an address error and an unaligned access in kernel mode;
      // do_fpu()/do_lsx()/do_lasx() `... invoked from kernel context!`.
      ['Kernel ade access[#', 'paging-fault'],
      ['Kernel ale access[#', 'other'],
      ['do_fpu invoked from kernel context![#', 'other'],
      ['do_lsx invoked from kernel context![#', 'other'],
      ['do_lasx invoked from kernel context![#', 'other'],
    ] as const,
    /^ {0,4}([A-Za-z][\w -]{2,40}[\w!])\[#\d+\]:/,
  ),
  // sparc64 arch/sparc/kernel/traps_64.c die_if_kernel(): `%s(%d): %s [#%d]` (comm, pid, trap) under the
  // penguin, for the traps that print no fault line first.
  ...dieLineHeaders(
    [
      ['Kernel illegal instruction [#', 'other'],
      ['Kernel divide by zero. [#', 'other'],
      ['Penguin overflow trap from kernel mode [#', 'other'],
      ['TLB/TSB error [#', 'other'],
      ['Kernel bad sw trap ', 'other'],
    ] as const,
    /\(\d{1,10}\): ((?:TL\d: )?[A-Z][\w /.]{2,60}?) \[#\d+\]/,
  ),
  // s390 arch/s390/kernel/dumpstack.c die(): `%s: %04x ilc:%d [#%d]` for a program check in kernel
  // mode, `str` from arch/s390/kernel/traps.c do_trap() and the handlers there (`Oops` comes from
  // arch/s390/mm/fault.c, read above). monitor_event_exception() dies of BUG() (report_bug());
  // do_low_address() dies of a store to the lowcore, the first bytes of memory.
  ...dieLineHeaders(
    [
      ['monitor event: ', 'kernel-bug'],
      ['Low-address protection: ', 'null-deref'],
      ['illegal operation: ', 'other'],
      ['data exception: ', 'other'],
      ['addressing exception: ', 'other'],
      ['execute exception: ', 'other'],
      ['specification exception: ', 'other'],
      ['operand exception: ', 'other'],
      ['special operation exception: ', 'other'],
      ['privileged operation: ', 'other'],
      ['fixpoint divide exception: ', 'other'],
      ['fixpoint overflow exception: ', 'other'],
      ['floating point exception: ', 'other'],
      ['vector exception: ', 'other'],
      ['space switch event: ', 'other'],
      ['transaction constraint exception: ', 'other'],
      ['Unknown program exception: ', 'other'],
    ] as const,
    S390_DIE,
  ),
  {
    // arch/riscv/kernel/traps.c die() prints `%s [#%d]`: `Oops [#1]` under the fault line of
    // arch/riscv/mm/fault.c (alone, what is left of a bad kernel access), and `Oops - <trap> [#1]` for
    // the traps that print nothing before it (do_trap_error(): illegal instruction, access faults...).
    header: 'Oops [#',
    kind: 'paging-fault',
    suppress: [],
    formats: [
      {
        kind: 'paging-fault',
        match: [/(?:^|\s)Oops \[#\d+\]/],
        title: 'BUG: unable to handle kernel paging request in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
    ],
  },
  {
    header: 'Oops - ',
    kind: 'other',
    suppress: [],
    formats: [
      {
        kind: 'paging-fault',
        match: [/(?:^|\s)Oops - ((?:load|store \(or AMO\)|instruction) (?:access|page) fault) \[#\d+\]/],
        title: 'Oops - {1} in {frame}',
        alt: BAD_ACCESS,
        frame: FAULT,
      },
      {
        kind: 'other',
        match: [/(?:^|\s)Oops - ([a-z][\w ()/-]{1,60}) \[#\d+\]/],
        title: 'Oops - {1} in {frame}',
        frame: FAULT,
      },
    ],
  },
  // An excerpt that starts at the register dump (`pc : __list_del_entry_valid+0xc0/0xd4`, then the
  // trace): the check the pc is in names the report. Inside a report the line is that report's.
  ...['pc : ', 'RIP: 0010:', 'PC is at ', 'epc : '].flatMap((label): OopsHeader[] => [
    {
      header: `${label}__list_`,
      kind: 'list-corruption',
      suppress: [],
      formats: [
        {
          kind: 'list-corruption',
          match: [LIST_CHECK_PC],
          title: 'BUG: corrupted list in {frame}',
          alt: BAD_ACCESS,
          frame: { ...FAULT, skip: anyOf(['^__list_', 'list_debug']) },
        },
      ],
    },
    {
      header: `${label}${REFCOUNT_CHECK_FN}`,
      kind: 'refcount',
      suppress: [],
      formats: [
        {
          kind: 'refcount',
          match: [REFCOUNT_CHECK_PC],
          title: 'WARNING: refcount bug in {frame}',
          frame: { ...WARN_STACK, skip: anyOf(['refcount', 'kobject_']) },
        },
      ],
    },
  ]),
  {
    // The register line of an i386 oops whose first lines were lost: arch/i386/kernel/traps.c die()
    // printed `EIP:    %04x:[<%08lx>]` with the kernel code segment (0010 in 2.4, 0060 in 2.6). Inside
    // a report it is that report's; alone it is what is left of one.
    header: 'EIP:',
    kind: 'other',
    suppress: [/^(?!EIP: {0,4}00[16]0:\[<[0-9a-f]{8}>\])/],
    formats: [
      { kind: 'other', match: [/^EIP: {0,4}00[16]0:\[</], title: '{rest}', frame: FAULT, noStack: true },
    ],
  },
  {
    header: 'SYZFAIL:',
    kind: 'other',
    suppress: [],
    formats: [{ kind: 'other', match: [/SYZFAIL: (.*)/], title: 'SYZFAIL: {1}', noStack: true }],
  },
  {
    header: 'SYZFATAL:',
    kind: 'other',
    suppress: [],
    formats: [{ kind: 'other', match: [/SYZFATAL: (.*)/], title: 'SYZFATAL: {1}', noStack: true }],
  },
];

/**
 * Lines that hold a header but never start a new report while one is open: the second half of an
 * oops (arm64 `Internal error:` after `Unable to handle`, `invalid opcode:` after `kernel BUG at`), the
 * panic an oops causes, and kmemleak's later objects.
 */
export const CONTINUATION_LINES: readonly RegExp[] = [
  /Kernel panic - not syncing/,
  /hung_task_timeout_secs" disables this message/,
  // The SLUB report's own lines (mm/slub.c print_trailer(), print_track(), check_bytes_and_report()).
  /^INFO: (?:Slab 0x|Object 0x|Allocated in |Freed in |0x[0-9a-f]+-0x[0-9a-f]+(?:\. | @offset=))/,
  /unregister_netdevice: waiting for/,
  /PANIC: double fault/,
  /^EIP: {0,4}00[16]0:\[</,
  LIST_CHECK_PC,
  REFCOUNT_CHECK_PC,
];

/**
 * The die() line of an oops (`Oops: 0002 [#1]`, arm's `Internal error: Oops: 17 [#1]`, x86's `invalid
 * opcode: 0000 [#1]` under `kernel BUG at`): the second half of the report whose fault or BUG line
 * comes a few lines above it, and a report of its own anywhere else.
 */
export const DIE_LINES: readonly RegExp[] = [
  /invalid opcode: 0000/,
  /invalid operand: ?0000/,
  /Internal error:/,
  /(?:^|\s)Oops(?:\[#\d+\]:|: )/,
  // mips and loongarch die(): `Kernel bug detected[#1]:` under the `kernel BUG at` line of report_bug().
  /^ {0,4}[A-Za-z][\w -]{2,40}[\w!]\[#\d+\]:/,
  // riscv die(): `Oops [#1]` under its fault line, `Kernel BUG [#1]` under report_bug()'s `kernel BUG at`.
  /(?:^|\s)Oops(?: - [^[\]]{1,60})? \[#\d+\]/,
  /^Kernel BUG \[#\d+\]/,
  S390_DIE,
  IA64_DIE,
];

/** Every `DIE_LINES` pattern holds one of these words (test/titles.test.ts checks each pattern's source). */
export const DIE_WORDS: readonly string[] = ['[#', 'Oops', 'invalid op', 'Internal error:', ']: '];

/**
 * Whether `text` is a die() line (`DIE_LINES`). Nearly no line holds any of `DIE_WORDS`, and those that
 * hold none can match no pattern: string searches rule them out before the patterns run.
 */
export function isDieLine(text: string): boolean {
  return DIE_WORDS.some((w) => text.includes(w)) && DIE_LINES.some((re) => re.test(text));
}

/** Lines holding one of these end the region syzkaller looks for the title in: output of a different event. */
export const TITLE_STOP_LINES: readonly string[] = [
  'vmalloc: allocation failure:',
  'FAULT_INJECTION: forcing a failure',
  'FAULT_FLAG_ALLOW_RETRY missing',
];

/** Marks the start of a stack section; a stack being read ends at the next one. */
export const STACK_START =
  /Call [Tt]race:|^Backtrace:|^ *backtrace(?: \(crc [0-9a-f]+\))?:|^Allocated by task \d+:|^Freed by task \d+:|^Allocated:|^Freed:|^Uninit was (?:stored to memory|created) at|^Local variable .* created at|status: [0-9a-f]+ badaddr: [0-9a-f]+ cause: /;
/** The first characters of `STACK_START`'s alternatives anchored at the line start: B, A, F, U, L. */
const STACK_START_INITIALS = new Set([0x42, 0x41, 0x46, 0x55, 0x4c]);

/**
 * `STACK_START.test(text)`, with the lines it cannot match (nearly all: frames, registers) ruled out by
 * their first characters and two string searches before the pattern runs: only `backtrace` may follow
 * spaces, and the unanchored alternatives hold `Call ` or `badaddr: `, whose first letters are rare.
 */
export function startsStack(text: string): boolean {
  let i = 0;
  // Bounded by the length: a read past the end (NaN) would cost V8's optimised code a deoptimisation.
  while (i < text.length && text.charCodeAt(i) === 0x20) i++;
  if (i === text.length) return false;
  const c = text.charCodeAt(i);
  const anchored = c === 0x62 || (i === 0 && STACK_START_INITIALS.has(c));
  return (anchored || text.includes('Call ') || text.includes('badaddr: ')) && STACK_START.test(text);
}
