import { describe, expect, it } from 'vitest';
import { readDetails } from '../src/parse/details.js';
import { parseReports } from '../src/parse/index.js';
import { readPaste } from '../src/parse/paste.js';
import type { Frame } from '../src/parse/report.js';

/** The whole text as one report block, the way the report finder hands it over. */
function details(text: string) {
  return readDetails({ lines: readPaste(text).lines, header: 0, headerText: '' });
}

function frame(frames: readonly Frame[], fn: string): Frame | undefined {
  return frames.find((f) => f.fn === fn);
}

function stackOf(frames: readonly Frame[], stack: Frame['stack']): string[] {
  return frames.filter((f) => f.stack === stack).map((f) => f.fn);
}

const X86_NULL_DEREF = `BUG: kernel NULL pointer dereference, address: 0000000000000008
#PF: supervisor read access in kernel mode
#PF: error_code(0x0000) - not-present page
PGD 0 P4D 0
Oops: 0000 [#1] PREEMPT SMP NOPTI
CPU: 3 UID: 0 PID: 2211 Comm: kworker/3:2 Tainted: G        W  OE      6.12.0-rc1-next-20241010-00001-gabc #1
Tainted: [W]=WARN, [O]=OOT_MODULE, [E]=UNSIGNED_MODULE
Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014
Workqueue: events sensor_work_fn [sensor_drv]
RIP: 0010:sensor_work_fn+0x1d/0x60 [sensor_drv]
Code: 48 8b 47 08 <48> 8b 40 08 c3 cc cc cc cc
RSP: 0018:ffffc90000d47e58 EFLAGS: 00010246
RAX: 0000000000000000 RBX: ffff888103c3a000 RCX: 0000000000000000
Call Trace:
 <TASK>
 ? __die+0x23/0x70
 ? page_fault_oops+0x181/0x4b0
 ? exc_page_fault+0x6b/0x150
 ? asm_exc_page_fault+0x26/0x30
 ? sensor_work_fn+0x1d/0x60 [sensor_drv]
 process_one_work+0x178/0x350
 worker_thread+0x2f5/0x410
 ? __pfx_worker_thread+0x10/0x10
 kthread+0xf2/0x120
 ret_from_fork+0x34/0x50
 ret_from_fork_asm+0x1a/0x30
 </TASK>
Modules linked in: sensor_drv(OE) nf_conntrack(O) bridge stp llc [last unloaded: sensor_old(OE)]
CR2: 0000000000000008
---[ end trace 0000000000000000 ]---`;

describe('x86-64 oops', () => {
  const d = details(X86_NULL_DEREF);

  it('reads the task, kernel and taint from the v6.10+ CPU line with UID', () => {
    expect(d.task).toEqual({ comm: 'kworker/3:2', pid: 2211, cpu: 3 });
    expect(d.kernel).toBe('6.12.0-rc1-next-20241010-00001-gabc');
    expect(d.taint).toEqual({ tainted: true, letters: 'GWOE' });
    expect(d.arch).toBe('x86_64');
  });

  it('reads the faulting address, RIP, hardware and modules with their marks', () => {
    expect(d.facts.address).toBe('0000000000000008');
    expect(d.facts.rip).toEqual({
      fn: 'sensor_work_fn',
      offset: 0x1d,
      size: 0x60,
      raw: '0010:sensor_work_fn+0x1d/0x60 [sensor_drv]',
      line: 10,
    });
    expect(d.facts.hardware).toBe(
      'QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
    );
    expect(d.facts.modules).toEqual([
      { name: 'sensor_drv', marks: 'OE' },
      { name: 'nf_conntrack', marks: 'O' },
      { name: 'bridge', marks: '' },
      { name: 'stp', marks: '' },
      { name: 'llc', marks: '' },
    ]);
  });

  it('reads every frame with its module, reliability, context and line', () => {
    expect(d.frames).toHaveLength(11);
    expect(d.frames[0]).toMatchObject({
      fn: '__die',
      unreliable: true,
      context: 'task',
      stack: 'main',
      line: 16,
    });
    expect(d.frames[4]).toMatchObject({ fn: 'sensor_work_fn', module: 'sensor_drv', unreliable: true });
    expect(frame(d.frames, 'process_one_work')).toMatchObject({
      offset: 0x178,
      size: 0x350,
      unreliable: false,
    });
  });

  it('leaves the facts of other report kinds empty', () => {
    expect(d.facts).toMatchObject({
      inAtomic: null,
      preemptCount: null,
      sleepAt: null,
      locksHeld: null,
      acquiring: null,
      waitContext: null,
      lockdepOff: false,
      pc: null,
      lr: null,
    });
  });
});

describe('x86 stack markers', () => {
  it('takes the context from <IRQ>/<TASK> and finds the softirq served on the IRQ stack', () => {
    const d = details(`WARNING: CPU: 0 PID: 0 at net/core/dev.c:3310 skb_warn_bad_offload+0x8c/0xf0
Modules linked in:
CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.15.0 #1
RIP: 0010:skb_warn_bad_offload+0x8c/0xf0
Call Trace:
 <IRQ>
 __skb_gso_segment+0x12c/0x160
 net_rx_action+0x145/0x3e0
 __do_softirq+0xc8/0x2a5
 irq_exit_rcu+0x9c/0xd0
 common_interrupt+0x8a/0xa0
 </IRQ>
 <TASK>
 asm_common_interrupt+0x22/0x40
RIP: 0010:default_idle+0xb/0x10
 default_idle_call+0x2e/0xa0
 do_idle+0x1f5/0x270
 </TASK>`);
    expect(d.task).toEqual({ comm: 'swapper/0', pid: 0, cpu: 0 });
    expect(d.facts.modules).toEqual([]);
    expect(d.facts.rip?.fn).toBe('skb_warn_bad_offload');
    const contexts = Object.fromEntries(d.frames.map((f) => [f.fn, f.context]));
    expect(contexts).toEqual({
      __skb_gso_segment: 'softirq',
      net_rx_action: 'softirq',
      __do_softirq: 'softirq',
      irq_exit_rcu: 'hardirq',
      common_interrupt: 'hardirq',
      asm_common_interrupt: 'task',
      default_idle_call: 'task',
      do_idle: 'task',
    });
  });

  it('reads pre-4.9 traces whose <IRQ> and <EOI> share a line with a frame', () => {
    const d =
      details(`Pid: 0, comm: swapper Tainted: P           2.6.32-431.el6.x86_64 #1 VMware, Inc. VMware Virtual Platform
Call Trace:
 <IRQ>  [<ffffffff81071e27>] ? warn_slowpath_common+0x87/0xc0
 [<ffffffff81071e7a>] warn_slowpath_null+0x1a/0x20
 [<ffffffffa01a2b3c>] e1000_clean_rx_irq+0x2c/0x3a0 [e1000]
 [<ffffffff81081d21>] __do_softirq+0xc1/0x1e0
 [<ffffffff8100c30c>] call_softirq+0x1c/0x30
 <EOI>  [<ffffffff8100fa75>] ? do_softirq+0x65/0xa0
 [<ffffffff81081b05>] local_bh_enable+0x95/0xb0`);
    expect(d.task).toEqual({ comm: 'swapper', pid: 0, cpu: null });
    expect(d.taint).toEqual({ tainted: true, letters: 'P' });
    expect(d.kernel).toBe('2.6.32-431.el6.x86_64');
    expect(d.frames.map((f) => `${f.fn}:${f.context}${f.unreliable ? '?' : ''}`)).toEqual([
      'warn_slowpath_common:softirq?',
      'warn_slowpath_null:softirq',
      'e1000_clean_rx_irq:softirq',
      '__do_softirq:softirq',
      'call_softirq:hardirq',
      'do_softirq:task?',
      'local_bh_enable:task',
    ]);
    expect(frame(d.frames, 'e1000_clean_rx_irq')?.module).toBe('e1000');
  });
});

describe('might_sleep family', () => {
  const ARM64_SOFTIRQ_SLEEP = `BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 0, name: swapper/1
preempt_count: 101, expected: 0
RCU nest depth: 0, expected: 0
1 lock held by swapper/1/0:
 #0: ffffff8003a1c0f8 (&br->hash_lock){+.-.}-{2:2}, at: br_fdb_update+0x120/0x2c0 [bridge]
Preemption disabled at:
[<ffffffc080021f44>] handle_softirqs+0x114/0x348
CPU: 1 PID: 0 Comm: swapper/1 Tainted: G        W          6.1.0 #1
Hardware name: linux,dummy-virt (DT)
Call trace:
 dump_backtrace+0x98/0xf0
 show_stack+0x18/0x24
 dump_stack_lvl+0x60/0x7c
 __might_resched+0x168/0x1d4
 __mutex_lock+0x50/0x3f4
 mutex_lock_nested+0x24/0x30
 br_fdb_notify_slow+0x3c/0xb0 [bridge]
 br_fdb_update+0x1a4/0x2c0 [bridge]
 br_handle_frame+0x1f0/0x3a0 [bridge]
 __netif_receive_skb_core+0x2a4/0xe30
 net_rx_action+0x304/0x370
 handle_softirqs+0x114/0x348
 __do_softirq+0x14/0x20
 ____do_softirq+0x10/0x20
 call_on_irq_stack+0x24/0x4c
 do_softirq_own_stack+0x1c/0x28
 irq_exit_rcu+0xe8/0x120
 el1_interrupt+0x38/0x68
 el1h_64_irq_handler+0x18/0x24
 el1h_64_irq+0x64/0x68
 default_idle_call+0x3c/0x160
 do_idle+0x220/0x280`;

  it('reads the sleeping-function header lines; preempt_count is hex', () => {
    const d = details(ARM64_SOFTIRQ_SLEEP);
    expect(d.facts).toMatchObject({
      sleepAt: { file: 'kernel/locking/mutex.c', line: 580 },
      inAtomic: true,
      irqsDisabled: false,
      nonBlock: 0,
      preemptCount: 0x101,
      preemptExpected: 0,
      rcuNestDepth: 0,
      rcuNestExpected: 0,
      atomicCountRaw: null,
    });
    expect(d.facts.preemptionDisabledAt).toMatchObject({ fn: 'handle_softirqs', offset: 0x114, line: 8 });
    expect(d.facts.locksHeld).toEqual({
      count: 1,
      task: 'swapper/1/0',
      line: 5,
      locks: [
        {
          index: 0,
          address: 'ffffff8003a1c0f8',
          name: '&br->hash_lock',
          usage: '+.-.',
          waitTypes: { outer: 2, inner: 2 },
          at: 'br_fdb_update',
          line: 6,
        },
      ],
    });
    expect(d.task).toEqual({ comm: 'swapper/1', pid: 0, cpu: 1 });
    expect(d.taint).toEqual({ tainted: true, letters: 'GW' });
  });

  it('infers softirq and hardirq on arm64 from the entry frames and keeps the DEBUG_PREEMPT site out of the stacks', () => {
    const d = details(ARM64_SOFTIRQ_SLEEP);
    expect(d.arch).toBe('arm64');
    expect(d.frames).toHaveLength(22);
    expect(d.frames.every((f) => f.stack === 'main')).toBe(true);
    expect(frame(d.frames, 'br_handle_frame')?.context).toBe('softirq');
    expect(frame(d.frames, 'dump_backtrace')?.context).toBe('softirq');
    expect(frame(d.frames, 'handle_softirqs')).toMatchObject({ context: 'softirq', line: 23 });
    expect(frame(d.frames, 'irq_exit_rcu')?.context).toBe('hardirq');
    expect(frame(d.frames, 'el1_interrupt')?.context).toBe('hardirq');
    expect(frame(d.frames, 'el1h_64_irq_handler')?.context).toBe('task');
    expect(frame(d.frames, 'do_idle')?.context).toBe('task');
  });

  it('reads scheduling while atomic: the raw count, and the count itself without a preempt_count line', () => {
    const d = details(`BUG: scheduling while atomic: kworker/0:1/52/0x00000101
INFO: lockdep is turned off.
Modules linked in: sensor_drv(O)
Preemption disabled at:[<ffffffffc0a1b2c3>] sensor_poll+0x1c/0x90 [sensor_drv]
CPU: 0 PID: 52 Comm: kworker/0:1 Tainted: G        W  O       6.1.0 #1`);
    expect(d.facts.atomicCountRaw).toBe('0x00000101');
    expect(d.facts.preemptCount).toBe(0x101);
    expect(d.facts.preemptExpected).toBeNull();
    expect(d.facts.lockdepOff).toBe(true);
    expect(d.facts.locksHeld).toBeNull();
    expect(d.facts.preemptionDisabledAt).toMatchObject({ fn: 'sensor_poll', module: 'sensor_drv' });
    expect(d.task).toEqual({ comm: 'kworker/0:1', pid: 52, cpu: 0 });
  });

  it('reads the in_atomic line of kernels before non_block was added', () => {
    const d = details(`BUG: sleeping function called from invalid context at mm/slab.c:3054
in_atomic(): 1, irqs_disabled(): 1, pid: 731, name: modprobe`);
    expect(d.facts).toMatchObject({ inAtomic: true, irqsDisabled: true, nonBlock: null, preemptCount: null });
    expect(d.task).toEqual({ comm: 'modprobe', pid: 731, cpu: null });
  });
});

describe('lockdep', () => {
  const CIRCULAR = `======================================================
WARNING: possible circular locking dependency detected
6.8.0-rc3-syzkaller-00041-g1f719a2f3fa6 #0 Not tainted
------------------------------------------------------
kworker/u4:7/1092 is trying to acquire lock:
ffff88802a1f0e38 (&hdev->lock){+.+.}-{3:3}, at: hci_conn_del+0x31/0x260 net/bluetooth/hci_conn.c:1135

but task is already holding lock:
ffffffff8f8a4c28 (hci_cb_list_lock){+.+.}-{3:3}, at: hci_conn_failed+0x158/0x370 net/bluetooth/hci_conn.c:1289

which lock already depends on the new lock.


the existing dependency chain (in reverse order) is:

-> #1 (hci_cb_list_lock){+.+.}-{3:3}:
       __mutex_lock_common kernel/locking/mutex.c:608 [inline]
       __mutex_lock+0x175/0x9d0 kernel/locking/mutex.c:752
       hci_remote_features_evt+0x4a6/0x9b0 net/bluetooth/hci_event.c:3781

-> #0 (&hdev->lock){+.+.}-{3:3}:
       __lock_acquire+0x2434/0x3b30 kernel/locking/lockdep.c:5137
       lock_acquire+0x1b1/0x540 kernel/locking/lockdep.c:5754
       hci_conn_del+0x31/0x260 net/bluetooth/hci_conn.c:1135

other info that might help us debug this:

 Possible unsafe locking scenario:

       CPU0                    CPU1
       ----                    ----
  lock(hci_cb_list_lock);
                               lock(&hdev->lock);
                               lock(hci_cb_list_lock);
  lock(&hdev->lock);

 *** DEADLOCK ***

4 locks held by kworker/u4:7/1092:
 #0: ffff888022f2a938 ((wq_completion)hci0){+.+.}-{0:0}, at: process_one_work+0x789/0x15d0 kernel/workqueue.c:2608
 #1: ffffc9000339fd80 ((work_completion)(&hdev->rx_work)){+.+.}-{0:0}, at: process_one_work+0x7eb/0x15d0 kernel/workqueue.c:2609
 #2: ffff88802a1f0078 (&hdev->lock){+.+.}-{3:3}, at: hci_abort_conn_sync+0x150/0xb50 net/bluetooth/hci_sync.c:5356
 #3: ffffffff8f8a4c28 (hci_cb_list_lock){+.+.}-{3:3}, at: hci_connect_cfm include/net/bluetooth/hci_core.h:1941 [inline]
 #3: ffffffff8f8a4c28 (hci_cb_list_lock){+.+.}-{3:3}, at: hci_conn_failed+0x158/0x370 net/bluetooth/hci_conn.c:1289

stack backtrace:
CPU: 0 PID: 1092 Comm: kworker/u4:7 Not tainted 6.8.0-rc3-syzkaller-00041-g1f719a2f3fa6 #0
Hardware name: Google Google Compute Engine/Google Compute Engine, BIOS Google 01/25/2024
Workqueue: hci0 hci_rx_work
Call Trace:
 <TASK>
 __dump_stack lib/dump_stack.c:88 [inline]
 dump_stack_lvl+0x1e7/0x2e0 lib/dump_stack.c:106
 check_noncircular+0x36a/0x4a0 kernel/locking/lockdep.c:2187
 hci_rx_work+0x2b5/0x1350 net/bluetooth/hci_core.c:4093
 </TASK>`;

  it('reads the lock being acquired, the held locks with nested class names, and the banner', () => {
    const d = details(CIRCULAR);
    expect(d.facts.acquiring).toMatchObject({
      index: null,
      address: 'ffff88802a1f0e38',
      name: '&hdev->lock',
      usage: '+.+.',
      waitTypes: { outer: 3, inner: 3 },
      at: 'hci_conn_del',
      line: 6,
    });
    const held = d.facts.locksHeld;
    expect(held).toMatchObject({ count: 4, task: 'kworker/u4:7/1092' });
    expect(held?.locks.map((l) => [l.index, l.name, l.at])).toEqual([
      [0, '(wq_completion)hci0', 'process_one_work'],
      [1, '(work_completion)(&hdev->rx_work)', 'process_one_work'],
      [2, '&hdev->lock', 'hci_abort_conn_sync'],
      [3, 'hci_cb_list_lock', 'hci_conn_failed'],
    ]);
    expect(d.kernel).toBe('6.8.0-rc3-syzkaller-00041-g1f719a2f3fa6');
    expect(d.taint).toEqual({ tainted: false, letters: '' });
    expect(d.task).toEqual({ comm: 'kworker/u4:7', pid: 1092, cpu: 0 });
  });

  it('puts the dependency chain in the lockdep stack and the stack backtrace in main', () => {
    const d = details(CIRCULAR);
    expect(stackOf(d.frames, 'lockdep')).toEqual([
      '__mutex_lock_common',
      '__mutex_lock',
      'hci_remote_features_evt',
      '__lock_acquire',
      'lock_acquire',
      'hci_conn_del',
    ]);
    expect(stackOf(d.frames, 'main')).toEqual([
      '__dump_stack',
      'dump_stack_lvl',
      'check_noncircular',
      'hci_rx_work',
    ]);
    expect(frame(d.frames, '__mutex_lock_common')?.source).toBe('kernel/locking/mutex.c:608');
    expect(stackOf(d.frames, 'other')).toEqual([]);
  });

  it('reads the lock lines of kernels before v4.15: no address, six usage states, no wait types', () => {
    const d = details(`2 locks held by ip/2113:
 #0:  (rtnl_mutex){+.+.+.}, at: [<ffffffff8155f4a7>] rtnl_lock+0x17/0x20
 #1:  (&(&dev->tx_global_lock)->rlock){+.-...}, at: [<ffffffff81581d6e>] dev_deactivate_many+0x4e/0x2b0`);
    expect(d.facts.locksHeld?.locks).toEqual([
      {
        index: 0,
        address: null,
        name: 'rtnl_mutex',
        usage: '+.+.+.',
        waitTypes: null,
        at: 'rtnl_lock',
        line: 2,
      },
      {
        index: 1,
        address: null,
        name: '&(&dev->tx_global_lock)->rlock',
        usage: '+.-...',
        waitTypes: null,
        at: 'dev_deactivate_many',
        line: 3,
      },
    ]);
  });
});

describe('KASAN', () => {
  it('splits the access, allocation and free stacks and reads the address and task', () => {
    const d = details(`==================================================================
BUG: KASAN: slab-use-after-free in sensor_read+0x5c/0x80 [sensor_drv]
Read of size 8 at addr ffff888104b2c008 by task cat/1187

CPU: 1 PID: 1187 Comm: cat Tainted: G    B      OE      6.6.0 #1
Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
Call Trace:
 <TASK>
 dump_stack_lvl+0x48/0x70
 print_report+0xd2/0x660
 kasan_report+0xd4/0x110
 sensor_read+0x5c/0x80 [sensor_drv]
 vfs_read+0x10e/0x4f0
 ksys_read+0x70/0xf0
 do_syscall_64+0x5d/0x90
 entry_SYSCALL_64_after_hwframe+0x6e/0xd8
 </TASK>

Allocated by task 1180:
 kasan_save_stack+0x33/0x60
 __kasan_kmalloc+0x8f/0xa0
 sensor_open+0x3a/0xc0 [sensor_drv]
 do_dentry_open+0x21a/0x5d0

Freed by task 1180:
 kasan_save_stack+0x33/0x60
 __kasan_slab_free+0x10a/0x180
 kfree+0x6e/0x180
 sensor_release+0x2e/0x50 [sensor_drv]
 __fput+0xea/0x2e0

The buggy address belongs to the object at ffff888104b2c000
 which belongs to the cache kmalloc-64 of size 64`);
    expect(d.facts.address).toBe('ffff888104b2c008');
    expect(d.task).toEqual({ comm: 'cat', pid: 1187, cpu: 1 });
    expect(d.taint).toEqual({ tainted: true, letters: 'GBOE' });
    expect(stackOf(d.frames, 'main')).toHaveLength(8);
    expect(stackOf(d.frames, 'allocated')).toEqual([
      'kasan_save_stack',
      '__kasan_kmalloc',
      'sensor_open',
      'do_dentry_open',
    ]);
    expect(stackOf(d.frames, 'freed')).toEqual([
      'kasan_save_stack',
      '__kasan_slab_free',
      'kfree',
      'sensor_release',
      '__fput',
    ]);
  });
});

describe('hung tasks and soft lockups', () => {
  it('keeps the blocked task of a hung-task report and files khungtaskd under other', () => {
    const d = details(`INFO: task jbd2/sda1-8:312 blocked for more than 122 seconds.
      Not tainted 6.1.0 #1
"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
task:jbd2/sda1-8     state:D stack:0     pid:312   ppid:2      flags:0x00004000
Call Trace:
 <TASK>
 __schedule+0x2e5/0x8c0
 schedule+0x5a/0xd0
 jbd2_journal_commit_transaction+0x2f1/0x1a20
 </TASK>
NMI backtrace for cpu 1
CPU: 1 PID: 38 Comm: khungtaskd Not tainted 6.1.0 #1
Call Trace:
 <TASK>
 dump_stack_lvl+0x34/0x48
 nmi_cpu_backtrace+0xd3/0x100
 watchdog+0x2b4/0x4b0
 </TASK>`);
    expect(d.task).toEqual({ comm: 'jbd2/sda1-8', pid: 312, cpu: null });
    expect(d.taint).toEqual({ tainted: false, letters: '' });
    expect(d.kernel).toBe('6.1.0');
    expect(stackOf(d.frames, 'main')).toEqual(['__schedule', 'schedule', 'jbd2_journal_commit_transaction']);
    expect(stackOf(d.frames, 'other')).toEqual(['dump_stack_lvl', 'nmi_cpu_backtrace', 'watchdog']);
  });

  it('reads comm, pid and CPU of a soft lockup even when comm holds colons', () => {
    const d = details(`watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [kworker/3:1:123]
CPU: 3 PID: 123 Comm: kworker/3:1 Tainted: G             L     6.1.0 #1`);
    expect(d.task).toEqual({ comm: 'kworker/3:1', pid: 123, cpu: 3 });
    expect(d.taint?.letters).toBe('GL');
  });
});

describe('architecture from what is left of a report', () => {
  it('arm32 from-pairs alone, a distribution release, x86 stale words', () => {
    expect(
      details(`INFO: task kworker/2:4:29548 blocked for more than 120 seconds.
[<c0997424>] (__schedule) from [<c0997a94>] (schedule+0x50/0xa8)
[<c0997a94>] (schedule) from [<c0997ef0>] (schedule_preempt_disabled+0x18/0x1c)`).arch,
    ).toBe('arm');
    expect(
      details(`BUG: scheduling while atomic: swapper/0/0/0x00000100
CPU: 0 PID: 0 Comm: swapper/0 Tainted: G           OE     5.14.0-70.el9.aarch64 #1`).arch,
    ).toBe('arm64');
    expect(
      details(`INFO: task txg_sync:1089 blocked for more than 120 seconds.
 ? __schedule+0x2e3/0x740
 ? bit_wait+0x10/0x60`).arch,
    ).toBe('x86_64');
  });

  it("x86's fault lines, x86-only modules and QEMU's PC, sparc64 and parisc register dumps", () => {
    // gh-006-rtl8821ae-null-ip-quoted-syslog: the fault line, `IP:` and `PGD` of arch/x86/mm/fault.c.
    expect(
      details(`BUG: unable to handle kernel NULL pointer dereference at           (null)
IP:           (null)
PGD 15483e067`).arch,
    ).toBe('x86_64');
    expect(
      details('WARNING: CPU: 1 PID: 2 at foo.c:1 f+0x1/0x2\nModules linked in: rtw88 kvm_intel i915').arch,
    ).toBe('x86_64');
    expect(
      details(
        'INFO: task a:1 blocked for more than 120 seconds.\nHardware name: QEMU Standard PC (Q35 + ICH9, 2009)',
      ).arch,
    ).toBe('x86_64');
    expect(
      details('(udev-worker)(88): Kernel illegal instruction [#1]\nTPC: <ehci_init_driver+0x0/0x160>').arch,
    ).toBe('sparc');
    expect(
      details('Kernel Fault: Code=15 (Data TLB miss fault) at addr 0000000000000000\n IAOQ[0]: f+0xb0/0x118')
        .arch,
    ).toBe('parisc');
  });

  it('an arch/ source path, mips and loongarch stack words, powerpc-only modules', () => {
    // gh-1113-fedora-coreos-ppc64le-warning-bpf-jit-trampoline-after-kola-harness-line
    expect(
      details(
        'WARNING: CPU: 0 PID: 1 at arch/powerpc/net/bpf_jit_comp.c:961 __arch_prepare_bpf_trampoline+0xe18/0x10a0',
      ).arch,
    ).toBe('powerpc');
    // gh-011-mt76-mips-local-bh-enable-warn, gh-1115-hvisor-loongarch-3a6000-rcu-preempt-stall-...
    expect(
      details('WARNING: CPU: 0 PID: 1093 at kernel/softirq.c:146 f+0x54/0xc8()\nStack : 00000000 00000004')
        .arch,
    ).toBe('mips');
    expect(
      details(
        'INFO: rcu_preempt self-detected stall on CPU\nStack : 0000000000000078 900000000d2ba200 000000000c4a9000',
      ).arch,
    ).toBe('loongarch');
    expect(
      details('WARNING: CPU: 0 PID: 1 at foo.c:1 f+0x1/0x2\nModules linked in: xfs crct10dif_vpmsum').arch,
    ).toBe('powerpc');
    // gh-1938-arm64-asahi-gpu-drm-sched-can-queue-credit-limit-warning-no-timestamps: Apple silicon's drivers.
    expect(
      details('WARNING: CPU: 0 PID: 1 at foo.c:1 f+0x1/0x2\nModules linked in: asahi apple_dcp apple_admac')
        .arch,
    ).toBe('arm64');
    expect(
      details('WARNING: CPU: 0 PID: 1 at foo.c:1 f+0x1/0x2\nModules linked in: xfs sha256_arm64').arch,
    ).toBe('arm64');
    // arch/mips/crypto's modules under OpenWrt's wireguard (gh-1393), arch/arm/crypto's scalar ones; not
    // drivers/cpuidle's cpuidle_arm, which arm64 builds as well.
    expect(
      details('WARNING: CPU: 0 PID: 1 at foo.c:1 f+0x1/0x2\nModules linked in: wireguard poly1305_mips').arch,
    ).toBe('mips');
    expect(
      details('WARNING: CPU: 0 PID: 1 at foo.c:1 f+0x1/0x2\nModules linked in: xfs sha256_arm aes_arm').arch,
    ).toBe('arm');
    expect(
      details('WARNING: CPU: 0 PID: 1 at foo.c:1 f+0x1/0x2\nModules linked in: xfs cpuidle_arm').arch,
    ).toBe('unknown');
  });

  it('reads a module list that goes on in a record of its own, and only that', () => {
    // gh-1904-x86_64-hyperv-v4l2loopback-video-register-device-warning-dmesg-human-relative
    const wrapped = details(
      [
        'WARNING: CPU: 0 PID: 9 at drivers/media/v4l2-core/v4l2-dev.c:838 __video_register_device+0xb1b/0xed0',
        'Modules linked in: v4l2loopback(OE+) videodev(OE) xfs',
        ' raid1 crct10dif_pclmul aesni_intel [last unloaded: foo]',
        ' CPU: 0 PID: 9 Comm: modprobe',
      ].join('\n'),
    );
    expect(wrapped.facts.modules?.map((m) => m.name)).toEqual([
      'v4l2loopback',
      'videodev',
      'xfs',
      'raid1',
      'crct10dif_pclmul',
      'aesni_intel',
    ]);
    expect(wrapped.arch).toBe('x86_64');
    // A trace under the list is no part of it.
    const traced = details(
      'WARNING: CPU: 0 PID: 9 at foo.c:1 f+0x1/0x2\nModules linked in: xfs\n dump_stack+0x5c/0x85',
    );
    expect(traced.facts.modules?.map((m) => m.name)).toEqual(['xfs']);
  });

  it("gives a report that names no architecture its paste's other reports' one", () => {
    // mg-956-parisc64-5.6-mem-init-bad-address-panic-stable-patch-qp: the panic line above the fault.
    const reports = parseReports(`Kernel panic - not syncing: Bad Address (null pointer deref?)
Bad Address (null pointer deref?): Code=26 (Data memory access rights trap) at addr 0000000000000000
CPU: 0 PID: 0 Comm: swapper Not tainted 5.6.0-2-parisc64 #1 Debian 5.6.14-1
 IAOQ[0]: mem_init+0xb0/0x150
 IAOQ[1]: mem_init+0xb4/0x150`).reports;
    expect(reports.map((r) => [r.kind, r.arch, r.kernel])).toEqual([
      ['panic', 'parisc', '5.6.0-2-parisc64'],
      ['null-deref', 'parisc', '5.6.0-2-parisc64'],
    ]);
  });

  it("reads a report's machine from a trace above it in the paste, and from QEMU's riscv board", () => {
    // gh-732-penguin-riscv64-igloo-portal-strncpy-from-user-sleep-atomic: the end of a trace above.
    const [report] = parseReports(`[   15.730107] [<ffffffff802850d2>] __riscv_sys_readlinkat+0xc2/0xe4
[   15.730437] [<ffffffff810b1bf4>] do_trap_ecall_u+0x1ae/0x1da
[   16.775176] BUG: sleeping function called from invalid context at lib/strncpy_from_user.c:117
[   16.777110] Call Trace:
[   16.779630] [<ffffffff80ce37f0>] handle_op_read_str+0xe0/0x2ce`).reports;
    expect(report?.arch).toBe('riscv');
    expect(details('Hardware name: riscv-virtio,qemu (DT)').arch).toBe('riscv');
  });

  it("reads arm from the name of its device-tree machine descriptor, not arm64's `(DT)` model", () => {
    // mg-2308: `Hardware name: Qualcomm (Flattened Device Tree)` above a bare-name stack.
    for (const name of [
      'Qualcomm (Flattened Device Tree)',
      'Generic DT based system',
      'Rockchip (Device Tree)',
      'Marvell PXA168 (Device Tree Support)',
      'ST SPEAr300 SoC with Flattened Device Tree',
    ]) {
      expect(details(`Hardware name: ${name}`).arch).toBe('arm');
    }
    expect(details('Hardware name: Raspberry Pi 4 Model B Rev 1.1 (DT)').arch).not.toBe('arm');
  });

  it("reads powerpc's release from its REGS line, and a lone report's from the boot banner", () => {
    // ml-117-ppc-slub-freelist-oops-softlockup-2.6.27
    expect(
      details(`Unable to handle kernel paging request for data at address 0x00000000
REGS: c00000077e22b090 TRAP: 0300   Not tainted  (2.6.27-rc2-next-20080811-autotest)`).kernel,
    ).toBe('2.6.27-rc2-next-20080811-autotest');
    const [report] =
      parseReports(`Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP
BUG: kernel NULL pointer dereference, address: 0000000000000008
Call Trace:
 foo_probe+0x12/0x34 [foo]`).reports;
    expect(report?.kernel).toBe('6.1.0-13-amd64');
  });

  it('reads the machine a poster or a bot states: uname -a, an Architecture row, the test robot', () => {
    const lockup = `watchdog: BUG: soft lockup - CPU#2 stuck for 22s! [z_wr_iss:1234]
Call Trace:
 zio_execute+0x12/0x34 [zfs]`;
    const archOf = (text: string) => parseReports(text).reports[0]?.arch;
    // gh-791-spl-el6-2.6.32-soft-lockup-z-wr-iss-prose-rpm, gh-216-rpi5-template-unfenced-stack-protector-schedule
    expect(
      archOf(
        `${lockup}\nLinux nfs00 2.6.32-71.29.1.el6.x86_64 #1 SMP Mon Jun 27 19:49:27 BST 2011 x86_64 x86_64 x86_64 GNU/Linux`,
      ),
    ).toBe('x86_64');
    expect(
      archOf(
        `Linux raspberry 6.12.6-1-rpi-16k #1 SMP PREEMPT Fri Dec 20 07:29:33 MST 2024 aarch64 GNU/Linux\n${lockup}`,
      ),
    ).toBe('arm64');
    // gh-1611-x86_64-5.7-nixos-zfs-db-mtx-free-children-circular-template, lscpu, ml-1105-lkp-6.19-lockdep-...
    expect(archOf(`Distribution Name\t| NixOS\nArchitecture\t| x86_64\n${lockup}`)).toBe('x86_64');
    expect(archOf(`Architecture:             riscv64\n${lockup}`)).toBe('riscv');
    expect(archOf(`config: arm64-randconfig-002-20260217\n${lockup}`)).toBe('arm64');
    expect(archOf(`test machine: qemu-system-x86_64 -enable-kvm -smp 2\n${lockup}`)).toBe('x86_64');
    // uname with fewer fields than -a (gh-2813: `uname -srpv`), toybox's -a: the release and `#` mark it.
    expect(
      archOf(`Linux 5.3.0-28-generic #30~18.04.1-Ubuntu SMP Fri Jan 17 06:14:09 UTC 2020 x86_64\n${lockup}`),
    ).toBe('x86_64');
    expect(
      archOf(`Linux localhost 4.14.190-perf #1 SMP PREEMPT Wed Jan 5 2022 aarch64 Toybox\n${lockup}`),
    ).toBe('arm64');
    // Words that only look like a statement.
    expect(archOf(`Linux is great on my constructor GNU/Linux\n${lockup}`)).toBe('unknown');
    expect(archOf(`Architecture: constructor\n${lockup}`)).toBe('unknown');
    expect(archOf(`Linux runs on my arm board\n${lockup}`)).toBe('unknown');
  });

  it("reads a release the poster states when the kernel's lines name none", () => {
    const kernelOf = (text: string) => parseReports(text).reports[0]?.kernel;
    const warning = `WARNING: CPU: 0 PID: 42 at drivers/media/dvb-core/dvb_frontend.c:1234 dvb_unregister_frontend+0x2c/0x40
Call Trace:
 dvb_usb_adapter_frontend_exit+0x1c/0x40`;
    // mg-083-khubd-dvb-unregister-frontend-bugzilla-wrapped: the kernel bugzilla's field.
    expect(kernelOf(`Kernel Version: 2.6.30-rc5\n${warning}`)).toBe('2.6.30-rc5');
    expect(
      kernelOf(`Linux box 6.12.6-1-rpi-16k #1 SMP PREEMPT Fri Dec 20 2024 aarch64 GNU/Linux\n${warning}`),
    ).toBe('6.12.6-1-rpi-16k');
    expect(kernelOf(`Kernel Version: 6.1.0\nKernel version | 6.6.3\n${warning}`)).toBeNull();
    // uname -a with the host name cut (gh-2105 of the fresh set, mg-723); prose is no release.
    expect(
      kernelOf(
        `Linux 6.6.31+rpt-rpi-v7l #1 SMP Raspbian 1:6.6.31-1+rpt1 (2024-05-29) armv7l GNU/Linux\n${warning}`,
      ),
    ).toBe('6.6.31+rpt-rpi-v7l');
    expect(kernelOf(`Linux 6.5 # is what I run\n${warning}`)).toBeNull();
  });
});

describe('other architectures', () => {
  it('arm32: PC/LR lines and the verbose from-pairs, each function once', () => {
    const d = details(`8<--- cut here ---
Unable to handle kernel NULL pointer dereference at virtual address 00000004
[00000004] *pgd=00000000
Internal error: Oops: 5 [#1] SMP ARM
Modules linked in: spi_sensor(O)
CPU: 0 PID: 97 Comm: irq/45-sensor Tainted: G           O      4.19.94 #1
Hardware name: Generic AM33XX (Flattened Device Tree)
PC is at spi_sensor_read+0x24/0x90 [spi_sensor]
LR is at spi_sensor_thread_fn+0x30/0x58 [spi_sensor]
pc : [<bf002024>]    lr : [<bf0020c0>]    psr: 60000013
sp : dc8a5f18  ip : 00000000  fp : dc8a5f34
Backtrace:
[<bf002000>] (spi_sensor_read [spi_sensor]) from [<bf0020c0>] (spi_sensor_thread_fn+0x30/0x58 [spi_sensor])
[<bf002090>] (spi_sensor_thread_fn [spi_sensor]) from [<c01829e8>] (irq_thread_fn+0x1c/0x78)
[<c01829e8>] (irq_thread_fn) from [<c0182d5c>] (irq_thread+0x120/0x1f8)
[<c0182c3c>] (irq_thread) from [<c014c2a4>] (kthread+0x150/0x180)
[<c014c154>] (kthread) from [<c01010e8>] (ret_from_fork+0x14/0x2c)`);
    expect(d.arch).toBe('arm');
    expect(d.facts.address).toBe('00000004');
    expect(d.facts.pc).toMatchObject({ fn: 'spi_sensor_read', offset: 0x24, size: 0x90, line: 8 });
    expect(d.facts.lr).toMatchObject({ fn: 'spi_sensor_thread_fn', offset: 0x30, line: 9 });
    expect(d.task).toEqual({ comm: 'irq/45-sensor', pid: 97, cpu: 0 });
    expect(d.kernel).toBe('4.19.94');
    expect(d.frames.map((f) => `${f.fn}+${f.offset ?? '-'}@${f.line}`)).toEqual([
      'spi_sensor_read+-@13',
      'spi_sensor_thread_fn+48@13',
      'irq_thread_fn+28@14',
      'irq_thread+288@15',
      'kthread+336@16',
      'ret_from_fork+20@17',
    ]);
    expect(d.frames.slice(0, 2).map((f) => f.module)).toEqual(['spi_sensor', 'spi_sensor']);
  });

  it('arm32 without CONFIG_BACKTRACE_VERBOSE: `callee from caller+off/size` lines', () => {
    const d = details(`BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283
in_atomic(): 1, irqs_disabled(): 128, non_block: 0, pid: 97, name: irq/45-sensor
CPU: 0 PID: 97 Comm: irq/45-sensor Tainted: G           O      6.1.0 #1
Hardware name: Generic AM33XX (Flattened Device Tree)
 unwind_backtrace from show_stack+0x10/0x14
 show_stack from dump_stack_lvl+0x40/0x4c
 dump_stack_lvl from __might_resched+0x1f0/0x224
 __might_resched from mutex_lock+0x18/0x40
 mutex_lock from spi_sensor_read+0x24/0x90 [spi_sensor]
 spi_sensor_read [spi_sensor] from spi_sensor_thread_fn+0x30/0x58 [spi_sensor]`);
    expect(d.frames.map((f) => f.fn)).toEqual([
      'unwind_backtrace',
      'show_stack',
      'dump_stack_lvl',
      '__might_resched',
      'mutex_lock',
      'spi_sensor_read',
      'spi_sensor_thread_fn',
    ]);
    expect(d.frames.find((f) => f.fn === 'spi_sensor_read')).toMatchObject({
      offset: 0x24,
      module: 'spi_sensor',
      line: 9,
    });
  });

  it('riscv: the symbolic epc/ra lines win over the raw register line', () => {
    const d = details(`Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
Oops [#1]
Modules linked in: uart_drv
CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.8.0-rc1 #2
Hardware name: riscv-virtio,qemu (DT)
epc : uart_drv_probe+0x3a/0x9c [uart_drv]
 ra : platform_probe+0x4e/0xa6
epc : ffffffff01a3003a ra : ffffffff8060a1b4 sp : ff2000000000bb70
 gp : ffffffff81c2d5a0 tp : ff60000002a08000 t0 : 0000000000000000
status: 0000000200000120 badaddr: 0000000000000000 cause: 000000000000000d
[<ffffffff01a3003a>] uart_drv_probe+0x3a/0x9c [uart_drv]
[<ffffffff8060a1b4>] platform_probe+0x4e/0xa6
[<ffffffff806077de>] really_probe+0x9e/0x38a
[<ffffffff80c01c6a>] kernel_init+0x1e/0x10a
[<ffffffff80003c2e>] ret_from_fork+0xe/0x1c`);
    expect(d.arch).toBe('riscv');
    expect(d.facts.pc).toMatchObject({
      fn: 'uart_drv_probe',
      offset: 0x3a,
      raw: 'uart_drv_probe+0x3a/0x9c [uart_drv]',
    });
    expect(d.facts.lr).toMatchObject({ fn: 'platform_probe', offset: 0x4e });
    expect(d.facts.modules).toEqual([{ name: 'uart_drv', marks: '' }]);
    expect(stackOf(d.frames, 'main')).toEqual([
      'uart_drv_probe',
      'platform_probe',
      'really_probe',
      'kernel_init',
      'ret_from_fork',
    ]);
  });

  it('riscv from user mode: the raw epc has no symbol', () => {
    const d = details('epc : 0000003fa5b0a7d2 ra : 0000003fa5b0a7c0 sp : 0000003fffd7e2a0');
    expect(d.facts.pc).toEqual({ fn: null, offset: null, size: null, raw: '0000003fa5b0a7d2', line: 1 });
  });

  it('powerpc: NIP/LR brackets and (unreliable) frames', () => {
    const d = details(`BUG: Kernel NULL pointer dereference on read at 0x00000010
Faulting instruction address: 0xc000000000a1b2c4
Oops: Kernel access of bad area, sig: 11 [#1]
Modules linked in: ibmvnic(E)
CPU: 4 PID: 1903 Comm: ethtool Tainted: G            E      6.1.0 #1
NIP:  c000000000a1b2c4 LR: c000000000a1b2a0 CTR: c000000000a1b280
REGS: c00000000f2a7830 TRAP: 0300   Tainted: G            E       (6.1.0)
MSR:  800000000280b033 <SF,VEC,VSX,EE,FP,ME,IR,DR,RI,LE>  CR: 28002842  XER: 20040000
GPR00: c000000000a1b2a0 c00000000f2a7ad0 c000000002a6a800 0000000000000000
NIP [c000000000a1b2c4] ibmvnic_get_link_ksettings+0x34/0x90 [ibmvnic]
LR [c000000000a1b2a0] ibmvnic_get_link_ksettings+0x10/0x90 [ibmvnic]
Call Trace:
[c00000000f2a7ad0] [c000000000c8a1f8] __ethtool_get_link_ksettings+0x98/0x100 (unreliable)
[c00000000f2a7b10] [c000000000c8b3a4] ethtool_get_settings+0x74/0x1d0
[c00000000f2a7d50] [c000000000030d9c] system_call_exception+0x15c/0x300
[c00000000f2a7e50] [c00000000000c654] system_call_vectored_common+0x154/0x2ec`);
    expect(d.arch).toBe('powerpc');
    expect(d.facts.address).toBe('0x00000010');
    expect(d.facts.pc).toMatchObject({ fn: 'ibmvnic_get_link_ksettings', offset: 0x34, line: 10 });
    expect(d.facts.lr).toMatchObject({ fn: 'ibmvnic_get_link_ksettings', offset: 0x10, line: 11 });
    expect(d.taint).toEqual({ tainted: true, letters: 'GE' });
    expect(d.frames[0]).toMatchObject({ fn: '__ethtool_get_link_ksettings', unreliable: true });
    expect(d.frames[1]?.unreliable).toBe(false);
  });

  it('s390: PSW location, failing address, and the breaking-event frame kept out of main', () => {
    const d = details(`Unable to handle kernel pointer dereference in virtual kernel address space
Failing address: 0000000000000000 TEID: 0000000000000483
Fault in home space mode while using kernel ASCE.
Oops: 0004 ilc:3 [#1] SMP
Modules linked in: zcrypt_drv(O)
CPU: 1 PID: 812 Comm: zcryptctl Tainted: G           O       6.1.0 #1
Hardware name: IBM 3931 A01 703 (z/VM 7.3.0)
Krnl PSW : 0704c00180000000 000003ff80a3c1b2 (zcrypt_drv_ioctl+0x4a/0x1c0 [zcrypt_drv])
           R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3
Krnl GPRS: 0000000000000000 0000000000000000 0000000000000000 000003ff80a3e0a0
Call Trace:
 [<000003ff80a3c1b2>] zcrypt_drv_ioctl+0x4a/0x1c0 [zcrypt_drv]
([<00000000004a0a50>] vfs_ioctl+0x30/0x50)
 [<00000000004a0b6c>] __s390x_sys_ioctl+0xb4/0x100
 [<0000000000b5a3c2>] __do_syscall+0x1e2/0x208
Last Breaking-Event-Address:
 [<000003ff80a3c1a8>] zcrypt_drv_ioctl+0x40/0x1c0 [zcrypt_drv]`);
    expect(d.arch).toBe('s390');
    expect(d.facts.address).toBe('0000000000000000');
    expect(d.facts.pc).toMatchObject({ fn: 'zcrypt_drv_ioctl', offset: 0x4a, size: 0x1c0 });
    expect(stackOf(d.frames, 'main')).toEqual([
      'zcrypt_drv_ioctl',
      'vfs_ioctl',
      '__s390x_sys_ioctl',
      '__do_syscall',
    ]);
    expect(stackOf(d.frames, 'other')).toEqual(['zcrypt_drv_ioctl']);
  });

  it('mips: epc/ra with the address before the symbol', () => {
    const d =
      details(`CPU 0 Unable to handle kernel paging request at virtual address 00000000, epc == 8043a1b4, ra == 8043a19c
Oops[#1]:
CPU: 0 PID: 1 Comm: swapper Not tainted 4.14.180 #0
$ 0   : 00000000 00000001 00000000 00000000
epc   : 8043a1b4 ath79_gpio_probe+0x44/0x2c0
ra    : 8043a19c ath79_gpio_probe+0x2c/0x2c0
Cause : 00800008 (ExcCode 02)
BadVA : 00000000
Call Trace:
[<8043a1b4>] ath79_gpio_probe+0x44/0x2c0
[<80290e4c>] platform_drv_probe+0x40/0x94`);
    expect(d.arch).toBe('mips');
    expect(d.facts.address).toBe('00000000');
    expect(d.facts.pc).toMatchObject({
      fn: 'ath79_gpio_probe',
      offset: 0x44,
      raw: '8043a1b4 ath79_gpio_probe+0x44/0x2c0',
    });
    expect(d.facts.lr).toMatchObject({ fn: 'ath79_gpio_probe', offset: 0x2c });
  });

  it('loongarch: ERA and ra, CRMD/PRMD as evidence', () => {
    const d =
      details(`CPU 2 Unable to handle kernel paging request at virtual address 0000000000000008, era == 9000000000b1a2c4, ra == 9000000000b1a2a0
Oops[#1]:
CPU: 2 PID: 512 Comm: modprobe Tainted: G           O      6.6.0 #1
   ERA: 9000000000b1a2c4 ls_gpio_probe+0x44/0x120 [ls_gpio]
    ra: 9000000000b1a2a0 ls_gpio_probe+0x20/0x120 [ls_gpio]
  CRMD: 000000b0 (PLV0 -IE -DA +PG DACF=CC DACM=CC -WE)
  PRMD: 00000004 (PPLV0 +PIE -PWE)
Call Trace:
[<9000000000b1a2c4>] ls_gpio_probe+0x44/0x120 [ls_gpio]
[<9000000000d10a58>] platform_probe+0x70/0x100`);
    expect(d.arch).toBe('loongarch');
    expect(d.facts.address).toBe('0000000000000008');
    expect(d.facts.pc).toMatchObject({ fn: 'ls_gpio_probe', offset: 0x44 });
    expect(d.facts.lr).toMatchObject({ fn: 'ls_gpio_probe', offset: 0x20 });
    expect(d.frames[0]?.module).toBe('ls_gpio');
  });
});

describe('reports that say little', () => {
  it('leaves every fact empty when the report names none', () => {
    const d = details('Kernel panic - not syncing: Fatal exception');
    expect(d).toEqual({
      facts: {
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
      },
      task: null,
      taint: null,
      kernel: null,
      arch: 'unknown',
      frames: [],
    });
  });

  it('reads hostile lines of the maximum length quickly', () => {
    const long = (head: string, fill: string) => head + fill.repeat(2048 - head.length);
    const hostile = [
      long('in_atomic(): 1, irqs_disabled(): 1, pid: ', '1'),
      long(' #0: ', '('),
      long(' #0: ffff888100ef1438 (', '){'),
      long('CPU: 0 PID: 1 Comm: ', 'Tainted: '),
      long('Modules linked in: ', 'a(O) '),
      long('RIP: 0010:', '[<ffffffff>] '),
      long('BUG: scheduling while atomic: ', 'a/1/'),
      long('watchdog: BUG: soft lockup - CPU#1 stuck for 1s! [', 'a:1:'),
      long('1 lock held by ', 'x/1/'),
    ];
    const text = Array.from({ length: 200 }, () => hostile.join('\n')).join('\n');
    const start = performance.now();
    details(text);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('powerpc oops without a CPU: line', () => {
  // From test/fixtures/real/reports/ml-117 (2.6.27-rc2 pSeries): the taint is only on the REGS: line.
  const d = details(`BUG: soft lockup - CPU#2 stuck for 61s! [startpar:3082]
Modules linked in:
NIP: c0000000004d7f98 LR: c0000000004d7f74 CTR: c000000000254900
REGS: c00000077ccc7810 TRAP: 0901   Tainted: G      D    (2.6.27-rc2-next-20080811-autotest)
MSR: 8000000000009032 <EE,ME,IR,DR>  CR: 24004484  XER: 20000000
TASK = c00000077e24d780[3082] 'startpar' THREAD: c00000077ccc4000 CPU: 2
`);

  it('reads the taint that __show_regs() prints on the REGS: line', () => {
    expect(d.taint).toEqual({ tainted: true, letters: 'GD' });
  });
});

describe('UBSAN shift counts', () => {
  // lib/ubsan.c __ubsan_handle_shift_out_of_bounds(): val_to_string() prints an unsigned count with %llu.
  it('reads -1 held in an unsigned count as -1, with the width of the shifted type', () => {
    // From test/fixtures/real/reports/ml-073 (pcie-xilinx-nwl, hwirq - 1 with hwirq 0).
    const d = details(`UBSAN: shift-out-of-bounds in ../drivers/pci/controller/pcie-xilinx-nwl.c:389:11
shift exponent 18446744073709551615 is too large for 32-bit type 'int'
CPU: 1 PID: 61 Comm: kworker/u10:1 Not tainted 6.6.20+ #268`);
    expect(d.facts.ubsanShift).toEqual({
      exponent: '18446744073709551615',
      count: -1,
      width: 32,
      type: "'int'",
      line: 2,
    });
  });

  it('reads a negative count, also from a header line the paste joined with it', () => {
    // From test/fixtures/real/reports/gh-1107 (one line in a GitHub issue).
    const d = details(
      `UBSAN: shift-out-of-bounds in scst/src/scst_targ.c:3912:6 shift exponent -1 is negative`,
    );
    expect(d.facts.ubsanShift).toMatchObject({ exponent: '-1', count: -1, width: null, type: null });
  });

  it('keeps a large count as printed', () => {
    const d = details(`UBSAN: shift-out-of-bounds in ./include/linux/log2.h:57:13
shift exponent 64 is too large for 64-bit type 'long unsigned int'`);
    expect(d.facts.ubsanShift).toMatchObject({ count: 64, width: 64, type: "'long unsigned int'" });
  });
});

describe('architecture from lines that only one machine prints', () => {
  const archOf = (text: string) => details(text).arch;

  it('tells old arm64 from arm32 by the end of their shared `pc : [<` register line', () => {
    const arm64 = `Internal error: Oops: 96000005 [#1] SMP
PC is at anon_vma_interval_tree_remove+0x20/0x258
LR is at unlink_anon_vmas+0x8c/0x1b8
pc : [<ffffff80081b06ac>] lr : [<ffffff80081ba1c8>] pstate: 20000145`;
    const arm = `Internal error: Oops: 17 [#1] SMP ARM
PC is at default_idle_call+0x30/0x34
LR is at default_idle_call+0x2c/0x34
pc : [<c010722c>]    lr : [<c0107228>]    psr: 60000013`;
    expect(archOf(arm64)).toBe('arm64');
    expect(archOf(arm)).toBe('arm');
  });

  it("tells loongarch's first register format from mips's, and reads riscv's old `sepc:` line", () => {
    // ml-1721-loongarch-6.3-rc5-fbdev-memcpy-toio-igt-lines-interleaved-quoted
    const loongarch = `CPU 3 Unable to handle kernel paging request at virtual address ffff800034bd0000, era == 9000000000223d5c, ra == ffff8000020d75a8
Oops[#1]:
$ 0   : 0000000000000000 ffff8000020d75a8 90000001367fc000 90000001367ffcf0
era   : 9000000000223d5c __memcpy_toio+0x4c/0x90
CSR crmd: 000000b0`;
    expect(archOf(loongarch)).toBe('loongarch');
    // gh-1751-riscv-4.17-k510-null-deref-serial-console-interleaved-mount-text
    expect(
      archOf(`Unable to handle kernel NULL pointer dereference at virtual address 000000000000006c
Oops [#1]
sepc: 000000000000006c ra : 0000000000000000 sp : ffffffe009d638a0`),
    ).toBe('riscv');
  });

  it("reads arm64 from die()'s syndrome of eight or sixteen digits", () => {
    expect(archOf('Internal error: Oops: 0000000096000004 [#1] SMP')).toBe('arm64');
    expect(archOf('Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP')).toBe('arm64');
    // arm32's __die() prints the fault status in a few digits and ends the line with its ISA.
    expect(archOf('Internal error: Oops - BUG: 0 [#1] PREEMPT SMP ARM')).toBe('arm');
  });

  it('reads arm32 from its die() line before S_ISA and from a verbose backtrace entry cut at 80 columns', () => {
    // gh-2957-arm-3.2-rpi-sleeping-mutex-then-kernel-bug-filemap-80col-cut-cpu-line, gh-2950-arm-3.12-rpi-...
    expect(archOf('Internal error: Oops - undefined instruction: 0 [#1]')).toBe('arm');
    expect(archOf('Internal error: Oops: 17 [#2]')).toBe('arm');
    expect(archOf('Internal error: Oops: 96000004 [#1] SMP')).toBe('arm64');
    expect(
      archOf(`BUG: sleeping function called from invalid context at kernel/mutex.c:85
[<c0012100>] (unwind_backtrace+0x0/0xe0) from [<c032c240>] (mutex
_lock+0x18/0x40)`),
    ).toBe('arm');
    // x86's old frames never print `from [<`.
    expect(archOf('Call Trace:\n [<c0103fea>] show_stack+0x7a/0x90')).toBe('unknown');
  });

  it("reads riscv from __show_regs()'s `gp :` line when the `epc` line above it is older or cut", () => {
    // gh-2968-riscv-5.10-unmatched-paging-request-old-epc-line-no-frames
    expect(
      archOf(`Unable to handle kernel paging request at virtual address 0000005f837c3064
Oops [#1]
epc: ffffffdf837c3064 ra : ffffffe00025da46 sp : ffffffe001603b80
 gp : ffffffe001810070 tp : ffffffe00160a380 t0 : 0000000000000040`),
    ).toBe('riscv');
    expect(archOf(' gp : ffffffe001810070 tp : ffffffe00160a380 t0 : 0000000000000040')).toBe('riscv');
  });

  it("reads x86 from the opcode bytes of its `Code:` line, not from other machines' instruction words", () => {
    expect(archOf('Code: 48 8b 47 08 <48> 8b 40 08 c3 cc cc cc cc')).toBe('x86_64');
    expect(archOf('Code: d503201f d503201f d503233f (d4210000)')).toBe('unknown');
  });

  it("reads the machine from names only one architecture's code defines", () => {
    // ml-1990-unknown-5.12-stable-perf-lbr-xsave-alloc-in-pmu-add-empty-brackets, gh-111-openwrt-mips-kmemleak-load-module
    expect(archOf('Call Trace:\n intel_pmu_lbr_add+0x152/0x170\n x86_pmu_add+0x83/0xd0')).toBe('x86_64');
    expect(archOf('Call Trace:\n secondary_startup_64_no_verify+0xe5/0xeb')).toBe('x86_64');
    expect(
      archOf(
        'backtrace:\n    [<800ddb18>] SyS_init_module+0x140/0x18c\n    [<80011e50>] syscall_common+0x34/0x58',
      ),
    ).toBe('mips');
    expect(archOf('Call Trace:\n riscv_writel+0x10/0x20 [tegra_drm]')).toBe('unknown');
  });

  it('reads x86-64 from a frame in its module area and from its crypto modules', () => {
    expect(archOf(' [<ffffffffa017df8c>] normal_sdu_write+0x6c/0xd0 [normal_ipcp]')).toBe('x86_64');
    expect(archOf(' [<ffffffff8012a824>] f+0x1c/0x40')).toBe('unknown');
    expect(archOf('Modules linked in: qrtr ccm wireguard curve25519_x86_64 libchacha20poly1305')).toBe(
      'x86_64',
    );
  });

  it("reads the machine from a held lock's address", () => {
    const held = `1 lock held by swapper/5/0:
 #0: ffff80001002bd90 (samples/ftrace/sample-trace-array.c:38){+.-.}-{0:0}, at: call_timer_fn+0x8/0x3e0`;
    expect(archOf(held)).toBe('arm64');
    // x86-64's direct map where KASLR left it; moved by KASLR, it overlaps riscv's sv48 kernel space.
    expect(archOf(held.replace('ffff80001002bd90', 'ffff88810a2c1e40'))).toBe('x86_64');
    expect(archOf(held.replace('ffff80001002bd90', 'ffff9a3c0a2c1e40'))).toBe('unknown');
    // gh-1335-x86-5.10-bcachefs-lockdep-circular-mark-lock-clear-page-bits-kswapd: moved by KASLR, and
    // before v4.20 at 0xffff880000000000; ml-1238: a module's static lock in x86-64's module area.
    expect(archOf(held.replace('ffff80001002bd90', 'ffff8b1654603e08'))).toBe('x86_64');
    expect(archOf(held.replace('ffff80001002bd90', 'ffff8800b9e5c1a0'))).toBe('x86_64');
    expect(archOf(held.replace('ffff80001002bd90', 'ffffffffa013b9d0'))).toBe('x86_64');
    expect(archOf(held.replace('ffff80001002bd90', 'ffffffff8213b9d0'))).toBe('unknown');
  });

  it("reads x86 from the relocation range of a panic's KASLR offset line", () => {
    expect(
      archOf(
        'Kernel Offset: 0x16a00000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)',
      ),
    ).toBe('x86_64');
    expect(archOf('Kernel Offset: 0x4d3c8a0000 from 0xffff800008000000')).toBe('unknown');
  });

  it("reads x86-64's module area in an old lock line's `at:` site", () => {
    // gh-038-ceph-xfs-pipe-lockdep-rsyslog-012
    const old = `1 lock held by tp_fstore_op/28134:
 #0:  (&sb->s_type->i_mutex_key#19){+.+.+.}, at: [<ffffffffa04b609d>] xfs_file_buffered_aio_write+0x6d/0x320 [xfs]`;
    expect(archOf(old)).toBe('x86_64');
    expect(archOf(old.replace('ffffffffa04b609d', 'ffffffff8104b609'))).toBe('unknown');
  });

  it("reads arm32's module area under PAGE_OFFSET in a frame that names its module", () => {
    // gh-749-rtl8723bu-imx6q-recursive-pmutex-usbctrl-vendorreq-4.9; a Raspberry Pi's 2G/2G split.
    const held = `1 lock held by wpa_supplicant/312:
 #0:  (pmutex){+.+...}, at: [<bf0fa420>] netdev_open+0x34/0x58 [8723bu]`;
    expect(archOf(held)).toBe('arm');
    expect(archOf(held.replace('bf0fa420', '7f0fa420'))).toBe('arm');
    // arm32's kernel text at 0xc0000000 is a weak vote of its own (the 3G/1G split), the area at
    // 0xbf000000 none without a module name.
    expect(archOf(held.replace('bf0fa420', 'c0768874').replace(' [8723bu]', ''))).toBe('arm');
    expect(archOf(held.replace(' [8723bu]', ''))).toBe('unknown');
  });

  it("reads the machine from the object address of a KASAN or kmemleak report, not from a fault's", () => {
    // gh-1326-x86-tempesta-kasan-slab-uaf-sched-srv-three-lines-only, ml-129-arm64-kmemleak-clk-bulk-get-all-dwc3
    expect(archOf('Read of size 8 at addr ffff8888cbb664b0 by task kworker/1:2/302')).toBe('x86_64');
    expect(archOf('The buggy address belongs to the object at ffff0000c4a2b000')).toBe('arm64');
    expect(archOf('unreferenced object 0xffffff80045def00 (size 128):')).toBe('arm64');
    expect(archOf('unreferenced object 0xc3a34e00 (size 64):')).toBe('unknown');
    expect(archOf('Unable to handle kernel paging request at virtual address ffff888000000000')).toBe(
      'unknown',
    );
  });

  it("reads powerpc's stack-pointer frames, its faulting address line and a ppc64 lock address", () => {
    expect(
      archOf(
        'Call Trace:\n[c0000000029cbbb0] [c0000000006df360] dump_stack_lvl+0x74/0xa8 (unreliable)\n[c0000000029cbbf0] [c000000000d04f30] check_preemption_disabled+0x150/0x160',
      ),
    ).toBe('powerpc');
    expect(archOf('[ 0000000000601234] schedule+0x1c/0x80')).toBe('unknown');
    expect(archOf('Faulting instruction address: 0xc00000000069d168')).toBe('powerpc');
    expect(
      archOf(
        'no locks held by x/1.\n1 lock held by swapper/0/1:\n #0: c0000000023be948 (base_crng.lock){..-.}-{2:2}, at: _credit_init_bits+0x158/0x1b0',
      ),
    ).toBe('powerpc');
  });

  it("reads OpenWrt's build folder in a source path", () => {
    const warning = (target: string) =>
      `WARNING: CPU: 1 PID: 17853 at /home/openwrt/build_dir/${target}/linux-ramips_mt7621/mt76-2018-02-09/mt7603/mac.c:1234 mt7603_mac_work+0x1e0/0x220 [mt7603e]`;
    expect(archOf(warning('target-mipsel_24kc_musl'))).toBe('mips');
    expect(archOf(warning('target-aarch64_cortex-a53_musl'))).toBe('arm64');
    expect(archOf(warning('target-arm_cortex-a7+neon-vfpv4_musl_eabi'))).toBe('arm');
    expect(archOf(warning('target-sparc_x'))).toBe('unknown');
    // gh-014-mt7603-filter-tx-warn-quoted: a path relative to the build folder.
    expect(
      archOf(
        'WARNING: CPU: 3 PID: 1068 at target-mipsel_24kc_musl/linux-ramips_mt7621/mt76-2021-07-15/mt7603/mac.c:1560 mt7603_filter_tx+0x1c/0x80 [mt7603e]',
      ),
    ).toBe('mips');
  });

  it("keeps mips's `Status:` apart from riscv's `status:`, and parisc's `Backtrace:` from arm's", () => {
    expect(archOf('epc : 802501cc Not tainted\nStatus: 1000fc03\nCause : 00800008')).toBe('mips');
    expect(archOf('Backtrace:\n [<000000004020af50>] show_stack+0x38/0x50')).toBe('unknown');
  });
});

describe('a stack retyped without offsets', () => {
  it('reads bare names under a stack header, and stops at the first line that is not one', () => {
    // gh-1630-arm64-4.19-bpf-jit-softlockup-panic-bare-symbol-trace, shortened.
    const d = details(`Kernel panic - not syncing: softlockup: hung tasks
Call trace:
dump_backtrace
el1_irq
smp_call_function_many
kick_all_cpus_sync
bpf_int_jit_compile
Then I test the same ebpf program on kernel 4.19
kthread
Thanks`);
    expect(d.frames.map((f) => f.fn)).toEqual([
      'dump_backtrace',
      'el1_irq',
      'smp_call_function_many',
      'kick_all_cpus_sync',
      'bpf_int_jit_compile',
    ]);
    expect(details('Some text\nkthread\nworker_thread').frames).toEqual([]);
  });
});

describe('the kernel release in the shapes it is pasted in', () => {
  const kernelOf = (text: string) => parseReports(text).reports[0]?.kernel;

  it("skips Red Hat's support marks between the taint and the release", () => {
    expect(
      details(
        'CPU: 18 PID: 119884 Comm: kworker/18:2 Kdump: loaded Tainted: G        W IOE    --------- -  - 4.18.0-240.el8.x86_64 #1',
      ).kernel,
    ).toBe('4.18.0-240.el8.x86_64');
    expect(
      details('CPU: 0 PID: 2 Comm: dockerd Tainted: G        W  OE K------------   3.10.0-862.el7.x86_64 #1')
        .kernel,
    ).toBe('3.10.0-862.el7.x86_64');
  });

  it("reads old arm's `CPU:` line and old i386's `EFLAGS:` line", () => {
    const arm = details('CPU: 1    Not tainted  (3.4.113-sun8i #2)');
    expect(arm.kernel).toBe('3.4.113-sun8i');
    expect(arm.taint).toEqual({ tainted: false, letters: '' });
    expect(arm.task).toBeNull();
    expect(details('EFLAGS: 00010202   (2.6.11-rc4)').kernel).toBe('2.6.11-rc4');
    expect(details('EFLAGS: 00010286   (2.6.17-1.2548.fc6 #1)').kernel).toBe('2.6.17-1.2548.fc6');
    expect(details('RSP: 0018:ffffa4cf49383e50 EFLAGS: 00010246').kernel).toBeNull();
  });

  it("reads the release of lockdep's banner without taint", () => {
    expect(details('3.1.0-rc2-00190-g3210d19 #7').kernel).toBe('3.1.0-rc2-00190-g3210d19');
    expect(details('2 #3').kernel).toBeNull();
  });

  it('joins a release wrapped onto the next line, with or without printk caller ids', () => {
    const header =
      'UBSAN: array-index-out-of-bounds in drivers/isdn/capi/kcapi.c:483:21\nindex -1 is out of range';
    expect(
      kernelOf(
        `[   46.86][ T6479] ${header.replace('\n', `\n[   46.86][ T6479] `)}\n[   46.86][ T6479] CPU: 1 PID: 6479 Comm: kcmtpd_ctr_0 Not tainted\n5.15.0-rc2+ #8\n[   46.86][ T6479] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)`,
      ),
    ).toBe('5.15.0-rc2+');
    // A mail client that wrapped at a hyphen: cut there, or joined again with a space.
    expect(
      kernelOf(
        `${header}\nCPU: 10 PID: 6210 Comm: qemu Not tainted 6.16.0-\nrc7-00005-g4ff8295d8d61 #79 NONE`,
      ),
    ).toBe('6.16.0-rc7-00005-g4ff8295d8d61');
    expect(
      kernelOf(`${header}\nCPU: 31 PID: 6698 Comm: ip Tainted: G S W 5.14.0- rc4_next-01094-gaba1e4 #2`),
    ).toBe('5.14.0-rc4_next-01094-gaba1e4');
    // Cut inside the taint's columns: the rest of the letters and their padding come first.
    expect(
      kernelOf(
        `${header}\nCPU: 1 PID: 10366 Comm: kworker/u64:0 Tainted: G        W\n  OE      6.1.1-arch1-1 #1 9bd09188`,
      ),
    ).toBe('6.1.1-arch1-1');
    // A line of its own that is no release stays where it is.
    expect(kernelOf(`${header}\nCPU: 1 PID: 1 Comm: x Not tainted\nHardware name: QEMU`)).toBeNull();
    // powerpc's register dump prints the release in parentheses after the taint (ml-117).
    expect(
      kernelOf(
        'Unable to handle kernel paging request for data at address 0x00c00000077cb7a8\nOops: Kernel access of bad area, sig: 11 [#1]\nNIP: c0000000000df740 LR: c0000000000df6d0 CTR: 0000000000000000\nREGS: c00000077e22b090 TRAP: 0300   Not tainted\n(2.6.27-rc2-next-20080811-autotest)\nMSR: 8000000000009032 <EE,ME,IR,DR>  CR: 24000242  XER: 20000000',
      ),
    ).toBe('2.6.27-rc2-next-20080811-autotest');
  });
});

describe('a CPU line wrapped before its release', () => {
  it('reads the release from the next line, as a mail client or quoted-printable soft break left it', () => {
    // lore, riscv bpf_mem_alloc_init warning (Renesas RZ/Five), the CPU line as the mail wrapped it.
    const wrapped = details(
      '[    0.268993] WARNING: CPU: 0 PID: 1 at kernel/bpf/memalloc.c:507\n' +
        'bpf_mem_alloc_init+0x306/0x30e\n' +
        '[    0.269026] Modules linked in:\n' +
        '[    0.269038] CPU: 0 PID: 1 Comm: swapper/0 Not tainted\n' +
        '6.6.0-rc3-00091-g6acfe6a7c746 #538\n' +
        '[    0.269049] Hardware name: Renesas SMARC EVK based on r9a07g043f01 (DT)\n',
    );
    expect(wrapped.kernel).toBe('6.6.0-rc3-00091-g6acfe6a7c746');
    // lore, exynos platform_shutdown oops: `=20` kept the space, the quote mark starts the next line.
    const quoted = details(
      '> Modules linked in: usb_f_ecm g_ether usb_f_rndis u_ether libcomposite=20\n' +
        '> brcmfmac sha256_generic libsha256 sha256_arm cfg80211 brcmutil=20\n' +
        '> panel_samsung_s6e8aa0 s5p_csi\n' +
        '> CPU: 0 PID: 1715 Comm: reboot Not tainted=20\n' +
        '> 5.10.0-rc7-next-20201211-00069-g1e8aa883315f #9935\n' +
        '> Hardware name: Samsung Exynos (Flattened Device Tree)\n' +
        '> Flags: nZCv=A0 IRQs on=A0 FIQs on=A0 Mode SVC_32=A0 ISA ARM=A0 Segment no=\n' +
        'ne\n',
    );
    expect(quoted.kernel).toBe('5.10.0-rc7-next-20201211-00069-g1e8aa883315f');
  });

  it('joins a task line cut before its taint, after its Comm:, in its taint letters or before a bare release', () => {
    const kernelOf = (cpu: string) =>
      details(`[  215.671946] ${cpu}\nHardware name: IBM 3931 A01 703 (LPAR)`).kernel;
    // ml-1066-s390-6.16-rc7-vfio-type1-warning-...: `Kdump: loaded` (v6.x) cut off, then the release.
    expect(
      kernelOf(
        'CPU: 10 UID: 107 PID: 6210 Comm: qemu-system-s39 Kdump:\nloaded Not tainted 6.16.0-\nrc7-00005-g4ff8295d8d61 #79 NONE',
      ),
    ).toBe('6.16.0-rc7-00005-g4ff8295d8d61');
    // gh-1651-arm-3.4-lge-f2fs-bug-android-wallclock-prefix under a 72-column wrap.
    expect(kernelOf('CPU: 3 PID: 13960 Comm:\nWDSqliteBackend Not tainted 3.4.113 #1')).toBe('3.4.113');
    // mg-1719-arm64-5.2-rt1-...: the taint's letters alone on their line; RHEL's and Fedora's dashes.
    expect(
      kernelOf('CPU: 3 PID: 1430 Comm: kvm-vcpu-1 Tainted: G\nW\n5.2.0-rt1-00008-g5bc0332820fd #88'),
    ).toBe('5.2.0-rt1-00008-g5bc0332820fd');
    expect(
      kernelOf(
        'CPU: 0 PID: 282859 Comm: dockerd Kdump: loaded Tainted: G        W  OE K------------\n3.10.0-862.el7.x86_64 #1',
      ),
    ).toBe('3.10.0-862.el7.x86_64');
    expect(
      kernelOf(
        'CPU: 1 PID: 20 Comm: kworker/1:0 Tainted: G        W\n  --------- ---  5.14.0-0.rc1.16.fc35.x86_64 #1',
      ),
    ).toBe('5.14.0-0.rc1.16.fc35.x86_64');
    // ml-1981-x86_64-6.13-stable-...: a release whose version the poster cut off.
    expect(kernelOf('CPU: 18 UID: 0 PID: 5462 Comm: ping Kdump: loaded Not tainted\n6.13.0-rc7+')).toBe(
      '6.13.0-rc7+',
    );
    // A line that only looks like the rest: no join.
    expect(kernelOf('CPU: 3 PID: 13960 Comm:\nthe task was busy')).toBeNull();
    expect(kernelOf('CPU: 3 PID: 1430 Comm: kvm-vcpu-1 Tainted: G\nW\nsomething else')).toBeNull();
  });
});

describe('the machine of reports with no register dump', () => {
  it("reads powerpc from its die() line, its watchdog's lockup line, its interrupt markers and ELFv1 dot symbols", () => {
    // ml-1959-ppc64-5.6-next-hugetlb-region-add-vm-bug-on-caller-id-timestamps-snipped-no-frames
    expect(details('kernel BUG at mm/hugetlb.c:490!\nOops: Exception in kernel mode, sig: 5 [#1]').arch).toBe(
      'powerpc',
    );
    // ml-1967-ppc64-2000-cpu-self-detected-hard-lockup-idr-find-abridged-no-offsets
    expect(
      details('watchdog: CPU 1125 self-detected hard LOCKUP @ idr_find\nCall Trace:\nget_work_pool').arch,
    ).toBe('powerpc');
    // ml-1942-ppc64-power3-2.6.16.1-floppy-dma-map-single-bad-area-quoted: show_stack()'s marker alone
    expect(details('Call Trace:\n--- Exception: 901 at .ppc64_runlatch_off+0x0/0x50').arch).toBe('powerpc');
    // ml-1131-ppc64-elfv1-dot-symbols-nouveau-new-warning-format-then-null-revert
    expect(
      details(
        'WARNING: CPU: 1 PID: 1 at foo.c:1 bar+0x1/0x2\nCall Trace:\n.drm_client_modeset_commit+0x40/0x7c [drm]',
      ).arch,
    ).toBe('powerpc');
    // xtensa's die() has no text between `Oops:` and `sig:`; microblaze's no `[#n]`.
    expect(details('Oops: sig: 9 [#1]').arch).toBe('unknown');
    expect(details('Oops: kernel access of bad area, sig: 11').arch).toBe('unknown');
  });

  it('reads arm32 from the ISA at the end of its die() line and from its alignment trap', () => {
    // ml-1966-arm-bcm2835-nft-quota-atomic64-alignment-exception-internal-error-no-cpu-line
    expect(
      details('Internal error: : 1 [#1] PREEMPT SMP ARM\n[<7f4473fc>] (nft_quota_do_init [nft_quota])').arch,
    ).toBe('arm');
    expect(details('Internal error: Oops: 17 [#1] THUMB2').arch).toBe('arm');
    expect(details('Alignment trap: not handling instruction e1b26f9f at [<7f4473f8>]').arch).toBe('arm');
    expect(details('Internal error: Oops: 96000004 [#1] PREEMPT SMP').arch).toBe('arm64');
  });

  it('reads the lines behind a syslog host tag whose date was cut off', () => {
    // ml-1043-cm4-arm64-6.1-v3d-dma-resv-paging-hostname-kernel-prefix-no-dates
    const [report] =
      parseReports(`h63 kernel: Unable to handle kernel paging request at virtual address ffff8061d9850028
h63 kernel: CPU: 3 PID: 493 Comm: Xorg Tainted: G         C 6.1.45-v8-gdc69f9d60872 #3
h63 kernel: pc : dma_resv_add_fence+0x80/0x260
h63 kernel: lr : v3d_attach_fences_and_unlock_reservation+0x6c/0x1c0 [v3d]
h63 kernel: Call trace:
h63 kernel:  dma_resv_add_fence+0x80/0x260`).reports;
    expect(report?.headline).toBe(
      'Unable to handle kernel paging request at virtual address ffff8061d9850028',
    );
    expect(report?.arch).toBe('arm64');
    expect(report?.kernel).toBe('6.1.45-v8-gdc69f9d60872');
    // One line alone keeps its words: a sentence can say `my kernel: ...`.
    expect(readPaste('the host kernel: 6.1 panics').lines[0]?.text).toBe('the host kernel: 6.1 panics');
  });
});

describe("the release of a paste's register dump that no report holds", () => {
  it("gives a panic below a machine check's register dump that dump's release", () => {
    // ml-1957-mips-octeon-4.6-thp-machine-check-multiple-tlb-entries-panic-user-epc-no-frames
    const text = `[ 2457.467155] Got mcheck at 00000001200a82b4
[ 2457.479447] CPU: 6 PID: 15916 Comm: lib/unicore/mkt Not tainted 4.6.0-octeon-distro.git-v2.16-1-gfc3b10e-dirty-00001-g16a7aa0 #1
[ 2457.751055] epc   : 00000001200a82b4 0x1200a82b4
[ 2458.054470] Kernel panic - not syncing: Caught Machine Check exception - caused by multiple matching entries in the TLB.`;
    const [report] = parseReports(text).reports;
    expect(report?.kind).toBe('panic');
    expect(report?.kernel).toBe('4.6.0-octeon-distro.git-v2.16-1-gfc3b10e-dirty-00001-g16a7aa0');
    // Two machines' releases name none.
    const two = text.replace('Got mcheck', 'CPU: 1 PID: 1 Comm: init Not tainted 4.5.0 #1\nGot mcheck');
    expect(parseReports(two).reports[0]?.kernel).toBeNull();
  });
});

describe('a release wrapped inside its word and joined again with a space', () => {
  it('reads the word before the version as the rest of the release', () => {
    // mg-037-s390-cki-psi-show-list-add-corruption-qp-double-wrapped
    expect(details('CPU: 2 PID: 570251 Comm: stress-ng-sysfs Not tainted 5.5.8-c30281 6.cki #1').kernel).toBe(
      '5.5.8-c302816.cki',
    );
    // mg-1253-s390-zvm-5.7-next-kvm-handle-pqap-warning-00-console-prefix-wrapped-80-cols-interleaved-reply
    expect(
      details('CPU: 0 PID: 1533 Comm: qemu-kvm Not tainted 5.7.0-rc3-next-20 00: 200501 #2').kernel,
    ).toBe('5.7.0-rc3-next-20200501');
    // The same cut on a line of its own, as a console of fixed width leaves it.
    const [report] = parseReports(`WARNING: CPU: 0 PID: 1533 at foo.c:1 bar+0x1/0x2
CPU: 0 PID: 1533 Comm: qemu-kvm Not tainted 5.7.0-rc3-next-20
200501 #2
Call Trace:
 bar+0x1/0x2`).reports;
    expect(report?.kernel).toBe('5.7.0-rc3-next-20200501');
    expect(details('CPU: 0 PID: 1 Comm: init Not tainted 6.6.0 #1 SMP').kernel).toBe('6.6.0');
    expect(details('CPU: 0 PID: 1 Comm: init Not tainted 6.6.0 PREEMPT').kernel).toBe('6.6.0');
  });
});

describe('UBSAN array indexes', () => {
  // lib/ubsan.c __ubsan_handle_out_of_bounds(): `index %s is out of range for type %s`.
  it('reads the index and the bound of the array type', () => {
    const d = details(`UBSAN: array-index-out-of-bounds in drivers/gpu/drm/v3d/v3d_sched.c:320:3
index 7 is out of range for type '__u32 [7]'
CPU: 0 PID: 1 Comm: init Not tainted 6.10.3 #1`);
    expect(d.facts.ubsanIndex).toEqual({ index: 7, length: 7, type: "'__u32 [7]'", line: 2 });
  });

  it('reads -1 in an unsigned index as -1, the outer bound of a nested array, no bound for [*]', () => {
    expect(
      details(`index 18446744073709551615 is out of range for type 'u8 [48]'`).facts.ubsanIndex,
    ).toMatchObject({
      index: -1,
      length: 48,
    });
    expect(details(`index 2 is out of range for type 'int [2][3]'`).facts.ubsanIndex).toMatchObject({
      length: 2,
    });
    expect(details(`index 8 is out of range for type '__u8 [*]'`).facts.ubsanIndex).toMatchObject({
      length: null,
    });
  });

  it('reads the index from a header line the paste joined with it', () => {
    const d = details(
      `UBSAN: array-index-out-of-bounds in aq_nic.c:1571:48 index 8 is out of range for type 'aq_vec_s *[8]'`,
    );
    expect(d.facts.ubsanIndex).toMatchObject({ index: 8, length: 8, type: "'aq_vec_s *[8]'" });
  });
});

describe('held-lock lists with lines between their locks', () => {
  // From test/fixtures/real/reports/mg-052 (a driver message printed inside lockdep's list, #0 cut in two).
  const d = details(`BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 40, name: kworker/u4:3
4 locks held by kworker/u4:3/40:
 #0: ffff000003409148
macb ff0c0000.ethernet: gem-ptp-timer ptp clock registered.
 ((wq_completion)events_power_efficient){+.+.}-{0:0}, at: process_one_work+0x14c/0x51c
 #1: ffff8000833cbdd8 ((work_completion)(&pl->resolve)){+.+.}-{0:0}, at: process_one_work+0x14c/0x51c
 #2: ffff000004f01578 (&pl->state_mutex){+.+.}-{4:4}, at: phylink_resolve+0x44/0x4e8
 #3: ffff000004f06f50 (&bp->lock){....}-{3:3}, at: macb_mac_link_up+0x40/0x2ac
irq event stamp: 113998`);

  it('keeps reading the list after a foreign line when the next lock number follows', () => {
    expect(d.facts.locksHeld?.locks.map((l) => l.name)).toEqual([
      '(work_completion)(&pl->resolve)',
      '&pl->state_mutex',
      '&bp->lock',
    ]);
  });

  it('does not take a numbered line far below the list as one of its locks', () => {
    const far = details(`2 locks held by foo/1:
 #0: ffff888100ef1438 (&dev->lock){+.+.}-{3:3}, at: foo_a+0x10/0x20
one
two
three
four
 #1: ffff888100ef1440 (&dev->other){+.+.}-{3:3}, at: foo_b+0x10/0x20`);
    expect(far.facts.locksHeld?.locks.map((l) => l.name)).toEqual(['&dev->lock']);
  });
});

describe('the release of a task line wrapped after print_tainted()', () => {
  it('reads the release that starts the next line', () => {
    // mg-510-amd-pmu-kasan-gpf-fully-joined-email: `... Comm: repro_x86_pmu_e Not tainted` / `6.10.0-rc1-... #1`
    const d =
      details(`Oops: general protection fault, probably for non-canonical address 0xdffffc0000000034: 0000 [#1] PREEMPT SMP KASAN NOPTI
CPU: 0 PID: 20434 Comm: repro_x86_pmu_e Not tainted
6.10.0-rc1-21-ge0cce98fe279-syzk #1
RIP: 0010:x86_pmu_enable_event+0x63/0x280`);
    expect(d.kernel).toBe('6.10.0-rc1-21-ge0cce98fe279-syzk');
    expect(d.taint?.tainted).toBe(false);
  });

  it('takes no release from a next line that is not one', () => {
    const d = details(`CPU: 1 PID: 7 Comm: kworker/0:1 Tainted: G        W
Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.15.0-1 04/01/2014
RIP: 0010:foo+0x1/0x2`);
    expect(d.kernel).toBeNull();
    expect(d.taint?.letters).toBe('GW');
  });
});

describe("the boot banner's compiler", () => {
  const HUNG = `INFO: task kworker/u2:1:52 blocked for more than 120 seconds.
      Not tainted 5.18.0-rc4-gf4bce410a6b4-dirty #1
"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.`;

  it('reads the machine from the target triplet of a cross or distribution gcc', () => {
    // tmolteno/d1_build#6: `(riscv64-unknown-linux-gnu-gcc (GCC) 11.1.0, GNU ld (GNU Binutils) 2.37)`
    const [report] =
      parseReports(`[    0.000000] Linux version 5.18.0-rc4-gf4bce410a6b4-dirty (root@af38772c042c) (riscv64-unknown-linux-gnu-gcc (GCC) 11.1.0, GNU ld (GNU Binutils) 2.37) #1 PREEMPT Fri May 20 14:28:31 UTC 2022
${HUNG}`).reports;
    expect(report?.arch).toBe('riscv');
    const [debian] =
      parseReports(`Linux version 6.12.48+deb13-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0, GNU ld (GNU Binutils for Debian) 2.44) #1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 (2025-09-20)
${HUNG}`).reports;
    expect(debian?.arch).toBe('x86_64');
  });

  it('reads nothing from a native gcc or clang', () => {
    const [gcc] =
      parseReports(`Linux version 6.6.0 (root@host) (gcc (GCC) 13.2.1 20231014, GNU ld (GNU Binutils) 2.41) #1 SMP
${HUNG}`).reports;
    expect(gcc?.arch).toBe('unknown');
    const [clang] = parseReports(`Linux version 6.6.0 (root@host) (clang version 17.0.6, LLD 17.0.6) #1 SMP
${HUNG}`).reports;
    expect(clang?.arch).toBe('unknown');
  });
});

describe('User-mode Linux', () => {
  it("names no architecture for UML's own panic, whatever host registers it prints", () => {
    // ml-2816-um-x86_64-2.6.17-rc4-skas-kernel-mode-fault-panic-stub-registers-debug-patch
    const [report] = parseReports(`Kernel panic - not syncing: Kernel mode fault at addr 0x0, ip 0x4000f349
RIP: 0033:[<000000004000f349>]
RSP: 0000007f7f8d4498  EFLAGS: 00000246
RAX: 0000000000000000 RBX: 0000007f7f8d44b0 RCX: ffffffffffffffff
RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000000
Call Trace:
 [<6001a10a>] panic_exit+0x2a/0x50
 [<60044acc>] notifier_call_chain+0x1c/0x30`).reports;
    expect(report?.arch).toBe('unknown');
  });
});

describe('the machine read from what is left of an excerpt (fresh28 batch)', () => {
  it('reads x86 from an odd return offset, which only a byte-addressed instruction stream has', () => {
    // gh-166-rtl8xxxu-alloc-hw-warn-probe: a trace with no register dump and no entry code
    expect(
      details(
        'WARNING: CPU: 10 PID: 7153 at net/mac80211/main.c:631 ieee80211_alloc_hw_nm+0x67/0x6a0 [mac80211]\nCall Trace:\n rtl8xxxu_probe+0x1b3/0xa40 [rtl8xxxu]',
      ).arch,
    ).toBe('x86_64');
    // arm64 offsets are whole instructions: no x86 from an even one.
    expect(details('Call trace:\n dump_backtrace+0x0/0x1e0\n show_stack+0x18/0x24').arch).toBe('arm64');
  });

  it("reads x86 from a logged trace whose frames print no address under x86's `Call Trace:`", () => {
    const text = `[ 7372.085523] INFO: task kworker/u16:2:1234 blocked for more than 120 seconds.
[ 7372.085550] Call Trace:
[ 7372.085555]  __schedule+0x24e/0x590
[ 7372.085566]  io_schedule+0x46/0x80
[ 7372.085625]  process_one_work+0x228/0x3d0`;
    expect(parseReports(text).reports[0]?.arch).toBe('x86_64');
    // A commit message strips addresses and times together: no evidence then.
    expect(parseReports(text.replace(/^\[[ \d.]+\] /gm, '')).reports[0]?.arch).toBe('unknown');
  });

  it("reads riscv from its old show_regs()'s supervisor CSR line", () => {
    // gh-3403-boom-riscv-80-int-regs-sstatus-line-kill-init-no-frames
    const [report] = parseReports(`Error message: 
sstatus: 0000000200000100 sbadaddr: fffffffb63b62868 scause: 000000000000000d
Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b`).reports;
    expect(report?.arch).toBe('riscv');
  });

  it('reads the machine of a crash utility summary, a boot banner, x86 boot lines and `uname -r` output', () => {
    // gh-3411-mhvtl-ppc64le-el7-crash-sys-panic-paging-request-vmcore
    const [crash] = parseReports(`     RELEASE: 3.10.0-327.el7.ppc64le
     MACHINE: ppc64le  (3026 Mhz)
       PANIC: "Unable to handle kernel paging request for data at address 0xffffffffffffff70"`).reports;
    expect(crash?.arch).toBe('powerpc');
    // gh-3423-qubes-2.6.38-xenlinux-smpboot-bug-quoted-line-then-boot-banner
    const [banner] = parseReports(`[    0.128114] kernel BUG at drivers/xen/core/smpboot.c:213!

[    0.000000] Linux version 2.6.38.3-6.xenlinux.qubes.x86_64 (geeko@buildhost) (gcc version 4.5.1 (GCC) ) #1 SMP
[    0.000000] last_pfn = 0x7a100 max_arch_pfn = 0x80000000`).reports;
    expect(banner?.arch).toBe('x86_64');
    expect(banner?.kernel).toBe('2.6.38.3-6.xenlinux.qubes.x86_64');
    // a kernel log line's names are not the poster's: no culprit from `max_arch_pfn`
    expect(banner?.culprit).toBeNull();
    expect(details('BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable').arch).toBe('x86_64');
    // gh-3414-cloudlinux-el6-kvm-on-smartos-soft-lockup-syslogd-wall-uname-r-alone
    const [lockup] = parseReports(`# uname -a
SunOS gz1  5.11 joyent_20141030T164802Z i86pc i386 i86pc
# uname -r
2.6.32-531.29.2.lve1.3.11.1.el6.x86_64

kernel:[45516.131642] BUG: soft lockup - CPU#1 stuck for 67s! [grep:136248]`).reports;
    expect(lockup?.arch).toBe('x86_64');
    expect(lockup?.kernel).toBe('2.6.32-531.29.2.lve1.3.11.1.el6.x86_64');
  });

  it('reads the machine of vendor and distribution releases', () => {
    expect(details('CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.63-current-sunxi64 #1').arch).toBe('arm64');
    expect(details('[   42.144508] 5.10.5-odroidxu4 #4 Tainted: G           O').arch).toBe('arm');
    expect(details('CPU: 1 PID: 9 Comm: kworker/1:1 Not tainted 4.9.253-tegra #1').arch).toBe('arm64');
    expect(
      details('CPU: 12 PID: 10 Comm: kworker/u32:0 Tainted: P     UD    O       6.5.13-3-pve #1').arch,
    ).toBe('x86_64');
  });
});

describe('releases read where the paste states them (fresh28 batch)', () => {
  it('takes no release from a task line cut inside it, and the issue template states it', () => {
    // gh-3407-zfs-ubuntu-5.15-raidz-page-fault-write-cut-at-release-issue-template
    const [report] = parseReports(`Kernel Version	| 5.15.0-107-generic

[29367.709653] BUG: unable to handle page fault for address: ff1d126f9666bcff
[29367.709738] #PF: supervisor write access in kernel mode
[29367.710090] CPU: 47 PID: 2983858 Comm: z_wr_iss Tainted: P           OE     5.15.`).reports;
    expect(report?.kernel).toBe('5.15.0-107-generic');
  });

  it("takes the release of modinfo's vermagic row, and no culprit from its parameter names", () => {
    // gh-3408-ppc32-powermac-debian-3.2-rtl8192cu-instruction-fetch-null-vermagic-release
    const [report] =
      parseReports(`filename:       /lib/modules/3.2.0-4-powerpc/kernel/drivers/net/wireless/8192cu.ko
vermagic:       3.2.0-4-powerpc mod_unload modversions 
parm:           rtw_chip_version:int

[  447.565464] Unable to handle kernel paging request for instruction fetch
[  447.565480] Faulting instruction address: 0x00000000
[  447.565489] Oops: Kernel access of bad area, sig: 11 [#1]`).reports;
    expect(report?.kernel).toBe('3.2.0-4-powerpc');
    expect(report?.culprit).toBeNull();
    // powerpc before v5.2: an instruction fetch at a pc in the first page is a call through NULL
    expect(report?.kind).toBe('null-deref');
  });
});

describe('an old x86 RIP line whose addresses a Markdown converter made a link (fresh28 batch)', () => {
  it('reads the function after the mangled address pair', () => {
    // gh-3418-qubes-3.2.7-pvops-xen-smp-kernel-bug-markdown-mangled-brackets
    const [report] = parseReports(`[    0.012400] kernel BUG at /home/user/linux-3.2.7/arch/x86/xen/smp.c:322!
[    0.012409] invalid opcode: 0000 [SMP 
[    0.012416](#1]) CPU 0 
[    0.012429] Pid: 1, comm: swapper/0 Not tainted 3.2.7-3.pvops.qubes.x86_64 #1  
[    0.012438] RIP: e030:[ [<ffffffff8143a229>](<ffffffff8143a229>]) cpu_initialize_context+0x263/0x280
[    0.012452] RSP: e02b:ffff880031863e10  EFLAGS: 00010282`).reports;
    expect(report?.culprit?.fn).toBe('cpu_initialize_context');
  });
});

describe('a culprit the poster copied as a symbol with its offset (fresh28 batch)', () => {
  it("reads the pc of a phone's ramdump reason above a report cut before its trace", () => {
    // gh-3413-pixel-android14-ramdump-msg-sock-create-null-deref-tid-prefix-cut
    const [report] = parseReports(`RAMDUMP_MSG.txt:
  reset message: KP: Oops: Fatal exception: comm:oLibV2RayDaemon PC:__sock_create+0x170/0x2b8 LR:__sock_create+0x168/0x2b8
  Reboot reason: 0xbaba - Kernel PANIC

[   13.777845][ T3110] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008
[   13.777903][ T3110] Mem abort info:
[   13.777910][ T3110]   ESR = 0x0000000096000006`).reports;
    expect(report?.culprit?.fn).toBe('__sock_create');
  });
});

describe('riscv from its text window and a half-word return offset (fresh28 batch)', () => {
  it('reads riscv from a bare trace at 0xffffffff80000000 with a compressed-instruction offset', () => {
    // gh-2843-visionfive2-riscv-vfs-panic-only-end-marker-padded-serial-lines
    const text = `Call Trace:
[<ffffffff80a0150c>] mount_root+0x0/0x204
[<ffffffff80a016f4>] mount_root+0x1e8/0x204
[<ffffffff80a00f32>] kernel_init_freeable+0x1ea/0x204`;
    expect(details(text).arch).toBe('riscv');
    // Four-byte offsets there are mips64's as well: no riscv from them.
    expect(details(text.replace('0x1ea/', '0x1e8/')).arch).toBe('unknown');
  });
});

describe("arm32's kernel text window as a weak vote (fresh28 batch)", () => {
  it("reads arm from a lockdep site in 0xc0000000's kernel text, not from a module there", () => {
    // gh-730-rpi-3.12-sdhci-inconsistent-hardirq-lock-state
    expect(details(' (&(&host->lock)->rlock){?.+...}, at: [<c035d398>] sdhci_spin_lock+0x10/0x4c').arch).toBe(
      'arm',
    );
    // mips32 loads its modules there (ml-2700-mips-2.6.11-au1100-hostap-badness-local-bh-enable-pgp-qp)
    expect(details(' [<c0064438>] hostap_data_start_xmit+0x80c/0xac4 [hostap]').arch).toBe('unknown');
  });
});

describe('the board a poster names, when no kernel line names the machine (fresh28 batch)', () => {
  it('reads arm64 from an Allwinner H5 and an Amlogic S905X above bare RCU stall lines', () => {
    // gh-3436-libretech-h5-s905x-stress-ng-hrtimers-rcu-preempt-stalls-no-trace
    const reports = parseReports(`On Allwinner H5:

[  332.053991] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[  332.066385] rcu:     Tasks blocked on level-0 rcu_node (CPUs 0-3): P955/2:b..l`).reports;
    expect(reports[0]?.arch).toBe('arm64');
    // ml-120-mips-at803x-config-intr-ar9331; the kernel's own lines outweigh the prose's board.
    expect(
      parseReports('on my AR9331 board:\nBUG: scheduling while atomic: swapper/0/0/0x00000100').reports[0]
        ?.arch,
    ).toBe('mips');
    expect(
      parseReports(
        'Works on RK3399.\nBUG: unable to handle page fault for address: ffffffffffffffff\n#PF: supervisor read access in kernel mode',
      ).reports[0]?.arch,
    ).toBe('x86_64');
  });
});
