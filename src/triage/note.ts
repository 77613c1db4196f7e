import { baseName } from '../parse/frames.js';
import { ExecContext, ReportKind, type Frame, type LockRecord, type Report } from '../parse/report.js';
import { NO_GUILTY_FRAME, NO_STACK } from '../parse/title.js';
import type { PatternMatch } from '../knowledge/match.js';
import { decideWaitNumbering, type NumberingDecision } from '../parse/facts/wait-types.js';
import { describeLock, describeWaitContext, describeWaitType, lockNotation } from './decode-lockdep.js';
import { commandsFor } from './commands.js';
import { contextOfCount, describeAtomicCount, describePreemptCount } from './decode-preempt.js';
import { decodeTaint, outOfTreeMarks } from './decode-taint.js';
import { hungTaskStory } from './hung-task.js';
import { KIND_GUIDES } from './kind-guide.js';
import { lockdepStory } from './lockdep-story.js';
import { code, frameText, hex, noteFrame } from './note-text.js';
import type {
  ConfidenceLabel,
  NoteAdvice,
  NoteFact,
  NoteMatch,
  NoteSuspect,
  OutOfTreeModule,
  SimilarReport,
  TriageNote,
} from './note-model.js';
import { contradicted } from './paste-truth.js';
import { reportFacts } from './report-facts.js';

/** Lower bounds of each confidence label. */
const CONFIDENCE_LABELS: ReadonlyArray<[ConfidenceLabel, number]> = [
  ['high', 0.75],
  ['medium', 0.45],
  ['low', 0],
];

export function confidenceLabel(confidence: number): ConfidenceLabel {
  return CONFIDENCE_LABELS.find(([, min]) => confidence >= min)?.[0] ?? 'low';
}

const CONTEXT_WORDS: Record<ExecContext, string> = {
  task: 'task context',
  softirq: 'softirq context',
  hardirq: 'hardirq context',
  nmi: 'NMI context',
};

export function buildNote(
  report: Report,
  matches: readonly PatternMatch[],
  extras: { unread?: readonly string[]; similar?: readonly SimilarReport[] } = {},
): TriageNote {
  const guide = KIND_GUIDES[report.kind];
  const taint = report.taint === null ? null : decodeTaint(report.taint.letters);
  const noteMatches = matches.map((m): NoteMatch => ({
    id: m.id,
    title: m.title,
    summary: m.summary,
    confidence: m.confidence,
    confidenceLabel: confidenceLabel(m.confidence),
    evidence: m.evidence,
    raisedBy: m.raisedBy,
    loweredBy: m.loweredBy.filter((t) => !contradicted(t, report)),
  }));
  const holds = (a: NoteAdvice): boolean => !contradicted(a.text, report);
  const matchSteps = advice(matches, (m) => m.nextSteps).filter(holds);
  const taintSteps = (taint?.hints ?? []).map((text) => ({ text, from: 'taint' }));
  const commands = commandsFor(report);
  // A kind's generic `./scripts/...` step is said better by the command built from this report's frames.
  const scripts = commands.flatMap((c) =>
    c.command.startsWith('./scripts/') ? [c.command.split(' ')[0] ?? ''] : [],
  );
  const kindSteps =
    matchSteps.length === 0
      ? guide.steps
          .map((text) => ({ text, from: 'kind' }))
          .filter((a) => holds(a) && !scripts.some((sc) => a.text.includes(`\`${sc} `)))
      : [];
  return {
    headline: report.headline,
    title: report.title,
    kind: report.kind,
    kindLabel: guide.label,
    culprit: report.culprit,
    verdict: verdict(noteMatches, matches[0]?.general === true, guide.label),
    where: {
      task: taskText(report),
      context: contextWords(report),
      cpu: report.task?.cpu ?? null,
      kernel: report.kernel,
      arch: report.arch,
      hardware: report.facts.hardware,
      taint:
        taint === null
          ? null
          : { letters: taint.letters, flags: taint.flags, unknown: taint.unknown, hints: taint.hints },
    },
    facts: [...readFacts(report), ...reportFacts(report)],
    story: lockdepStory(report) ?? hungTaskStory(report),
    suspect: readSuspect(report, taint === null ? [] : outOfTreeMarks(taint.letters)),
    matches: noteMatches,
    fixes: advice(matches, (m) => m.fixes).filter(holds),
    nextSteps: dedupe([...matchSteps, ...taintSteps, ...kindSteps]),
    commands,
    configs: [...new Set(matches.flatMap((m) => m.configs))],
    docs: dedupeBy([...matches.flatMap((m) => m.docs), ...guide.docs], (d) => d.url),
    unread: [...(extras.unread ?? []), ...unreadOf(report, guide.lockList === true, taint?.unknown ?? [])],
    similar: [...(extras.similar ?? [])],
    lines: report.lines,
    signature: report.signature,
  };
}

function verdict(matches: readonly NoteMatch[], general: boolean, label: string): string {
  const best = matches[0];
  if (best === undefined)
    return `No known pattern matches this report; the next steps below are the general ones for ${label}.`;
  if (general)
    return `No known root cause matches this report; what follows is the general reading of ${label}: ${best.title}.`;
  return `Most likely: ${best.title} (${best.confidenceLabel} confidence, ${best.confidence.toFixed(2)}).`;
}

function advice(
  matches: readonly PatternMatch[],
  pick: (m: PatternMatch) => readonly string[],
): NoteAdvice[] {
  return dedupe(matches.flatMap((m) => pick(m).map((text) => ({ text, from: `match:${m.id}` }))));
}

function dedupe(items: readonly NoteAdvice[]): NoteAdvice[] {
  return dedupeBy(items, (a) => a.text);
}

function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function taskText(report: Report): string | null {
  const t = report.task;
  if (t === null) return null;
  if (t.comm !== null && t.pid !== null) return `${t.comm}/${t.pid}`;
  if (t.comm !== null) return t.comm;
  return t.pid === null ? null : `pid ${t.pid}`;
}

/**
 * Where the report's code ran, from what the report says of its context rather than from the guilty
 * frame: the preempt count, then lockdep's irq tag, then the `<IRQ>`/`<SOFTIRQ>` markers of the main
 * stack, skipping the interrupt a watchdog prints from (an RCU stall or soft lockup is dumped from the
 * timer interrupt that found it; the stuck code is what it interrupted).
 */
function contextWords(report: Report): string | null {
  const count = report.facts.preemptCount;
  if (count !== null) {
    const fromCount = contextOfCount(count);
    if (fromCount !== 'task') return CONTEXT_WORDS[fromCount];
  }
  const tag = report.facts.lockdep?.tag ?? null;
  if (tag !== null) {
    if (tag.hardirqContext > 0 || tag.hardirqCount > 0) return CONTEXT_WORDS.hardirq;
    if (tag.softirqContext > 0 || tag.softirqCount % 2 === 1) return CONTEXT_WORDS.softirq;
    return CONTEXT_WORDS.task;
  }
  const frames = report.frames.filter((f) => !f.unreliable && f.stack === 'main');
  const stuck = WATCHDOG_KINDS.has(report.kind) ? afterWatchdogInterrupt(frames) : frames;
  const frame = stuck[0];
  return frame === undefined ? null : CONTEXT_WORDS[frame.context];
}

const WATCHDOG_KINDS: ReadonlySet<string> = new Set(['rcu-stall', 'soft-lockup', 'hard-lockup']);

/** The frames after the leading interrupt-context run that holds the watchdog's own functions. */
function afterWatchdogInterrupt(frames: readonly Frame[]): Frame[] {
  const first = frames[0];
  if (first === undefined || first.context === 'task') return [...frames];
  const end = frames.findIndex((f) => f.context !== first.context);
  return end < 0 ? [] : frames.slice(end);
}

function sameFn(fn: string, guilty: string | null): boolean {
  return guilty !== null && (fn === guilty || baseName(fn) === baseName(guilty));
}

function mainFrames(report: Report): Frame[] {
  const reliable = report.frames.filter((f) => !f.unreliable);
  const main = reliable.filter((f) => f.stack === 'main');
  return main.length > 0 ? main : reliable;
}

function readFacts(report: Report): NoteFact[] {
  const f = report.facts;
  const facts: NoteFact[] = [];
  const add = (text: string, line: number | null = null): void => {
    facts.push({ text, line });
  };
  if (f.sleepAt !== null) add(`the sleep check fired at ${code(`${f.sleepAt.file}:${f.sleepAt.line}`)}`);
  const raised = countRaised(report);
  if (f.preemptCount !== null) {
    if (f.atomicCountRaw !== null) add(describeAtomicCount(f.preemptCount));
    else if (f.preemptExpected !== null) add(describePreemptCount(f.preemptCount, f.preemptExpected));
    else add(`preempt_count is ${hex(f.preemptCount)}`);
  }
  if (f.irqsDisabled === true) {
    add(
      f.inAtomic === false
        ? 'interrupts were disabled with preempt_count at zero: a local_irq_disable(), local_irq_save() or spin_lock_irq() region'
        : 'interrupts were disabled (local_irq_save(), spin_lock_irqsave() or similar)',
    );
  } else if (f.irqsDisabled === false && f.inAtomic === true) {
    add('interrupts were enabled: the atomic context comes from preempt_count alone');
  }
  if (f.nonBlock !== null && f.nonBlock > 0)
    add(`it ran in a non-blocking section (non_block: ${f.nonBlock}, such as an MMU notifier)`);
  if (f.rcuNestDepth !== null && f.rcuNestExpected !== null && f.rcuNestDepth > f.rcuNestExpected) {
    add(
      `RCU nest depth is ${f.rcuNestDepth} where ${f.rcuNestExpected} was expected: it slept inside rcu_read_lock()`,
    );
  }
  if (f.preemptionDisabledAt !== null) {
    add(
      preemptionDisabledAtFact(report, code(frameText(f.preemptionDisabledAt))),
      f.preemptionDisabledAt.line,
    );
  }
  if (f.lockdepOff)
    add('lockdep is turned off: an earlier report disabled it, so the locks held are not listed');
  facts.push(...lockFacts(report, raised));
  if (f.rip?.fn != null) add(`the CPU was executing ${code(f.rip.raw)}`, f.rip.line);
  else if (f.pc?.fn != null) add(`the CPU was executing ${code(f.pc.raw)}`, f.pc.line);
  // With KASAN's `null-ptr-deref in range` line the printed address is a shadow address (report-facts.ts).
  if (f.address !== null && f.kasanRange === null) add(`the faulting address is ${code(f.address)}`);
  return facts;
}

/**
 * `Preemption disabled at:` is the site of the last 0 -> non-zero transition of preempt_count
 * (kernel/sched/core.c preempt_latency_start(), kernel/softirq.c __local_bh_disable_ip()): the outermost
 * section, and only while preemption is still off. Interrupt entry raises the count without recording it.
 */
function preemptionDisabledAtFact(report: Report, site: string): string {
  const f = report.facts;
  if (f.inAtomic === false) {
    return `\`Preemption disabled at:\` names ${site}, but in_atomic() is 0: preemption is on, so that record is left over from a section that has already ended`;
  }
  if (f.preemptCount !== null && contextOfCount(f.preemptCount) !== 'task') {
    return `\`Preemption disabled at:\` names ${site}, recorded before the interrupt: it belongs to the interrupted code, not to the handler that slept`;
  }
  return `preemption was first disabled (the outermost preempt_disable, spin_lock or local_bh_disable still open) at ${site}: look there first`;
}

/** preempt_count above what the caller may hold: the sign of a leaked or held atomic section. */
function countRaised(report: Report): boolean {
  const f = report.facts;
  if (f.preemptCount === null) return false;
  if (f.atomicCountRaw !== null) return (f.preemptCount & 0x7fffffff) > 1;
  return f.preemptExpected === null || f.preemptCount !== f.preemptExpected;
}

function lockFacts(report: Report, raised: boolean): NoteFact[] {
  const f = report.facts;
  const held = f.locksHeld?.locks ?? [];
  const all = f.acquiring === null ? held : [f.acquiring, ...held];
  const decision = decideWaitNumbering(all, f.waitContext);
  const facts: NoteFact[] = [];
  const lockFact = (lock: LockRecord, prefix = ''): NoteFact => {
    const words = describeLock(lock, decision.numbering);
    const notation = lockNotation(lock);
    const head = `${prefix}${code(lock.name)}${notation === '' ? '' : ` ${notation}`}`;
    return { text: words === '' ? head : `${head}: ${words}`, line: lock.line };
  };
  if (f.acquiring !== null) facts.push(lockFact(f.acquiring, 'trying to take '));
  if (f.waitContext !== null)
    facts.push({ text: describeWaitContext(f.waitContext, decision.numbering), line: null });
  if (f.locksHeld !== null) {
    const who = f.locksHeld.task === null ? '' : ` by ${code(f.locksHeld.task)}`;
    if (f.locksHeld.count === 0) {
      facts.push({
        text: raised
          ? 'no locks held: lockdep saw no lock, so the raised count is not from a spin_lock it tracks'
          : `no locks held${who}`,
        line: f.locksHeld.line,
      });
    } else {
      const n = f.locksHeld.count;
      facts.push({ text: `${n} ${n === 1 ? 'lock' : 'locks'} held${who}`, line: f.locksHeld.line });
      facts.push(...held.map((lock) => lockFact(lock)));
    }
  }
  const conflict = nestingConflict(f.acquiring, held, decision);
  if (conflict !== null) facts.push({ text: conflict, line: null });
  if (decision.from === 'lock' && decision.because !== null) {
    const how = decision.numbering === 'nesting' ? 'with' : 'without';
    facts.push({
      text: `wait types read as a kernel ${how} raw-lock nesting checks: ${decision.because}`,
      line: null,
    });
  }
  return facts;
}

/** The held lock whose inner wait type is stricter than the outer type of the lock being taken. */
function nestingConflict(
  acquiring: LockRecord | null,
  held: readonly LockRecord[],
  decision: NumberingDecision,
): string | null {
  const outer = acquiring?.waitTypes?.outer;
  // LD_WAIT_INV (0) is never checked (kernel/locking/lockdep.c check_wait_context skips it).
  if (acquiring === null || outer === undefined || acquiring.waitTypes?.inner === 0) return null;
  const strictest = held
    .filter((l) => l.waitTypes !== null && l.waitTypes.inner > 0)
    .reduce<LockRecord | null>(
      (min, l) => (min === null || (l.waitTypes?.inner ?? 99) < (min.waitTypes?.inner ?? 99) ? l : min),
      null,
    );
  const inner = strictest?.waitTypes?.inner;
  if (strictest === null || inner === undefined || outer <= inner) return null;
  const n = decision.numbering;
  return (
    `${code(acquiring.name)} is a ${describeWaitType(outer, n)} but is taken inside ${code(strictest.name)}, ` +
    `a ${describeWaitType(inner, n)}: wait type ${outer} under ${inner} breaks the nesting rule`
  );
}

/** `taintMarks`: the taint's letters that mean code from outside the tree (P, O, E, C), in words. */
function readSuspect(
  report: Report,
  taintMarks: ReadonlyArray<{ letter: string; word: string }>,
): NoteSuspect {
  const frames = mainFrames(report);
  const guiltyFrame = frames.find((f) => sameFn(f.fn, report.guilty));
  const outOfTree = (report.facts.modules ?? []).flatMap((m): OutOfTreeModule[] => {
    const marks = outOfTreeMarks(m.marks);
    if (marks.length === 0) return [];
    return [
      { name: m.name, marks: marks.map((x) => x.letter).join(''), why: marks.map((x) => x.word).join(', ') },
    ];
  });
  const guiltyModule = guiltyFrame?.module ?? null;
  let outOfTreeNote: string | null = null;
  // A `[mod]` tag on a frame names a module even when the report has no `Modules linked in:` list.
  const tagged = [...new Set(frames.flatMap((f) => (f.module === null ? [] : [f.module])))];
  if (taintMarks.length > 0 && outOfTree.length === 0) {
    // E alone is an unsigned module, which may well be in-tree: say which letters the taint has.
    const says = `the taint says ${taintMarks.map((m) => `${m.word} (${m.letter})`).join(', ')} code is loaded`;
    if (report.facts.modules !== null) outOfTreeNote = `${says}, but no listed module is marked`;
    else if (tagged.length > 0)
      outOfTreeNote = `${says}; the report has no module list, and its frames run in the modules ${tagged.map(code).join(', ')}: check those first`;
    else outOfTreeNote = `${says}, but the report has no module list to name it`;
  }
  return {
    guilty: report.guilty,
    guiltyModule,
    guiltyOutOfTree: guiltyModule !== null && outOfTree.some((m) => m.name === guiltyModule),
    frames: frames.map(noteFrame),
    outOfTree,
    outOfTreeNote,
  };
}

const LOCKDEP_KINDS: ReadonlySet<ReportKind> = new Set<ReportKind>([
  'invalid-wait-context',
  'lockdep-circular',
  'lockdep-recursive',
  'lockdep-inconsistent',
  'lockdep-irq-order',
  'lockdep-bad-unlock',
  'lockdep-held-at-return',
]);

function unreadOf(report: Report, expectsLocks: boolean, unknownTaint: readonly string[]): string[] {
  const unread: string[] = [];
  if (expectsLocks && report.facts.locksHeld === null && !report.facts.lockdepOff) {
    // A lockdep report proves lockdep is on and always prints the held locks (kernel/locking/lockdep.c
    // lockdep_print_held_locks()); elsewhere the list needs CONFIG_LOCKDEP (debug_show_held_locks()).
    unread.push(
      LOCKDEP_KINDS.has(report.kind)
        ? 'no list of held locks: lockdep always prints one in this report, so the paste was cut before it'
        : 'no list of held locks (lockdep off, or the paste was cut): a held spinlock can be neither seen nor ruled out',
    );
  }
  // Without frames, "no call trace" below says what a stack-shaped corrupted reason would.
  const stackReason = report.corruptedReason === NO_GUILTY_FRAME || report.corruptedReason === NO_STACK;
  if (report.corrupted && !(report.frames.length === 0 && stackReason)) {
    unread.push(
      `the report looks cut off or mixed with other output${report.corruptedReason === null ? '' : `: ${report.corruptedReason}`}`,
    );
  }
  if (report.frames.length === 0) unread.push('no call trace: the report has no stack frames');
  else if (report.arch === 'unknown') {
    unread.push(
      'the architecture: the trace has no registers or entry frames that name it, so arch-specific advice is left out',
    );
  }
  if (unknownTaint.length > 0)
    unread.push(`unknown taint letters ${unknownTaint.join(', ')} (a newer kernel?)`);
  return unread;
}
