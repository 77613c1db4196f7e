import type { Frame, LockRecord, Report } from '../parse/report.js';
import { baseName } from '../parse/frames.js';
import { decodePreemptCount, type PreemptCount } from '../parse/facts/preempt-count.js';
import { decideWaitNumbering, WAIT_NUMBER, type WaitNumbering } from '../parse/facts/wait-types.js';
import type { Condition, FactPath, FrameTest, LockTest, LockType, TextTest } from './condition.js';
import type { Evidence } from './match.js';
import { MACHINERY_FAMILY, inFamily, type Vocabulary } from './vocabulary.js';

/**
 * Everything a condition may look at, and what the report has answered so far. Built once per report
 * and thrown away with it; pure.
 */
export interface MatchContext {
  report: Report;
  vocab: Vocabulary;
  lineText: (lineNo: number) => string | undefined;
  preempt: PreemptCount | null;
  /** preempt_disable depth beyond what the checker allowed (`expected`, or schedule()'s own level). */
  extraDepth: number | null;
  /** How this splat numbers wait types (CONFIG_PROVE_RAW_LOCK_NESTING or not), decided from the splat itself. */
  numbering: WaitNumbering;
  /** Outcomes of the compiled conditions evaluated so far, by id. */
  outcomes: Map<number, Outcome>;
  /** Facts read so far, with the line each was read from. */
  facts: Map<FactPath, FactReading>;
  /** The line of the report's headline, once looked up. */
  headerLine: number | undefined;
}

export interface Outcome {
  ok: boolean;
  evidence: Evidence[];
}

const FAIL: Outcome = { ok: false, evidence: [] };

export function matchContext(report: Report, vocab: Vocabulary, lineText: (lineNo: number) => string | undefined): MatchContext {
  const f = report.facts;
  const preempt = f.preemptCount === null ? null : decodePreemptCount(f.preemptCount);
  let extraDepth: number | null = null;
  if (preempt !== null) {
    // schedule() runs with one preempt level of its own, so scheduling-while-atomic's count allows 1.
    const allowed = f.preemptExpected !== null ? decodePreemptCount(f.preemptExpected).preemptDepth : report.kind === 'scheduling-while-atomic' ? 1 : 0;
    extraDepth = preempt.preemptDepth - allowed;
  }
  const locks = [...(f.locksHeld?.locks ?? []), ...(f.acquiring ? [f.acquiring] : [])];
  const { numbering } = decideWaitNumbering(locks, f.waitContext);
  return { report, vocab, lineText, preempt, extraDepth, numbering, outcomes: new Map(), facts: new Map(), headerLine: undefined };
}

/**
 * A condition compiled against the knowledge base's vocabulary: family names are looked up once, and a
 * report evaluates each distinct condition once however many entries use it (`holds` keeps the outcome
 * in the report's MatchContext under `id`). Entries of a knowledge base share one compiler, so identical
 * conditions (a shared `use:`, the same frame family test) become one.
 */
export interface CompiledCondition {
  readonly id: number;
  readonly test: (ctx: MatchContext) => Outcome;
  /**
   * Whether the report can settle the condition either way: its facts are printed, its stack and lock
   * list are there. A signal that fails on a report that could settle it is ruled out, and the note must
   * not offer it as a possibility; one that fails for lack of text stays a "more/less certain if".
   */
  readonly settles: (ctx: MatchContext) => boolean;
}

/** Whether a compiled condition holds on the report, with the evidence; computed once per report. */
export function holds(cond: CompiledCondition, ctx: MatchContext): Outcome {
  let outcome = ctx.outcomes.get(cond.id);
  if (outcome === undefined) {
    outcome = cond.test(ctx);
    ctx.outcomes.set(cond.id, outcome);
  }
  return outcome;
}

type Test = (ctx: MatchContext) => Outcome;
type Check = (ctx: MatchContext) => boolean;

/** Compiles the conditions of one knowledge base; identical conditions compile to one CompiledCondition. */
export class ConditionCompiler {
  private readonly byKey = new Map<string, CompiledCondition>();
  /** Named conditions being compiled, so one that uses itself fails instead of recursing forever. */
  private readonly inProgress = new Set<string>();

  constructor(private readonly vocab: Vocabulary) {}

  compile(cond: Condition): CompiledCondition {
    const key = JSON.stringify(cond);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const tests: Test[] = [];
    const checks: Check[] = [];
    if (cond.all) {
      const subs = cond.all.map((c) => this.compile(c));
      tests.push((ctx) => allOf(subs, ctx));
      checks.push((ctx) => subs.every((c) => c.settles(ctx)));
    }
    if (cond.any) {
      const subs = cond.any.map((c) => this.compile(c));
      tests.push((ctx) => anyOf(subs, ctx));
      checks.push((ctx) => subs.some((c) => holds(c, ctx).ok) || subs.every((c) => c.settles(ctx)));
    }
    if (cond.not) {
      const sub = this.compile(cond.not);
      tests.push((ctx) => (holds(sub, ctx).ok ? FAIL : HELD));
      checks.push(sub.settles);
    }
    if (cond.use !== undefined) {
      const named = this.named(cond.use);
      tests.push(named === null ? () => FAIL : (ctx) => holds(named, ctx));
      checks.push(named === null ? () => false : named.settles);
    }
    if (cond.kind !== undefined) tests.push(kindIs(cond.kind));
    if (cond.fact !== undefined) {
      const path = cond.fact;
      tests.push(factTest(cond, path, this.vocab));
      if (cond.present !== false) checks.push((ctx) => readFact(path, ctx).value !== null);
    }
    if (cond.frame) {
      const where = cond.frame.stack;
      tests.push(frameTest(cond.frame, this.vocab));
      checks.push((ctx) => ctx.report.frames.some((f) => where === 'any' || f.stack === where));
    }
    if (cond.heldLock) {
      tests.push(heldLockTest(lockTest(cond.heldLock, this.vocab)));
      checks.push((ctx) => ctx.report.facts.locksHeld !== null);
    }
    if (cond.acquiring) {
      tests.push(acquiringTest(lockTest(cond.acquiring, this.vocab)));
      checks.push((ctx) => ctx.report.facts.acquiring !== null);
    }
    if (cond.line) tests.push(lineTest(cond.line));
    if (cond.headline) tests.push(headerText('headline', (r) => r.headline, cond.headline));
    if (cond.title) tests.push(headerText('title', (r) => r.title, cond.title));
    if (cond.line || cond.headline || cond.title) checks.push((ctx) => !ctx.report.corrupted);
    const compiled: CompiledCondition = {
      id: this.byKey.size,
      test: conjunction(tests, cond.why),
      settles: (ctx) => checks.every((check) => check(ctx)),
    };
    this.byKey.set(key, compiled);
    return compiled;
  }

  private named(name: string): CompiledCondition | null {
    const named = this.vocab.conditions.get(name);
    if (named === undefined || this.inProgress.has(name)) return null;
    this.inProgress.add(name);
    try {
      return this.compile(named.condition);
    } finally {
      this.inProgress.delete(name);
    }
  }
}

const HELD: Outcome = { ok: true, evidence: [] };

/** Every test must hold; their evidence, relabelled with `why` when the condition says why. */
function conjunction(tests: readonly Test[], why: string | undefined): Test {
  return (ctx) => {
    const evidence: Evidence[] = [];
    for (const test of tests) {
      const o = test(ctx);
      if (!o.ok) return FAIL;
      evidence.push(...o.evidence);
    }
    if (why === undefined) return { ok: true, evidence };
    return { ok: true, evidence: evidence.length > 0 ? evidence.map((e) => ({ ...e, why })) : [{ line: null, text: why, why }] };
  };
}

function allOf(conds: readonly CompiledCondition[], ctx: MatchContext): Outcome {
  const evidence: Evidence[] = [];
  for (const c of conds) {
    const o = holds(c, ctx);
    if (!o.ok) return FAIL;
    evidence.push(...o.evidence);
  }
  return { ok: true, evidence };
}

/** Every alternative that holds adds its evidence, so the note shows all the reasons, not just the first. */
function anyOf(conds: readonly CompiledCondition[], ctx: MatchContext): Outcome {
  const held = conds.map((c) => holds(c, ctx)).filter((o) => o.ok);
  return held.length === 0 ? FAIL : { ok: true, evidence: held.flatMap((o) => o.evidence) };
}

function kindIs(kind: string | readonly string[]): Test {
  const kinds = typeof kind === 'string' ? [kind] : kind;
  return (ctx) => (kinds.includes(ctx.report.kind) ? { ok: true, evidence: [headerEvidence(ctx, `the report is a ${ctx.report.kind} report`)] } : FAIL);
}

/** The report's first line, for evidence that is about the report as a whole. */
export function headerEvidence(ctx: MatchContext, why: string): Evidence {
  if (ctx.headerLine === undefined) ctx.headerLine = findLine(ctx, [ctx.report.headline]) ?? ctx.report.lines.start;
  return { line: ctx.headerLine, text: ctx.lineText(ctx.headerLine) ?? ctx.report.headline, why };
}


type FactValue = number | boolean | string | null;

interface FactReading {
  value: FactValue;
  line: number | null;
}

/** Text that marks the line a fact was read from, for facts the Report keeps without a line number. */
const FACT_MARKERS: Partial<Record<FactPath, readonly string[]>> = {
  inAtomic: ['in_atomic():'],
  irqsDisabled: ['irqs_disabled():'],
  nonBlock: ['non_block:'],
  preemptCount: ['preempt_count:', 'scheduling while atomic:', 'in preemptible ['],
  preemptExpected: ['preempt_count:'],
  rcuNestDepth: ['RCU nest depth:'],
  rcuNestExpected: ['RCU nest depth:'],
  'rcuNest.extra': ['RCU nest depth:'],
  sleepAt: ['called from invalid context at'],
  'sleepAt.file': ['called from invalid context at'],
  waitContext: ['context-{'],
  'waitContext.inner': ['context-{'],
  lockdepOff: ['lockdep is turned off'],
  address: ['NULL pointer dereference', 'address:', ' at addr ', 'virtual address'],
};

/** A fact of the report and the line it was read from, read once per report. */
function readFact(path: FactPath, ctx: MatchContext): FactReading {
  let reading = ctx.facts.get(path);
  if (reading === undefined) {
    reading = readFactOnce(path, ctx);
    ctx.facts.set(path, reading);
  }
  return reading;
}

function readFactOnce(path: FactPath, ctx: MatchContext): FactReading {
  const f = ctx.report.facts;
  const p = ctx.preempt;
  const byMarker = (value: FactValue): FactReading => ({ value, line: value === null ? null : findLine(ctx, FACT_MARKERS[path] ?? []) });
  const preemptLine = (value: FactValue): FactReading => ({ value, line: value === null ? null : findLine(ctx, FACT_MARKERS.preemptCount ?? []) });
  switch (path) {
    case 'inAtomic':
      return byMarker(f.inAtomic);
    case 'irqsDisabled':
      return byMarker(f.irqsDisabled);
    case 'nonBlock':
      return byMarker(f.nonBlock);
    case 'preemptCount':
      return byMarker(f.preemptCount);
    case 'preemptExpected':
      return byMarker(f.preemptExpected);
    case 'rcuNestDepth':
      return byMarker(f.rcuNestDepth);
    case 'rcuNestExpected':
      return byMarker(f.rcuNestExpected);
    case 'rcuNest.extra':
      return byMarker(f.rcuNestDepth === null ? null : f.rcuNestDepth - (f.rcuNestExpected ?? 0));
    case 'preemptionDisabledAt':
      return { value: f.preemptionDisabledAt?.fn ?? null, line: f.preemptionDisabledAt?.line ?? null };
    case 'preemptionDisabledAt.fn':
      return { value: f.preemptionDisabledAt ? baseName(f.preemptionDisabledAt.fn) : null, line: f.preemptionDisabledAt?.line ?? null };
    case 'sleepAt':
    case 'sleepAt.file':
      return byMarker(f.sleepAt?.file ?? null);
    case 'locksHeld':
      return { value: f.locksHeld ? f.locksHeld.count : null, line: f.locksHeld?.line ?? null };
    case 'locksHeld.count':
      return { value: f.locksHeld?.count ?? null, line: f.locksHeld?.line ?? null };
    case 'acquiring':
    case 'acquiring.name':
      return { value: f.acquiring?.name ?? null, line: f.acquiring?.line ?? null };
    case 'acquiring.at':
      return { value: f.acquiring?.at ? symbolOf(f.acquiring.at) : null, line: f.acquiring?.line ?? null };
    case 'waitContext':
    case 'waitContext.inner':
      return byMarker(f.waitContext?.inner ?? null);
    case 'lockdepOff':
      return byMarker(f.lockdepOff);
    case 'address':
      return byMarker(f.address);
    case 'rip.fn':
      return { value: f.rip?.fn ? baseName(f.rip.fn) : null, line: f.rip?.line ?? null };
    case 'pc.fn':
      return { value: f.pc?.fn ? baseName(f.pc.fn) : null, line: f.pc?.line ?? null };
    case 'task.pid':
      return { value: ctx.report.task?.pid ?? null, line: findLine(ctx, ['PID: ', 'pid: ']) };
    case 'task.comm':
      return { value: ctx.report.task?.comm ?? null, line: findLine(ctx, ['Comm: ', 'name: ']) };
    case 'guilty':
      return { value: ctx.report.guilty, line: findLine(ctx, [ctx.report.headline]) };
    case 'preempt.depth':
      return preemptLine(p?.preemptDepth ?? null);
    case 'preempt.extraDepth':
      return preemptLine(ctx.extraDepth);
    case 'preempt.softirq':
      return preemptLine(p?.softirq ?? null);
    case 'preempt.servingSoftirq':
      return preemptLine(p?.servingSoftirq ?? null);
    case 'preempt.bhDisabled':
      return preemptLine(p?.bhDisabled ?? null);
    case 'preempt.hardirq':
      return preemptLine(p?.hardirq ?? null);
    case 'preempt.nmi':
      return preemptLine(p?.nmi ?? null);
    case 'kasanObject.relation':
      return { value: f.kasanObject?.relation ?? null, line: f.kasanObject?.line ?? null };
    case 'kasanObject.regionState':
      return { value: f.kasanObject?.regionState?.trim() ?? null, line: f.kasanObject?.line ?? null };
    case 'kasanRange.type':
      return { value: f.kasanRange?.type ?? null, line: f.kasanRange?.line ?? null };
    case 'namedFile.file':
      return { value: f.namedFile?.file ?? null, line: f.namedFile ? findLine(ctx, [f.namedFile.file]) : null };
    case 'lockdep.sameInstance': {
      // The same class taken twice is a self-deadlock only when it is the same lock (the same address):
      // the one lockdep says the task is already holding, or one of its held-locks list.
      const a = f.acquiring?.address ?? null;
      const holding = f.lockdep?.holding ?? null;
      if (a === null) return { value: null, line: null };
      if (holding?.address != null) return { value: holding.address === a, line: holding.line };
      const held = f.locksHeld?.locks ?? [];
      if (held.length === 0) return { value: null, line: null };
      const same = held.find((l) => l.address === a && l.line !== f.acquiring?.line);
      return { value: same !== undefined, line: same?.line ?? f.locksHeld?.line ?? null };
    }
    case 'lockdep.otherInstance': {
      // Two locks of one class: every lock initialised at one spin_lock_init()/mutex_init() call site
      // shares the class (the macro's static lock_class_key), so the lock being acquired and the one of its
      // class the task holds may be two objects. Unknown unless both addresses are printed.
      const a = f.acquiring;
      if (a === null || a.address === null) return { value: null, line: null };
      const holding = f.lockdep?.holding ?? null;
      if (holding?.address != null && holding.name === a.name) return { value: holding.address !== a.address, line: holding.line };
      const sameClass = (f.locksHeld?.locks ?? []).filter((l) => l.name === a.name && l.line !== a.line && l.address !== null);
      const first = sameClass[0];
      if (first === undefined) return { value: null, line: null };
      return { value: sameClass.every((l) => l.address !== a.address), line: first.line };
    }
    case 'heldLists.count':
      return { value: f.heldLists.length, line: f.heldLists[0]?.line ?? null };
    case 'ubsanShift.count':
      return { value: f.ubsanShift?.count ?? null, line: f.ubsanShift?.line ?? null };
    case 'ubsanShift.width':
      return { value: f.ubsanShift?.width ?? null, line: f.ubsanShift?.line ?? null };
    case 'ubsanIndex.index':
      return { value: f.ubsanIndex?.index ?? null, line: f.ubsanIndex?.line ?? null };
    case 'ubsanIndex.length':
      return { value: f.ubsanIndex?.length ?? null, line: f.ubsanIndex?.line ?? null };
    case 'ubsanIndex.beyondEnd': {
      // How far past the last element: 0 is the element right after it (index == length).
      const u = f.ubsanIndex;
      return { value: u === null || u.length === null ? null : u.index - u.length, line: u?.line ?? null };
    }
    case 'taint.letters':
      return { value: ctx.report.taint?.letters ?? null, line: ctx.report.taint === null ? null : findLine(ctx, ['Tainted:']) };
  }
}

function factTest(cond: Condition, path: FactPath, vocab: Vocabulary): Test {
  const family = cond.family === undefined ? undefined : (vocab.functions.get(cond.family) ?? null);
  const { present, eq, ne, gt, gte, lt, lte, contains } = cond;
  const among = cond.in;
  const tail = cond.family ? ` (in ${cond.family})` : '';
  return (ctx) => {
    const { value, line } = readFact(path, ctx);
    if (present !== undefined && (value !== null) !== present) return FAIL;
    if (value === null) {
      if (present !== false) return FAIL;
      return { ok: true, evidence: [{ line: null, text: `${path}: not in the report`, why: `the report does not show ${path}` }] };
    }
    const num = asNumber(value);
    const ok =
      (eq === undefined || sameValue(value, eq)) &&
      (ne === undefined || !sameValue(value, ne)) &&
      (gt === undefined || (num !== null && num > gt)) &&
      (gte === undefined || (num !== null && num >= gte)) &&
      (lt === undefined || (num !== null && num < lt)) &&
      (lte === undefined || (num !== null && num <= lte)) &&
      (among === undefined || among.some((v) => sameValue(value, v))) &&
      (contains === undefined || (typeof value === 'string' && value.includes(contains))) &&
      (family === undefined || (typeof value === 'string' && family !== null && inFamily(family, value)));
    if (!ok) return FAIL;
    return { ok: true, evidence: [lineEvidence(ctx, line, `${path} is ${String(value)}${tail}`, `${path}: ${String(value)}`)] };
  };
}

function sameValue(value: FactValue, want: number | boolean | string): boolean {
  if (typeof want === 'number') return asNumber(value) === want;
  return value === want;
}

/** Numbers, and hex strings such as `0000000000000008` or `0x8` (addresses are kept as printed). */
function asNumber(value: FactValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^(0x)?[0-9a-f]{1,16}$/i.test(value)) return Number.parseInt(value.replace(/^0x/i, ''), 16);
  return null;
}

/** `netif_freeze_queues+0x4b/0x90` → `netif_freeze_queues`. */
function symbolOf(at: string): string {
  const plus = at.indexOf('+');
  return baseName((plus > 0 ? at.slice(0, plus) : at).trim());
}


function frameTest(test: FrameTest, vocab: Vocabulary): Test {
  const family = test.family === undefined ? undefined : vocab.functions.get(test.family);
  if (test.family !== undefined && family === undefined) return () => FAIL;
  const names = test.name === undefined ? undefined : typeof test.name === 'string' ? [test.name] : test.name;
  const machinery = vocab.functions.get(MACHINERY_FAMILY);
  const contexts = test.context === undefined ? undefined : typeof test.context === 'string' ? [test.context] : test.context;
  const aboveFamily = test.above === undefined ? undefined : vocab.functions.get(test.above);
  const what = test.family ? `in ${test.family}` : null;
  return (ctx) => {
    const stack = ctx.report.frames.filter((f) => (test.stack === 'any' || f.stack === test.stack) && (test.unreliable || !f.unreliable));
    const limit = aboveFamily ? firstIndex(stack, (f) => inFamily(aboveFamily, f.fn)) : stack.length;
    const callee = test.calledBy === undefined ? undefined : readFact(test.calledBy, ctx).value;
    if (test.calledBy !== undefined && typeof callee !== 'string') return FAIL;

    let realAbove = 0;
    for (let i = 0; i < stack.length; i++) {
      const frame = stack[i];
      if (frame === undefined) continue;
      if (test.within !== undefined && realAbove >= test.within) break;
      if (i >= limit) break;
      const hit =
        (family === undefined || inFamily(family, frame.fn)) &&
        (names === undefined || names.some((n) => baseName(frame.fn) === n || frame.fn === n)) &&
        (contexts === undefined || contexts.includes(frame.context)) &&
        (callee === undefined || callerOf(stack, i) === callee);
      if (hit) {
        const where = test.within !== undefined ? `, ${realAbove === 0 ? 'the first' : `${realAbove + 1}.`} real frame` : '';
        const called = test.calledBy ? `, called from ${String(callee)} (${test.calledBy})` : '';
        return { ok: true, evidence: [frameEvidence(ctx, frame, `${baseName(frame.fn)} is ${what ?? `named ${baseName(frame.fn)}`}${where}${called}`)] };
      }
      if (machinery === undefined || !inFamily(machinery, frame.fn)) realAbove++;
    }
    return FAIL;
  };
}

function callerOf(stack: readonly Frame[], i: number): string | undefined {
  const next = stack[i + 1];
  return next === undefined ? undefined : baseName(next.fn);
}

function firstIndex<T>(items: readonly T[], pred: (t: T) => boolean): number {
  const i = items.findIndex(pred);
  return i < 0 ? items.length : i;
}

function frameEvidence(ctx: MatchContext, frame: Frame, why: string): Evidence {
  return { line: frame.line, text: ctx.lineText(frame.line) ?? frame.fn, why };
}


/**
 * What kind of lock a lockdep record is, from its outer wait type read with the splat's numbering, falling
 * back to its name (a pre-5.6 spinlock_t's `->rlock`, a mutex-like name) and usage. `{3:3}` is a mutex without raw-lock nesting checks and a spinlock_t with
 * them, so it stays unknown when the splat does not say which.
 */
export function lockType(lock: LockRecord, ctx: MatchContext): LockType | null {
  const rcu = ctx.vocab.classes.get('rcu-read-lock-classes');
  if (rcu && rcu.test(lock.name)) return 'rcu';
  const outer = lock.waitTypes?.outer ?? 0;
  if (outer === WAIT_NUMBER.plain.free) return 'rcu';
  if (outer === WAIT_NUMBER.plain.spin) return 'spinning';
  if (outer === 3 && ctx.numbering === 'nesting') return 'spinning';
  if (outer === 3 && ctx.numbering === 'plain') return 'sleeping';
  if (outer >= 4) return 'sleeping';
  const rlock = ctx.vocab.classes.get('spinlock-rlock-classes');
  if (rlock && rlock.test(lock.name)) return 'spinning';
  const mutexLike = ctx.vocab.classes.get('mutex-like-classes');
  if (mutexLike && mutexLike.test(lock.name)) return 'sleeping';
  // Without wait types (before v5.6), only use in IRQ context proves a lock spins. `{0:0}` (LD_WAIT_INV)
  // is a pseudo-lock such as a timer's or a work item's lockdep map, which is no lock at all.
  if (lock.waitTypes === null && lock.usage !== null && /[-?]/.test(lock.usage)) return 'spinning';
  return null;
}

/** `raw`: LD_WAIT_SPIN (raw_spinlock_t) and `config`: LD_WAIT_CONFIG (spinlock_t), told apart only by the nesting numbering. */
function waitClass(lock: LockRecord, ctx: MatchContext): 'raw' | 'config' | null {
  if (ctx.numbering !== 'nesting' || lock.waitTypes === null) return null;
  if (lock.waitTypes.outer === WAIT_NUMBER.nesting.spin) return 'raw';
  if (lock.waitTypes.outer === WAIT_NUMBER.nesting.config) return 'config';
  return null;
}

/** A lock test with its families looked up: whether a lockdep record passes it. */
interface CompiledLockTest {
  test: LockTest;
  matches: (lock: LockRecord, ctx: MatchContext) => boolean;
}

function lockTest(test: LockTest, vocab: Vocabulary): CompiledLockTest {
  const cls = (name: string | undefined) => (name === undefined ? undefined : (vocab.classes.get(name) ?? null));
  const family = cls(test.family);
  const notFamily = cls(test.notFamily);
  const names = test.name === undefined ? undefined : typeof test.name === 'string' ? [test.name] : test.name;
  const sites = test.at === undefined ? undefined : (vocab.functions.get(test.at) ?? null);
  const usage = test.usage;
  return {
    test,
    matches: (lock, ctx) =>
      (family === undefined || (family !== null && family.test(lock.name))) &&
      !(notFamily != null && notFamily.test(lock.name)) &&
      (names === undefined || names.includes(lock.name)) &&
      (test.type === undefined || lockType(lock, ctx) === test.type) &&
      (sites === undefined || (sites !== null && lock.at !== null && inFamily(sites, symbolOf(lock.at)))) &&
      (test.wait === undefined || waitClass(lock, ctx) === test.wait) &&
      (usage === undefined || (lock.usage !== null && usageMatches(usage, lock.usage))) &&
      (test.atOnStack === undefined || (lock.at !== null && atIsOnStack(lock.at, ctx) === test.atOnStack)),
  };
}

function atIsOnStack(at: string, ctx: MatchContext): boolean {
  const fn = symbolOf(at);
  return ctx.report.frames.some((f) => f.stack === 'main' && !f.unreliable && baseName(f.fn) === fn);
}

function lockWhy(test: LockTest, lock: LockRecord, ctx: MatchContext, role: string): string {
  const said: string[] = [];
  if (test.family) said.push(`named like ${test.family}`);
  if (test.type) said.push(`a ${test.type} lock`);
  if (test.wait !== undefined) said.push(test.wait === 'raw' ? 'a raw_spinlock_t (LD_WAIT_SPIN)' : 'a spinlock_t or rwlock_t (LD_WAIT_CONFIG)');
  if (test.usage) said.push(`usage {${lock.usage ?? ''}}`);
  if (test.atOnStack !== undefined) said.push(`taken at ${lock.at ?? '?'}, ${test.atOnStack ? 'which is' : 'which is no longer'} on the stack`);
  const type = test.type ? '' : ` (${lockType(lock, ctx) ?? 'unknown type'})`;
  return `${role} ${lock.name}${type}${said.length ? ': ' + said.join(', ') : ''}`;
}

function heldLockTest({ test, matches }: CompiledLockTest): Test {
  return (ctx) => {
    const lock = ctx.report.facts.locksHeld?.locks.find((l) => matches(l, ctx));
    if (!lock) return FAIL;
    return { ok: true, evidence: [lineEvidence(ctx, lock.line, lockWhy(test, lock, ctx, 'holds'), lock.name)] };
  };
}

function acquiringTest({ test, matches }: CompiledLockTest): Test {
  return (ctx) => {
    const lock = ctx.report.facts.acquiring;
    if (!lock || !matches(lock, ctx)) return FAIL;
    return { ok: true, evidence: [lineEvidence(ctx, lock.line, lockWhy(test, lock, ctx, 'acquires'), lock.name)] };
  };
}

/** `?` in the pattern stands for any one usage character, `*` for the rest. */
function usageMatches(pattern: string, usage: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === '*') return true;
    if (i >= usage.length || (p !== '?' && p !== usage[i])) return false;
  }
  return pattern.length === usage.length;
}


function wanted(test: TextTest): string[] {
  return typeof test.contains === 'string' ? [test.contains] : test.contains;
}

function lineTest(test: TextTest): Test {
  const words = wanted(test);
  return (ctx) => {
    const start = ctx.report.lines.start;
    const line =
      test.before === undefined
        ? findLine(ctx, words, warnMessageStart(ctx))
        : findLine(ctx, words, Math.max(1, start - test.before), start - 1);
    if (line === null) return FAIL;
    return { ok: true, evidence: [lineEvidence(ctx, line, `the report says "${words.find((w) => ctx.lineText(line)?.includes(w))}"`)] };
  };
}

function headerText(field: 'headline' | 'title', value: (report: Report) => string, test: TextTest): Test {
  const words = wanted(test);
  return (ctx) => {
    const hit = words.find((w) => value(ctx.report).includes(w));
    if (hit === undefined) return FAIL;
    return { ok: true, evidence: [headerEvidence(ctx, `the ${field} says "${hit}"`)] };
  };
}

/**
 * Where the message of a WARN() or BUG() starts, which the kernel prints above the report's first line.
 * On architectures with __WARN_FLAGS (x86, arm64, riscv, s390, powerpc...) __WARN_printf() prints
 * `------------[ cut here ]------------` and then the message before `WARNING: CPU:`
 * (include/asm-generic/bug.h); a check such as CHECK_DATA_CORRUPTION() (include/linux/bug.h) prints its
 * message and then calls BUG(), whose cut-here line comes between the message and `kernel BUG at`.
 */
function warnMessageStart(ctx: MatchContext): number {
  const start = ctx.report.lines.start;
  for (let no = start - 1; no >= Math.max(1, start - 4); no--) {
    if (ctx.lineText(no)?.includes('[ cut here ]')) return no === start - 1 ? Math.max(1, no - 1) : no + 1;
  }
  // Pastes often drop the cut-here line and keep the message, which e-mail may have wrapped in two.
  const { headline } = ctx.report;
  return headline.startsWith('WARNING:') || headline.startsWith('kernel BUG at') ? Math.max(1, start - 2) : start;
}

/** The first line of the report (from `from`, when given) that contains one of the markers. */
export function findLine(ctx: MatchContext, markers: readonly string[], from = ctx.report.lines.start, to = ctx.report.lines.end): number | null {
  if (markers.length === 0) return null;
  for (let no = from; no <= to; no++) {
    const text = ctx.lineText(no);
    if (text !== undefined && markers.some((m) => m !== '' && text.includes(m))) return no;
  }
  return null;
}

function lineEvidence(ctx: MatchContext, line: number | null, why: string, fallback = ''): Evidence {
  const text = line === null ? undefined : ctx.lineText(line);
  return { line: text === undefined ? null : line, text: text ?? fallback, why };
}
