import { describe, expect, it } from 'vitest';
import type { LockRecord, Report } from '../src/parse/report.js';
import { decodePreemptCount } from '../src/parse/facts/preempt-count.js';
import { decideWaitNumbering } from '../src/parse/facts/wait-types.js';
import {
  decodeUsage,
  describeLock,
  describeWaitContext,
  describeWaitType,
} from '../src/triage/decode-lockdep.js';
import { contextOfCount, describeAtomicCount, describePreemptCount } from '../src/triage/decode-preempt.js';
import { decodeTaint, outOfTreeMarks } from '../src/triage/decode-taint.js';
import { buildNote } from '../src/triage/note.js';
import { BRCTL, INVALID_WAIT, seedReports, TECHVEDA } from './seed-notes.js';

describe('taint letters', () => {
  it('reads `G        W  O` from the brctl splat as a warning earlier plus an out-of-tree module', () => {
    const t = decodeTaint('G        W  O');
    expect(t.flags).toEqual([
      { letter: 'W', meaning: 'a warning was issued earlier' },
      { letter: 'O', meaning: 'an out-of-tree module was loaded' },
    ]);
    expect(t.concerns).toEqual(['earlier-report', 'out-of-tree']);
    expect(t.hints[0]).toMatch(/ask for the first report/);
    expect(t.hints[1]).toMatch(/Out-of-tree/);
  });

  it('treats G alone as no taint and D as an earlier oops', () => {
    expect(decodeTaint('G').flags).toEqual([]);
    expect(decodeTaint('G').hints).toEqual([]);
    expect(decodeTaint('D').concerns).toEqual(['earlier-report']);
  });

  it.each(['P', 'O', 'E', 'C'])('flags %s as out-of-tree code', (letter) => {
    expect(decodeTaint(letter).concerns).toContain('out-of-tree');
  });

  it('points at hardware for M and at an earlier lockup for L', () => {
    expect(decodeTaint('M').concerns).toEqual(['hardware']);
    expect(decodeTaint('L').concerns).toEqual(['earlier-lockup']);
  });

  // Review 1.2: TAINT_BAD_PAGE comes from KASAN, KFENCE, KMSAN, SLUB debug and bad page reports.
  it('reads B as an earlier memory-corruption report, not as a hardware fault', () => {
    const t = decodeTaint('G    B     ');
    expect(t.concerns).toEqual(['memory-report']);
    expect(t.hints.join(' ')).toMatch(/KASAN, KFENCE, KMSAN, SLUB debug or bad page state/);
    expect(t.hints.join(' ')).not.toMatch(/rule out the hardware/i);
    expect(t.flags[0]?.meaning).toMatch(/memory-corruption report/);
  });

  it('keeps letters no kernel defines as unknown (bit 20 proposals H and V)', () => {
    const t = decodeTaint('GHV');
    expect(t.unknown).toEqual(['H', 'V']);
    expect(t.flags).toEqual([]);
  });

  it('orders flags by bit, whatever order they came in', () => {
    expect(decodeTaint('OWP').flags.map((f) => f.letter)).toEqual(['P', 'W', 'O']);
  });

  it('reads module marks `(O)` and `(POE)`', () => {
    expect(outOfTreeMarks('(O)')).toEqual([{ letter: 'O', word: 'out-of-tree' }]);
    expect(outOfTreeMarks('POE').map((m) => m.word)).toEqual(['proprietary', 'out-of-tree', 'unsigned']);
    expect(outOfTreeMarks('(F)')).toEqual([]);
  });
});

describe('preempt_count', () => {
  it('splits a count into its fields', () => {
    expect(decodePreemptCount(0x00010201)).toMatchObject({
      preemptDepth: 1,
      bhDisabled: 1,
      servingSoftirq: false,
      hardirq: 1,
      nmi: 0,
    });
    expect(decodePreemptCount(0x00100000).nmi).toBe(1);
  });

  // Review 1.9: NMI entry adds NMI_OFFSET + HARDIRQ_OFFSET (include/linux/hardirq.h __nmi_enter).
  it('reads 0x110000 as one NMI, not an NMI on top of a hardirq', () => {
    expect(decodePreemptCount(0x110000)).toMatchObject({ nmi: 1, hardirq: 0 });
    expect(decodePreemptCount(0x120000)).toMatchObject({ nmi: 1, hardirq: 1 });
    expect(describeAtomicCount(0x110001)).toMatch(/: it ran in NMI context$/);
  });

  it('explains `preempt_count: 1, expected: 0`', () => {
    expect(describePreemptCount(1, 0)).toBe(
      'preempt_count is 0x1 where 0x0 was expected: one preempt-disable level (a spinlock, preempt_disable() or get_cpu_var()) is still held',
    );
  });

  it('explains `preempt_count: 201` as bh disabled plus one level', () => {
    expect(describePreemptCount(0x201, 0)).toBe(
      'preempt_count is 0x201 where 0x0 was expected: softirqs were disabled (local_bh_disable() or spin_lock_bh()); one preempt-disable level (a spinlock, preempt_disable() or get_cpu_var()) is still held',
    );
  });

  it('says nothing more when the count is what the caller may hold', () => {
    expect(describePreemptCount(1, 1)).toBe('preempt_count is 0x1 where 0x1 was expected');
  });

  it('reads the raw counts of `scheduling while atomic`: 0x2, 0x101 and 0x10001', () => {
    expect(describeAtomicCount(0x2)).toMatch(/accounts for 0x1: one preempt-disable level .* is still held$/);
    expect(describeAtomicCount(0x101)).toMatch(/: it ran while serving a softirq$/);
    expect(describeAtomicCount(0x10001)).toMatch(/: it ran in a hardirq handler$/);
    expect(contextOfCount(0x101)).toBe('softirq');
    expect(contextOfCount(0x10001)).toBe('hardirq');
    expect(contextOfCount(0x100002)).toBe('nmi');
    expect(contextOfCount(0x2)).toBe('task');
  });

  it('ignores PREEMPT_NEED_RESCHED in bit 31', () => {
    expect(decodePreemptCount(0x80000001).preemptDepth).toBe(1);
    expect(describeAtomicCount(0x80000002)).toMatch(/one preempt-disable level/);
  });
});

const lockOf = (name: string, usage: string | null, outer: number, inner: number): LockRecord => ({
  index: null,
  address: null,
  name,
  usage,
  waitTypes: { outer, inner },
  at: null,
  line: 1,
});

describe('lockdep usage and wait types', () => {
  it('reads usage characters per [hardirq][hardirq-read][softirq][softirq-read]', () => {
    expect(decodeUsage('+.-.')?.summary).toBe('taken in softirq context with hardirqs on');
    expect(decodeUsage('{+.+.}')?.summary).toBe('taken with hardirqs and softirqs on');
    expect(decodeUsage('-.-.')?.summary).toBe('taken in hardirq and softirq context');
    // Review 1.9: `.` is "acquired while irqs disabled and not in irq context" (lockdep-design.rst).
    expect(decodeUsage('....')?.summary).toMatch(
      /^taken only with hardirqs and softirqs off and never in irq context/,
    );
    expect(decodeUsage('..-.')?.summary).toBe('taken in softirq context; hardirqs always off when taken');
    expect(decodeUsage('?.+-')?.summary).toBe(
      'taken in hardirq context with hardirqs and softirqs on; read-taken in softirq context',
    );
    expect(decodeUsage('+.+')).toBeNull();
  });

  it('decides the numbering from rtnl_mutex {3:3} in the same splat', () => {
    const d = decideWaitNumbering([lockOf('rtnl_mutex', '+.+.', 3, 3)], null);
    expect(d.numbering).toBe('plain');
    expect(d.because).toMatch(/rtnl_mutex shows \{3:3\}/);
    expect(decideWaitNumbering([lockOf('rtnl_mutex', '+.+.', 4, 4)], null).numbering).toBe('nesting');
  });

  it('decides the numbering from context-{a:b} and from a 5', () => {
    expect(decideWaitNumbering([], { outer: 4, inner: 4 }).numbering).toBe('plain');
    expect(decideWaitNumbering([], { outer: 5, inner: 5 }).numbering).toBe('nesting');
    expect(decideWaitNumbering([], { outer: 3, inner: 3 }).numbering).toBe('nesting');
    expect(decideWaitNumbering([lockOf('&x->lock', null, 5, 5)], null).numbering).toBe('nesting');
    expect(decideWaitNumbering([lockOf('&x->lock', null, 2, 2)], { outer: 2, inner: 2 }).numbering).toBe(
      'unknown',
    );
  });

  // Review 1.5: rcu_lock_map is {LD_WAIT_FREE:LD_WAIT_CONFIG} (kernel/rcu/update.c).
  it('decides the numbering from rcu_read_lock {1:3} or {1:2}', () => {
    const nesting = decideWaitNumbering([lockOf('rcu_read_lock', '....', 1, 3)], null);
    expect(nesting.numbering).toBe('nesting');
    expect(nesting.because).toMatch(/rcu_read_lock shows \{1:3\}/);
    expect(decideWaitNumbering([lockOf('rcu_read_lock', '....', 1, 2)], null).numbering).toBe('plain');
    expect(describeLock(lockOf('rcu_read_lock', '....', 1, 3), nesting.numbering)).toMatch(
      /allows inside spinlock_t or rwlock_t/,
    );
  });

  it('reads a class with a #version or /subclass like its base class', () => {
    expect(decideWaitNumbering([lockOf('&mm->mmap_lock/1', null, 4, 4)], null).numbering).toBe('nesting');
    expect(decideWaitNumbering([lockOf('&txq->_xmit_lock#2', null, 2, 2)], null).numbering).toBe('plain');
  });

  it('gives both readings of {3:3} when nothing in the splat decides', () => {
    expect(describeWaitType(3, 'unknown')).toBe(
      'sleeping lock (mutex, rwsem or semaphore) without raw-lock nesting checks, spinlock_t or rwlock_t (sleeps on PREEMPT_RT) with them',
    );
    expect(describeWaitType(1, 'unknown')).toBe('wait-free (RCU-like)');
  });

  it('describes `&dev->tx_global_lock` {+.-.}-{2:2} on a kernel without nesting checks', () => {
    expect(describeLock(lockOf('&dev->tx_global_lock', '+.-.', 2, 2), 'plain')).toBe(
      'taken in softirq context with hardirqs on; spinning lock',
    );
  });

  it('reads context-{a:b}', () => {
    expect(describeWaitContext({ outer: 4, inner: 4 }, 'plain')).toBe(
      'context-{4:4}: plain task context on a kernel without raw-lock nesting checks',
    );
    expect(describeWaitContext({ outer: 5, inner: 5 }, 'nesting')).toBe(
      'context-{5:5}: plain task context on a kernel with raw-lock nesting checks',
    );
    expect(describeWaitContext({ outer: 2, inner: 2 }, 'nesting')).toBe(
      'context-{2:2}: hardirq context: only raw spinlocks allowed',
    );
  });
});

describe('facts of the seed reports in plain words', () => {
  const facts = (seed: string, index = 0): string[] => {
    const report = seedReports(seed)[index];
    if (report === undefined) throw new Error(`no report ${index} in ${seed}`);
    return buildNote(report, []).facts.map((f) => f.text);
  };

  it('TECH VEDA: one preempt level held with interrupts off', () => {
    expect(facts(TECHVEDA)).toEqual([
      'the sleep check fired at `include/linux/sched/mm.h:333`',
      'preempt_count is 0x1 where 0x0 was expected: one preempt-disable level (a spinlock, preempt_disable() or get_cpu_var()) is still held',
      'interrupts were disabled (local_irq_save(), spin_lock_irqsave() or similar)',
    ]);
  });

  it('brctl: a leaked level that lockdep does not see as a lock', () => {
    expect(facts(BRCTL, 0)).toEqual([
      'preempt_count was 0x2 at schedule(), which itself accounts for 0x1: one preempt-disable level (a spinlock, preempt_disable() or get_cpu_var()) is still held',
      'no locks held: lockdep saw no lock, so the raised count is not from a spin_lock it tracks',
    ]);
    expect(facts(BRCTL, 1)).toEqual([
      'the sleep check fired at `kernel/rseq.c:132`',
      'preempt_count is 0x1 where 0x0 was expected: one preempt-disable level (a spinlock, preempt_disable() or get_cpu_var()) is still held',
      'interrupts were enabled: the atomic context comes from preempt_count alone',
      'no locks held: lockdep saw no lock, so the raised count is not from a spin_lock it tracks',
    ]);
  });

  it('invalid wait context: both locks, the context and the broken nesting', () => {
    expect(facts(INVALID_WAIT)).toEqual([
      'trying to take `&dev->mutex` {....}-{3:3}: taken only with hardirqs and softirqs off and never in irq context, or a class lockdep does not validate (the novalidate class prints {....}); sleeping lock (mutex, rwsem or semaphore)',
      'context-{4:4}: plain task context on a kernel without raw-lock nesting checks',
      '2 locks held by `tc/6787`',
      '`rtnl_mutex` {+.+.}-{3:3}: taken with hardirqs and softirqs on; sleeping lock (mutex, rwsem or semaphore)',
      '`&dev->tx_global_lock` {+.-.}-{2:2}: taken in softirq context with hardirqs on; spinning lock',
      '`&dev->mutex` is a sleeping lock (mutex, rwsem or semaphore) but is taken inside `&dev->tx_global_lock`, a spinning lock: wait type 3 under 2 breaks the nesting rule',
      'it entered the kernel through the `sendmsg` syscall (a 64-bit call, number 46 in ORIG_RAX)',
    ]);
  });

  it('without context-{a:b}, says which lock decided the numbering', () => {
    const [report] = seedReports(INVALID_WAIT);
    if (report === undefined) throw new Error('no report');
    const note = buildNote({ ...report, facts: { ...report.facts, waitContext: null } }, []);
    expect(note.facts.map((f) => f.text)).toContain(
      'wait types read as a kernel without raw-lock nesting checks: rtnl_mutex shows {3:3}, as it does without nesting checks',
    );
  });
});

describe('what the note says about `Preemption disabled at:` and a missing lock list', () => {
  const brctlSleep = (): Report => {
    const report = seedReports(BRCTL).find((r) => r.kind === 'sleep-in-atomic');
    if (report === undefined) throw new Error('no sleeping-function report in the brctl seed');
    return report;
  };
  const site = (fn: string): Report['facts']['preemptionDisabledAt'] => ({
    fn,
    offset: 0x34,
    size: 0x1a0,
    module: 'foonic',
    unreliable: false,
    context: 'task',
    stack: 'main',
    source: null,
    line: 3,
  });
  const factTexts = (report: Report): string[] => buildNote(report, []).facts.map((f) => f.text);

  // Review 1.3: the record is the outermost 0 -> non-zero transition (kernel/sched/core.c
  // preempt_latency_start()); with in_atomic() 0 it is left over from a closed section.
  it('calls the record stale when in_atomic() is 0', () => {
    const r = brctlSleep();
    const stale = { ...r, facts: { ...r.facts, inAtomic: false, preemptionDisabledAt: site('foo_stats') } };
    const text = factTexts(stale).join('\n');
    expect(text).toMatch(/in_atomic\(\) is 0: preemption is on, so that record is left over/);
    expect(text).not.toMatch(/look there first/);
  });

  it('sends the reader to the record when preemption is still off', () => {
    const r = brctlSleep();
    const open = { ...r, facts: { ...r.facts, preemptionDisabledAt: site('foo_stats') } };
    expect(factTexts(open).join('\n')).toMatch(
      /first disabled \(the outermost .*\) at `foo_stats\+0x34\/0x1a0 \[foonic\]`: look there first/,
    );
  });

  it('says the record predates the interrupt when the count is a hardirq one', () => {
    const r = brctlSleep();
    const irq = {
      ...r,
      facts: { ...r.facts, preemptCount: 0x10000, preemptionDisabledAt: site('foo_stats') },
    };
    expect(factTexts(irq).join('\n')).toMatch(/recorded before the interrupt/);
  });

  // Review 1.7: a lockdep report implies PROVE_LOCKING; a missing list there means a cut paste.
  it('never blames CONFIG_PROVE_LOCKING for a lockdep report without its lock list', () => {
    const [wait] = seedReports(INVALID_WAIT);
    if (wait === undefined) throw new Error('no report');
    const cut = buildNote({ ...wait, facts: { ...wait.facts, locksHeld: null } }, []);
    expect(cut.unread.join('\n')).toMatch(/lockdep always prints one in this report, so the paste was cut/);
    expect(cut.unread.join('\n')).not.toMatch(/PROVE_LOCKING/);
  });
});
