import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReports } from '../src/parse/index.js';
import type { Report } from '../src/parse/report.js';

function seed(name: string): Report[] {
  return parseReports(readFileSync(new URL(`./fixtures/seeds/${name}`, import.meta.url), 'utf8')).reports;
}

function only(reports: Report[], kind: Report['kind']): Report {
  const found = reports.filter((r) => r.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as Report;
}

describe('TECH VEDA: kmalloc(GFP_KERNEL) under spin_lock_irqsave on arm64', () => {
  const r = only(seed('techveda-kmalloc-under-spinlock.txt'), 'sleep-in-atomic');

  it('reads who, where and which kernel', () => {
    expect(r.arch).toBe('arm64');
    expect(r.task).toEqual({ comm: 'sensorcfg', pid: 1423, cpu: 1 });
    expect(r.kernel).toBe('6.6.0');
    expect(r.taint).toEqual({ tainted: false, letters: '' });
  });

  it('reads the atomic state: both preemption and interrupts off', () => {
    expect(r.facts).toMatchObject({
      sleepAt: { file: 'include/linux/sched/mm.h', line: 333 },
      inAtomic: true,
      irqsDisabled: true,
      nonBlock: 0,
      preemptCount: 1,
      preemptExpected: 0,
      atomicCountRaw: null,
      locksHeld: null,
    });
  });

  it('reads the call trace down to the driver', () => {
    const names = r.frames.map((f) => f.fn);
    expect(names).toContain('kmalloc_trace');
    expect(names).toContain('sensor_set_config');
    expect(names.indexOf('kmalloc_trace')).toBeLessThan(names.indexOf('sensor_set_config'));
    expect(r.frames.every((f) => f.stack === 'main' && f.context === 'task' && !f.unreliable)).toBe(true);
  });
});

describe('brctl: a get_cpu_var() leak seen twice', () => {
  const reports = seed('brctl-get-cpu-var-leak.txt');

  it('the sleeping-function report: preempt_count 1 with no lock held', () => {
    const r = only(reports, 'sleep-in-atomic');
    expect(r.arch).toBe('x86_64');
    expect(r.kernel).toBe('6.1');
    expect(r.taint).toEqual({ tainted: true, letters: 'GO' });
    expect(r.task).toEqual({ comm: 'brctl', pid: 3988, cpu: 0 });
    expect(r.facts).toMatchObject({
      sleepAt: { file: 'kernel/rseq.c', line: 132 },
      inAtomic: true,
      irqsDisabled: false,
      preemptCount: 1,
      preemptExpected: 0,
      locksHeld: { count: 0, task: 'brctl/3988', locks: [] },
      rip: { fn: null, raw: '0033:0x7f2c1fd04a38' },
    });
  });

  it('the scheduling-while-atomic report: the raw count, the earlier warning in the taint, the module', () => {
    const r = only(reports, 'scheduling-while-atomic');
    expect(r.facts.atomicCountRaw).toBe('0x00000002');
    expect(r.facts.preemptCount).toBe(2);
    expect(r.taint).toEqual({ tainted: true, letters: 'GWO' });
    expect(r.facts.modules).toEqual([{ name: 'nf_conntrack', marks: 'O' }]);
    expect(r.facts.locksHeld).toMatchObject({ count: 0, task: 'brctl/3988' });
    expect(r.task).toEqual({ comm: 'brctl', pid: 3988, cpu: 0 });
    expect(r.frames.find((f) => f.fn === 'usleep_range_state')?.unreliable).toBe(true);
  });
});

describe('invalid wait context: a spinlock whose class is &dev->mutex', () => {
  const r = only(seed('invalid-wait-context-novalidate.txt'), 'invalid-wait-context');

  it('reads the lock being taken and the context it is taken in', () => {
    expect(r.task).toEqual({ comm: 'tc', pid: 6787, cpu: 0 });
    expect(r.facts.acquiring).toMatchObject({
      address: 'ffff888100e66298',
      name: '&dev->mutex',
      usage: '....',
      waitTypes: { outer: 3, inner: 3 },
      at: 'netif_freeze_queues',
    });
    expect(r.facts.waitContext).toEqual({ outer: 4, inner: 4 });
  });

  it('reads both held locks', () => {
    expect(r.facts.locksHeld?.count).toBe(2);
    expect(r.facts.locksHeld?.task).toBe('tc/6787');
    expect(r.facts.locksHeld?.locks).toMatchObject([
      {
        index: 0,
        name: 'rtnl_mutex',
        usage: '+.+.',
        waitTypes: { outer: 3, inner: 3 },
        at: 'rtnetlink_rcv_msg',
      },
      {
        index: 1,
        address: 'ffff888100ef1438',
        name: '&dev->tx_global_lock',
        usage: '+.-.',
        waitTypes: { outer: 2, inner: 2 },
        at: 'dev_deactivate_many',
      },
    ]);
  });

  it('reads taint, kernel, hardware and the user-space RIP', () => {
    expect(r.taint).toEqual({ tainted: true, letters: 'GO' });
    expect(r.kernel).toBe('6.1');
    expect(r.arch).toBe('x86_64');
    expect(r.facts.hardware).toMatch(/^VMware, Inc\. VMware Virtual Platform/);
    expect(r.facts.rip).toMatchObject({ fn: null, offset: null, raw: '0033:0x7f0ba008dbb0' });
    expect(r.facts.lockdepOff).toBe(false);
  });

  it('reads the frames: `? ` ones unreliable, the task context from <TASK>', () => {
    const lock = r.frames.find((f) => f.fn === '_raw_spin_lock');
    expect(lock).toMatchObject({
      unreliable: false,
      context: 'task',
      stack: 'main',
      offset: 0x2f,
      size: 0x50,
    });
    const freeze = r.frames.filter((f) => f.fn === 'netif_freeze_queues');
    expect(freeze.map((f) => f.unreliable)).toEqual([true, true, false]);
    expect(r.frames.every((f) => f.context === 'task' && f.stack === 'main')).toBe(true);
    expect(r.frames).toHaveLength(31);
  });
});

describe('the article seeds', () => {
  it('reads the task of a header that names only comm/pid', () => {
    const r = only(seed('interrupt-handlers-cant-sleep.txt'), 'scheduling-while-atomic');
    expect(r.facts.atomicCountRaw).toBe('0x00000002');
    expect(r.task).toMatchObject({ comm: 'cat', pid: 540 });
  });

  it('finds no facts the excerpt does not print', () => {
    const r = only(seed('sleeping-while-atomic-article.txt'), 'sleep-in-atomic');
    expect(r.facts.sleepAt).toEqual({ file: 'kernel/sched.c', line: 1234 });
    expect(r.facts.inAtomic).toBeNull();
    expect(r.facts.preemptCount).toBeNull();
  });
});
