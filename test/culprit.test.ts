import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReports } from '../src/parse/index.js';

const SEEDS = join(import.meta.dirname, 'fixtures', 'seeds');
const REAL = join(import.meta.dirname, 'fixtures', 'real', 'reports');

/** The reports ktriage reads in a file of the real-report corpus (test/fixtures/real/reports/). */
function realReports(name: string) {
  return parseReports(readFileSync(join(REAL, `${name}.txt`), 'utf8')).reports;
}

function culpritOf(text: string, index = 0) {
  const report = parseReports(text).reports[index];
  expect(report).toBeDefined();
  return report?.culprit ?? null;
}

describe('culprit', () => {
  it('names the function of a WARNING header when the paste holds nothing else', () => {
    const c = culpritOf(
      '[78328.598527] WARNING: CPU: 1 PID: 17853 at /home/openwrt/build_dir/mt76-2018-02-09/mt7603_mac.c:1168 mt7603_mac_work+0x32c/0x4d4 [mt7603e]\n' +
        '[78328.615965] Modules linked in: mt76x2e mt7603e mt76 mac80211 cfg80211\n',
    );
    expect(c).toMatchObject({ fn: 'mt7603_mac_work', line: 1 });
  });

  it('looks past a checker that WARNs about its caller: IRQ enable depth, debugobjects', () => {
    // lore, qcom-wled: the OVP work enables an interrupt that was never disabled (frames as posted).
    const irq = [
      'WARNING: CPU: 0 PID: 160 at kernel/irq/manage.c:774 __enable_irq+0x50/0x80',
      'Workqueue: events wled_ovp_work',
      'Call trace:',
      ' __enable_irq+0x50/0x80',
      ' enable_irq+0x48/0xa0',
      ' wled_ovp_work+0x18/0x24',
    ];
    expect(culpritOf(irq.join('\n'))?.fn).toBe('wled_ovp_work');
    // lore, mlxreg-hotplug: devres frees the driver's data with its work still queued.
    const odebug = [
      'ODEBUG: free active (active state 0) object type: work_struct hint: mlxreg_hotplug_work_handler+0x0/0x7f0 [mlxreg_hotplug]',
      'WARNING: CPU: 5 PID: 3924 at lib/debugobjects.c:328 debug_print_object+0xfe/0x180',
      'RIP: 0010:debug_print_object+0xfe/0x180',
      'Call Trace:',
      ' __debug_check_no_obj_freed+0x25e/0x320',
      ' kfree+0x82/0x110',
      ' release_nodes+0x33c/0x4e0',
      ' device_release_driver_internal+0x146/0x270',
    ];
    expect(culpritOf(odebug.join('\n'))?.fn).toBe('release_nodes');
  });

  it('names the outermost frame of a trace that was cut while still in generic code', () => {
    // gh-750-popcorn-bad-page-state-sshd-after-regs-tail: the paste stops at release_pages.
    const cut = [
      'BUG: Bad page state in process sshd  pfn:135ddd',
      'CPU: 0 PID: 589 Comm: sshd Tainted: G    B   W         4.20.0-rc7',
      'Call Trace:',
      ' dump_stack+0x67/0x90',
      ' bad_page.cold.36+0x8f/0xc2',
      ' free_pcppages_bulk+0x18f/0x560',
      ' free_unref_page_list+0x116/0x240',
      ' release_pages+0x296/0x2e0',
    ];
    expect(culpritOf(cut.join('\n'))).toMatchObject({ fn: 'release_pages', line: 8 });
    // A whole trace of generic code, down to its entry, names its first frame below the reporting code.
    const whole = [...cut, ' kthread+0x1a0/0x1c0', ' ret_from_fork+0x35/0x40'];
    expect(culpritOf(whole.join('\n'))?.fn).toBe('free_pcppages_bulk');
  });

  it('names where a sleeping report cut in generic code went to sleep, not a stale `? ` word', () => {
    // gh-2517-irati-i386-3.10-vbox-sched-atomic-swapper-kmalloc-cond-resched: cut at __kmalloc.
    const atomic = [
      'BUG: scheduling while atomic: swapper/0/0/0x10000100',
      'Call Trace:',
      ' [<c15ad3a9>] dump_stack+0x16/0x18',
      ' [<c15a9c08>] __schedule_bug+0x4e/0x5c',
      ' [<c15b2531>] __schedule+0x731/0x7c0',
      ' [<c1035869>] ? msg_print_text+0x99/0x170',
      ' [<c1061e7b>] __cond_resched+0x1b/0x30',
      ' [<c15b2639>] _cond_resched+0x29/0x30',
      ' [<c1133155>] __kmalloc+0x165/0x1b0',
    ];
    expect(culpritOf(atomic.join('\n'))?.fn).toBe('__kmalloc');
    // gh-2516: x86's rwsem thunk (pre-5.2 arch/x86/lib/rwsem.S) leaves the lock call as a `? ` word.
    const hung = [
      'INFO: task zfs:11829 blocked for more than 120 seconds.',
      'Call Trace:',
      ' [<ffffffff81500605>] rwsem_down_failed_common+0x95/0x1d0',
      ' [<ffffffff81500763>] rwsem_down_write_failed+0x23/0x30',
      ' [<ffffffff8127ea53>] call_rwsem_down_write_failed+0x13/0x20',
      ' [<ffffffff814ffc62>] ? down_write+0x32/0x40',
    ];
    expect(culpritOf(hung.join('\n'))?.fn).toBe('down_write');
  });

  it('skips the sleeping primitives a hung task waits in, its own subsystem waits included', () => {
    const c = culpritOf(
      [
        '[ 7251.347094] INFO: task txg_sync:1089 blocked for more than 120 seconds.',
        '[ 7251.347106]       Tainted: P           O      5.4.0-42-generic #46-Ubuntu',
        '[ 7251.347110] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
        '[ 7251.347113] txg_sync        D    0  1089      2 0x80004000',
        '[ 7251.347116] Call Trace:',
        '[ 7251.347126]  __schedule+0x2e3/0x740',
        '[ 7251.347131]  schedule+0x42/0xb0',
        '[ 7251.347136]  schedule_timeout+0x152/0x2f0',
        '[ 7251.347146]  io_schedule_timeout+0x1e/0x50',
        '[ 7251.347158]  __cv_timedwait_common+0x12a/0x160 [spl]',
        '[ 7251.347172]  __cv_timedwait_io+0x19/0x20 [spl]',
        '[ 7251.347303]  zio_wait+0x11b/0x230 [zfs]',
        '[ 7251.347395]  dsl_pool_sync+0xbc/0x410 [zfs]',
        '[ 7251.347498]  spa_sync_iterate_to_convergence+0xe0/0x1c0 [zfs]',
        '[ 7251.347589]  spa_sync+0x312/0x5b0 [zfs]',
        '[ 7251.347684]  txg_sync_thread+0x27a/0x310 [zfs]',
        '[ 7251.347815]  thread_generic_wrapper+0x79/0x90 [spl]',
        '[ 7251.347824]  kthread+0x104/0x140',
        '[ 7251.347845]  ret_from_fork+0x35/0x40',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'dsl_pool_sync', module: 'zfs', line: 13 });
  });

  it('names the function that took the spinlock an invalid wait context is held under', () => {
    const text = readFileSync(join(SEEDS, 'invalid-wait-context-novalidate.txt'), 'utf8');
    const report = parseReports(text).reports[0];
    expect(report?.guilty).toBe('netif_freeze_queues');
    expect(report?.culprit?.fn).toBe('dev_deactivate_many');
    expect(report?.culprit?.why).toMatch(/tx_global_lock/);
  });

  it('names the caller of a one-line lock wrapper an invalid wait context names, not the wrapper', () => {
    // genpd_lock_mtx() only takes &genpd->mlock (drivers/pmdomain/core.c); the code that took it from
    // the atomic restart notifier is its caller (ml-2207).
    const [report] = realReports(
      'ml-2207-arm64-5.17-rc5-rzg2l-wdt-restart-pm-runtime-invalid-wait-context-atomic-notifier',
    );
    expect(report?.culprit?.fn).toBe('genpd_runtime_resume');
    expect(report?.culprit?.why).toMatch(/through genpd_lock_mtx/);
  });

  it('names the looping code of a soft lockup, not the system call it came from', () => {
    const c = culpritOf(
      [
        '[ 1544.160035] watchdog: BUG: soft lockup - CPU#2 stuck for 22s! [cat:2510]',
        '[ 1544.160070] CPU: 2 PID: 2510 Comm: cat Tainted: G           OEL    5.15.0-91-generic #101-Ubuntu',
        '[ 1544.160074] RIP: 0010:mydev_read+0x25/0x40 [mydev]',
        '[ 1544.160080] Code: 00 00 55 48 89 e5 eb fe 0f 1f 44 00 00',
        '[ 1544.160085] RSP: 0018:ffffb2f2c0c8fe30 EFLAGS: 00000246',
        '[ 1544.160101] Call Trace:',
        '[ 1544.160103]  <IRQ>',
        '[ 1544.160108]  ? watchdog_timer_fn+0x1b4/0x220',
        '[ 1544.160130]  ? __hrtimer_run_queues+0x10f/0x2a0',
        '[ 1544.160140]  </IRQ>',
        '[ 1544.160141]  <TASK>',
        '[ 1544.160147]  vfs_read+0xb0/0x180',
        '[ 1544.160151]  ksys_read+0x67/0xf0',
        '[ 1544.160155]  __x64_sys_read+0x19/0x20',
        '[ 1544.160158]  do_syscall_64+0x59/0xc0',
        '[ 1544.160170]  entry_SYSCALL_64_after_hwframe+0x62/0xcc',
        '[ 1544.160175]  </TASK>',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'mydev_read', line: 3 });
  });

  it('names the waiter of a hung task even when it is driver-core code', () => {
    const [hung] = realReports('ml-085-x86_64-6.6-cdc-acm-init-driver-attach-hung-task').filter(
      (r) => r.kind === 'hung-task',
    );
    expect(hung?.culprit).toMatchObject({ fn: '__driver_attach', line: 98 });
  });

  it('reads a trace whose every frame is marked `? ` as the trace', () => {
    const [hung] = realReports('gh-008-zfs-txg-sync-hung-unreliable-frames');
    expect(hung?.culprit).toMatchObject({ fn: 'dsl_pool_sync', module: 'zfs' });
  });

  it('names the work item of a worker whose trace was cut in generic code', () => {
    const [warning] = realReports('gh-062-dattobd-refcount-underflow-first-bracket-cut');
    expect(warning?.culprit).toMatchObject({ fn: 'blkg_free_workfn', line: 6 });
  });

  it('names the code taking the inner lock when generic code holds the raw one', () => {
    const [report] = realReports('ml-005-mtk-sysirq-invalid-wait');
    expect(report?.culprit?.fn).toBe('mtk_sysirq_set_type');
  });

  it('names the code a sanitizer checked, whatever its name looks like', () => {
    const [ubsan] = realReports('ml-127-ppc32-kasan-init-region-ubsan-shift-stable');
    expect(ubsan?.culprit).toMatchObject({ fn: 'kasan_init_region', line: 13 });
    const [kasan] = realReports('gh-052-cve-2019-2215-kasan-uaf-epoll-waitqueue');
    expect(kasan?.culprit?.fn).toBe('remove_wait_queue');
  });

  it('names the `caller is` of a preemptible-context report, locking code included', () => {
    const [report] = realReports('mg-014-powerpc-vcpu-is-preempted-quoted');
    expect(report?.culprit?.fn).toBe('rwsem_spin_on_owner');
  });

  it('skips the page, slab and socket-buffer freeing paths of a bad page', () => {
    const [report] = realReports('ml-074-arm64-mlxsw-kexec-bad-page-autosel');
    expect(report?.culprit?.fn).toBe('mlxsw_pci_rdq_fini');
  });

  it('names the softirq code a hard lockup spins in when no task frame is shown', () => {
    const [report] = realReports('ml-070-4.4-hard-lockup-scsi-queue-lock-vt-console-crash-bt');
    expect(report?.culprit).toMatchObject({ fn: 'scsi_end_request', line: 16 });
  });

  it('names the function of `BUG: failure at file:line/func()!` and of a KCSAN pair', () => {
    expect(realReports('gh-205-lkl-bug-failure-irq-work-panic')[0]?.culprit?.fn).toBe('irq_work_run_list');
    expect(realReports('ml-131-kcsan-wireguard-keepalive-staged-queue-stable')[0]?.culprit?.fn).toBe(
      'wg_packet_send_keepalive',
    );
  });

  it('takes the lock a recursive splat acquires, not the same lock already held', () => {
    const [report] = realReports('gh-127-rtl8188eu-rtnl-recursive-cfg80211');
    expect(report?.culprit).toMatchObject({ fn: 'wiphy_apply_custom_regulatory', line: 9 });
  });

  it("reads a vendor kernel's fault, its `Kernel BUG at` line and its oops as one report with the oops's culprit", () => {
    const reports = realReports('gh-202-sony-maple-loglevel-prefix-ext4-fname-encrypt-arm64');
    expect(reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([['null-deref', 'ext4_fname_encrypt']]);
  });

  it('gives the panic a warning ends in the culprit of that warning', () => {
    const reports = realReports('mg-031-s390-workqueue-dying-worker-warning-qp-timestamped');
    expect(reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([
      ['warning', 'worker_thread'],
      ['panic', 'worker_thread'],
    ]);
  });

  it('looks past the return of a replayed interrupt a powerpc NMI backtrace stops in', () => {
    // lore (stable, CKI LTP on ppc64le): the stalled CPU was caught returning from a soft-masked interrupt.
    const c = culpritOf(
      '[ 7829.754543] watchdog: BUG: soft lockup - CPU#5 stuck for 24s! [systemd-journal:510]\n' +
        '[ 7871.140056] CPU: 5 PID: 510 Comm: systemd-journal Not tainted 5.4.9-rc1-3abd3b2.cki #1\n' +
        '[ 7882.038608] NIP:  c00000000000b01c LR: c00000000001bbd4 CTR: c000000000828840\n' +
        '[ 7882.040042] NIP [c00000000000b01c] replay_interrupt_return+0x0/0x4\n' +
        '[ 7882.040177] LR [c00000000001bbd4] arch_local_irq_restore.part.0+0x54/0x70\n' +
        '[ 7882.040303] Call Trace:\n' +
        '[ 7882.040439] [c0000003eeddba50] [c0000003eeddba90] 0xc0000003eeddba90 (unreliable)\n' +
        '[ 7882.040675] [c0000003eeddba70] [c000000000d78070] _raw_spin_unlock_irqrestore+0x50/0xb0\n' +
        '[ 7882.040974] [c0000003eeddba90] [c00000000082b58c] hvc_write+0xfc/0x240\n' +
        '[ 7882.041143] [c0000003eeddbaf0] [c000000000801e50] n_tty_write+0x190/0x660\n',
    );
    expect(c?.fn).toBe('hvc_write');
  });

  it('reads the later stack when the first one holds only stale `? ` words', () => {
    const [report] = realReports('mg-082-kgdboc-schedule-work-nmi-spinlock-lockup-qp');
    expect(report?.culprit?.fn).toBe('kgdboc_post_exp_handler');
  });

  it('drops a last frame the paste cut in the middle of its name', () => {
    const [warning] = realReports('gh-011-mt76-mips-local-bh-enable-warn');
    expect(warning?.culprit?.fn).toBe('__local_bh_enable_ip');
  });

  it('names the function of an OpenZFS assertion header', () => {
    const [report] = realReports('gh-244-spl-2012-verify-rw-lock-held-zap-leaf-pageout');
    expect(report?.culprit).toMatchObject({ fn: 'zap_leaf_pageout', module: 'zfs', line: 4 });
  });

  it('names the function that took the held spinlock, read from a lock list a driver message interrupts', () => {
    // The label's first answer; before the list was read past the interleaved line, clk_set_rate (an alternative).
    const [report] = realReports('mg-052-arm64-macb-clk-set-rate-under-spinlock-pipe-quoted-interleaved');
    expect(report?.culprit).toMatchObject({ fn: 'macb_mac_link_up', line: 21 });
  });

  it('gives a frameless report of another kind printed right after one its culprit', () => {
    const [badPage, pgtables] = realReports('ml-019-loongarch-huge-pte-clear-bad-page');
    expect(badPage?.culprit?.fn).toBe('free_pages_and_swap_cache');
    expect(pgtables?.culprit?.fn).toBe('free_pages_and_swap_cache');
  });

  it('reads the register lines when the paste shows no call trace', () => {
    // MIPS `epc`, arm `PC is at`, x86 `RIP:` and powerpc xmon `pc:` alike.
    expect(
      realReports('gh-772-mt7603-mips-kmsg-oops-kmalloc-track-caller-swapper')[0]?.culprit,
    ).toMatchObject({
      fn: '__kmalloc_track_caller',
      line: 18,
    });
    expect(realReports('gh-765-bcachefs-5.1-gpf-strcmp-udevd-rip-only')[0]?.culprit?.fn).toBe('strcmp');
    expect(realReports('mg-022-ppc64-xmon-ide-quoted')[0]?.culprit?.fn).toBe('ide_config_drive_speed');
    // A fault in the allocator: the driver in the return address handed it the bad pointer.
    expect(realReports('mg-508-ubnt-mips64-systemd-status-joined-oops')[0]?.culprit).toMatchObject({
      fn: 'wg_pubkey_hashtable_alloc',
    });
    // An assertion in generic code is about that code, whoever called it.
    expect(realReports('gh-208-beagleboard-rt-thumb2-kernel-bug-sched-core')[0]?.culprit?.fn).toBe(
      '__schedule',
    );
  });

  it('skips return thunks, function padding and the stall dumper, stale or not', () => {
    const [kasan] = realReports('gh-733-beegfs-kasan-uaf-in-mutex-lock-from-reference-handle');
    expect(kasan?.culprit?.fn).toBe('FhgfsInode_referenceHandle');
    const [stall] = realReports('gh-768-riscv-keystone-rcu-self-detected-stall-ptrval');
    expect(stall?.culprit?.fn).toBe('keystone_finalize_enclave');
    const [cut] = realReports('gh-770-mwlwifi-arm-rcu-self-detected-stall-backtrace-from');
    expect(cut?.culprit?.fn).toBe('ieee80211_ba_session_work');
  });

  it('names the waiter of a hung task whose every frame is a stale word, clock reads skipped', () => {
    const hung = realReports('gh-712-univention-hung-task-jbd2-all-unreliable-frames-4.9');
    expect(hung.map((r) => r.culprit?.fn)).toContain('jbd2_journal_commit_transaction');
  });

  it('names the code that allocated a leaked object, past allocator wrappers, not its own `_alloc` helper', () => {
    const [skb] = realReports('gh-756-openbmc-ast2600-kmemleak-ftgmac100-rx-buf-two-objects');
    expect(skb?.culprit?.fn).toBe('ftgmac100_alloc_rx_buf');
    expect(realReports('gh-114-fibdrv-kmemleak-unbracketed-addresses')[0]?.culprit?.fn).toBe('cdev_alloc');
    expect(realReports('gh-112-irati-kmemleak-first-object-cut')[0]?.culprit?.fn).toBe('normal_pff_dump');
    expect(realReports('mg-010-mips-kmemleak-udp-table-qp')[0]?.culprit?.fn).toBe('udp_table_init');
  });

  it('names the holder of the first lock when a lockdep splat takes the second in generic code', () => {
    const [report] = realReports('gh-757-msm-pinctrl-irq-set-wake-circular-in-commit-message');
    expect(report?.culprit).toMatchObject({ fn: 'msm_gpio_irq_set_wake', line: 12 });
    // Without the `already holding` lines (cut from an excerpt), the innermost held lock.
    const [irq] = realReports('ml-078-lkp-irq-order-port-lock-fs-reclaim-dmesg-x-excerpt');
    expect(irq?.culprit?.fn).toBe('serial_port_runtime_resume');
    // A notifier chain's own lock: the code that called the chain.
    const [old] = realReports('mg-041-2.6.17-fc6-workqueue-cpu-chain-circular-double-quoted');
    expect(old?.culprit?.fn).toBe('_cpu_down');
  });

  it('reads i386 -rt frames with their stack size and the `EIP is at` line after `EIP:`', () => {
    const reports = realReports('ml-126-rt-hrtimer-list-poison-nmi-sched-atomic-2.6.15');
    expect(reports.map((r) => r.culprit?.fn)).toEqual([
      '__remove_hrtimer',
      '_raw_spin_lock',
      '__remove_hrtimer',
      // scheduling while atomic in do_exit() after the oops: the function that faulted
      '__remove_hrtimer',
    ]);
  });

  it('names the caller in the link register when the pc has no symbol', () => {
    const [report] = realReports('ml-081-mips-2.6.16-sgi-ip22-dev-mem-data-bus-error');
    expect(report?.culprit).toMatchObject({ fn: 'read_mem', line: 26 });
  });

  it('does not take a spinlock_t held on PREEMPT_RT for the atomic context, nor the page allocator for a caller', () => {
    const [report] = realReports('ml-003-loongarch-tlb-init-rt');
    expect(report?.culprit?.fn).toBe('tlb_init');
  });

  it('does not take an SRCU read lock or a workqueue map for the atomic context: their holders may sleep', () => {
    const report = (...locks: string[]) =>
      [
        'BUG: sleeping function called from invalid context at kernel/locking/mutex.c:562',
        'in_atomic(): 0, irqs_disabled(): 0, non_block: 0, pid: 23629, name: syz',
        `${locks.length} locks held by syz/23629:`,
        ...locks.map((lock, i) => ` #${i}: ffffffff903f0bd0 (${lock}){.+.+}-{0:0}, at: taker${i}+0x22/0x250`),
        'Call Trace:',
        ' __might_resched+0x5d4/0x780',
        ' __mutex_lock+0x126/0x1010',
        ' dev_set_allmulti+0x11c/0x270',
      ].join('\n');
    expect(culpritOf(report('&ops->srcu#2', '&dev->lock'))?.fn).toBe('taker1');
    expect(culpritOf(report('&dev->lock', '&ops->srcu#2'))?.fn).toBe('taker0');
    expect(culpritOf(report('(wq_completion)events', '(work_completion)(&w->work)'))?.fn).toBe(
      'dev_set_allmulti',
    );
  });

  it("skips a symbolized trace's generic source files, whatever the function's name", () => {
    // syzkaller's linux/guilty/41 (kernel BUG in ovl_verify_set_fh): kfree() checks the object.
    const bug = [
      'kernel BUG at include/linux/mm.h:658!',
      'invalid opcode: 0000 [#1] SMP KASAN',
      'Call Trace:',
      ' virt_to_head_page include/linux/mm.h:658 [inline]',
      ' virt_to_cache mm/slab.c:399 [inline]',
      ' kfree+0x6b/0x250 mm/slab.c:3809',
      ' ovl_verify_set_fh+0x1c5/0x2b0 fs/overlayfs/namei.c:435',
      ' ovl_verify_origin fs/overlayfs/overlayfs.h:316 [inline]',
      ' ovl_get_indexdir+0x14e/0x3b0 fs/overlayfs/super.c:1139',
    ].join('\n');
    expect(culpritOf(bug)?.fn).toBe('ovl_verify_set_fh');
  });

  it("names the caller of vunmap() or iounmap() when the vmalloc area's assertion fires", () => {
    // ml-1992: vunmap()'s BUG_ON(in_interrupt()) (mm/vmalloc.c), reached with bottom halves left disabled.
    const bug = [
      'kernel BUG at mm/vmalloc.c:2355!',
      'Internal error: Oops - BUG: 0 [#1] SMP',
      'Call trace:',
      ' vunmap+0x4c/0x50',
      ' iounmap+0x48/0x58',
      ' qed_free_pci+0x60/0x80 [qed]',
      ' qed_probe+0x35c/0x688 [qed]',
    ].join('\n');
    expect(culpritOf(bug)?.fn).toBe('qed_free_pci');
  });

  it('takes a raw spinlock held under a lock map without a wait type', () => {
    const [report] = realReports('gh-108-bcachefs-rt-invalid-wait-context-arm64');
    expect(report?.culprit?.fn).toBe('rcu_pending_enqueue');
  });

  it('skips the reporters of bad page tables and stack overflows', () => {
    expect(realReports('mg-102-riscv-bad-page-map-pfn-devmap-next-wrapped')[0]?.culprit?.fn).toBe(
      'unmap_page_range',
    );
    expect(
      realReports('mg-069-riscv-6.18-bpf-trampoline-stack-overflow-panic-nested-quotes').map(
        (r) => r.culprit?.fn,
      ),
    ).toContain('bpf_probe_read_kernel');
  });

  it('reads the sparc64 TPC and parisc IAOQ lines as where the CPU was', () => {
    const [parisc] = realReports('mg-956-parisc64-5.6-mem-init-bad-address-panic-stable-patch-qp');
    expect(parisc?.culprit?.fn).toBe('mem_init');
  });

  it('reads the trace printed just above a report that shows none of its own', () => {
    // The trace first, then the header (gh-091); a panic's end marker glued below its trace (mg-727).
    const [preempt] = realReports('gh-091-tempesta-preempt-trace-before-header-tilde-fence');
    expect(preempt?.culprit?.fn).toBe('__pg_skb_alloc');
    const [panic] = realReports('mg-727-openwifi-zcu102-end-panic-marker-glued-to-systemd-abort');
    expect(panic?.culprit?.fn).toBe('do_group_exit');
  });

  it('reads 2.4 and web-mangled i386 oopses', () => {
    expect(realReports('mg-035-2.4.20-sundance-rx-poll-oops-retyped')[0]?.culprit?.fn).toBe('rx_poll');
    const [blog] = realReports('mg-512-chinese-blog-i386-oops-html-stripped-brackets-times-sign');
    expect(blog?.culprit?.fn).toBe('init_module');
  });

  it('reads the trace printed below a report whose block was cut before it', () => {
    // A blank line and prose, then the oops's register dump and trace in a fence of their own.
    const c = culpritOf(
      [
        '```',
        'Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000',
        'Internal error: Oops: 96000045 [#2] SMP',
        '```',
        '',
        '## the function pointer it ran',
        '```',
        'pc : faulty_write+0x14/0x20 [faulty]',
        'lr : vfs_write+0xa8/0x2b0',
        'Call trace:',
        ' faulty_write+0x14/0x20 [faulty]',
        ' ksys_write+0x68/0x100',
        '```',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'faulty_write', line: 8 });
    // lockdep's `state was registered at:` trace after a line a mail archive mangled (ml-007).
    expect(realReports('ml-007-mlx5-qp-table-inconsistent')[0]?.culprit?.fn).toBe('mlx5_get_rsc');
    // xmon's register dump in the next fence (gh-784).
    const [xmon] = realReports('gh-784-p9dsu-powerpc-skiroot-4.20-xmon-data-access-do-softirq');
    expect(xmon?.culprit?.fn).toBe('__do_softirq');
  });

  it('reads a trace above that ends in an unsymbolised frame or is split by wrapped lines', () => {
    const c = culpritOf(
      [
        'Call Trace:',
        '[<00000000101888b0>] niu_try_msix.constprop.0+0xc0/0x130 [niu]',
        '[<0000000000469240>] work_for_cpu_fn+0x8/0x1c',
        '[<00000000004060c8>] ret_from_fork+0x1c/0x2c',
        '[<0000000000000000>] 0x0',
        'Kernel panic - not syncing: Non-resumable error.',
      ].join('\n'),
    );
    expect(c?.fn).toBe('niu_try_msix');
    // Quoted-printable wrapping left empty lines between the timed lines (mg-051).
    const panic = realReports('mg-051-3.10-el7-mount-propagation-nmi-backtrace-hung-panic-qp-nbsp').at(-1);
    expect(panic?.culprit?.fn).toBe('shrink_slab');
  });

  it('takes the function a message just above the header names when no frame is pasted', () => {
    // arch/x86/kernel/cet.c do_kernel_cp_fault() prints `Missing ENDBR: %pS` before its BUG().
    const endbr = culpritOf(
      [
        '[  104.422233] Missing ENDBR: kallsyms_lookup_name+0x4/0xc0',
        '[  104.422249] ------------[ cut here ]------------',
        '[  104.422250] kernel BUG at arch/x86/kernel/cet.c:132!',
      ].join('\n'),
    );
    expect(endbr).toMatchObject({ fn: 'kallsyms_lookup_name', line: 1 });
    // The same when the report shows only the reporting code: `RIP: do_kernel_cp_fault` (gh-252), and
    // v4.13-v5.4's refcount_error_report() in the WARNING header after `refcount_t hit zero at f`.
    const [cet] = realReports('gh-252-vbox-cachyos-journal-missing-endbr-cet-bug');
    expect(cet?.culprit?.fn).toBe('kallsyms_lookup_name');
    const refcount = culpritOf(
      [
        '[162152.702889] refcount_t hit zero at acrn_trace_release+0x2b/0x70 in',
        '[162152.703955] WARNING: CPU: 1 PID: 10384 at kernel/panic.c:681 refcount_error_report+0x9c/0xac',
      ].join('\n'),
    );
    expect(refcount?.fn).toBe('acrn_trace_release');
    // An unsymbolised ENDBR target (firmware code): past the CET trap, the stale caller of the jump.
    const [tboot] = realReports('ml-1292-x86-6.12-tboot-shutdown-missing-endbr-unsymbolised-stale-frames');
    expect(tboot?.culprit?.fn).toBe('tboot_shutdown');
    // A driver printing `__func__:__LINE__`, and one printing `__func__(args)`; a plain `addr:80:` is no name.
    const fiq = culpritOf(
      [
        '[    2.123254] WARN::hcd_init_fiq:460: FIQ ASM at 0x806410dc length 36',
        '[    2.123760] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:747',
      ].join('\n'),
    );
    expect(fiq?.fn).toBe('hcd_init_fiq');
    const rtw = culpritOf(
      [
        '[ 4168.879585] RTW: expire_timeout_chk(wlx18d6c7075299) asoc expire 80:73:9f:f5:de:a2, state=0x4405',
        '[ 4168.879647] RTW: clear key for addr:80:73:9f:f5:de:a2, camid:9',
        '[ 4168.879683] BUG: scheduling while atomic: swapper/0/0/0x00000100',
      ].join('\n'),
    );
    expect(rtw?.fn).toBe('expire_timeout_chk');
    // Another program's syslog line just above is user space's, not the kernel's message (gh-2105 of
    // the fresh set: sudo's PAM line before an arm oops cut after its header).
    const sudo = culpritOf(
      [
        'Jul 31 12:01:21 host sudo[2460]: pam_unix(sudo:session): session closed for user root',
        'Jul 31 12:01:21 host kernel: 8<--- cut here ---',
        'Jul 31 12:01:21 host kernel: Unable to handle kernel NULL pointer dereference at virtual address 00000188 when read',
        'Jul 31 12:01:21 host kernel: Internal error: Oops: 207 [#1] SMP ARM',
      ].join('\n'),
    );
    expect(sudo).toBeNull();
  });

  it('takes the function the poster names when the paste shows no kernel frame', () => {
    const c = culpritOf(
      [
        'In the call tree under nl80211_authenticate() it eventually gets to: rtl_ips_nic_on()',
        '```',
        'BUG: sleeping function called from invalid context at kernel/workqueue.c:2793',
        'in_atomic(): 1, irqs_disabled(): 0, pid: 1471, name: wpa_supplicant',
        '```',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'nl80211_authenticate', line: 1 });
    expect(realReports('gh-236-rpi-vc4-unbind-null-drvdata-prose-analysis')[0]?.culprit?.fn).toBe(
      'vc4_hvs_unbind',
    );
    // Without parentheses: a name of three words or more; a line of bare names is a module list.
    const bare = culpritOf(
      [
        'scsi_transport_iscsi af_packet cpufreq_conservative',
        'efcp_connection_create creates a dtcp instance by calling dtcp_create within a rcu_read section.',
        '[ 4214.337710] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:616',
        '[ 4214.342970] in_atomic(): 1, irqs_disabled(): 0, pid: 3339, name: ipcp',
        '[ 4214.355538]  00000000 00000000 f035d8ec c165486f f06a0000 f035d910 c106bb89',
      ].join('\n'),
    );
    expect(bare).toMatchObject({ fn: 'efcp_connection_create', line: 2 });
  });

  it("skips every architecture's interrupt dispatch above the stalled code", () => {
    // MIPS: a GIC timer tick through plat_irq_dispatch and except_vec_vi_end, above the looping caller.
    const c = culpritOf(
      [
        '[42760.580000] rcu: INFO: rcu_sched self-detected stall on CPU',
        '[42760.722216] Call Trace:',
        '[42760.722216] [<f845bd33>] rcu_dump_cpu_stacks+0x6a/0x98',
        '[42760.729580] [<796e7629>] rcu_check_callbacks+0x672/0x6ac',
        '[42760.737476] [<059b3b43>] update_process_times+0x18/0x34',
        '[42760.752793] [<478d3d70>] tick_sched_timer+0x1c/0x50',
        '[42760.759882] [<e56ea39f>] __hrtimer_run_queues+0xc6/0x226',
        '[42760.767418] [<e88bbcae>] hrtimer_interrupt+0x88/0x19a',
        '[42760.775031] [<6765a19e>] gic_compare_interrupt+0x2e/0x3a',
        '[42760.782761] [<0558bf5f>] handle_percpu_devid_irq+0x78/0x168',
        '[42760.790795] [<90c11ba2>] generic_handle_irq+0x1e/0x2c',
        '[42760.798117] [<1b6d462c>] gic_handle_local_int+0x38/0x86',
        '[42760.805545] [<b2ada1c7>] gic_irq_dispatch+0xa/0x14',
        '[42760.812534] [<90c11ba2>] generic_handle_irq+0x1e/0x2c',
        '[42760.820086] [<c7521934>] do_IRQ+0x16/0x20',
        '[42760.826274] [<9aef3ce6>] plat_irq_dispatch+0x62/0x94',
        '[42760.833458] [<6a94b53c>] except_vec_vi_end+0x70/0x78',
        '[42760.840655] [<22284043>] smp_call_function_many+0x1ba/0x20c',
        '[42760.848501] [<54022b58>] smp_call_function+0x1e/0x2c',
        '[42760.855693] [<ab9fc705>] flush_tlb_mm+0x2a/0x98',
        '[42760.862730] [<0844cdd0>] tlb_flush_mmu+0x1c/0x44',
      ].join('\n'),
    );
    expect(c?.fn).toBe('smp_call_function_many');
    // The stalled worker's item when every frame is the tick under plat_irq_dispatch (ml-1291).
    const [hda] = realReports('ml-1291-mips-ls7a-hda-rcu-stall-plat-irq-dispatch-snipped-quoted-reply');
    expect(hda?.culprit).toMatchObject({ fn: 'azx_probe_work', module: 'snd_hda_intel' });
    // A call through a NULL pointer from an RCU callback batch under plat_irq_dispatch (ml-1069): epc 0,
    // and the caller in ra.
    const oops = realReports(
      'ml-1069-mips-malta-5.13-percpu-depopulation-three-oopses-spinlock-bad-magic-quoted-bisect',
    );
    expect(oops.filter((r) => r.headline.includes('epc == 00000000')).map((r) => r.culprit?.fn)).toEqual([
      'rcu_core',
    ]);
  });

  it("names s390's last breaking event when the PSW points at no code", () => {
    const c = culpritOf(
      [
        'Unable to handle kernel pointer dereference in virtual kernel address space',
        'Krnl PSW : 0704c00180000000 0000000000000000 (0x0)',
        'Call Trace:',
        '([<00000000734a1486>] do_dentry_open+0x206/0x3c0)',
        ' [<00000000734b8c1e>] do_last+0x16e/0x918 ',
        ' [<00000000734b944e>] path_openat+0x86/0x2b8 ',
        'Last Breaking-Event-Address:',
        ' [<00000000736ae3fa>] default_open_file+0x5a/0x78',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'default_open_file', line: 8 });
  });

  it("skips the thread starter at the bottom of an old s390 kthread's trace", () => {
    const bugs = realReports(
      'ml-1065-s390-4.5-rc-thp-rework-random-crashes-3270-cent-bang-brackets-qp-odebug-cred-bug-bad-page-map',
    ).filter((r) => r.headline === 'kernel BUG at mm/slub.c:3629!');
    expect(bugs.map((r) => r.culprit?.fn)).toEqual(['kfree']);
  });

  it('passes over the shared-header helpers a symbolizer names inline, to their caller', () => {
    const c = culpritOf(
      [
        'BUG: KASAN: slab-use-after-free in instrument_atomic_read include/linux/instrumented.h:68 [inline]',
        'BUG: KASAN: slab-use-after-free in atomic_read include/linux/atomic/atomic-instrumented.h:32 [inline]',
        'BUG: KASAN: slab-use-after-free in foo_release+0x4c/0x1a0 drivers/misc/foo.c:120',
        'Read of size 4 at addr ffff88801f2a6010 by task syz-executor/5123',
        'Call Trace:',
        ' <TASK>',
        ' kasan_report+0xd9/0x110 mm/kasan/report.c:601',
        ' kasan_check_range+0x11c/0x200 mm/kasan/generic.c:189',
        ' instrument_atomic_read include/linux/instrumented.h:68 [inline]',
        ' atomic_read include/linux/atomic/atomic-instrumented.h:32 [inline]',
        ' foo_release+0x4c/0x1a0 drivers/misc/foo.c:120',
        ' __fput+0x3f6/0xb60 fs/file_table.c:431',
      ].join('\n'),
    );
    expect(c?.fn).toBe('foo_release');
    // The register line's own inline chain (riscv `epc :`, ml-1047): the first function outside the headers.
    const oops = realReports(
      'ml-1047-syzbot-riscv64-5.17-rc-bad-page-map-kcov-five-times-then-paging-oops',
    ).find((r) => r.kind === 'paging-fault');
    expect(oops?.culprit?.fn).toBe('copy_nonpresent_pte');
    // decode_stacktrace.sh names the real function and the inline chain in its address: it stays (gh-1106).
    const ubsan = culpritOf(
      [
        'UBSAN: shift-out-of-bounds in ./include/linux/log2.h:57:13',
        'Call Trace:',
        'dump_stack (lib/dump_stack.c:122)',
        'ubsan_epilogue (lib/ubsan.c:149)',
        '__ubsan_handle_shift_out_of_bounds.cold (./arch/x86/include/asm/smap.h:85)',
        '? u64_swap (fs/bcachefs/util.c:614)',
        'journal_keys_sort.cold (./include/linux/log2.h:57 fs/bcachefs/recovery.c:46)',
        'bch2_fs_recovery (fs/bcachefs/recovery.c:612)',
      ].join('\n'),
    );
    expect(ubsan?.fn).toBe('journal_keys_sort');
  });

  it('names the lock a lockdep report cut before its stacks was taking, generic or not', () => {
    const c = culpritOf(
      [
        '[   33.864539][    C0] WARNING: possible circular locking dependency detected',
        '[   33.866154][    C0] lkp-setup-rootf/57 is trying to acquire lock:',
        '[   33.866565][    C0] ffff9a71009b98e0 (&tty->write_wait){-...}-{3:3}, at: __wake_up_common_lock+0x20/0x80',
        '[   33.867945][    C0] ',
        '[   33.867945][    C0] but task is already holding lock:',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: '__wake_up_common_lock', line: 3 });
  });

  it('names the work function in flight on a stuck worker pool', () => {
    const c = culpritOf(
      [
        '[  633.152136] BUG: workqueue lockup - pool cpus=2 node=0 flags=0x0 nice=0 stuck for 31s!',
        '[  633.152190] Showing busy workqueues and worker pools:',
        '[  633.152194] workqueue events: flags=0x0',
        '[  633.152197]   pwq 4: cpus=2 node=0 flags=0x0 nice=0 active=2/256 refcnt=3',
        '[  633.152203]     in-flight: 143:mlx5_fw_tracer_handle_traces [mlx5_core]',
        '[  633.152230]     pending: vmstat_shepherd',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'mlx5_fw_tracer_handle_traces', line: 5 });
  });

  it('gives a repeated report that shows only generic code the culprit of its earlier copy', () => {
    const reports = realReports('gh-027-duovero-arm-sched-atomic-serial-flood');
    expect(reports.length).toBeGreaterThan(1);
    expect(new Set(reports.map((r) => r.culprit?.fn))).toEqual(new Set(['cpu_idle']));
    // An idle task's dump of generic code alone: where it disabled preemption.
    const [idle] = realReports('gh-963-rk3288-4.4-rt-sched-atomic-swapper-preempt-disabled-unpadded-ts');
    expect(idle?.culprit?.fn).toBe('secondary_start_kernel');
  });

  it('reads a trace above whose poster elided lines or retyped a frame without its offset', () => {
    const c = culpritOf(
      [
        '[17.805108] Oops [#1] SMP PTI',
        '....',
        'Call Trace:',
        'bpf_obj_get_info_by_fd+0x19d/0x2b0',
        '__do_sys_bpf+0x3fb/0x18b0',
        'do_syscall_64',
        '.....',
        'kernel panic - not syncing : Fault exception',
      ].join('\n'),
      1,
    );
    expect(c?.fn).toBe('bpf_obj_get_info_by_fd');
  });

  it('reads a log printed newest first, whose trace lies upside down above the header', () => {
    const c = culpritOf(
      [
        'Code: b9402b82 8b0202c0 eb1a02df 54000041 (d4210000)',
        ' ret_from_fork+0x10/0x20',
        ' kthread+0x154/0x160',
        ' worker_thread+0x188/0x504',
        ' process_one_work+0x1f4/0x490',
        ' brcmf_sdiod_remove+0x48/0xc0 [brcmfmac]',
        ' kfree+0x210/0x220',
        ' __slab_free+0x58/0x40c',
        'Call trace:',
        'lr : kfree+0x210/0x220',
        'pc : __slab_free+0x58/0x40c',
        'CPU: 2 PID: 639 Comm: kworker/2:2 Tainted: G         C        5.16.0 #1',
        'Internal error: Oops - BUG: 0 [#1] SMP',
        'kernel BUG at mm/slub.c:379!',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'brcmf_sdiod_remove', module: 'brcmfmac', line: 6 });
    // The same, quoted-printable: the soft breaks leave folded lines, not blank ones (mg-054).
    const [qp] = realReports('mg-054-arm64-pinebook-brcmfmac-double-free-reversed-journal-qp');
    expect(qp?.culprit?.fn).toBe('brcmf_sdiod_remove');
  });

  it('reads a line pasted apart from its report when its timestamp puts it inside the report', () => {
    const oops = [
      '[ 5828.709700] invalid opcode: 0000 [#1] SMP',
      '[ 5828.709864] Modules linked in: scst(O) qla2xxx',
      '[ 5828.710558] Pid: 5894, comm: srpt_mlx4_0-1 Tainted: G           O 3.8.5 #1',
    ];
    const summary = '[ 5828.717495] RIP  [<ffffffffa01b3fe3>] scst_tgt_cmd_done+0xa/0x34 [scst]';
    // The end-of-oops summary quoted first, then the log cut before the trace (gh-2526).
    const above = parseReports([summary, '', 'the log:', '', ...oops].join('\n')).reports;
    expect(above).toHaveLength(1);
    expect(above[0]?.culprit).toMatchObject({ fn: 'scst_tgt_cmd_done', line: 1 });
    // A line printed seconds later, or after the next report began, is another moment's.
    const later = '[ 5831.000000] RIP  [<ffffffffa01b3fe3>] scst_tgt_cmd_done+0xa/0x34 [scst]';
    expect(parseReports([later, '', ...oops].join('\n')).reports[0]?.culprit).toBeNull();
    const next = [
      '[ 5828.712000] BUG: scheduling while atomic: srpt/5894/0x00000002',
      '[ 5828.712100] Modules linked in: scst(O)',
    ];
    expect(parseReports([summary, '', ...oops, '', ...next].join('\n')).reports[0]?.culprit).toBeNull();
  });

  it('reads the function of a WARNING header a terminal or mail client wrapped', () => {
    // A journal line wrapped inside the path: the tail has no `kernel:` prefix (mg-516).
    const journal = culpritOf(
      [
        'Feb 22 01:20:18 host kernel: WARNING: CPU: 3 PID: 1243496 at /tmp/akmodsbuild/nvidia-kmod-570.86.16-x8',
        '6_64/kernel/nvidia/nv.c:4561 nv_set_system_power_state+0x419/0x480 [nvidia]',
        'Feb 22 01:20:18 host kernel: Modules linked in: nvidia(POE) vhost_net',
      ].join('\n'),
    );
    expect(journal?.fn).toBe('nv_set_system_power_state');
    // Cut inside the symbol's offset, and cut right after `file.c:line`.
    const offset = culpritOf(
      [
        'WARNING: CPU: 0 PID: 1 at drivers/gpu/drm/foo/foo_drv.c:123 foo_crtc_disable+0x',
        '1a/0x40 [foo]',
        'Modules linked in: foo',
      ].join('\n'),
    );
    expect(offset?.fn).toBe('foo_crtc_disable');
    const source = culpritOf(
      [
        'WARNING: CPU: 0 PID: 1 at drivers/gpu/drm/foo/foo_drv.c:123',
        'foo_crtc_disable+0x1a/0x40 [foo]',
        'Modules linked in: foo',
      ].join('\n'),
    );
    expect(source?.fn).toBe('foo_crtc_disable');
  });

  it("keeps apart the CPUs of an Android kernel's `[cpu: comm: pid] [cN]` prefix and reads an arm frame whose caller has no symbol", () => {
    const text = [
      '<1>[ 2142.883514]  [1:      swapper/1:    0] [c1] Unable to handle kernel NULL pointer dereference at virtual address 00000000',
      '<0>[ 2142.883605]  [1:      swapper/1:    0] [c1] Internal error: Oops: 80000005 [#1] PREEMPT SMP ARM',
      '<4>[ 2142.883636]  [1:      swapper/1:    0] [c1] CPU: 1 PID: 0 Comm: swapper/1 Tainted: G        W    3.10.65 #1-',
      '<1>[ 2142.883666]  [0:      swapper/0:    0] [c0] Unable to handle kernel NULL pointer dereference at virtual address 00000000',
      '<4>[ 2142.883728]  [1:      swapper/1:    0] [c1] PC is at 0x0',
      '<0>[ 2142.885040]  [0:      swapper/0:    0] [c0] Internal error: Oops: 80000005 [#2] PREEMPT SMP ARM',
      '<4>[ 2142.885009]  [1:      swapper/1:    0] [c1] [<c00275cc>] (ns_to_timeval+0x1c/0x34) from [<00000001>] (0x1)',
      '<4>[ 2142.885101]  [0:      swapper/0:    0] [c0] PC is at 0x0',
      '<4>[ 2142.885009]  [0:      swapper/0:    0] [c0] [<c00275cc>] (ns_to_timeval+0x1c/0x34) from [<00000000>] (  (null))',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.headline, r.culprit?.fn])).toEqual([
      ['Unable to handle kernel NULL pointer dereference at virtual address 00000000', 'ns_to_timeval'],
      ['Unable to handle kernel NULL pointer dereference at virtual address 00000000', 'ns_to_timeval'],
    ]);
    expect(reports.map((r) => r.frames.map((f) => f.line))).toEqual([[7], [9]]);
  });

  it('gives a spinlock lockup without a trace the culprit of the bad-magic report its task printed just above', () => {
    const reports = parseReports(
      [
        'BUG: spinlock bad magic on CPU#0, soffice.bin/5192',
        ' lock: ffff81005f79ae28, .magic: 000001ff, .owner: <garbled>/-1, .owner_cpu: -2141838208',
        '',
        'Call Trace: <ffffffff80210383>{__alloc_pages+99} <ffffffff802156c3>{spin_bug+195}',
        '       <ffffffff802077dc>{_raw_spin_lock+44} <ffffffff80270a4e>{_spin_lock+30}',
        '       <ffffffff8033712d>{journal_extend+77} <ffffffff80327255>{ext3_get_block+165}',
        '       <ffffffff80219c80>{sys_write+80} <ffffffff8026d234>{cstar_do_call+27}',
        'BUG: spinlock lockup on CPU#0, soffice.bin/5192, ffff81005f79ae28',
      ].join('\n'),
    ).reports;
    expect(reports.map((r) => [r.headline, r.task, r.culprit?.fn])).toEqual([
      [
        'BUG: spinlock bad magic on CPU#0, soffice.bin/5192',
        { comm: 'soffice.bin', pid: 5192, cpu: 0 },
        'journal_extend',
      ],
      [
        'BUG: spinlock lockup on CPU#0, soffice.bin/5192, ffff81005f79ae28',
        { comm: 'soffice.bin', pid: 5192, cpu: 0 },
        'journal_extend',
      ],
    ]);
  });

  it('names the function a stack-protector panic says was corrupted, generic or not, its message wrapped or not', () => {
    const boot = culpritOf(
      [
        '[    0.165053] Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: start_kernel+0x472/0x48b',
        '[    0.165053] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 6.4.2-00002-g12b1b2fca8ef #3',
        '[    0.165053] Call Trace:',
        '[    0.165053]  <TASK>',
        '[    0.165053]  dump_stack_lvl+0x36/0x50',
        '[    0.165053]  panic+0x17f/0x330',
        '[    0.165053]  __stack_chk_fail+0x14/0x20',
        '[    0.165053]  start_kernel+0x472/0x48b',
        '[    0.165053]  x86_64_start_reservations+0x24/0x30',
      ].join('\n'),
    );
    expect(boot).toMatchObject({ fn: 'start_kernel', line: 1 });
    const wrapped = culpritOf(
      [
        'Kernel panic - not syncing: stack-protector: Kernel stack',
        'is corrupted in: __do_sys_newfstatat+0xb8/0xb8',
        'CPU: 0 PID: 111 Comm: sh Not tainted 6.2.0-rc1-00027-g2d398fe49a4d #490',
        'Call Trace:',
        '[<ffffffff80c5ecf4>] panic+0x160/0x374',
        '[<ffffffff80c6db94>] generic_handle_arch_irq+0x0/0xa8',
        '[<ffffffff802deeb0>] sys_newstat+0x0/0x30',
      ].join('\n'),
    );
    expect(wrapped).toMatchObject({ fn: '__do_sys_newfstatat', line: 2 });
  });

  it('passes over a pc the CPU could not fetch an instruction from (a data object) to the caller that jumped there', () => {
    const lines = (die: string, extra: string[]) =>
      [
        '[38420.519858] BUG: unable to handle page fault for address: ffffffff8d4b9dc0',
        ...extra,
        `[38420.535277] ${die}`,
        '[38420.535323] CPU: 3 UID: 1000 PID: 1427 Comm: gmain Tainted: G S      D             7.0.3-arch1-2 #1',
        '[38420.535411] RIP: 0010:ext4_dir_inode_operations+0x0/0x100',
        '[38420.535751] Call Trace:',
        '[38420.535778]  <TASK>',
        '[38420.535802]  ? subdev_close+0x3b/0xb0 [videodev]',
        '[38420.535831]  ? v4l2_release+0x92/0xc0 [videodev]',
        '[38420.535860]  ? __fput+0xe6/0x2a0',
      ].join('\n');
    const pf = ['[38420.522446] #PF: supervisor instruction fetch in kernel mode'];
    expect(culpritOf(lines('Oops: Oops: 0011 [#2] SMP NOPTI', pf))?.fn).toBe('subdev_close');
    expect(culpritOf(lines('Oops: 0011 [#2] SMP NOPTI', []))?.fn).toBe('subdev_close');
    // A data access (bit 4 clear) faulted in the code that ran.
    expect(culpritOf(lines('Oops: 0000 [#2] SMP NOPTI', []))?.fn).toBe('ext4_dir_inode_operations');
  });

  it('skips the ELF mapping symbols (`$x.11`) a toolchain leaked into kallsyms', () => {
    const c = culpritOf(
      [
        'BUG: spinlock bad magic on CPU#5, swapper/5/0',
        ' lock: 0xffff0004409ab900, .magic: 00000000, .owner: <none>/-1, .owner_cpu: 0',
        'CPU: 5 UID: 0 PID: 0 Comm: swapper/5 Tainted: G N 6.11.0-rc1-arm64 #28',
        'Call trace:',
        ' $x.11+0x98/0xb4',
        ' show_stack+0x14/0x1c',
        ' $x.3+0x3c/0x94',
        ' dump_stack+0x14/0x1c',
        ' $x.205+0x538/0x594',
        ' do_raw_spin_lock+0xd0/0x18c',
        ' foo_timer_fn+0x10/0x18 [foo]',
        ' $x.90+0x64/0x70',
        ' hrtimer_interrupt+0x124/0x30c',
      ].join('\n'),
    );
    expect(c?.fn).toBe('foo_timer_fn');
  });

  it('reads powerpc frames and NIP lines whose dot-symbol a mail client wrapped onto the next line', () => {
    const reports = parseReports(
      [
        '[    5.291347] BUG: Unable to handle kernel data access on read at 0x0488a000',
        '[    5.291365] Oops: Kernel access of bad area, sig: 11 [#1]',
        '[    5.291392] CPU: 2 PID: 933 Comm: cryptomgr_test Not tainted 5.5.0 #1',
        '[    5.291461] NIP [c0000000000b3530]',
        '.memset+0x68/0x104',
        '[    5.291466] LR [c00000000036e84c] .kzfree+0x3c/0x60',
        '[    5.291469] Call Trace:',
        '[    5.291473] [c0000005f9bbb8b0] [c00000000036e83c] .kzfree+0x2c/0x60 (unreliable)',
        '[    5.291482] [c0000005f9bbb930] [c008000001561a44]',
        '.nx_crypto_ctx_skcipher_exit+0x24/0x50 [nx_crypto]',
        '[    5.291490] [c0000005f9bbb9b0] [c0000000005b8e5c]',
        '.crypto_skcipher_exit_tfm+0x3c/0x60',
        '[    5.291508] [c0000005f9bbbb70] [c0000000005c36bc] .alg_test+0x49c/0x590',
      ].join('\n'),
    ).reports;
    expect(reports[0]?.facts.pc?.fn).toBe('memset');
    expect(reports[0]?.culprit).toMatchObject({ fn: 'nx_crypto_ctx_skcipher_exit', module: 'nx_crypto' });
  });

  it("reads a lockdep lock's `at:` wrapped onto the next line and cut short there", () => {
    const c = culpritOf(
      [
        '=====================================================',
        'WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected',
        '6.8.0-rc4-00787-g8eb4d2392609 #2 Not tainted',
        '-----------------------------------------------------',
        'smcapp/33802 [HC0[0]:SC0[2]:HE1:SE0] is trying to acquire:',
        '00000000a2fc0330 (&ldev->dmb_ht_lock){++++}-{2:2}, at: ',
        'smc_lo_move_data+0x84/0x1d0 [>',
        'and this task is already holding:',
        '00000000e4df6f28 (&smc->conn.send_lock){+.-.}-{2:2}, at: ',
        'smc_tx_sndbuf_nonempty+0xaa>',
      ].join('\n'),
    );
    expect(c).toMatchObject({ fn: 'smc_lo_move_data', line: 6 });
  });

  it('gives a report raised while an oopsing task is killed the function that faulted', () => {
    const text = [
      'Unable to handle kernel NULL pointer dereference at 0000000000000030 RIP: ',
      '<ffffffff80264beb>{as_move_to_dispatch+283}',
      'Oops: 0000 [1] SMP ',
      'CPU 0 ',
      'Debug: sleeping function called from invalid context at include/linux/rwsem.h:43',
      'in_atomic():1, irqs_disabled():1',
      '',
      'Call Trace: <IRQ> <ffffffff8011f527>{__might_sleep+199} <ffffffff80126e79>{profile_task_exit+41}',
      '       <ffffffff80128d62>{do_exit+34} <ffffffff80245b75>{do_unblank_screen+53}',
      '       <ffffffff80329926>{do_page_fault+1830} <ffffffff80125f7d>{printk+141}',
      '       <ffffffff80120645>{activate_task+149} <ffffffff8010eaf1>{error_exit+0}',
      '       <ffffffff80264beb>{as_move_to_dispatch+283} <ffffffff80264b93>{as_move_to_dispatch+195}',
      '       <ffffffff80265473>{as_dispatch_request+931} <ffffffff8025b5f9>{elv_next_request+25}',
      'Kernel panic - not syncing: Aiee, killing interrupt handler!',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([
      ['null-deref', 'as_move_to_dispatch'],
      ['sleep-in-atomic', 'as_move_to_dispatch'],
      ['panic', 'as_move_to_dispatch'],
    ]);
  });

  it('passes over the generic helper a caller handed a bad object: the usercopy check, an skb helper', () => {
    // ml-1271-syzbot-arm64-test-reply-bad-usercopy-io-openat2-prep-tested-on-footer
    const usercopy = [
      'kernel BUG at mm/usercopy.c:102!',
      'Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP',
      'pc : usercopy_abort+0x90/0x94',
      'lr : usercopy_abort+0x90/0x94',
      'Call trace:',
      ' usercopy_abort+0x90/0x94',
      ' __check_heap_object+0xa8/0x100',
      ' __check_object_size+0x208/0x6b8',
      ' io_openat2_prep+0xcc/0x2f0',
      ' io_submit_sqes+0x330/0xba8',
    ];
    expect(culpritOf(usercopy.join('\n'))?.fn).toBe('io_openat2_prep');
    // ml-1215-ppc32-4.14-ucc-geth-skb-put-bad-area-in-softirq-patch: the fault is in skb_put itself.
    const skb = [
      '[   69.882706] Unable to handle kernel paging request for data at address 0xf0000100',
      '[   69.895122] Oops: Kernel access of bad area, sig: 11 [#1]',
      '[   69.978348] NIP [c033e164] skb_put+0x0/0x5c',
      '[   69.982528] LR [c02e44d0] ucc_geth_poll+0x2d4/0x3f8',
      '[   69.987384] Call Trace:',
      '[   69.989830] [dfff1ed0] [c02e4554] ucc_geth_poll+0x358/0x3f8 (unreliable)',
      '[   69.996522] [dfff1f20] [c0352d70] net_rx_action+0x248/0x30c',
      '[   70.002099] [dfff1f80] [c04e93e4] __do_softirq+0xfc/0x310',
    ];
    expect(culpritOf(skb.join('\n'))?.fn).toBe('ucc_geth_poll');
  });

  it("reads x86's `.slowpath` label of the paravirt unlock thunk as no function", () => {
    // ml-1203-syzbot-6.9-next-bad-unlock-ptlock-madvise-cold-then-pvqspinlock-corrupted-warning
    const text = [
      'WARNING: CPU: 1 PID: 9211 at kernel/locking/qspinlock_paravirt.h:510 __pv_queued_spin_unlock_slowpath+0x241/0x2f0 kernel/locking/qspinlock_paravirt.h:508',
      'RIP: 0010:__pv_queued_spin_unlock_slowpath+0x241/0x2f0 kernel/locking/qspinlock_paravirt.h:508',
      'Call Trace:',
      ' <TASK>',
      ' __raw_callee_save___pv_queued_spin_unlock_slowpath+0x15/0x30',
      ' .slowpath+0x9/0x16',
      ' pv_queued_spin_unlock arch/x86/include/asm/paravirt.h:589 [inline]',
      ' queued_spin_unlock arch/x86/include/asm/qspinlock.h:57 [inline]',
      ' do_raw_spin_unlock+0x13c/0x8b0 kernel/locking/spinlock_debug.c:142',
      ' _raw_spin_unlock+0x1e/0x50 kernel/locking/spinlock.c:186',
      ' spin_unlock include/linux/spinlock.h:391 [inline]',
      ' madvise_cold_or_pageout_pte_range+0x170f/0x3990 mm/madvise.c:480',
    ];
    expect(culpritOf(text.join('\n'))?.fn).toBe('madvise_cold_or_pageout_pte_range');
  });

  it('names the code that wanted a leaked object, past core constructors and ID-table registration', () => {
    // ml-1051-arm64-6.12-kunit-ttm-kmemleak-tab-indented-crc-backtrace-patch
    const file = [
      'unreferenced object 0xffffff80cb18d500 (size 360):',
      '  comm "kunit_try_catch", pid 2149, jiffies 4295089512',
      '  backtrace (crc ddf6bd5e):',
      '    [<000000002be7594b>] kmemleak_alloc+0x34/0x40',
      '    [<000000001b27be1f>] kmem_cache_alloc_noprof+0x254/0x2d8',
      '    [<00000000405acfaa>] alloc_empty_file+0x68/0x170',
      '    [<00000000dbe51815>] alloc_file_pseudo+0x108/0x1a0',
      '    [<00000000949320a0>] __shmem_file_setup+0x1b4/0x25c',
      '    [<000000009db3a347>] shmem_file_setup+0x30/0x3c',
      '    [<0000000093e9ae86>] drm_gem_object_init+0x34/0x78',
      '    [<000000007a24c4bb>] ttm_bo_kunit_init+0x1c0/0x3d8 [ttm_kunit_helpers]',
    ];
    expect(culpritOf(file.join('\n'))?.fn).toBe('drm_gem_object_init');
    // gh-242-anholt-vc4-kmemleak-hashed-pointers: an IDR node, entered by drm's object-id helpers.
    const idr = [
      'unreferenced object 0xee587430 (size 300):',
      '  comm "systemd-udevd", pid 125, jiffies 4294938047 (age 1291.300s)',
      '  backtrace:',
      '    [<9584871a>] idr_get_free_cmn+0x29c/0x2f8',
      '    [<d82df61e>] idr_alloc_cmn+0x58/0xf0',
      '    [<5c10035f>] __drm_mode_object_add+0x54/0x94',
      '    [<6d4392d9>] drm_mode_object_add+0x18/0x20',
      '    [<9ef5e7ac>] drm_property_create+0x88/0x140',
      '    [<eb668204>] drm_mode_config_init+0xec/0x4b0',
    ];
    expect(culpritOf(idr.join('\n'))?.fn).toBe('drm_property_create');
  });

  it("names KASAN's shadow set-up that stalls, past the page allocator it called", () => {
    // ml-1252-unknown-arch-6.6-rc-kasan-populate-vmalloc-soft-lockup-header-then-bare-frames-patch
    const text = [
      '  watchdog: BUG: soft lockup - CPU#3 stuck for 26s! [insmod:458]',
      '  _raw_spin_unlock_irqrestore+0x50/0xb8',
      '  rmqueue_bulk+0x434/0x6b8',
      '  get_page_from_freelist+0xdd4/0x1680',
      '  __alloc_pages+0x244/0x508',
      '  alloc_pages+0xf0/0x218',
      '  __get_free_pages+0x1c/0x50',
      '  kasan_populate_vmalloc_pte+0x30/0x188',
      '  __apply_to_page_range+0x3ec/0x650',
    ];
    expect(culpritOf(text.join('\n'))?.fn).toBe('kasan_populate_vmalloc_pte');
  });

  it("reads a stalled CPU's RIP chain of KASAN's inline checks as generic code", () => {
    // ml-1231-syzbot-6.16-rc2-rcu-preempt-stall-nmi-backtrace-kasan-check-range-timer-wakeup-didnt-happen
    const reports = realReports(
      'ml-1231-syzbot-6.16-rc2-rcu-preempt-stall-nmi-backtrace-kasan-check-range-timer-wakeup-didnt-happen',
    );
    expect(reports[0]?.culprit?.fn).toBe('page_table_check_clear');
  });

  it("passes over lockdep's held-lock query in a stalled task and krealloc in a KFENCE header", () => {
    // syzbot mail 'INFO: rcu detected stall in sendfile64' (lore, Message-ID 6990f5a7.050a0220.3a4a67.018e.GAE@google.com)
    const stall = [
      'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
      'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-1): P6857/1:b..l',
      'task:syz.2.237       state:R  running task     stack:26360 pid:6857  tgid:6845  ppid:5832',
      'Call Trace:',
      ' <TASK>',
      ' preempt_schedule_irq+0x4d/0xa0 kernel/sched/core.c:7194',
      ' irqentry_exit+0x597/0x620 kernel/entry/common.c:216',
      ' asm_sysvec_apic_timer_interrupt+0x1a/0x20 arch/x86/include/asm/idtentry.h:697',
      'RIP: 0010:lock_is_held_type+0x106/0x150 kernel/locking/lockdep.c:5945',
      ' filemap_get_read_batch+0x642/0x970 mm/filemap.c:2457',
      ' filemap_get_pages+0x351/0x1ec0 mm/filemap.c:2680',
      ' do_sendfile+0x535/0x7d0 fs/read_write.c:1370',
    ];
    expect(culpritOf(stall.join('\n'))?.fn).toBe('filemap_get_read_batch');
    // syzbot mail 'KFENCE: memory corruption in add_sysfs_param' (lore, Message-ID 66ff8bf6.050a0220.49194.0453.GAE@google.com)
    const kfence = [
      'BUG: KFENCE: memory corruption in krealloc_noprof+0x160/0x2e0',
      '',
      'Corrupted memory at 0xffff88823be6c088 [ 0x08 0x46 0x11 0x30 0x80 0x88 0xff 0xff ] (in kfence-#53):',
      ' krealloc_noprof+0x160/0x2e0',
      ' add_sysfs_param+0x137/0x7f0 kernel/params.c:663',
      ' kernel_add_sysfs_param+0xb4/0x130 kernel/params.c:817',
    ];
    expect(culpritOf(kfence.join('\n'))?.fn).toBe('add_sysfs_param');
  });

  it("reads a panic's culprit from x86's die() summary left on the screen above it", () => {
    // Old x86-64 printed the summary and ` RSP <...>` on one line; a VM console showed nothing else.
    const joined = culpritOf(
      'RIP  [<ffffffff8014c562>] list_del+0x48/0x71 RSP <ffffffff80425d00> <0>Kernel panic - not syncing: Fatal exception\n',
    );
    expect(joined).toMatchObject({ fn: 'list_del', line: 1 });
    expect(joined?.why).toContain('generic');
    // Later kernels: ` RSP <...>` and `CR2:` on lines of their own; i386 ends the line with `SS:ESP`.
    const ended = [
      'RIP  [<ffffffffa01c2f3e>] mydrv_poll+0x2e/0x90 [mydrv]',
      ' RSP <ffff88003b5d7e08>',
      'CR2: 0000000000000000',
      '---[ end trace 3e1f6a7d9e8b0c11 ]---',
      'Kernel panic - not syncing: Fatal exception in interrupt',
    ];
    expect(culpritOf(ended.join('\n'))).toMatchObject({ fn: 'mydrv_poll', line: 1 });
    const i386 =
      'EIP: [<f8a3b0c2>] mydrv_poll+0x22/0x60 [mydrv] SS:ESP 0068:f5c3bf10\nKernel panic - not syncing: Fatal exception\n';
    expect(culpritOf(i386)).toMatchObject({ fn: 'mydrv_poll', line: 1 });
  });

  it('gives a panic the culprit of the oops it ends, past a second oops cut short before its trace', () => {
    // ml-2815: init[1] dies in sys_clone2, init[102]'s die line follows with no trace, then init's panic.
    const [first, second, panic] = realReports(
      'ml-2815-ia64-bl860c-5.7-rc5-copy-thread-tls-sys-clone2-general-exception-twice-garbled-panic-quoted',
    );
    expect(first?.culprit?.fn).toBe('sys_clone2');
    expect(panic?.culprit?.fn).toBe('sys_clone2');
    // The cut report shows no frame: it names nothing, not even what the panic below took from above.
    expect(second?.culprit).toBeNull();
  });

  it('is null only when the paste shows no frame at all', () => {
    expect(culpritOf('[  320.682391] BUG: scheduling while atomic: brctl/3988/0x00000002\n')).toBeNull();
  });
});

describe('culprit past exception entry and emulation code', () => {
  it("skips powerpc's interrupt entry in an abridged hard-lockup trace", () => {
    // ml-1967-ppc64-2000-cpu-self-detected-hard-lockup-idr-find-abridged-no-offsets
    const [report] = realReports(
      'ml-1967-ppc64-2000-cpu-self-detected-hard-lockup-idr-find-abridged-no-offsets',
    );
    expect(report?.culprit?.fn).toBe('get_work_pool');
  });

  it("skips mips's address error handler that emulated the faulting access", () => {
    // ml-1965-mips64-ip30-r14000-4.4-unhandled-kernel-unaligned-access-do-ade-wrapped-cpu-line-triple-quoted
    const text = [
      'Unhandled kernel unaligned access[#1]:',
      'epc   : a800000020012ebc do_ade+0x57c/0x8b0',
      'Call Trace:',
      '[<a800000020012ebc>] do_ade+0x57c/0x8b0',
      '[<a800000020009fe0>] ret_from_exception+0x0/0x18',
      '[<a800000020062660>] __wake_up_common+0x30/0xd0',
      '[<a80000002010498c>] evict+0x10c/0x1a8',
    ].join('\n');
    expect(culpritOf(text)?.fn).not.toBe('do_ade');
  });

  it('names the function of an old x86-64 module frame', () => {
    // ml-1952-x86_64-2.6.26-hung-task-khubd-dvb-unregister-frontend-kthread-stop-module-colon-frames
    const [report] = realReports(
      'ml-1952-x86_64-2.6.26-hung-task-khubd-dvb-unregister-frontend-kthread-stop-module-colon-frames',
    );
    expect(report?.culprit?.fn).toBe('dvb_unregister_frontend');
  });
});

describe('culprit in 2.4 and 2.6 traces', () => {
  it('reads below the generic function a `Badness in` or `WARNING: at` header names, past stale words above it', () => {
    // ml-2700-mips-2.6.11-au1100-hostap-badness-local-bh-enable-pgp-qp
    const badness = [
      'Badness in local_bh_enable at kernel/softirq.c:140',
      'Call Trace:',
      ' [<802482c4>] skb_clone+0x24/0x374',
      ' [<8012c3c8>] local_bh_enable+0x74/0x9c',
      ' [<80251048>] dev_queue_xmit+0x310/0x374',
      ' [<c0064438>] hostap_data_start_xmit+0x80c/0xac4 [hostap]',
    ].join('\n');
    expect(culpritOf(badness)?.fn).toBe('dev_queue_xmit');
    const [report] = realReports(
      'ml-2731-x86_64-2.6.38-rc4-veth-dellink-cleanup-net-list-del-corruption-null-padded',
    );
    expect(report?.culprit?.fn).toBe('veth_dellink');
  });

  it("skips 2.6's timer-tick, die() and SLAB debug frames", () => {
    // ml-2708-x86-2.6.17-rc3-sctp-conntrack-soft-lockup-quoted-gdb-list
    const lockup = [
      'BUG: soft lockup detected on CPU#0!',
      ' [<c0104e7f>] show_trace+0xd/0xf',
      ' [<c0104e96>] dump_stack+0x15/0x17',
      ' [<c015ad02>] softlockup_tick+0xc5/0xd9',
      ' [<c0134c02>] run_local_timers+0x22/0x24',
      ' [<c0134fb7>] update_process_times+0x40/0x65',
      ' [<c011aa56>] smp_apic_timer_interrupt+0x58/0x60',
      ' [<c010492b>] apic_timer_interrupt+0x27/0x2c',
      ' [<c0f00df9>] sctp_new+0x8b/0x235',
    ].join('\n');
    expect(culpritOf(lockup)?.fn).toBe('sctp_new');
    const reports = realReports(
      'ml-2710-x86-2.6.16.18-rwlock-bad-magic-oopses-spinlock-recursion-lockup-serial-wrapped',
    );
    expect(reports.slice(0, 3).map((r) => r.culprit?.fn)).toEqual([
      'remove_mapping',
      'sync_page',
      'do_wp_page',
    ]);
    const slab = realReports(
      'ml-2723-x86-2.6.12-rc2-mm3-kdump-cachefs-kmem-cache-free-mismatch-badness-slab-error-bug-nested-quote',
    );
    expect(slab.slice(1).map((r) => r.culprit?.fn)).toEqual([
      'ext3_destroy_inode',
      'ext3_destroy_inode',
      'ext3_destroy_inode',
    ]);
  });

  it("passes a function pointer word (`{f+0}`) under a 2.6 x86-64 soft lockup's interrupt", () => {
    const [, report] = realReports('ml-2709-x86_64-2.6.17-fc5-exit-mmap-soft-lockup-braces-outlook-wrapped');
    expect(report?.culprit?.fn).toBe('free_pages_and_swap_cache');
  });

  it("takes the opener of PREEMPT_RT's critical section (`( <= f+0x4b/0x230)`) where it scheduled", () => {
    const [report] = realReports(
      'ml-2717-x86_64-2.6.20-rc2-rt3-remove-proc-entry-sched-atomic-swapper-critical-section-patch',
    );
    expect(report?.culprit?.fn).toBe('remove_proc_entry');
  });

  it("reads where the CPU was from ksymoops's marked `Code;` line when the decode left out `>>EIP;`", () => {
    const text = [
      ' <1>Unable to handle kernel NULL pointer dereference at virtual address 00000028',
      'c015e3a2',
      '*pde = 00000000',
      'Oops: 0000',
      'CPU:    0',
      'EIP:    0010:[<c015e3a2>]    Not tainted',
      'EFLAGS: 00010203',
      '',
      'eax: 0100004d   ebx: 00000000   ecx: 000001d2   edx: 00000000',
      '',
      'Code;  c015e3a2 <journal_try_to_free_buffers+5a/98>',
      '00000000 <_EIP>:',
      'Code;  c015e3a2 <journal_try_to_free_buffers+5a/98>   <=====',
      '   0:   8b 5b 28                  mov    0x28(%ebx),%ebx   <=====',
    ].join('\n');
    expect(culpritOf(text)?.fn).toBe('journal_try_to_free_buffers');
  });
});
