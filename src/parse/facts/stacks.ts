/**
 * Sorts a report's frames into its stacks and works out where each frame ran.
 *
 * Stacks: the first trace of the report is `main`; KASAN/KFENCE `Allocated by task N:` / `Freed by task
 * N:` (and page_owner's) sections are `allocated`/`freed`; the `-> #N` chain and usage sections of a
 * lockdep report are `lockdep` (its `stack backtrace:` is `main`); any later trace (another CPU's NMI
 * backtrace, another task) is `other`.
 *
 * Context: x86 brackets each stack it crosses (`<NMI>`, `<IRQ>`, `<SOFTIRQ>`, `<TASK>`,
 * arch/x86/kernel/dumpstack.c); the other architectures print none, so inside each marked or unmarked
 * run, walking from the outermost frame inwards, an interrupt or softirq entry function switches the
 * context of the frames it called. The same walk catches softirqs served on x86's IRQ stack.
 */
import { baseName, type FrameText } from '../frames.js';
import type { ExecContext, Frame, StackName } from '../report.js';
import { PrefixTable, rowsOf } from './prefix-table.js';

type Section = StackName | 'trace';

/** Lines that open a lockdep stack: each dependency, usage and acquisition stack of a lockdep splat. */
export const LOCKDEP_STACK_HEADERS = [
  '-> #',
  '-> (',
  '{IN-',
  '{HARDIRQ-',
  '{SOFTIRQ-',
  'IN-HARDIRQ-',
  'IN-SOFTIRQ-',
  'HARDIRQ-ON-',
  'SOFTIRQ-ON-',
  'INITIAL USE at:',
  // print_bad_irq_dependency: where a class became irq-safe or irq-unsafe, not the reporting stack.
  '... which became ',
  'INITIAL READ USE at:',
  '... acquired at:',
] as const;

const SECTIONS = new PrefixTable<Section>([
  ...rowsOf<Section>(
    'trace',
    'Call Trace:',
    'Call trace:',
    'Backtrace:',
    'stack backtrace:',
    'NMI backtrace for cpu ',
    // kmemleak: `backtrace (crc 7a3ebdfe):`, before v6.7 `backtrace:`.
    'backtrace:',
    'backtrace (crc ',
    // KCSAN prints one stack per racing access.
    'read to ',
    'write to ',
    'read-write to ',
    'read (marked) to ',
    'write (marked) to ',
    'read-write (marked) to ',
  ),
  ...rowsOf<Section>(
    'allocated',
    'Allocated by task ',
    'allocated by task ',
    'page last allocated via ',
    'Uninit was created at:',
    'Local variable ',
  ),
  ...rowsOf<Section>('freed', 'Freed by task ', 'freed by task ', 'page last free '),
  ...rowsOf<Section>(
    'other',
    'Last potentially related work creation:',
    'Second to last potentially related work creation:',
    'Last call_rcu():',
    'Second to last call_rcu():',
    'Uninit was stored to memory at:',
    // s390: the last branch taken before the fault, one frame.
    'Last Breaking-Event-Address:',
  ),
  ...rowsOf<Section>('lockdep', ...LOCKDEP_STACK_HEADERS),
]);

/** The line starts `StackBuilder.section` looks for. */
export const SECTION_STARTS = SECTIONS.prefixes;

/** `<IRQ>`, `</IRQ>`, `<#DF>`: an x86 stack-type marker, sometimes followed by a frame (before v4.9). */
const MARKER = /^<(\/?)(#?[A-Z][A-Z0-9_]{0,19})>/;

/** Markers that name a context; the exception stacks (`<#DF>`, `<DB>`, `<MCE>`, ...) keep the current one. */
const MARKER_CONTEXT: ReadonlyMap<string, ExecContext> = new Map([
  ['IRQ', 'hardirq'],
  ['SOFTIRQ', 'softirq'],
  ['NMI', 'nmi'],
  ['TASK', 'task'],
  // Before v4.9, `<EOI>` closed the IRQ stack and the task stack followed.
  ['EOI', 'task'],
]);

/**
 * Functions whose callees run in another context. arm64 enters interrupts through `el1_interrupt`
 * (`el1_irq` before v5.13) and the GIC handler; softirqs run under `handle_softirqs` (`__do_softirq`
 * before v6.10), from irq exit, `local_bh_enable()` or ksoftirqd alike.
 */
const ENTRY_CONTEXT: ReadonlyMap<string, ExecContext> = new Map([
  ['el1_interrupt', 'hardirq'],
  ['el0_interrupt', 'hardirq'],
  ['el1_irq', 'hardirq'],
  ['el0_irq', 'hardirq'],
  ['gic_handle_irq', 'hardirq'],
  ['handle_domain_irq', 'hardirq'],
  ['__handle_domain_irq', 'hardirq'],
  ['generic_handle_domain_irq', 'hardirq'],
  ['handle_irq_event', 'hardirq'],
  ['handle_riscv_irq', 'hardirq'],
  ['__irq_svc', 'hardirq'],
  ['__irq_usr', 'hardirq'],
  ['handle_softirqs', 'softirq'],
  ['__do_softirq', 'softirq'],
]);

/**
 * The first characters of `ENTRY_CONTEXT`'s names. A frame's base name starts as the frame does, and
 * most frames start otherwise: they skip cutting the name and the look-up.
 */
const ENTRY_INITIALS = new Set([...ENTRY_CONTEXT.keys()].map((fn) => fn.charCodeAt(0)));

export class StackBuilder {
  private readonly frames: Frame[] = [];
  /** The run of each frame of `frames`, an index in `runs`. */
  private readonly runOf: number[] = [];
  /** The context each run of frames starts in, outermost frame first. */
  private readonly runs: ExecContext[] = [];
  private stack: StackName | null = null;
  private framesInStack = 0;
  private mainHasFrames = false;
  private context: ExecContext = 'task';
  /** arm32 prints each function twice, as caller on one line and callee on the next. */
  private lastCaller: string | null = null;

  /** Opens the section a header line announces; false when the line is no section header. */
  section(text: string): boolean {
    const hit = SECTIONS.value(text);
    if (hit === undefined) return false;
    if (hit === 'trace') this.openTrace();
    else this.open(hit);
    return true;
  }

  /** Applies a leading stack marker; returns what follows it, or null when the line has none. */
  marker(text: string): string | null {
    const m = text.charCodeAt(0) === 0x3c ? MARKER.exec(text) : null;
    if (!m) return null;
    const named = MARKER_CONTEXT.get(m[2] ?? '');
    if (m[1] === '/') this.context = 'task';
    else if (named) this.context = named;
    this.runs.push(this.context);
    return text.slice(m[0].length).trim();
  }

  add(frames: readonly FrameText[], line: number): void {
    if (this.stack === null) this.openTrace();
    const stack = this.stack ?? 'main';
    if (this.runs.length === 0) this.runs.push(this.context);
    const run = this.runs.length - 1;
    const pair = frames.length === 2;
    for (let k = 0; k < frames.length; k++) {
      const f = frames[k];
      if (f === undefined) continue;
      if (pair && k === 0 && f.fn === this.lastCaller) continue;
      this.frames.push({
        fn: f.fn,
        offset: f.offset,
        size: f.size,
        module: f.module,
        unreliable: f.unreliable,
        context: 'task',
        stack,
        source: f.source,
        line,
      });
      this.runOf.push(run);
    }
    this.lastCaller = pair ? (frames[1]?.fn ?? null) : null;
    this.framesInStack++;
    if (stack === 'main') this.mainHasFrames = true;
  }

  /** Whether a trace section (`Call Trace:`, `stack backtrace:`) or another stack section is open. */
  get isOpen(): boolean {
    return this.stack !== null;
  }

  /** The frames in input order, each with its context. */
  finish(): Frame[] {
    let run = -1;
    let context: ExecContext = 'task';
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      const frameRun = this.runOf[i];
      if (frame === undefined || frameRun === undefined) continue;
      if (frameRun !== run) {
        run = frameRun;
        context = this.runs[run] ?? 'task';
      }
      const fn = frame.fn;
      if (ENTRY_INITIALS.has(fn.charCodeAt(0))) context = ENTRY_CONTEXT.get(baseName(fn)) ?? context;
      frame.context = context;
    }
    return this.frames;
  }

  /** A trace header: `main` until the main stack has frames, then `other`. `stack backtrace:` followed by `Call Trace:` is one trace. */
  private openTrace(): void {
    if (this.stack === 'main' && this.framesInStack === 0) return;
    this.open(this.mainHasFrames ? 'other' : 'main');
  }

  private open(stack: StackName): void {
    this.stack = stack;
    this.framesInStack = 0;
    this.context = 'task';
    this.lastCaller = null;
    this.runs.push('task');
  }
}
