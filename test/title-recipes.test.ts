/**
 * Where syzbot's title takes its function from, per report format: excerpts of the syzbot mails in
 * test/fixtures/syzbot-lore/ named beside each, titled by the mail's Subject.
 */
import { describe, expect, it } from 'vitest';
import { parseReports } from '../src/parse/index.js';

const titles = (lines: readonly string[]): string[] =>
  parseReports(lines.join('\n')).reports.map((r) => r.title);

describe('lockdep reports titled by one `at:` line, as printed', () => {
  it('names a held lock freed by the first `at: f+0x..` line, a generic function or not', () => {
    // held-lock-freed-__flush_workqueue.txt: the `[inline]` line names no function, and
    // __flush_workqueue stays although a stack would skip it.
    expect(
      titles([
        '=========================',
        'WARNING: held lock freed!',
        '6.10.0-rc3-next-20240611-syzkaller #0 Not tainted',
        '-------------------------',
        'syz-executor.0/7578 is freeing memory ffff88823bdf8000-ffff88823bdf81ff, with a lock still held there!',
        'ffff88823bdf8148 (&x->wait#58){+.+.}-{2:2}, at: touch_wq_lockdep_map kernel/workqueue.c:3895 [inline]',
        'ffff88823bdf8148 (&x->wait#58){+.+.}-{2:2}, at: __flush_workqueue+0x1b0/0x1710 kernel/workqueue.c:3937',
        '3 locks held by syz-executor.0/7578:',
        ' #0: ffff8880221960e0 (&type->s_umount_key#107/1){+.+.}-{3:3}, at: alloc_super+0x221/0x9d0 fs/super.c:344',
        '',
        'stack backtrace:',
        'CPU: 0 PID: 7578 Comm: syz-executor.0 Not tainted 6.10.0-rc3-next-20240611-syzkaller #0',
        'Call Trace:',
        ' <IRQ>',
        ' __dump_stack lib/dump_stack.c:91 [inline]',
        ' dump_stack_lvl+0x241/0x360 lib/dump_stack.c:117',
        ' print_freed_lock_bug kernel/locking/lockdep.c:6607 [inline]',
        ' debug_check_no_locks_freed+0x3ca/0x4b0 kernel/locking/lockdep.c:6642',
        ' kfree+0xfa/0x360 mm/slub.c:4576',
        ' rcu_core+0xafd/0x1830 kernel/rcu/tree.c:2838',
        ' handle_softirqs+0x2c4/0x970 kernel/softirq.c:554',
      ]),
    ).toEqual(['WARNING: held lock freed in __flush_workqueue']);
  });

  it('names a lock held when returning to user space by the first lock after the task line', () => {
    // lock-held-returning-alloc_super.txt
    expect(
      titles([
        '================================================',
        'WARNING: lock held when returning to user space!',
        '6.0.0-rc7-syzkaller #0 Not tainted',
        '------------------------------------------------',
        'syz-executor.2/11590 is leaving the kernel with locks still held!',
        '2 locks held by syz-executor.2/11590:',
        ' #0: ffff888073cb60e0 (&type->s_umount_key#64/1){+.+.}-{3:3}, at: alloc_super+0x212/0x920 fs/super.c:228',
        ' #1: ffff88802d1df8f0 (&sb->s_type->i_lock_key#40){+.+.}-{2:2}, at: spin_lock include/linux/spinlock.h:349 [inline]',
      ]),
    ).toEqual(['WARNING: lock held when returning to user space in alloc_super']);
  });
});

describe("frames syzkaller's skip list leaves in", () => {
  it('titles a KASAN report in __timer_delete: only __timer_delete_sync and del_timer are generic', () => {
    // kasan-global-oob-read-__timer_delete.txt
    expect(
      titles([
        '==================================================================',
        'BUG: KASAN: global-out-of-bounds in timer_is_static_object+0x5f/0x80 kernel/time/timer.c:735',
        'Read of size 8 at addr ffffffff94884578 by task syz-executor.2/7343',
        '',
        'CPU: 1 PID: 7343 Comm: syz-executor.2 Not tainted 6.8.0-syzkaller-05271-gf99c5f563c17 #0',
        'Call Trace:',
        ' <TASK>',
        ' __dump_stack lib/dump_stack.c:88 [inline]',
        ' dump_stack_lvl+0x1e7/0x2e0 lib/dump_stack.c:106',
        ' print_report+0x169/0x550 mm/kasan/report.c:488',
        ' kasan_report+0x143/0x180 mm/kasan/report.c:601',
        ' timer_is_static_object+0x5f/0x80 kernel/time/timer.c:735',
        ' debug_object_assert_init+0x228/0x440 lib/debugobjects.c:898',
        ' __timer_delete+0xad/0x380 kernel/time/timer.c:1413',
        ' try_to_grab_pending+0x159/0xab0 kernel/workqueue.c:2089',
        ' __cancel_work+0xb8/0x390 kernel/workqueue.c:4278',
        ' sco_conn_del+0x161/0x310 net/bluetooth/sco.c:200',
      ]),
    ).toEqual(['KASAN: global-out-of-bounds Read in __timer_delete']);
  });

  it("names the interrupt entry a task that can't die was running in", () => {
    // task-cant-die-asm_sysvec_apic_timer_interrupt.txt
    expect(
      titles([
        "INFO: task syz-executor702:6954 can't die for more than 143 seconds.",
        'task:syz-executor702 state:R  running task     stack:24344 pid: 6954 ppid:  6540 flags:0x00004006',
        'Call Trace:',
        ' context_switch kernel/sched/core.c:4955 [inline]',
        ' __schedule+0x940/0x26f0 kernel/sched/core.c:6302',
        ' asm_sysvec_apic_timer_interrupt+0x12/0x20 arch/x86/include/asm/idtentry.h:638',
        'RIP: 0000:0xffffc900034bf728',
        'RSP: 34bf748:0000000000000000 EFLAGS: 00000046 ORIG_RAX: ffffffff89400c02',
      ]),
    ).toEqual(["INFO: task can't die in asm_sysvec_apic_timer_interrupt"]);
  });
});

describe('stalls named above the dispatch point', () => {
  it("stops at arm64's do_page_fault, a page fault entry as syzkaller lists them", () => {
    // softlockup-handle_mm_fault-arm64.txt
    expect(
      titles([
        'watchdog: BUG: soft lockup - CPU#0 stuck for 23s! [syz-executor.1:26449]',
        'Modules linked in:',
        'CPU: 0 PID: 26449 Comm: syz-executor.1 Not tainted 5.14.0-syzkaller-09416-g49624efa65ac #0',
        'Hardware name: linux,dummy-virt (DT)',
        'pstate: 00000005 (nzcv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--)',
        'pc : clear_page+0x14/0x28 arch/arm64/lib/clear_page.S:23',
        'lr : clear_highpage include/linux/highmem.h:181 [inline]',
        'sp : ffff800019be75e0',
        'Call trace:',
        ' clear_page+0x14/0x28 arch/arm64/lib/clear_page.S:21',
        ' post_alloc_hook+0x1ac/0x25c mm/page_alloc.c:2426',
        ' get_page_from_freelist+0x184c/0x2320 mm/page_alloc.c:4168',
        ' __alloc_pages+0x1a8/0x21d0 mm/page_alloc.c:5390',
        ' alloc_pages_vma+0xbc/0x530 mm/mempolicy.c:2252',
        ' alloc_zeroed_user_highpage_movable+0x9c/0xd0 arch/arm64/mm/fault.c:926',
        ' __handle_mm_fault+0xbc4/0x2210 mm/memory.c:4693',
        ' handle_mm_fault+0x1dc/0x4f0 mm/memory.c:4791',
        ' do_page_fault+0x230/0x8c0 arch/arm64/mm/fault.c:599',
        ' do_translation_fault+0x1a4/0x210 arch/arm64/mm/fault.c:680',
        ' do_mem_abort+0x64/0x1c0 arch/arm64/mm/fault.c:813',
        ' el0_da+0x7c/0x2b0 arch/arm64/kernel/entry-common.c:481',
        ' el0t_64_sync_handler+0x168/0x1b0 arch/arm64/kernel/entry-common.c:616',
        ' el0t_64_sync+0x1a0/0x1a4 arch/arm64/kernel/entry.S:572',
      ]),
    ).toEqual(['BUG: soft lockup in handle_mm_fault']);
  });
});
