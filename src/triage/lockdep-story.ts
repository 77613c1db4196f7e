/**
 * A lockdep splat in words: who holds which lock and where it was taken, the path that took the locks
 * in the other order (each link of "the existing dependency chain" with its own stack), the scenario
 * table read aloud, the irq tag and usage bits decoded. Read against kernel/locking/lockdep.c (v6.12):
 * `print_circular_bug` prints the chain from the link that closes the cycle down to `#0`, the lock being
 * taken now; link `#k` (k ≥ 1) records that its lock was taken while link `#k-1`'s lock was held.
 */
import { baseName } from '../parse/frames.js';
import type { Frame, LockdepFacts, LockdepTag, LockRecord, Report, ScenarioStep } from '../parse/report.js';
import type { NoteFact, NoteStack, NoteStory } from './note-model.js';
import { code, noteFrame } from './note-text.js';

const LOCKDEP_KINDS = new Set([
  'lockdep-circular',
  'lockdep-recursive',
  'lockdep-inconsistent',
  'lockdep-irq-order',
]);

/**
 * Frames that are the lock's own machinery, not the code that wanted it: lockdep, the lock
 * implementations and the annotations that stand for a lock (`fs_reclaim_acquire`, workqueue maps).
 */
const MACHINERY_PREFIXES = [
  'lock_acquire',
  '__lock_acquire',
  'lock_acquired',
  'lock_contended',
  'validate_chain',
  'check_prev',
  'check_irq_usage',
  'check_noncircular',
  'mark_lock',
  'mark_usage',
  'lockdep_',
  '_raw_spin_lock',
  '_raw_read_lock',
  '_raw_write_lock',
  '__raw_spin_lock',
  'do_raw_spin_lock',
  'rt_spin_lock',
  'rt_read_lock',
  'rt_write_lock',
  'rtlock_',
  '__rt_mutex',
  'rt_mutex_',
  '__mutex_lock',
  'mutex_lock',
  'ww_mutex_lock',
  '__ww_mutex_lock',
  'down_read',
  'down_write',
  '__down_read',
  '__down_write',
  'percpu_down_',
  'percpu_rwsem_',
  'rwsem_',
  'fs_reclaim_acquire',
  '__fs_reclaim_acquire',
  'touch_wq_lockdep_map',
  'touch_work_lockdep_map',
  'lock_map_acquire',
  'lock_sync',
];

/** A frame of lockdep or of a lock's implementation. */
export function isLockMachinery(fn: string): boolean {
  const name = baseName(fn);
  return MACHINERY_PREFIXES.some((p) => name.startsWith(p));
}

export function lockdepStory(report: Report): NoteStory | null {
  const ld = report.facts.lockdep;
  if (!LOCKDEP_KINDS.has(report.kind) || ld === null) return null;
  const lines: NoteFact[] = [];
  const add = (text: string, line: number | null = null): void => {
    lines.push({ text, line });
  };
  const task = taskName(report);
  const acquiring = report.facts.acquiring;
  const holding = ld.holding;

  if (ld.tag !== null) add(describeTag(ld.tag), ld.tag.line);
  if (ld.usage !== null) add(describeUsage(ld.usage.from, ld.usage.to, acquiring), ld.usage.line);
  if (acquiring !== null && holding !== null) {
    add(
      `${task} holds ${code(holding.name)}${site(holding)} and is taking ${code(acquiring.name)}${site(acquiring)}.`,
      acquiring.line,
    );
  } else if (acquiring !== null && report.kind !== 'lockdep-inconsistent') {
    add(`${task} is taking ${code(acquiring.name)}${site(acquiring)}.`, acquiring.line);
  }
  if (report.kind === 'lockdep-recursive' && acquiring !== null && holding !== null)
    add(recursion(acquiring, holding));
  if (ld.irqSafe !== null && ld.irqUnsafe !== null) {
    add(
      `That would make the irq-safe lock ${code(ld.irqSafe.name)} depend on the irq-unsafe lock ${code(ld.irqUnsafe.name)}: ` +
        'an interrupt that takes the first could wait for a task that holds the second with interrupts on.',
      ld.irqSafe.line,
    );
  }
  const stacks = lockdepStacks(report, ld);
  lines.push(...chainWords(ld, acquiring, holding, stacks));
  const scenario = readScenario(ld.scenario, ld.chainExists);
  if (scenario !== null) add(scenario, ld.scenario[0]?.line ?? null);
  const unchecked = uncheckedLocks(report, ld);
  if (unchecked.length > 0) {
    add(
      `${unchecked.map(code).join(', ')} ${unchecked.length === 1 ? 'has' : 'have'} wait type {0:0} (LD_WAIT_INV): ` +
        "lockdep's wait-context check skips such annotation maps (check_wait_context()), so they break no nesting rule; " +
        'they still count in the lock order.',
    );
  }
  if (lines.length === 0) return null;
  return { title: 'The locks in words', lines, stacks: stacks.map((s) => s.stack) };
}

function taskName(report: Report): string {
  const t = report.task;
  if (t?.comm != null && t.pid !== null) return code(`${t.comm}/${t.pid}`);
  return 'The task';
}

/** ` (taken at \`f\`)` from a lock's `at:`. */
function site(lock: LockRecord): string {
  return lock.at === null ? '' : ` (at ${code(lock.at)})`;
}

/**
 * `[HC0[0]:SC1[1]:HE1:SE0]`: lockdep's hardirq and softirq context flags, the hardirq and softirq counts
 * of preempt_count (`softirq_count() >> SOFTIRQ_SHIFT`: the low bit is SOFTIRQ_OFFSET, a softirq being
 * served; each local_bh_disable() adds SOFTIRQ_DISABLE_OFFSET, two, include/linux/preempt.h), and
 * whether hardirqs and softirqs were enabled.
 */
export function describeTag(tag: LockdepTag): string {
  const parts: string[] = [];
  if (tag.hardirqContext > 0 || tag.hardirqCount > 0)
    parts.push(`in a hardirq (HC${tag.hardirqContext}[${tag.hardirqCount}])`);
  else parts.push(`not in a hardirq (HC0[0])`);
  const serving = tag.softirqCount % 2 === 1;
  const bhDisabled = Math.floor(tag.softirqCount / 2);
  if (tag.softirqContext > 0 || serving)
    parts.push(`serving a softirq (SC${tag.softirqContext}[${tag.softirqCount}])`);
  else if (bhDisabled > 0)
    parts.push(
      `not in a softirq but with bottom halves disabled ${bhDisabled === 1 ? 'once' : `${bhDisabled} times`} (SC0[${tag.softirqCount}])`,
    );
  else parts.push('not in a softirq (SC0[0])');
  parts.push(`hardirqs ${tag.hardirqsEnabled === 1 ? 'enabled' : 'disabled'} (HE${tag.hardirqsEnabled})`);
  parts.push(`softirqs ${tag.softirqsEnabled === 1 ? 'enabled' : 'disabled'} (SE${tag.softirqsEnabled})`);
  return `lockdep's context tag: ${parts.join(', ')}.`;
}

/** `IN-HARDIRQ-W` / `HARDIRQ-ON-R` / `INITIAL USE` (lockdep.c `usage_str`). */
function usageWords(usage: string): { state: string | null; text: string } {
  const read = usage.endsWith('-R');
  const how = read ? 'read-taken' : 'taken';
  const inState = /^IN-(HARDIRQ|SOFTIRQ)-[WR]$/.exec(usage);
  if (inState)
    return { state: inState[1] ?? null, text: `${how} in ${(inState[1] ?? '').toLowerCase()} context` };
  const on = /^(HARDIRQ|SOFTIRQ)-ON-[WR]$/.exec(usage);
  if (on) return { state: on[1] ?? null, text: `${how} with ${(on[1] ?? '').toLowerCase()}s enabled` };
  return { state: null, text: usage.toLowerCase() };
}

function describeUsage(from: string, to: string, lock: LockRecord | null): string {
  const before = usageWords(from);
  const now = usageWords(to);
  const name = lock === null ? 'The lock' : code(lock.name);
  const state = before.state ?? now.state;
  let text = `${name} was ${before.text} before ({${from}}, the stack registered for it is below) and is now ${now.text} ({${to}}).`;
  if (state !== null) {
    const irq = state.toLowerCase();
    const fix = state === 'HARDIRQ' ? 'spin_lock_irqsave()' : 'spin_lock_bh()';
    text +=
      ` If a ${irq} arrives on a CPU while it holds the lock with ${irq}s enabled, the handler waits for a lock ` +
      `its own CPU holds and never gets it: take it with ${fix} outside the ${irq}, or stop taking it in the ${irq}.`;
  }
  return text;
}

function recursion(acquiring: LockRecord, holding: LockRecord): string {
  if (acquiring.address !== null && holding.address !== null) {
    if (acquiring.address === holding.address)
      return (
        `Both are the same lock instance (${code(acquiring.address)}): the task takes a lock it already holds. ` +
        'That is a real self-deadlock, not a missing nesting annotation.'
      );
    return (
      `They are two instances of one class (${code(holding.address)} held, ${code(acquiring.address)} wanted). ` +
      'If nesting them is intended, tell lockdep (a *_nested() call or its own class with lockdep_set_class()); ' +
      'if the order between instances is not fixed, two tasks can deadlock.'
    );
  }
  return 'This kernel prints no lock addresses, so one instance taken twice cannot be told from two instances of one class.';
}

interface PlacedStack {
  header: { title: string; line: number };
  stack: NoteStack;
  frames: Frame[];
}

/** Each lockdep stack apart: the `lockdep` frames under each header, up to the next header. */
function lockdepStacks(report: Report, ld: LockdepFacts): PlacedStack[] {
  const frames = report.frames.filter((f) => f.stack === 'lockdep' && !f.unreliable);
  return ld.stacks.flatMap((header, i): PlacedStack[] => {
    const end = ld.stacks[i + 1]?.line ?? Infinity;
    const own = frames.filter((f) => f.line > header.line && f.line < end);
    if (own.length === 0) return [];
    const title = header.title.endsWith(':') ? header.title.slice(0, -1) : header.title;
    return [{ header, frames: own, stack: { title, line: header.line, frames: own.map(noteFrame) } }];
  });
}

/** `f` or `f`, called from `g`: the first frames that are not lock machinery. */
function takenIn(frames: readonly Frame[]): string | null {
  const own = frames.filter((f) => !isLockMachinery(f.fn));
  const first = own[0];
  if (first === undefined) return null;
  const caller = own[1];
  return caller === undefined ? code(first.fn) : `${code(first.fn)}, called from ${code(caller.fn)}`;
}

function chainWords(
  ld: LockdepFacts,
  acquiring: LockRecord | null,
  holding: LockRecord | null,
  stacks: readonly PlacedStack[],
): NoteFact[] {
  if (ld.chain.length === 0) return [];
  const byDepth = new Map(ld.chain.map((c) => [c.depth, c.lock]));
  const facts: NoteFact[] = [
    {
      text: 'The other order, from "the existing dependency chain" (each link\'s stack is shown apart below):',
      line: null,
    },
  ];
  for (const link of ld.chain) {
    const placed = stacks.find((s) => s.header.line === link.lock.line);
    const where = placed === undefined ? null : takenIn(placed.frames);
    const inWords = where === null ? '' : ` in ${where}`;
    if (link.depth === 0) {
      const held = holding === null ? '' : `${inWords === '' ? '' : ','} while ${code(holding.name)} is held`;
      facts.push({
        text: `#0: ${code(link.lock.name)} is the lock being taken now${inWords}${held}.`,
        line: link.lock.line,
      });
      continue;
    }
    const under = byDepth.get(link.depth - 1);
    const held = under === undefined ? '' : `${inWords === '' ? '' : ','} while ${code(under.name)} was held`;
    facts.push({
      text: `#${link.depth}: ${code(link.lock.name)} was taken${inWords}${held}.`,
      line: link.lock.line,
    });
  }
  const top = ld.chain.reduce((a, b) => (b.depth > a.depth ? b : a));
  if (acquiring !== null && holding !== null && top.lock.name === holding.name && ld.chain.length > 1) {
    const order = [...ld.chain].sort((a, b) => a.depth - b.depth).map((c) => code(c.lock.name));
    facts.push({
      text: `So one path takes ${order.join(' then ')}, while this task holds ${code(holding.name)} and wants ${code(acquiring.name)}: the cycle is closed.`,
      line: null,
    });
  }
  return facts;
}

/** The `Possible unsafe locking scenario` table read aloud, with who waits for whom. */
export function readScenario(
  steps: readonly ScenarioStep[],
  chain: readonly string[] | null = null,
): string | null {
  if (steps.length === 0) return null;
  const holder = new Map<string, number>();
  const inInterrupt = new Set<number>();
  const said: string[] = [];
  let waited = false;
  for (const step of steps) {
    const cpu = `CPU${step.cpu}`;
    if (step.action === 'local_irq_disable') {
      said.push(`${cpu} disables interrupts`);
      continue;
    }
    if (step.action === 'interrupt') {
      inInterrupt.add(step.cpu);
      said.push(`an interrupt arrives on ${cpu}`);
      continue;
    }
    const lock = step.lock ?? '';
    const verb = step.action === 'rlock' ? 'read-takes' : step.action === 'sync' ? 'syncs on' : 'takes';
    const who = inInterrupt.has(step.cpu) ? `the interrupt on ${cpu}` : cpu;
    const owner = holder.get(lock);
    let wait = '';
    const viaChain =
      owner === undefined && chain !== null && chain[0] === lock ? holder.get(chain[1] ?? '') : undefined;
    if (owner !== undefined && owner !== step.cpu) wait = ` and waits for CPU${owner}, which holds it`;
    else if (viaChain !== undefined && viaChain !== step.cpu && chain !== null)
      wait =
        ` and waits for CPU${viaChain}: by the chain ${chain.map(code).join(' --> ')}, ` +
        `the path that holds ${code(chain[1] ?? '')} came through ${code(lock)}`;
    else if (owner === step.cpu)
      wait = inInterrupt.has(step.cpu)
        ? ' and spins on it: the code it interrupted holds it'
        : ' again and waits for itself';
    said.push(`${who} ${verb} ${code(lock)}${wait}`);
    waited = wait !== '';
    if (owner === undefined) holder.set(lock, step.cpu);
  }
  const end = waited ? ' Each waits for the other: deadlock.' : '';
  return `The scenario lockdep printed: ${said.join('; ')}.${end}`;
}

/** Locks of the report whose wait types are `{0:0}`: never checked for wait context. */
function uncheckedLocks(report: Report, ld: LockdepFacts): string[] {
  const all = [
    report.facts.acquiring,
    ld.holding,
    ...ld.chain.map((c) => c.lock),
    ...(report.facts.locksHeld?.locks ?? []),
  ];
  const names = all.flatMap((l) =>
    l !== null && l.waitTypes !== null && l.waitTypes.outer === 0 && l.waitTypes.inner === 0 ? [l.name] : [],
  );
  return [...new Set(names)];
}
