import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_KNOWLEDGE_DIR, knowledgeDirsFromEnv, loadKnowledge } from '../src/knowledge/load.js';
import { lintKnowledge } from '../src/knowledge/lint.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { searchKnowledge } from '../src/knowledge/search.js';
import { emptyFacts } from '../src/parse/details.js';
import type { Facts, Frame, LockRecord, Report } from '../src/parse/report.js';

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
      'CONFIG_DEBUG_PREEMPT recorded the last preempt_disable() site',
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
examples:
  positive: [positive-one.txt]
  negative: [negative-one.txt]
${extra}---

Body text about team_sleepy_wrapper.
`;

  it('reports schema errors naming the file and the field, and keeps loading the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-bad-'));
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
    const dir = mkdtempSync(join(tmpdir(), 'kb-lint-'));
    writeFileSync(join(dir, 'team-pattern.md'), entryText('team-pattern'));
    const loaded = loadKnowledge([dir]);
    const { problems } = lintKnowledge(loaded, () => ({
      result: { reports: [], input: { bytes: 0, lines: 0, truncated: false, unread: [] } },
      lineText: () => undefined,
    }));
    const text = problems.join('\n');
    expect(text).toContain(
      `${join(dir, 'team-pattern.md')}: match.when.0.frame.family: unknown function family "team-wrappers"`,
    );
    expect(text).toContain(`${join(dir, 'team-pattern.md')}: examples.positive.0: example file not found`);
  });

  it('adds a team folder: new ids join, an existing id is replaced, vocabulary families gain names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-team-'));
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

  it('reads team folders from KTRIAGE_KNOWLEDGE_DIRS', () => {
    expect(knowledgeDirsFromEnv({ KTRIAGE_KNOWLEDGE_DIRS: ['/a', ' /b ', ''].join(delimiter) })).toEqual([
      '/a',
      '/b',
    ]);
    expect(knowledgeDirsFromEnv({})).toEqual([]);
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
  });
});
