import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReports } from '../src/parse/index.js';
import { DIE_LINES, DIE_WORDS, isDieLine, STACK_START, startsStack } from '../src/parse/oops-table.js';
import { readPaste } from '../src/parse/paste.js';
import { normalizeTitle } from '../src/parse/title-normalize.js';

const first = (log: string) => {
  const report = parseReports(log).reports[0];
  if (!report) throw new Error('no report');
  return report;
};

describe('titleReport', () => {
  it('names a WARNING after the function of its RIP line', () => {
    const report = first(
      [
        '[   54.810123][ T5065] ------------[ cut here ]------------',
        '[   54.810240][ T5065] WARNING: CPU: 1 PID: 5065 at net/mac80211/sta_info.c:1340 __sta_info_destroy_part2+0x4bd/0x560',
        '[   54.810390][ T5065] Modules linked in:',
        '[   54.810512][ T5065] RIP: 0010:__sta_info_destroy_part2+0x4bd/0x560',
        '[   54.810600][ T5065] Call Trace:',
        '[   54.810650][ T5065]  <TASK>',
        '[   54.810700][ T5065]  __sta_info_flush+0x447/0x580',
        '[   54.810750][ T5065]  ieee80211_set_disassoc+0x2e1/0x13b0',
        '[   54.810800][ T5065]  ieee80211_mgd_deauth+0x8a1/0x1060',
        '[   54.810850][ T5065]  cfg80211_mlme_deauth+0x3fd/0x4b0',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      kind: 'warning',
      title: 'WARNING in __sta_info_destroy_part2',
      altTitles: [],
      corrupted: false,
      guilty: '__sta_info_destroy_part2',
    });
  });

  it('titles the v6.19 WARNING format by the file only: a function after `at` makes no kmalloc bug', () => {
    const report = first(
      [
        '------------[ cut here ]------------',
        '!(flags & __GFP_NOWARN)',
        'WARNING: mm/slub.c:6841 at __kvmalloc_node_noprof+0x6f7/0xa60 mm/slub.c:6841, CPU#1: syz.0.17/5823',
        'Modules linked in:',
        'CPU: 1 UID: 0 PID: 5823 Comm: syz.0.17 Not tainted syzkaller #0 PREEMPT(full) ',
        'RIP: 0010:__kvmalloc_node_noprof+0x6f7/0xa60 mm/slub.c:6841',
        'Call Trace:',
        ' <TASK>',
        ' io_pin_pages+0xc3/0x1e0 io_uring/memmap.c:59',
        ' io_sqe_buffer_register+0x1d9/0x1500 io_uring/rsrc.c:884',
        ' io_sqe_buffers_register.cold+0x346/0x4c3 io_uring/rsrc.c:995',
        ' __io_uring_register io_uring/register.c:767 [inline]',
        ' __do_sys_io_uring_register+0x13ce/0x1bc0 io_uring/register.c:1029',
      ].join('\n'),
    );
    expect(report).toMatchObject({ kind: 'warning', title: 'WARNING in io_pin_pages' });
    const refcount = first(
      [
        '------------[ cut here ]------------',
        'refcount_t: saturated; leaking memory.',
        'WARNING: lib/refcount.c:19 at 0x0, CPU#1: syz.3.20/6051',
        'RIP: 0010:refcount_warn_saturate+0xc5/0x110',
        'Call Trace:',
        ' <TASK>',
        ' __vma_enter_locked+0x62e/0x6a0',
        ' __vma_start_write+0x23/0x140',
        ' vma_expand+0x1d0/0x6a0',
      ].join('\n'),
    );
    expect(refcount.title).toBe('WARNING: refcount bug in __vma_enter_locked');
  });

  it('names a kernel BUG in an skb helper whose name does not start with skb_ (pskb_expand_head)', () => {
    const report = first(
      [
        'kernel BUG at net/core/skbuff.c:2047!',
        'invalid opcode: 0000 [#1] PREEMPT SMP KASAN',
        'CPU: 0 PID: 16973 Comm: syz-executor.5 Not tainted 6.3.0-syzkaller-13379-ged23734c23d2 #0',
        'RIP: 0010:pskb_expand_head+0xc4a/0x1170 net/core/skbuff.c:2047',
        'Call Trace:',
        ' <TASK>',
        ' skb_ensure_writable net/core/skbuff.c:6001 [inline]',
        ' skb_ensure_writable+0x2cb/0x450 net/core/skbuff.c:5993',
        ' __bpf_try_make_writable net/core/filter.c:1658 [inline]',
        ' sk_skb_pull_data+0x8b/0xa0 net/core/filter.c:1884',
        ' bpf_prog_53daab6e9cefb4fc+0x1a/0x1c',
        ' sk_psock_verdict_recv+0x36d/0x7a0 net/core/skmsg.c:1201',
      ].join('\n'),
    );
    expect(report).toMatchObject({ kind: 'kernel-bug', title: 'kernel BUG in pskb_expand_head' });
  });

  it('names an RCU stall interrupted on the way back to user space after exit_to_user_mode_loop', () => {
    const report = first(
      [
        'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
        'rcu: \t1-...!: (0 ticks this GP) idle=1c34/1/0x4000000000000000 softirq=161556/161556 fqs=0',
        'rcu: \t(detected by 0, t=10506 jiffies, g=161353, q=257 ncpus=2)',
        'Sending NMI from CPU 0 to CPUs 1:',
        'NMI backtrace for cpu 1',
        'RIP: 0010:kasan_check_range+0xa5/0x2c0 mm/kasan/generic.c:189',
        'Call Trace:',
        ' <IRQ>',
        ' hrtimer_interrupt+0x45b/0xaa0 kernel/time/hrtimer.c:1887',
        ' __sysvec_apic_timer_interrupt+0x10b/0x410 arch/x86/kernel/apic/apic.c:1056',
        ' sysvec_apic_timer_interrupt+0xa1/0xc0 arch/x86/kernel/apic/apic.c:1050',
        ' </IRQ>',
        ' <TASK>',
        ' asm_sysvec_apic_timer_interrupt+0x1a/0x20 arch/x86/include/asm/idtentry.h:702',
        'RIP: 0010:lock_is_held_type+0x137/0x190 kernel/locking/lockdep.c:5948',
        ' page_ext_lookup+0xe7/0x180 mm/page_ext.c:520',
        ' unmap_page_range+0x3249/0x41c0 mm/memory.c:1898',
        ' exit_mmap+0x248/0xb50 mm/mmap.c:1284',
        ' do_exit+0x640/0x22e0 kernel/exit.c:943',
        ' get_signal+0x125e/0x1310 kernel/signal.c:3034',
        ' arch_do_signal_or_restart+0x9a/0x750 arch/x86/kernel/signal.c:337',
        ' exit_to_user_mode_loop+0x75/0x110 kernel/entry/common.c:111',
        ' syscall_exit_to_user_mode include/linux/entry-common.h:449 [inline]',
        ' do_syscall_64+0x2bd/0x3b0 arch/x86/entry/syscall_64.c:100',
        ' entry_SYSCALL_64_after_hwframe+0x77/0x7f',
      ].join('\n'),
    );
    expect(report.title).toBe('INFO: rcu detected stall in exit_to_user_mode_loop');
  });

  it("reads a riscv stall stack past an interrupt's exception return, which is no system call", () => {
    // syzbot mail 'kernel panic: corrupted stack end in hub_event (2)' (lore, Message-ID
    // 0000000000007f33050610ca03d9@google.com)
    const report = first(
      [
        'Kernel panic - not syncing: corrupted stack end detected inside scheduler',
        'CPU: 0 PID: 3371 Comm: kworker/0:3 Not tainted 6.8.0-rc1-syzkaller #0',
        'Hardware name: riscv-virtio,qemu (DT)',
        'Workqueue: usb_hub_wq hub_event',
        'Call Trace:',
        '[<ffffffff858aa5b2>] panic+0x33c/0x77a kernel/panic.c:344',
        '[<ffffffff85912be8>] __schedule+0x313e/0x3196 kernel/sched/core.c:6620',
        '[<ffffffff85913a54>] preempt_schedule_irq+0x7c/0x18e kernel/sched/core.c:7047',
        '[<ffffffff859082fa>] irqentry_exit+0x138/0x17a kernel/entry/common.c:348',
        '[<ffffffff859070bc>] do_irq+0x34/0x4c arch/riscv/kernel/traps.c:375',
        '[<ffffffff85928618>] ret_from_exception+0x0/0x64 arch/riscv/kernel/entry.S:112',
        '[<ffffffff8080f488>] kmalloc_trace+0x168/0x2d4 mm/slub.c:4007',
        '[<ffffffff843d7f94>] snd_seq_create_port+0xea/0x858 sound/core/seq/seq_ports.c:135',
        '[<ffffffff8307dc48>] hub_event+0x2954/0x4756 drivers/usb/core/hub.c:5847',
        '[<ffffffff801231ea>] process_one_work+0x7ce/0x179c kernel/workqueue.c:2633',
        '[<ffffffff80144154>] kthread+0x28c/0x3a6 kernel/kthread.c:388',
      ].join('\n'),
    );
    expect(report.title).toBe('kernel panic: corrupted stack end in hub_event');
  });

  it('skips generic frames: a refcount WARNING names the caller of the refcount helper', () => {
    const report = first(
      [
        '[   83.201634] WARNING: CPU: 1 PID: 46 at lib/refcount.c:28 refcount_warn_saturate+0x13c/0x174',
        '[   83.201700] RIP: 0010:refcount_warn_saturate+0x13c/0x174',
        '[   83.201800] Call Trace:',
        '[   83.201810]  <TASK>',
        '[   83.201820]  kobject_put+0x2b0/0x340',
        '[   83.201830]  put_device+0x1c/0x30',
        '[   83.201840]  hdm_disconnect+0x90/0xd0',
        '[   83.201850]  usb_unbind_interface+0x1d8/0x8d0',
        '[   83.201860]  device_release_driver_internal+0x3bd/0x5c0',
        '[   83.201870]  bus_remove_device+0x31f/0x420',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      kind: 'refcount',
      title: 'WARNING: refcount bug in hdm_disconnect',
      guilty: 'hdm_disconnect',
    });
  });

  it('titles KASAN by bug kind, access and function, with the bad-access alias', () => {
    const report = first(
      [
        '[ 1140.689311] ==================================================================',
        '[ 1140.696784] BUG: KASAN: use-after-free in work_is_static_object+0x39/0x40',
        '[ 1140.703711] Read of size 8 at addr ffff8801beca5788 by task syz-executor2/12922',
        '[ 1140.712770] CPU: 0 PID: 12922 Comm: syz-executor2 Not tainted 4.15.0-rc5+ #178',
        '[ 1140.729462] Call Trace:',
        '[ 1140.732034]  dump_stack+0x194/0x257',
        '[ 1140.758436]  print_address_description+0x73/0x250',
        '[ 1140.767810]  kasan_report+0x25b/0x340',
        '[ 1140.776492]  work_is_static_object+0x39/0x40',
        '[ 1140.780875]  debug_object_activate+0x36f/0x730',
        '[ 1140.802802]  __queue_work+0x163/0x1230',
        '[ 1140.858299]  strp_check_rcv+0x25/0x30',
        '[ 1140.862071]  kcm_ioctl+0x82f/0x1690',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      kind: 'kasan',
      title: 'KASAN: use-after-free Read in strp_check_rcv',
      altTitles: ['bad-access in strp_check_rcv'],
      corrupted: false,
    });
  });

  it('trims one syscall prefix and files the other spellings as alternatives', () => {
    const report = first(
      [
        '[  312.110000] INFO: rcu_sched self-detected stall on CPU',
        '[  312.110100] Call Trace:',
        '[  312.110110]  <IRQ>',
        '[  312.110120]  update_process_times+0x30/0x60',
        '[  312.110130]  smp_apic_timer_interrupt+0x14a/0x700',
        '[  312.110140]  apic_timer_interrupt+0xa9/0xb0',
        '[  312.110150]  </IRQ>',
        '[  312.110160] RIP: 0010:__sanitizer_cov_trace_pc+0x20/0x50',
        '[  312.110200]  do_exit+0x1a3/0x2b70',
        '[  312.110210]  do_group_exit+0x149/0x400',
        '[  312.110220]  __x64_sys_exit_group+0x3b/0x40',
        '[  312.110230]  do_syscall_64+0x1a3/0x800',
        '[  312.110240]  entry_SYSCALL_64_after_hwframe+0x49/0xbe',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      kind: 'rcu-stall',
      title: 'INFO: rcu detected stall in sys_exit_group',
      altTitles: [
        'INFO: rcu detected stall in __x64_sys_exit_group',
        'stall in __x64_sys_exit_group',
        'stall in sys_exit_group',
      ],
      guilty: 'sys_exit_group',
    });
  });

  it('files hangs in any synchronize_* under synchronize_rcu', () => {
    const report = first(
      [
        '[  979.210000] INFO: task kworker/u4:1:21 blocked for more than 143 seconds.',
        '[  979.210100] Call Trace:',
        '[  979.210110]  __schedule+0x8a1/0x1f10',
        '[  979.210120]  schedule+0xc3/0x2d0',
        '[  979.210130]  schedule_timeout+0x7a0/0x980',
        '[  979.210140]  wait_for_completion+0x27b/0x430',
        '[  979.210150]  __wait_rcu_gp+0x221/0x340',
        '[  979.210160]  synchronize_sched+0x139/0x220',
        '[  979.210170]  default_device_exit_batch+0x2a0/0x480',
        '[  979.210180]  ops_exit_list.isra.5+0x100/0x150',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      kind: 'hung-task',
      title: 'INFO: task hung in synchronize_rcu',
      altTitles: [
        'INFO: task hung in synchronize_sched',
        'hang in synchronize_rcu',
        'hang in synchronize_sched',
      ],
    });
  });

  it('names a circular lock dependency after the place the lock is being taken', () => {
    const report = first(
      [
        '[  308.130685] ======================================================',
        '[  308.136979] WARNING: possible circular locking dependency detected',
        '[  308.143266] 6.1.0 #22 Not tainted',
        '[  308.147204] ------------------------------------------------------',
        '[  308.153000] syz-executor0/4241 is trying to acquire lock:',
        '[  308.153100] ffff8881f0a3e0a8 (&pipe->mutex/1){+.+.}-{3:3}, at: pipe_lock+0x56/0x70',
        '[  308.153200] ',
        '[  308.153300] but task is already holding lock:',
        '[  308.153400] ffff8881e4e2c3f8 (&sb->s_type->i_mutex_key#10){+.+.}-{3:3}, at: ovl_write_iter+0x151/0xd10',
      ].join('\n'),
    );
    // Cut before its stack trace: titled all the same, but corrupted.
    expect(report).toMatchObject({
      kind: 'lockdep-circular',
      title: 'possible deadlock in pipe_lock',
      corrupted: true,
    });
  });

  it('titles a lockdep report cut off after its header by the header, corrupted', () => {
    const report = first(
      '[  308.130685] ======================================================\n[  308.136979] WARNING: possible circular locking dependency detected\n',
    );
    expect(report).toMatchObject({
      title: 'WARNING: possible circular locking dependency detected',
      corrupted: true,
    });
  });

  it("maps the invalid wait context of lockdep onto syzbot's locking bug title", () => {
    const report = first(
      [
        '[ 1880.242429] [ BUG: Invalid wait context ]',
        '[ 1880.242557] tc/6787 is trying to lock:',
        '[ 1880.242595] ffff888100e66298 (&dev->mutex){....}-{3:3}, at: netif_freeze_queues+0x4b/0x90',
        '[ 1880.243159] Call Trace:',
        '[ 1880.243188]  <TASK>',
        '[ 1880.243216]  dump_stack_lvl+0x76/0xaa',
        '[ 1880.243591]  netif_freeze_queues+0x4b/0x90',
        '[ 1880.243677]  dev_deactivate_many+0xc3/0x410',
        '[ 1880.243721]  dev_deactivate+0x3c/0x70',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      kind: 'invalid-wait-context',
      title: 'WARNING: locking bug in netif_freeze_queues',
      corrupted: false,
    });
  });

  it('reads arm32 backtraces, where each line holds callee and caller', () => {
    const report = first(
      [
        '[  245.300000] Unable to handle kernel NULL pointer dereference at virtual address 00000000',
        '[  245.300100] Internal error: Oops: 17 [#1] SMP ARM',
        '[  245.300200] PC is at vchiq_release+0x30/0x1d0',
        '[  245.300300] LR is at __fput+0x9c/0x1e4',
        '[  245.300400] Backtrace:',
        '[  245.300500] [<c0612a2c>] (vchiq_release) from [<c02a1c40>] (__fput+0x9c/0x1e4)',
        '[  245.300600] [<c02a1ba4>] (__fput) from [<c02a1dfc>] (____fput+0x18/0x1c)',
        '[  245.300700] [<c02a1de4>] (____fput) from [<c0154f8c>] (task_work_run+0xb4/0xc8)',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      kind: 'null-deref',
      title: 'BUG: unable to handle kernel NULL pointer dereference in vchiq_release',
    });
  });

  it('says why a report is corrupted', () => {
    const report = first(
      '[  50.583499] INFO: rcu_preempt self-detected stall on CPU\n[  50.583499]         0: (20822 ticks this GP) idle=94b/140000000000001/0\n',
    );
    expect(report).toMatchObject({
      title: 'INFO: rcu detected stall in corrupted',
      corrupted: true,
      guilty: null,
    });
    expect(report.corruptedReason).toMatch(/stack/);
  });

  it('keeps a header no format describes as its own title', () => {
    expect(first('[  404.1] BUG: MAX_STACK_TRACE_ENTRIES too low!\n')).toMatchObject({
      kind: 'other',
      title: 'BUG: MAX_STACK_TRACE_ENTRIES too low!',
      corrupted: false,
    });
  });

  it('reports a hard lockup, which syzkaller does not', () => {
    const report = first(
      [
        '[ 1337.100000] NMI watchdog: Watchdog detected hard LOCKUP on cpu 3',
        '[ 1337.100100] CPU: 3 PID: 812 Comm: fio Not tainted 6.6.0 #1',
        '[ 1337.100200] RIP: 0010:native_queued_spin_lock_slowpath+0x6e/0x2c0',
        '[ 1337.100300] Call Trace:',
        '[ 1337.100310]  <NMI>',
        '[ 1337.100400]  </NMI>',
        '[ 1337.100410]  <TASK>',
        '[ 1337.100500]  _raw_spin_lock_irqsave+0x3d/0x50',
        '[ 1337.100600]  nvme_poll_cq+0x3c/0x2a0 [nvme]',
        '[ 1337.100700]  nvme_irq+0x30/0x70 [nvme]',
      ].join('\n'),
    );
    expect(report).toMatchObject({ kind: 'hard-lockup', title: 'watchdog: hard lockup in nvme_poll_cq' });
  });

  it('names a powerpc WARNING after the function of its `--- interrupt:` line, not the trap path below it', () => {
    const report = first(
      [
        '[   12.100000] WARNING: CPU: 0 PID: 77 at arch/powerpc/mm/foo.c:10 foo_check+0x2c/0x70',
        '[   12.100100] CPU: 0 PID: 77 Comm: a.out Not tainted 5.1.0 #1',
        '[   12.100200] Call Trace:',
        '[   12.100300] [c000000001000800] [c000000000100000] report_bug+0x150/0x270',
        '[   12.100400] [c000000001000900] [c000000000200000] program_check_exception+0x344/0x4f0',
        '[   12.100500] --- interrupt: 700 at foo_check+0x2c/0x70',
        '[   12.100600]     LR = foo_insert+0x19c/0x2d0',
        '[   12.100700] [c000000001000a00] [c000000000300000] foo_fault+0x10c/0x250',
        '[   12.100800] [c000000001000b00] [c000000000400000] data_access_common+0x138/0x190',
      ].join('\n'),
    );
    expect(report.title).toBe('WARNING in foo_check');
  });

  it('reads past symbolizer `[inline]` lines: the title names the function the code was inlined into', () => {
    const report = first(
      [
        '[   20.000000] WARNING: CPU: 0 PID: 9 at arch/arm64/mm/fault.c:374 __do_kernel_fault+0x158/0x1c0',
        '[   20.000100] pc : __do_kernel_fault+0x158/0x1c0 arch/arm64/mm/fault.c:374',
        '[   20.000200] Call trace:',
        '[   20.000300]  __do_kernel_fault+0x158/0x1c0 arch/arm64/mm/fault.c:374',
        '[   20.000400]  do_mem_abort+0x44/0x94 arch/arm64/mm/fault.c:867',
        '[   20.000500]  el1h_64_sync+0x64/0x68 arch/arm64/kernel/entry.S:586',
        '[   20.000600]  foo_lookup drivers/foo/core.c:286 [inline]',
        '[   20.000700]  foo_unregister+0x34/0x10c drivers/foo/core.c:1611',
        '[   20.000800]  foo_close+0x1c/0x40 drivers/foo/dev.c:163',
      ].join('\n'),
    );
    expect(report.title).toBe('WARNING in foo_unregister');
  });

  it('reads past a sanitizer header repeated for an inlined function: the title names the function it was inlined into', () => {
    const report = first(
      [
        'usb 1-1: device reset failed',
        '=====================================================',
        'BUG: KMSAN: uninit-value in set_carrier drivers/net/usb/rtl8150.c:721 [inline]',
        'BUG: KMSAN: uninit-value in rtl8150_open+0x1131/0x1360 drivers/net/usb/rtl8150.c:758',
        ' set_carrier drivers/net/usb/rtl8150.c:721 [inline]',
        ' rtl8150_open+0x1131/0x1360 drivers/net/usb/rtl8150.c:758',
        ' __dev_open+0x7e9/0xc60 net/core/dev.c:1682',
        ' __dev_change_flags+0x3a8/0x9f0 net/core/dev.c:9549',
        '',
        'Local variable tmp created at:',
        ' number+0x8a/0x2200 lib/vsprintf.c:469',
        ' vsnprintf+0xd21/0x1bd0 lib/vsprintf.c:2890',
      ].join('\n'),
    );
    expect(report).toMatchObject({ title: 'KMSAN: uninit-value in rtl8150_open', guilty: 'rtl8150_open' });
  });

  it('names a stack-guard-page hit after the protocol handler that setsockopt dispatched to', () => {
    const report = first(
      [
        '[   30.000000] BUG: TASK stack guard page was hit at ffffc900054afff8 (stack is ffffc900054b0000..ffffc900054b8000)',
        '[   30.000100] RIP: 0010:__sanitizer_cov_trace_pc+0x17/0x70',
        '[   30.000200] Call Trace:',
        '[   30.000300]  <TASK>',
        '[   30.000400]  foo_setsockopt+0x128/0xe40',
        '[   30.000500]  foo_setsockopt+0x128/0xe40',
        '[   30.000600]  __sys_setsockopt+0x2db/0x610',
        '[   30.000700]  __x64_sys_setsockopt+0xba/0x150',
        '[   30.000800]  do_syscall_64+0x35/0xb0',
        '[   30.000900]  entry_SYSCALL_64_after_hwframe+0x44/0xae',
      ].join('\n'),
    );
    expect(report.title).toBe('BUG: stack guard page was hit in foo_setsockopt');
  });

  it('keeps reading the same task past a second report when printk caller ids are on', () => {
    const report = first(
      [
        '[  292.990000][ T1354] WARNING: Nested lock was not taken',
        '[  292.990100][ T1354] a.out/1354 is trying to lock:',
        '[  292.990200][ T1354] ffff88803c86db70 (&foo->lock){+.+.}-{2:2}, at: _atomic_dec_and_lock+0x9d/0x110',
        '[  292.990300][ T1354] but this task is not holding:',
        '[  292.990400][ T1354] general protection fault, probably for non-canonical address 0xdffffc0000000003: 0000 [#1] PREEMPT SMP KASAN',
        '[  292.990500][ T1354] RIP: 0010:__lock_acquire+0x1112/0x1f60',
        '[  292.990600][ T1354] Call Trace:',
        '[  292.990700][ T1354]  <TASK>',
        '[  292.990800][ T1354]  lock_acquire+0x182/0x3c0',
        '[  292.990900][ T1354]  _raw_spin_lock+0x2a/0x40',
        '[  292.991000][ T1354]  _atomic_dec_and_lock+0x9d/0x110',
        '[  292.991100][ T1354]  iput+0x85/0x760',
        '[  292.991200][ T1354]  foo_fill_super+0x3af3/0x42a0',
        '[  292.991300][ T1354]  get_tree_bdev+0x400/0x620',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      title: 'WARNING: nested lock was not taken in foo_fill_super',
      corrupted: false,
    });
  });

  it('ends the report at a panic line after its first lines: a stack cut off there is corrupted', () => {
    const filler = Array.from(
      { length: 24 },
      (_, i) => `[   40.${String(100 + i)}000] R${String(i)}: 0000000000000000`,
    );
    const report = first(
      [
        '[   40.000000] BUG: unable to handle kernel paging request at 000000fe840fc4b9',
        '[   40.000100] RIP: 0010:foo_lookup+0x11/0x80',
        ...filler,
        '[   40.200000] Call Trace:',
        '[   40.200100]  foo_scan+0x7f/0x100',
        '[   40.200200] Kernel panic - not syncing: Fatal exception',
        '[   40.200300]  foo_gray_list+0xee/0x160',
        '[   40.200400]  foo_write+0x317/0x39a',
        '[   40.200500]  vfs_write+0xd9/0x210',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      title: 'BUG: unable to handle kernel paging request in foo_lookup',
      corrupted: true,
    });
  });

  it('does not ask a KFENCE report for a `Call Trace:`: it prints its stacks right after its own lines', () => {
    const report = first(
      [
        '[   98.900000][ T9916] BUG: KFENCE: memory corruption in krealloc+0x60/0xd0',
        '[   98.900100][ T9916] ',
        '[   98.900200][ T9916] Corrupted memory at 0xffff88823bdb0018 [ 0x03 . . . ] (in kfence-#215):',
        '[   98.900300][ T9916]  krealloc+0x60/0xd0',
        '[   98.900400][ T9916]  foo_check+0x3b2a/0xd090',
        '[   98.900500][ T9916]  __do_sys_bpf+0x1251/0x4f00',
        '[   98.900600][ T9916] ',
        '[   98.900700][ T9916] CPU: 1 PID: 9916 Comm: a.out Not tainted 5.11.0 #0',
      ].join('\n'),
    );
    expect(report).toMatchObject({ title: 'KFENCE: memory corruption in foo_check', corrupted: false });
  });
});

describe('Rust frames', () => {
  it('titles a Rust panic after the demangled function, past the panic machinery', () => {
    // ../shared/corpus/syzkaller/linux-report/748, the frames of its stack
    const report = first(
      [
        '[   23.717039][  T298] rust_kernel: panicked at drivers/android/binder/node.rs:877:13:',
        '[   23.717039][  T298] attempt to subtract with overflow',
        '[   23.745283][  T298] ------------[ cut here ]------------',
        '[   23.771620][  T298] kernel BUG at rust/helpers/bug.c:7!',
        '[   24.057562][  T298] Call Trace:',
        '[   24.060834][  T298]  <TASK>',
        '[   24.063751][  T298]  _RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind+0x15b/0x160',
        '[   24.128451][  T298]  _RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt+0x84/0x90',
        '[   24.143499][  T298]  _RNvNtNtCs9jEwPDbx20M_4core9panicking11panic_const24panic_const_sub_overflow+0xb2/0xc0',
        '[   24.163987][  T298]  _RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref+0x17e5/0x1860',
        '[   24.204041][  T298]  _RNvMs2_NtCshgDM7dBCdno_11rust_binder6threadNtB5_6Thread10write_read+0x27cf/0x96a0',
      ].join('\n'),
    );
    expect(report.title).toBe(
      'attempt to subtract with overflow in <rust_binder::process::Process>::update_ref',
    );
    expect(report.culprit?.fn).toBe('<rust_binder::process::Process>::update_ref');
  });
});

describe('normalizeTitle', () => {
  it('replaces what varies between two hits of one bug', () => {
    expect(normalizeTitle('INFO: task syz-executor.3/12345 blocked at 0xffffffff81234567 on CPU#3')).toBe(
      'INFO: task syz-executor blocked at ADDR on CPU',
    );
    expect(normalizeTitle('WARNING in foo at net/core/dev.c:1234:7')).toBe(
      'WARNING in foo at net/core/dev.c:LINE',
    );
    expect(normalizeTitle('trusty: panic: failed(-22) to start app 7')).toBe(
      'trusty: panic: failed(-NUM) to start app NUM',
    );
    expect(normalizeTitle('WARNING in cfg80211_rdev_free for 10.0.0.1')).toBe(
      'WARNING in cfg80211_rdev_free for IP',
    );
  });
});

describe('startsStack', () => {
  const seeds = resolve(import.meta.dirname, 'fixtures', 'seeds');
  const corpus = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'syzkaller', 'linux-report');
  const texts = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => statSync(join(dir, n)).isFile())
          .flatMap((n) => readPaste(readFileSync(join(dir, n), 'latin1')).lines.map((l) => l.text))
      : [];

  it('opens the stack sections kernels print, wherever the pattern finds them', () => {
    const lines = [
      'Call Trace:',
      ' <IRQ> Call Trace:',
      'Call trace:',
      'Backtrace:',
      '  backtrace (crc 7a3ebdfe):',
      '    backtrace:',
      'Allocated by task 5065:',
      'Freed by task 5065:',
      'Uninit was created at:',
      'Uninit was stored to memory at:',
      'Local variable addr created at:',
      'epc : 0xffffffff80001234 status: 0000000200000120 badaddr: 0000000000000000 cause: 000000000000000d',
    ];
    for (const line of lines) expect(startsStack(line), line).toBe(true);
    for (const line of [
      ' kasan_report+0x10/0x20 mm/kasan/report.c:123',
      'RIP: 0010:__sta_info_destroy_part2+0x4bd/0x560',
      '',
    ]) {
      expect(startsStack(line), line).toBe(false);
    }
  });

  it('agrees with STACK_START on every line of the seeds and the syzkaller corpus', () => {
    for (const text of [...texts(seeds), ...texts(corpus)]) {
      expect(startsStack(text), text).toBe(STACK_START.test(text));
    }
  });
});

describe('isDieLine', () => {
  it("holds one of DIE_WORDS in each die line pattern, so the words' gate misses no die line", () => {
    for (const re of DIE_LINES) {
      const literal = re.source.replace(/\\/g, '');
      expect(
        DIE_WORDS.some((w) => literal.includes(w)),
        re.source,
      ).toBe(true);
    }
  });

  it('agrees with DIE_LINES on the die lines kernels print and on other lines', () => {
    for (const text of [
      'invalid opcode: 0000 [#1] PREEMPT SMP KASAN',
      'Internal error: Oops: 96000005 [#1] PREEMPT SMP',
      'Oops: 0002 [#1] SMP',
      'Kernel bug detected[#1]:',
      'Oops - BUG [#1]:',
      'Kernel BUG [#1]',
      'Oops: 0004 ilc:2 [#1] SMP',
      'init[1]: bugcheck! 0 [1]',
      ' kasan_report+0x10/0x20 mm/kasan/report.c:123',
      'Oopsie: nothing',
      '',
    ]) {
      expect(isDieLine(text), text).toBe(DIE_LINES.some((re) => re.test(text)));
    }
  });
});
