import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKnowledgeDirs } from '../src/config/env.js';
import {
  BUILTIN_KNOWLEDGE_DIR,
  compiledFolder,
  loadDocsIndex,
  loadKnowledge,
} from '../src/knowledge/load.js';
import { lintKnowledge } from '../src/knowledge/lint.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { matchPaste } from '../src/triage/match-paste.js';
import { searchKnowledge } from '../src/knowledge/search.js';
import { KIND_GUIDES } from '../src/triage/kind-guide.js';
import { buildNote } from '../src/triage/note.js';
import { parsePaste } from '../src/parse/index.js';
import { emptyFacts } from '../src/parse/details.js';
import type { Facts, Frame, LockRecord, Report } from '../src/parse/report.js';
import { testDir } from './support/temp-dir.js';

const kb = loadKnowledge([]);

// Reports built by hand from the seeds' real facts, so the matcher is pinned independently of the parser.
function frames(first: number, names: string[], context: Frame['context'] = 'task'): Frame[] {
  return names.map((fn, i) => ({
    fn: fn.replace(/^\? /, ''),
    offset: 0,
    size: 0,
    module: null,
    unreliable: fn.startsWith('? '),
    context,
    stack: 'main',
    source: null,
    line: first + i,
  }));
}

function lock(name: string, outer: number, line: number, at = 'foo'): LockRecord {
  return {
    index: 0,
    address: 'ffff888100000000',
    name,
    usage: '+.+.',
    waitTypes: { outer, inner: outer },
    at,
    line,
  };
}

/** A paste and the report the parser should make of it: the lines are the text evidence must quote. */
function paste(lines: string[], report: Partial<Report> & Pick<Report, 'kind'>, facts: Partial<Facts>) {
  const full: Report = {
    headline: lines[0] ?? '',
    title: lines[0] ?? '',
    altTitles: [],
    corrupted: false,
    corruptedReason: null,
    guilty: null,
    culprit: null,
    arch: 'x86_64',
    kernel: null,
    task: null,
    taint: null,
    frames: [],
    lines: { start: 1, end: lines.length },
    time: null,
    signature: 'x',
    ...report,
    facts: { ...emptyFacts(), ...facts },
  };
  return { report: full, lineText: (no: number) => lines[no - 1] };
}

const BRCTL = [
  'BUG: sleeping function called from invalid context at kernel/rseq.c:132',
  'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 3988, name: brctl',
  'preempt_count: 1, expected: 0',
  'no locks held by brctl/3988.',
  'Call Trace:',
  ' dump_stack_lvl+0x76/0xaa',
  ' __might_resched.cold+0xd2/0xe3',
  ' __might_sleep+0x42/0x70',
  ' __might_fault+0x31/0x90',
  ' __rseq_handle_notify_resume+0x8a/0x550',
  ' exit_to_user_mode_prepare+0x198/0x250',
  ' syscall_exit_to_user_mode+0x2d/0x60',
];
const brctl = () =>
  paste(
    BRCTL,
    {
      kind: 'sleep-in-atomic',
      frames: frames(6, [
        'dump_stack_lvl',
        '__might_resched.cold',
        '__might_sleep',
        '__might_fault',
        '__rseq_handle_notify_resume',
        'exit_to_user_mode_prepare',
        'syscall_exit_to_user_mode',
      ]),
    },
    {
      inAtomic: true,
      irqsDisabled: false,
      nonBlock: 0,
      preemptCount: 1,
      preemptExpected: 0,
      sleepAt: { file: 'kernel/rseq.c', line: 132 },
      locksHeld: { count: 0, task: 'brctl/3988', locks: [], line: 4 },
    },
  );

const SPIN_KMALLOC = [
  'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:306',
  'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 2211, name: kworker/2:1',
  'preempt_count: 1, expected: 0',
  '1 lock held by kworker/2:1/2211:',
  ' #0: ffff888104d2a0b8 (&priv->rx_lock){+.+.}-{2:2}, at: fooeth_refill_rx+0x3a/0x1d0 [fooeth]',
  'Call Trace:',
  ' dump_stack_lvl+0x4a/0x80',
  ' __might_resched+0x18d/0x2a0',
  ' __kmem_cache_alloc_node+0x2c7/0x330',
  ' kmalloc_trace+0x26/0x90',
  ' fooeth_refill_rx+0x8c/0x1d0 [fooeth]',
];
const spinKmalloc = () =>
  paste(
    SPIN_KMALLOC,
    {
      kind: 'sleep-in-atomic',
      frames: frames(7, [
        'dump_stack_lvl',
        '__might_resched',
        '__kmem_cache_alloc_node',
        'kmalloc_trace',
        'fooeth_refill_rx',
      ]),
    },
    {
      inAtomic: true,
      irqsDisabled: false,
      preemptCount: 1,
      preemptExpected: 0,
      sleepAt: { file: 'include/linux/sched/mm.h', line: 306 },
      locksHeld: {
        count: 1,
        task: 'kworker/2:1/2211',
        locks: [lock('&priv->rx_lock', 2, 5, 'fooeth_refill_rx')],
        line: 4,
      },
    },
  );

describe('matchReport', () => {
  it('names get-cpu-var-leak for the brctl facts and quotes the deciding lines with their numbers', () => {
    const { report, lineText } = brctl();
    const [top] = matchReport(kb, report, lineText);
    expect(top?.id).toBe('get-cpu-var-leak');
    const byLine = new Map(top?.evidence.map((e) => [e.line, e.text]));
    expect(byLine.get(3)).toBe('preempt_count: 1, expected: 0');
    expect(byLine.get(4)).toBe('no locks held by brctl/3988.');
    expect(byLine.get(10)).toContain('__rseq_handle_notify_resume');
    expect(top?.confidence).toBeGreaterThan(0.7);
    expect(top?.raisedBy.join(' ')).toContain(
      'CONFIG_DEBUG_PREEMPT recorded where preemption was first disabled',
    );
  });

  it('lets a spinlock in the lock list decide: the same sleep with a {2:2} lock held is spinlock-gfp-kernel', () => {
    const { report, lineText } = spinKmalloc();
    const ids = matchReport(kb, report, lineText).map((m) => m.id);
    expect(ids[0]).toBe('spinlock-gfp-kernel');
    expect(ids).not.toContain('get-cpu-var-leak');
  });

  it('ranks the specific leak pattern above a generic sleep match on the same no-locks report', () => {
    const { report, lineText } = brctl();
    const withAlloc = {
      ...report,
      frames: frames(6, ['dump_stack_lvl', '__might_resched', 'kmalloc_trace', 'foo_ioctl']),
    };
    const matches = matchReport(kb, withAlloc, lineText);
    expect(matches[0]?.id).toBe('get-cpu-var-leak');
    expect(matches.map((m) => m.id)).not.toContain('spinlock-gfp-kernel');
  });

  it('finds the novalidate relation: a mutex-named class acquired through _raw_spin_lock from the at: function', () => {
    const lines = [
      '[ BUG: Invalid wait context ]',
      'ffff888100e66298 (&dev->mutex){....}-{3:3}, at: netif_freeze_queues+0x4b/0x90',
      'context-{4:4}',
      ' #1: ffff888100ef1438 (&dev->tx_global_lock){+.-.}-{2:2}, at: dev_deactivate_many+0xbb/0x410',
      ' lock_acquire+0xc2/0x2b0',
      ' _raw_spin_lock+0x2f/0x50',
      ' ? netif_freeze_queues+0x4b/0x90',
      ' netif_freeze_queues+0x4b/0x90',
    ];
    const { report, lineText } = paste(
      lines,
      {
        kind: 'invalid-wait-context',
        frames: frames(5, ['lock_acquire', '_raw_spin_lock', '? netif_freeze_queues', 'netif_freeze_queues']),
      },
      {
        acquiring: lock('&dev->mutex', 3, 2, 'netif_freeze_queues'),
        waitContext: { outer: 4, inner: 4 },
        locksHeld: { count: 1, task: 'tc/6787', locks: [lock('&dev->tx_global_lock', 2, 4)], line: 4 },
      },
    );
    const [top] = matchReport(kb, report, lineText);
    expect(top?.id).toBe('novalidate-aliasing');
    const spin = top?.evidence.find((e) => e.line === 6);
    expect(spin?.why).toContain('the very function lockdep names as the acquire site');
  });

  it('gives no match when nothing decides, e.g. a bare "scheduling while atomic" header', () => {
    const { report, lineText } = paste(
      ['BUG: scheduling while atomic: cat/540/0x00000002'],
      { kind: 'scheduling-while-atomic' },
      { preemptCount: 2 },
    );
    expect(matchReport(kb, report, lineText)).toEqual([]);
  });

  it('reads the hardirq level from preempt_count', () => {
    const { report, lineText } = brctl();
    const inIrq = {
      ...report,
      facts: { ...report.facts, preemptCount: 0x10000, irqsDisabled: true },
      frames: frames(
        6,
        ['__might_resched', '__mutex_lock', 'mutex_lock_nested', 'foo_irq', '__handle_irq_event_percpu'],
        'hardirq',
      ),
    };
    expect(matchReport(kb, inIrq, lineText)[0]?.id).toBe('sleep-in-hardirq');
  });
});

describe('matchPaste on real lines', () => {
  const top = (log: string) => matchPaste(parsePaste(log), kb).matches[0]?.[0]?.id;

  it('reads a pre-5.6 spinlock_t from its `->rlock` class name: a GFP_KERNEL allocation under it', () => {
    // gh-3300 (yuq/linux-lima#15): the class names the spinlock's rlock member; no {2:2} wait type yet.
    expect(
      top(`[ 5802.900308] BUG: sleeping function called from invalid context at mm/slab.h:420
[ 5802.902146] in_atomic(): 1, irqs_disabled(): 0, pid: 5897, name: weston
[ 5802.908605] 1 lock held by weston/5897:
[ 5802.912504]  #0:  (&(&mgr->lock)->rlock){+.+.}, at: [<1cf4a11c>] lima_ctx_create+0x9c/0x144 [lima]
[ 5802.921428] Preemption disabled at:
[ 5802.921453] [<bf112a38>] lima_ctx_create+0x9c/0x144 [lima]
[ 5802.930312] CPU: 1 PID: 5897 Comm: weston Tainted: G           O     4.16.0-rc5-debug+ #153`),
    ).toBe('spinlock-gfp-kernel');
  });

  it('names no interrupt handler for a hardirq-level sleep whose stack stops above the dispatch', () => {
    // gh-3304 (andikleen/simple-pt#21): an smp_call_function callback, its IPI frames cut off.
    const cut = `[ 1045.726726] BUG: scheduling while atomic: swapper/0/0/0x10010000
[ 1045.726787] Call Trace:
 dump_stack+0x19/0x1b
 __schedule_bug+0x4d/0x5b
 __schedule+0xa60/0xac0
 __cond_resched+0x26/0x30
 _cond_resched+0x3a/0x50
 __alloc_pages_nodemask+0x325/0xc40
 alloc_pages_current+0xa9/0x170
 __get_free_pages+0xe/0x50
 spt_cpu_startup+0x94/0x230 [simple_pt]`;
    expect(top(cut)).not.toBe('sleep-in-hardirq');
  });

  it('names a call through a NULL function pointer when the instruction address is 0', () => {
    // ml-1074 (s390, debugfs full_proxy_read): the Krnl PSW address is 0.
    expect(
      top(`Unable to handle kernel pointer dereference in virtual kernel address space
Failing address: 0000000000000000 TEID: 0000000000000000
Fault in primary space mode while using kernel ASCE.
Oops: 0004 ilc:1 [#1] SMP
Krnl PSW : 0704e00180000000 0000000000000000 (0x0)
           R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:2 PM:0 RI:0 EA:3
Krnl Code:>0000000000000000: 0000            illegal`),
    ).toBe('null-function-pointer-call');
  });
});

describe('loadKnowledge', () => {
  const entryText = (id: string, extra = '') => `---
id: ${id}
title: Team pattern ${id}
kinds: [sleep-in-atomic]
summary: A team's own pattern.
match:
  when:
    - frame: {family: team-wrappers, within: 3}
  confidence: {base: 0.9}
fixes: [Do not call team_sleepy_wrapper() under a lock.]
nextSteps: [Grep for team_sleepy_wrapper.]
docs:
  - {title: Locking, url: https://docs.kernel.org/kernel-hacking/locking.html}
sources:
  - {file: Documentation/kernel-hacking/locking.rst, release: '6.12'}
examples:
  positive: [positive-one.txt]
  negative: [negative-one.txt]
${extra}---

Body text about team_sleepy_wrapper.
`;

  it('reports schema errors naming the file and the field, and keeps loading the rest', () => {
    const dir = testDir('kb-bad-');
    writeFileSync(
      join(dir, 'bad-entry.md'),
      entryText('bad-entry')
        .replace('kinds: [sleep-in-atomic]', 'kinds: [sleeping]')
        .replace('fixes: [Do not call team_sleepy_wrapper() under a lock.]\n', ''),
    );
    writeFileSync(
      join(dir, 'bad-url.md'),
      entryText('bad-url').replace(
        'https://docs.kernel.org/kernel-hacking/locking.html',
        'https://example.com/locking',
      ),
    );
    writeFileSync(
      join(dir, 'bad-matcher.md'),
      entryText('bad-matcher').replace(
        'frame: {family: team-wrappers, within: 3}',
        'fact: preemptCount\n      eqq: 1',
      ),
    );
    writeFileSync(join(dir, 'no-front-matter.md'), '# just text\n');
    const loaded = loadKnowledge([dir]);
    const problems = loaded.problems.join('\n');
    expect(problems).toContain(`${join(dir, 'bad-entry.md')}: kinds.0:`);
    expect(problems).toContain(`${join(dir, 'bad-entry.md')}: fixes:`);
    expect(problems).toContain(`${join(dir, 'bad-url.md')}: docs.0.url: must be a https://docs.kernel.org/`);
    expect(problems).toMatch(/bad-matcher\.md: match\.when\.0: .*eqq/);
    expect(problems).toContain(`${join(dir, 'no-front-matter.md')}: (front matter):`);
    expect(loaded.entries.length).toBe(kb.entries.length);
  });

  it('lint names the file and field of an unknown vocabulary family and of a missing example', () => {
    const dir = testDir('kb-lint-');
    writeFileSync(join(dir, 'team-pattern.md'), entryText('team-pattern'));
    const loaded = loadKnowledge([dir]);
    const { problems } = lintKnowledge(
      loaded,
      () => ({
        result: { reports: [], input: { bytes: 0, lines: 0, truncated: false, unread: [] } },
        lineText: () => undefined,
      }),
      loadDocsIndex(),
    );
    const text = problems.join('\n');
    expect(text).toContain(
      `${join(dir, 'team-pattern.md')}: match.when.0.frame.family: unknown function family "team-wrappers"`,
    );
    expect(text).toContain(`${join(dir, 'team-pattern.md')}: examples.positive.0: example file not found`);
  });

  it('adds a team folder: new ids join, an existing id is replaced, vocabulary families gain names', () => {
    const dir = testDir('kb-team-');
    writeFileSync(join(dir, 'team-pattern.md'), entryText('team-pattern'));
    const abba = readFileSync(join(BUILTIN_KNOWLEDGE_DIR, 'abba-lock-order.md'), 'utf8').replace(
      /^title: .*$/m,
      'title: Our AB-BA notes',
    );
    writeFileSync(join(dir, 'abba-lock-order.md'), abba);
    writeFileSync(
      join(dir, 'vocabulary.yaml'),
      'functions:\n  team-wrappers:\n    description: Our wrappers that sleep.\n    names: [team_sleepy_wrapper]\n  sleeping-locks:\n    description: ours too\n    names: [team_lock_big]\n',
    );
    mkdirSync(join(dir, 'examples', 'team-pattern'), { recursive: true });
    const loaded = loadKnowledge([dir]);
    expect(loaded.problems).toEqual([]);
    const ids = loaded.entries.map((e) => e.id);
    expect(ids).toContain('team-pattern');
    expect(ids.filter((i) => i === 'abba-lock-order')).toHaveLength(1);
    expect(loaded.entries.find((e) => e.id === 'abba-lock-order')?.title).toBe('Our AB-BA notes');
    expect(loaded.entries.length).toBe(kb.entries.length + 1);
    const locks = loaded.vocabulary.functions.get('sleeping-locks');
    expect(locks?.test('team_lock_big')).toBe(true);
    expect(locks?.test('mutex_lock_nested')).toBe(true);

    const { report, lineText } = brctl();
    const teamReport = {
      ...report,
      facts: { ...report.facts, locksHeld: null },
      frames: frames(6, ['__might_resched', 'team_sleepy_wrapper', 'foo']),
    };
    expect(matchReport(loaded, teamReport, lineText)[0]?.id).toBe('team-pattern');
  });

  it("reuses a team folder's compiled copy until a file in it changes", () => {
    const dir = testDir('kb-cache-');
    const entry = join(dir, 'team-pattern.md');
    writeFileSync(entry, entryText('team-pattern'));
    mkdirSync(join(dir, 'examples', 'team-pattern'), { recursive: true });
    const cache = join(dir, 'compiled.json');
    const first = compiledFolder(dir, cache);
    expect(first?.entries.map((e) => e.id)).toEqual(['team-pattern']);

    // A compiled copy whose stamp still matches is taken as it is, without reading the entries.
    const marked = { ...first, problems: ['from the compiled copy'] };
    writeFileSync(cache, JSON.stringify(marked));
    expect(compiledFolder(dir, cache)?.problems).toEqual(['from the compiled copy']);

    writeFileSync(entry, entryText('team-pattern').replace(/^title: .*$/m, 'title: Edited since'));
    utimesSync(entry, new Date(), new Date(Date.now() + 2000));
    const edited = compiledFolder(dir, cache);
    expect(edited?.problems).toEqual([]);
    expect(edited?.entries[0]?.title).toBe('Edited since');
  });

  it('reads team folders from KTRIAGE_KNOWLEDGE_DIRS', () => {
    expect(parseKnowledgeDirs(['/a', ' /b ', '', 'team'].join(delimiter), '/srv')).toEqual([
      '/a',
      '/b',
      '/srv/team',
    ]);
    expect(parseKnowledgeDirs(undefined, '/srv')).toEqual([]);
  });
});

describe('searchKnowledge', () => {
  const top = (words: string, n = 1) =>
    searchKnowledge(kb, words)
      .slice(0, n)
      .map((h) => h.id);

  it('ranks by plain words', () => {
    expect(top('sleeping in interrupt handler threaded irq')).toEqual(['sleep-in-hardirq']);
    expect(top('unbalanced get_cpu_var preempt leak')).toEqual(['get-cpu-var-leak']);
  });

  it('finds an entry by a kernel function name, whole or from the vocabulary', () => {
    expect(top('kmalloc_trace')).toEqual(['spinlock-gfp-kernel']);
    expect(top('lockdep_set_novalidate_class')).toEqual(['novalidate-aliasing']);
    expect(top('usleep_range_state')).toEqual(['msleep-in-atomic']);
  });

  it('finds an entry by a pasted error string', () => {
    expect(top('WARNING: possible circular locking dependency detected')).toEqual(['abba-lock-order']);
    expect(top('BUG: Invalid wait context', 3).sort()).toEqual([
      'mutex-under-spinlock',
      'novalidate-aliasing',
      'rt-spinlock-under-raw',
    ]);
    expect(top('BUG: KASAN: slab-use-after-free in foo_complete')).toEqual(['kasan-use-after-free']);
  });

  it('returns nothing for words no entry knows', () => {
    expect(searchKnowledge(kb, 'zzqx')).toEqual([]);
    expect(searchKnowledge(kb, 'zzqx frobnicate wibble')).toEqual([]);
  });

  // A question whose main word no entry holds must not list every entry that shares a common word.
  it('says nothing fits "hung task" while no entry is about hung tasks', () => {
    const withoutHungTask = { ...kb, entries: kb.entries.filter((e) => !e.kinds.includes('hung-task')) };
    expect(searchKnowledge(withoutHungTask, 'hung task')).toEqual([]);
  });
});

describe('review of the knowledge base against Linux 6.12', () => {
  const entry = (id: string) => {
    const e = kb.entries.find((x) => x.id === id);
    if (e === undefined) throw new Error(`no entry ${id}`);
    return e;
  };
  const inconsistent = (usage: string, stack: string[]) => {
    const lines = [
      'WARNING: inconsistent lock state',
      `inconsistent ${usage} usage.`,
      'ffff888104f2c0a0 (&priv->lock){?.+.}-{2:2}, at: foo_poll+0x3a/0x150',
      'stack backtrace:',
      ...stack.map((f) => ` ${f}+0x10/0x20`),
    ];
    return paste(lines, { kind: 'lockdep-inconsistent', frames: frames(5, stack) }, {});
  };

  // 1.1: mark_held_locks() under trace_hardirqs_on() marks every held lock HARDIRQ-ON when interrupts are
  // turned back on (kernel/locking/lockdep.c __trace_hardirqs_on_caller()): not a missing _irqsave.
  it('keeps irq-unsafe-lock-inconsistent off a report fired while interrupts were re-enabled', () => {
    const reenabled = inconsistent('{IN-HARDIRQ-W} -> {HARDIRQ-ON-W}', [
      'dump_stack_lvl',
      'print_usage_bug',
      'mark_lock',
      'mark_held_locks',
      'lockdep_hardirqs_on_prepare',
      'trace_hardirqs_on',
      '_raw_spin_unlock_irq',
      'foo_reset',
    ]);
    expect(matchReport(kb, reenabled.report, reenabled.lineText).map((m) => m.id)).not.toContain(
      'irq-unsafe-lock-inconsistent',
    );
    const plain = inconsistent('{IN-HARDIRQ-W} -> {HARDIRQ-ON-W}', [
      'dump_stack_lvl',
      'mark_lock',
      '__lock_acquire',
      'lock_acquire',
      '_raw_spin_lock',
      'foo_ioctl',
    ]);
    expect(matchReport(kb, plain.report, plain.lineText)[0]?.id).toBe('irq-unsafe-lock-inconsistent');
  });

  // 1.11: mark_lock_irq() checks a write usage against the read bit too.
  it.each(['{HARDIRQ-ON-W} -> {IN-HARDIRQ-R}', '{SOFTIRQ-ON-W} -> {IN-SOFTIRQ-R}'])(
    'matches the rwlock pair %s',
    (usage) => {
      const r = inconsistent(usage, [
        'dump_stack_lvl',
        'mark_lock',
        '__lock_acquire',
        'lock_acquire',
        '_raw_read_lock',
        'foo_rx',
      ]);
      expect(matchReport(kb, r.report, r.lineText)[0]?.id).toBe('irq-unsafe-lock-inconsistent');
    },
  );

  // 1.4: softirq work cannot call cond_resched().
  it('keeps soft-lockup-no-resched off a lockup in softirq work or in ksoftirqd', () => {
    const lockup = (headline: string, stack: string[]) =>
      paste(
        [headline, 'RIP: 0010:foo_poll+0x44/0x90', ...stack.map((f) => ` ${f}+0x1/0x2`)],
        {
          kind: 'soft-lockup',
          frames: frames(3, stack),
        },
        { rip: { fn: 'foo_poll', offset: 0x44, size: 0x90, raw: 'foo_poll+0x44/0x90', line: 2 } },
      );
    const inSoftirq = lockup('watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [iperf3:812]', [
      'foo_poll',
      '__napi_poll',
      'net_rx_action',
      'handle_softirqs',
      'irq_exit_rcu',
    ]);
    const ksoftirqd = lockup('watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [ksoftirqd/3:30]', [
      'foo_poll',
      'foo_loop',
    ]);
    const task = lockup('watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [modprobe:812]', [
      'foo_poll',
      'foo_init',
      'do_one_initcall',
    ]);
    for (const r of [inSoftirq, ksoftirqd]) {
      expect(matchReport(kb, r.report, r.lineText).map((m) => m.id)).not.toContain('soft-lockup-no-resched');
    }
    expect(matchReport(kb, task.report, task.lineText)[0]?.id).toBe('soft-lockup-no-resched');
  });

  // 1.5: rcu_read_lock is {LD_WAIT_FREE:LD_WAIT_CONFIG}; {1:3} means raw-lock nesting numbering, where a
  // {3:3} lock is a spinlock_t, not a mutex.
  it('reads a {3:3} lock as a spinlock_t when rcu_read_lock {1:3} shows the nesting numbering', () => {
    const splat = (rcuInner: number) => {
      const lines = [
        '[ BUG: Invalid wait context ]',
        'ffff888100e66298 (&dev->mutex){....}-{3:3}, at: netif_freeze_queues+0x4b/0x90',
        ` #0: ffffffff82b5f2a0 (rcu_read_lock){....}-{1:${rcuInner}}, at: foo_rcu+0x1/0x2`,
        ' lock_acquire+0xc2/0x2b0',
        ' _raw_spin_lock+0x2f/0x50',
        ' netif_freeze_queues+0x4b/0x90',
      ];
      const rcu: LockRecord = {
        ...lock('rcu_read_lock', 1, 3),
        waitTypes: { outer: 1, inner: rcuInner },
        usage: '....',
      };
      return paste(
        lines,
        {
          kind: 'invalid-wait-context',
          frames: frames(4, ['lock_acquire', '_raw_spin_lock', 'netif_freeze_queues']),
        },
        {
          acquiring: lock('&dev->mutex', 3, 2, 'netif_freeze_queues'),
          locksHeld: { count: 1, task: 'tc/1', locks: [rcu], line: 3 },
        },
      );
    };
    const plain = splat(2);
    const nesting = splat(3);
    expect(matchReport(kb, plain.report, plain.lineText)[0]?.id).toBe('novalidate-aliasing');
    expect(matchReport(kb, nesting.report, nesting.lineText).map((m) => m.id)).not.toContain(
      'novalidate-aliasing',
    );
  });

  // 1.10: PROVE_RCU prints "Illegal context switch in RCU read-side critical section" (include/linux/rcupdate.h).
  it('names sleep-in-rcu-read for "Illegal context switch in RCU read-side critical section"', () => {
    const { report, lineText } = paste(
      [
        'WARNING: suspicious RCU usage',
        'include/linux/rcupdate.h:416 Illegal context switch in RCU read-side critical section!',
      ],
      { kind: 'rcu-suspicious' },
      {},
    );
    expect(matchReport(kb, report, lineText)[0]?.id).toBe('sleep-in-rcu-read');
  });

  it("never says might_fault() reports mm/memory.c (it passes the caller's __FILE__)", () => {
    const e = entry('user-copy-under-spinlock');
    expect(JSON.stringify(e.match)).not.toContain('mm/memory.c');
    expect(e.body).toContain("caller's* `__FILE__`");
  });

  // 1.6, 1.11, 1.12: advice the kernel source contradicts.
  it('drops advice the source contradicts', () => {
    const all = (id: string) => {
      const e = entry(id);
      return [...e.fixes, ...e.nextSteps, ...e.raisedBy, ...e.loweredBy, e.body].join('\n');
    };
    expect(all('smp-processor-id-preemptible')).not.toMatch(/false alarm/);
    expect(all('get-cpu-var-leak')).not.toMatch(/local_lock_t or migrate_disable\(\)/);
    expect(all('get-cpu-var-leak')).not.toMatch(/PREEMPTIRQ_TRACEPOINTS/);
    expect(entry('get-cpu-var-leak').configs).toContain('CONFIG_PREEMPT_TRACER');
    expect(all('sleep-in-hardirq')).not.toMatch(/nested interrupt/);
    expect(all('sleep-with-irqs-disabled')).not.toMatch(/tick .* never arrive/);
    expect(all('abba-lock-order')).not.toMatch(/only cure/);
    expect(entry('abba-lock-order').configs).not.toContain('CONFIG_LOCK_STAT');
    expect(entry('sleep-in-rcu-read').configs).not.toContain('CONFIG_PROVE_RCU');
    // 1.4: with interrupts off, cond_resched() is no cure for a hard lockup.
    expect(entry('hard-lockup-irqs-off-loop').fixes.join('\n')).not.toMatch(/cond_resched/);
    expect(all('hard-lockup-irqs-off-loop')).toMatch(
      /cond_resched\(\)` is no cure|cond_resched\(\) cannot help/,
    );
    // 1.12: sleeping work from an IPI callback goes to queue_work_on(), not under a raw lock.
    expect(entry('sleep-in-ipi-callback').fixes.join('\n')).toMatch(/queue_work_on\(/);
    for (const e of kb.entries) {
      expect(e.docs.map((d) => d.url).join(' ')).not.toContain('#sleeping-things');
      expect(e.sources.length).toBeGreaterThan(0);
    }
  });

  // 1.5: a lock's wait-type numbers depend on CONFIG_PROVE_RAW_LOCK_NESTING (include/linux/lockdep_types.h:
  // LD_WAIT_CONFIG is LD_WAIT_SPIN without it), so a spinlock_t is {2:2} or {3:3} and a mutex {3:3} or {4:4}.
  it('never compares wait-type numbers in a matcher: locks are tested by type, read with the splat numbering', () => {
    for (const e of kb.entries) {
      expect(JSON.stringify(e.match), e.id).not.toMatch(/\{\d:\d\}/);
    }
    for (const c of kb.vocabulary.conditions.values()) {
      expect(JSON.stringify(c.condition)).not.toMatch(/\{\d:\d\}/);
    }
  });

  // 1.6: this_cpu_ptr() checks through smp_processor_id() under CONFIG_DEBUG_PREEMPT
  // (include/linux/percpu-defs.h, include/asm-generic/percpu.h my_cpu_offset), raw_cpu_ptr() skips the
  // check and protects nothing, and migrate_disable() lets another task on the same CPU preempt the section.
  it('answers per-CPU read-modify-write with local_lock_t, never with raw_cpu_ptr() or migrate_disable() alone', () => {
    for (const id of ['get-cpu-var-leak', 'smp-processor-id-preemptible']) {
      const fixes = entry(id).fixes.join('\n');
      expect(fixes, id).toMatch(/local_lock_t/);
      expect(fixes, id).toMatch(/migrate_disable\(\)[^.]*(does not|alone does not)/);
    }
    for (const e of kb.entries) {
      expect(e.fixes.join('\n'), e.id).not.toMatch(/raw_cpu_ptr/);
      // raw_smp_processor_id() is the "unstable CPU id" (include/linux/smp.h): right only where any CPU will do.
      for (const fix of e.fixes.filter((f) => f.includes('raw_smp_processor_id')))
        expect(fix).toMatch(/any CPU/);
    }
  });

  // 1.3: `Preemption disabled at:` records the outermost 0 -> non-zero transition (kernel/sched/core.c
  // preempt_latency_start()); with in_atomic() 0 the section has closed and the record is stale.
  it('points at `Preemption disabled at:` as the leak site only with in_atomic() 1', () => {
    const said = entry('get-cpu-var-leak').nextSteps.find((s) => s.includes('Preemption disabled at:'));
    expect(said).toMatch(/in_atomic\(\) 1/);
    expect(said).toMatch(/in_atomic\(\) 0 that line is stale/);
  });

  // 1.12: the irq-order guide quotes what print_bad_irq_dependency() prints (kernel/locking/lockdep.c:
  // "... which became %s-irq-safe at:"), checked against real irq-order reports.
  it('quotes in the irq-order guide only lines that real irq-order reports print', () => {
    const quoted = [...KIND_GUIDES['lockdep-irq-order'].steps.join(' ').matchAll(/"([^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(quoted.length).toBeGreaterThan(0);
    const real = [
      'gh-186-balena-arm-softirq-safe-unsafe-lock-order',
      'ml-078-lkp-irq-order-port-lock-fs-reclaim-dmesg-x-excerpt',
    ].map((n) => readFileSync(join('test/fixtures/real/reports', `${n}.txt`), 'utf8'));
    for (const q of quoted) {
      const either = [q, q.replace('HARDIRQ', 'SOFTIRQ')];
      expect(
        real.some((text) => either.some((w) => text.includes(w))),
        q,
      ).toBe(true);
    }
  });

  // Issue 11, precision first: a lock wait after an oops is that oops's fallout until shown otherwise.
  it('keeps the lock-wait entries off a lockup after an oops (taint D) or in a task an oops is killing', () => {
    const lockup = (stack: string[], letters: string | null) =>
      paste(
        [
          'watchdog: BUG: soft lockup - CPU#2 stuck for 61s! [startpar:3082]',
          'RIP: 0010:native_queued_spin_lock_slowpath+0x6a/0x1f0',
          ...stack.map((f) => ` ${f}+0x1/0x2`),
        ],
        {
          kind: 'soft-lockup',
          frames: frames(3, stack),
          taint: letters === null ? null : { tainted: letters !== 'G', letters },
        },
        {
          rip: {
            fn: 'native_queued_spin_lock_slowpath',
            offset: 0x6a,
            size: 0x1f0,
            raw: 'native_queued_spin_lock_slowpath+0x6a/0x1f0',
            line: 2,
          },
        },
      );
    const exiting = [
      '_raw_spin_lock_irqsave',
      'cfq_exit_single_io_context',
      'exit_io_context',
      'do_exit',
      'do_group_exit',
    ];
    const ids = (r: ReturnType<typeof lockup>) => matchReport(kb, r.report, r.lineText).map((m) => m.id);
    expect(ids(lockup(exiting, 'G'))[0]).toBe('lockup-spinning-on-held-lock');
    expect(ids(lockup(exiting, 'GD'))).not.toContain('lockup-spinning-on-held-lock');
    expect(
      ids(lockup(['_raw_spin_lock_irqsave', 'exit_io_context', 'do_exit', 'make_task_dead', 'die'], null)),
    ).toEqual([]);
  });

  it("shows an entry that is only the kind's general reading as that, never as the most likely root cause", () => {
    const text = readFileSync(
      join(BUILTIN_KNOWLEDGE_DIR, 'examples', 'bug-on-in-subsystem', 'positive-fat-cache.txt'),
      'utf8',
    );
    const { result, lineText } = parsePaste(text);
    const report = result.reports[0];
    if (report === undefined) throw new Error('no report in the example');
    const matches = matchReport(kb, report, lineText);
    expect(matches[0]).toMatchObject({ id: 'bug-on-in-subsystem', general: true });
    expect(buildNote(report, matches).verdict).toMatch(
      /^No known root cause matches this report; what follows is the general reading of /,
    );
  });

  it('leaves out of "less certain if" what the paste already rules out', () => {
    const { report, lineText } = spinKmalloc();
    const top = matchReport(kb, report, lineText)[0];
    expect(top?.id).toBe('spinlock-gfp-kernel');
    expect(top?.loweredBy.join('\n')).not.toMatch(/lists no held locks/);
  });
});

describe('kb lint catches what loading cannot', () => {
  const team = (text: string, examples: string[] = ['positive-one.txt', 'negative-one.txt']) => {
    const dir = testDir('kb-cut-');
    writeFileSync(join(dir, 'team-pattern.md'), text);
    mkdirSync(join(dir, 'examples', 'team-pattern'), { recursive: true });
    for (const f of examples) writeFileSync(join(dir, 'examples', 'team-pattern', f), 'no report here\n');
    return dir;
  };
  const base = readFileSync(join(BUILTIN_KNOWLEDGE_DIR, 'abba-lock-order.md'), 'utf8')
    .replace('id: abba-lock-order', 'id: team-pattern')
    .replace(
      /examples:\n {2}positive:[\s\S]*?\n---/,
      'examples:\n  positive: [positive-one.txt]\n  negative: [negative-one.txt]\n---',
    );

  // 1.8: ` #0` after a space starts a YAML comment and silently cut a sentence of abba-lock-order.
  it('reports a sentence cut by a YAML comment', () => {
    const cut = base.replace(
      / {2}- 'Read the chain from the bottom up:[^\n]*/,
      '  - Read the chain bottom-up - `-> #0` is the acquisition that failed',
    );
    const loaded = loadKnowledge([team(cut)]);
    expect(loaded.problems.join('\n')).toMatch(
      /team-pattern\.md: \(front matter\): "Read the chain bottom-up - `->" is cut by a YAML comment/,
    );
  });

  it('reports an example file that no list names, and a dead docs.kernel.org anchor', () => {
    const dead = base.replace(
      'https://docs.kernel.org/kernel-hacking/locking.html#deadlock-simple-and-advanced',
      'https://docs.kernel.org/kernel-hacking/locking.html#sleeping-things',
    );
    const loaded = loadKnowledge([
      team(dead, ['positive-one.txt', 'negative-one.txt', 'positive-forgotten.txt']),
    ]);
    const { problems } = lintKnowledge(loaded, parsePaste, loadDocsIndex());
    const text = problems.join('\n');
    expect(text).toContain('examples: positive-forgotten.txt is in the example folder but no list names it');
    expect(text).toContain('has no section "#sleeping-things"');
  });

  it('reports a cause two entries list, and a cause that is an entry id', () => {
    const twice = base.replace(
      'id: team-pattern',
      'id: team-pattern\ncauses: [double-list-add, abba-lock-order]',
    );
    const { problems } = lintKnowledge(loadKnowledge([team(twice)]), parsePaste, loadDocsIndex());
    const text = problems.join('\n');
    expect(text).toMatch(/causes: "double-list-add" is also listed by /);
    expect(text).toContain('causes: "abba-lock-order" is an entry id, not a narrower cause');
  });

  it('reports an entry that refines an id no entry has', () => {
    const loaded = loadKnowledge([
      team(base.replace('id: team-pattern', 'id: team-pattern\nrefines: no-such-entry')),
    ]);
    const { problems } = lintKnowledge(loaded, parsePaste, loadDocsIndex());
    expect(problems.join('\n')).toContain('team-pattern.md: refines: no entry has id "no-such-entry"');
  });
});

describe('conditions read what the kernel prints around a report', () => {
  const REFCOUNT = [
    '------------[ cut here ]------------',
    'refcount_t: underflow; use-after-free.',
    'WARNING: CPU: 17 PID: 1800359 at lib/refcount.c:28 refcount_warn_saturate+0x9c/0xe0',
    'Call Trace:',
    ' nfs_direct_write_schedule_work+0x2b4/0x2f0 [nfs]',
  ];

  // include/asm-generic/bug.h __WARN_printf(): on x86 and arm64 the message comes before "WARNING: CPU:".
  it("finds a WARN()'s message printed above the WARNING line", () => {
    const { report, lineText } = paste(
      REFCOUNT,
      { kind: 'refcount', lines: { start: 3, end: 5 }, headline: REFCOUNT[2] ?? '' },
      {},
    );
    const top = matchReport(kb, report, lineText)[0];
    expect(top?.id).toBe('refcount-underflow');
    expect(top?.evidence.map((e) => e.line)).toContain(2);
  });

  it('does not reach above a report that is not a WARNING', () => {
    const lines = [
      'refcount_t: underflow; use-after-free.',
      'BUG: kernel NULL pointer dereference, address: 0000000000000008',
    ];
    const { report, lineText } = paste(
      lines,
      { kind: 'refcount', lines: { start: 2, end: 2 }, headline: lines[1] ?? '' },
      {},
    );
    expect(matchReport(kb, report, lineText).map((m) => m.id)).not.toContain('refcount-underflow');
  });

  // kernel/panic.c oops_exit() prints the end-trace line, then make_task_dead() (kernel/exit.c) exits the
  // task: when it is init, "Attempted to kill init!" follows, and the oops above is the cause.
  it('reads the lines above a report with before:, and only those', () => {
    const panic = 'Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b';
    const kill = (above: string[]) => {
      const lines = [...above, panic];
      const at = lines.length;
      return paste(
        lines,
        {
          kind: 'panic',
          title: 'kernel panic: Attempted to kill init!',
          lines: { start: at, end: at },
          headline: panic,
        },
        {},
      );
    };
    const alone = kill(['Run /init as init process']);
    expect(matchReport(kb, alone.report, alone.lineText)[0]?.id).toBe('init-exited-or-failed');
    const afterOops = kill([
      'Internal error: Oops: 96000005 [#1] PREEMPT SMP',
      'Code: f9400000 (b9400021)',
      '---[ end trace 0000000000000000 ]---',
    ]);
    expect(matchReport(kb, afterOops.report, afterOops.lineText).map((m) => m.id)).not.toContain(
      'init-exited-or-failed',
    );
  });
});

describe('matchers that compare parts of a report', () => {
  const SLEEP_IN_RCU = [
    'BUG: sleeping function called from invalid context at kernel/locking/mutex.c:585',
    'in_atomic(): 0, irqs_disabled(): 0, non_block: 0, pid: 1933, name: foo_cfg',
    'preempt_count: 0, expected: 0',
    'RCU nest depth: 1, expected: 0',
    '1 lock held by foo_cfg/1933:',
    ' #0: ffffffff83b5e0e0 (rcu_read_lock){....}-{1:3}, at: foo_find_peer+0x1a/0x110 [foo]',
    'Call Trace:',
    ' __might_resched+0x1b2/0x270',
    ' __mutex_lock+0x5a/0x9d0',
    ' foo_set_config+0x4c/0x1f0 [foo]',
    ' foo_ioctl+0x1c3/0x2d0 [foo]',
    ' do_syscall_64+0x82/0x170',
  ];
  const sleepInRcu = (stack: string[]) =>
    paste(
      SLEEP_IN_RCU,
      { kind: 'sleep-in-atomic', frames: frames(8, stack) },
      {
        inAtomic: false,
        irqsDisabled: false,
        preemptCount: 0,
        preemptExpected: 0,
        rcuNestDepth: 1,
        rcuNestExpected: 0,
        locksHeld: {
          count: 1,
          task: 'foo_cfg/1933',
          locks: [{ ...lock('rcu_read_lock', 1, 6, 'foo_find_peer+0x1a/0x110'), usage: '....' }],
          line: 5,
        },
      },
    );

  it('names rcu-read-lock-leaked when the function that took rcu_read_lock is no longer on the stack', () => {
    const { report, lineText } = sleepInRcu([
      '__might_resched',
      '__mutex_lock',
      'foo_set_config',
      'foo_ioctl',
      'do_syscall_64',
    ]);
    const top = matchReport(kb, report, lineText)[0];
    expect(top?.id).toBe('rcu-read-lock-leaked');
    expect(top?.evidence.map((e) => e.line)).toContain(6);
  });

  it('leaves it to sleep-in-rcu-read when that function is still on the stack', () => {
    const { report, lineText } = sleepInRcu([
      '__might_resched',
      '__mutex_lock',
      'foo_find_peer',
      'foo_ioctl',
      'do_syscall_64',
    ]);
    const ids = matchReport(kb, report, lineText).map((m) => m.id);
    expect(ids).not.toContain('rcu-read-lock-leaked');
    expect(ids[0]).toBe('sleep-in-rcu-read');
  });

  const RECURSIVE = [
    'WARNING: possible recursive locking detected',
    'sh/275006 is trying to acquire lock:',
    'ffffffffb02f5400 (cpu_hotplug_lock){++++}-{0:0}, at: stop_per_cpu_kthreads',
    'but task is already holding lock:',
    'ffffffffb02f5400 (cpu_hotplug_lock){++++}-{0:0}, at: start_per_cpu_kthreads',
  ];
  const recursive = (heldAddress: string) => {
    const acquiring = {
      ...lock('cpu_hotplug_lock', 0, 3, 'stop_per_cpu_kthreads'),
      address: 'ffffffffb02f5400',
    };
    const holding = { ...lock('cpu_hotplug_lock', 0, 5, 'start_per_cpu_kthreads'), address: heldAddress };
    return paste(
      RECURSIVE,
      { kind: 'lockdep-recursive' },
      {
        acquiring,
        lockdep: {
          tag: null,
          usage: null,
          holding,
          chain: [],
          chainExists: null,
          scenario: [],
          stacks: [],
          irqSafe: null,
          irqUnsafe: null,
        },
      },
    );
  };

  it('calls a recursive acquire of the same address a self-deadlock, and two instances of a class not', () => {
    const same = recursive('ffffffffb02f5400');
    expect(matchReport(kb, same.report, same.lineText)[0]?.id).toBe('recursive-lock-same-instance');
    const two = recursive('ffffffffb02f6800');
    expect(matchReport(kb, two.report, two.lineText).map((m) => m.id)).not.toContain(
      'recursive-lock-same-instance',
    );
  });

  // A lock class is one init site (include/linux/mutex.h mutex_init(), include/linux/spinlock.h
  // spin_lock_init(): a static lock_class_key each), so two addresses of one class are two objects.
  it('calls two addresses of one class two instances, and says nothing when an address is not printed', () => {
    const two = recursive('ffffffffb02f6800');
    expect(matchReport(kb, two.report, two.lineText)[0]?.id).toBe('recursive-lock-two-instances');
    const unknown = recursive('ffffffffb02f6800');
    unknown.report.facts.acquiring = {
      ...lock('cpu_hotplug_lock', 0, 3, 'stop_per_cpu_kthreads'),
      address: null,
    };
    expect(matchReport(kb, unknown.report, unknown.lineText)).toEqual([]);
  });
});
