/**
 * Report kinds and paste shapes found in real reports, one real excerpt each. Every excerpt is cut from
 * the file of test/fixtures/real/ named beside it, which gives its source.
 */
import { describe, expect, it } from 'vitest';
import { parseReports } from '../src/parse/index.js';
import { readPaste } from '../src/parse/paste.js';

const found = (text: string): string[] => parseReports(text).reports.map((r) => `${r.kind}: ${r.headline}`);
const reportKinds = (text: string): string[] => parseReports(text).reports.map((r) => r.kind);

describe('report kinds in their old and per-architecture forms', () => {
  it('reads a MIPS fault line that names the CPU first, with its register dump', () => {
    // ml-138-mips-tx4937-r4k-flush-cache-page-oops-2.6.16
    const text = [
      '/ # ps -A',
      'CPU 0 Unable to handle kernel paging request at virtual address 7fa99400, epc == 80031018, ra == 80030fe0',
      'Oops[#1]:',
      'Cpu 0',
      '$ 0   : 00000000 10008401 7fa99400 7fa99400',
      '$ 4   : 7fa99000 00000004 00000000 7fa9a000',
      'epc   : 80031018 r4k_flush_cache_page+0x158/0x1c8     Not tainted',
      'Call Trace:',
      ' [<80030ec0>] r4k_flush_cache_page+0x0/0x1c8',
      ' [<8006d6e8>] access_process_vm+0x118/0x1d0',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => r.kind)).toEqual(['paging-fault']);
    expect(reports[0]?.lines).toEqual({ start: 2, end: 10 });
  });

  it('reads a KFENCE excerpt that starts at the access line, below its cut BUG line', () => {
    // gh-1359-x86-5.11-rc2-kfence-oob-read-kunit-header-cut-starts-at-out-of-bounds-line
    const text = [
      '[    3.591561] Out-of-bounds read at 0xffff8c2aae235fff (1B left of kfence-#26):',
      '[    3.592660]  test_out_of_bounds_read+0xa6/0x234',
      '[    3.593409]  kunit_try_run_case+0x51/0x90',
      '[    3.594958]  kthread+0x166/0x1a0',
      '[    3.596233] kfence-#26 [0xffff8c2aae236000-0xffff8c2aae23601f, size=32, cache=test] allocated by task 111:',
      '[    3.597661]  test_alloc+0xdb/0x6ff',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => r.title)).toEqual(['KFENCE: out-of-bounds read in test_out_of_bounds_read']);
    expect(reports[0]?.culprit?.fn).toBe('test_out_of_bounds_read');
    // Without KFENCE's object name the same words are someone else's message.
    expect(parseReports('Out-of-bounds read at 0x1000 in table\n').reports).toEqual([]);
  });

  it("skips arm64's IRQ-stack entry frames when naming a stalled CPU's code", () => {
    // gh-1318-arm64-cm4-rcu-preempt-self-detected-stall-el1-irq-queued-spin-lock
    const text = [
      '[   31.281311] rcu: INFO: rcu_preempt self-detected stall on CPU',
      '[   31.287166] rcu: \t3-....: (5249 ticks this GP) idle=4c5/1/0x4000000000000002 softirq=1986/1986 fqs=1943 ',
      '[   31.314394] Call trace:',
      '[   31.331584]  rcu_dump_cpu_stacks+0xe0/0x160',
      '[   31.335832]  rcu_sched_clock_irq+0xdc4/0xf30',
      '[   31.360958]  arch_timer_handler_phys+0x40/0x50',
      '[   31.365469]  handle_percpu_devid_irq+0xb0/0x244',
      '[   31.374052]  gic_handle_irq+0x58/0xe0',
      '[   31.377767]  call_on_irq_stack+0x2c/0x5c',
      '[   31.381747]  do_interrupt_handler+0x5c/0x70',
      '[   31.385992]  el1_interrupt+0x30/0x80',
      '[   31.389620]  el1h_64_irq_handler+0x18/0x24',
      '[   31.393775]  el1h_64_irq+0x78/0x7c',
      '[   31.397224]  queued_spin_lock_slowpath+0x22c/0x3c0',
    ].join('\n');
    expect(parseReports(text).reports[0]?.culprit?.fn).toBe('queued_spin_lock_slowpath');
  });

  it("reads parisc_terminate()'s fault and machine-check lines, the kind from the address", () => {
    // ml-1232-parisc-c8000-5.15.4-bad-address-data-tlb-miss-sba-unmap-sg-in-irq-panic-german-quote,
    // mg-956-parisc64-5.6-mem-init-bad-address-panic-stable-patch-qp, ml-1233-parisc-c240-5.2-rc1-hpmc-...
    const fault = (line: string): string[] =>
      reportKinds(
        [
          line,
          'CPU: 3 PID: 5549 Comm: cmake Not tainted 5.15.4-gentoo-parisc64 #4',
          ' IAOQ[0]: sba_unmap_sg+0xb0/0x118',
          'Backtrace:',
          ' [<00000000402740cc>] dma_unmap_sg_attrs+0x6c/0x70',
        ].join('\n'),
      );
    expect(
      fault('Bad Address (null pointer deref?): Code=15 (Data TLB miss fault) at addr 0000004140000018'),
    ).toEqual(['paging-fault']);
    expect(
      fault(
        'Bad Address (null pointer deref?): Code=26 (Data memory access rights trap) at addr 0000000000000000',
      ),
    ).toEqual(['null-deref']);
    expect(
      fault(
        'High Priority Machine Check (HPMC): Code=1 (High-priority machine check (HPMC)) at addr 00000000',
      ),
    ).toEqual(['other']);
  });

  it("reads kmemleak_warn()'s misuse reports and names the hook's caller", () => {
    // ml-1214-cm4-arm64-5.19-kmemleak-cannot-insert-overlaps-kfence-pool-pipe-quoted-revert (same family)
    const text = [
      'kmemleak: Freeing unknown object at 0xffff888012345678',
      'CPU: 1 PID: 5 Comm: modprobe Tainted: G O 6.1.0 #1',
      'Call Trace:',
      ' <TASK>',
      ' dump_stack_lvl+0x4c/0x70',
      ' kmemleak_free+0x5a/0x80',
      ' kfree+0x1a0/0x2b0',
      ' foo_remove+0x20/0x40 [foo]',
      ' platform_remove+0x20/0x30',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.kind, r.title, r.culprit?.fn])).toEqual([
      ['other', 'kmemleak: Freeing unknown object in foo_remove', 'foo_remove'],
    ]);
    // Its notices are no reports.
    expect(
      found(
        'kmemleak: Kernel memory leak detector disabled\nkmemleak: Automatic memory scanning thread ended',
      ),
    ).toEqual([]);
  });

  it("reads sparc64 die_if_kernel()'s trap line, titled by the TPC function", () => {
    // mg-1220-sparc64-6.12-sun4u-kernel-illegal-instruction-ehci-init-qp-nbsp-double-quoted
    const text = [
      '[   41.186220] (udev-worker)(88): Kernel illegal instruction [#1]',
      '[   41.262910] CPU: 0 UID: 0 PID: 88 Comm: (udev-worker) Tainted: G        W          6.12.0+ #25',
      '[   41.415025] TSTATE: 0000004411001607 TPC: 00000000101c21c0 TNPC: 00000000101c21c4 Y: 00000000',
      '[   41.563717] TPC: <ehci_init_driver+0x0/0x160 [ehci_hcd]>',
      '[   43.228077] Caller[0000000000427d90]: do_one_initcall+0x30/0x200',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.kind, r.title, r.culprit?.fn])).toEqual([
      ['other', 'Kernel illegal instruction in ehci_init_driver', 'ehci_init_driver'],
    ]);
  });

  it('reads an x86 WARNING pasted from its register dump down, its WARNING line left out', () => {
    // ml-1221-x86-6.3.8-arch-b43-ieee80211-stop-queue-warning-journal-quoted-no-header-line
    const trace = [
      'Workqueue: phy0 b43_tx_work [b43]',
      'RIP: 0010:__ieee80211_stop_queue+0xcc/0xe0 [mac80211]',
      'RSP: 0000:ffffc36b0013bdb8 EFLAGS: 00010097',
      'Call Trace:',
      ' <TASK>',
      ' ? __ieee80211_stop_queue+0xcc/0xe0 [mac80211]',
      ' ? __warn+0x81/0x130',
      ' ? report_bug+0x171/0x1a0',
      ' ieee80211_stop_queue+0x36/0x50 [mac80211]',
      ' b43_pio_tx+0x373/0x390 [b43]',
      ' </TASK>',
    ];
    const reports = parseReports(trace.join('\n')).reports;
    expect(reports.map((r) => [r.kind, r.title])).toEqual([['warning', 'WARNING in __ieee80211_stop_queue']]);
    // From its call trace down, the same.
    expect(reportKinds(trace.slice(3).join('\n'))).toEqual(['warning']);
    // A register dump and trace without `__warn` (a fault's, its header cut) is no WARNING.
    expect(found(trace.filter((l) => !l.includes('__warn')).join('\n'))).toEqual([]);
  });

  it('reads an x86 BUG() pasted from its call trace down, kmsg records a blank line apart', () => {
    // ml-1260-x86-6.13-stable-ufs-bsg-usercopy-abort-kmsg-records-blank-line-separated-no-header
    const records = [
      'Call Trace:',
      ' <TASK>',
      ' ? show_regs+0x6d/0x80',
      ' ? die+0x37/0xa0',
      ' ? do_trap+0xd4/0xf0',
      ' ? do_error_trap+0x71/0xb0',
      ' ? usercopy_abort+0x6c/0x80',
      ' ? exc_invalid_op+0x52/0x80',
      ' __check_heap_object+0xe3/0x120',
      ' __check_object_size+0x23/0x30',
      ' bsg_transport_sg_io_fn+0x314/0x3b0',
    ];
    const text = records.map((r, i) => `4,${1308 + i},${531166555 + i},-;${r}`).join('\n\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([['kernel-bug', 'bsg_transport_sg_io_fn']]);
  });

  it('reads a MIPS bus error', () => {
    // ml-081-mips-2.6.16-sgi-ip22-dev-mem-data-bus-error
    const text = [
      'MC Bus Error',
      'GIO error 0x400:<TIME > @ 0x00090000',
      'Data bus error, epc == ffffffff881b0cf0, ra == ffffffff881c9ab4',
      'Oops[#8]:',
      'Cpu 0',
      '$ 0   : 0000000000000000 0000000000000004 ffffffff80090000 0000000000000000',
      'epc   : ffffffff881b0cf0 both_aligned+0x10/0x64     Not tainted',
      'ra    : ffffffff881c9ab4 read_mem+0xec/0x138',
    ].join('\n');
    expect(found(text)).toEqual(['other: Data bus error, epc == ffffffff881b0cf0, ra == ffffffff881c9ab4']);
  });

  it('reads an arm64 `Unhandled fault at` line as a paging fault', () => {
    // gh-140-aspis-arm64-seu-ttbr-fault-backtick-prompt
    const text = [
      'root@debian:~# [  212.473177] Unhandled fault at 0xffff800010003eb0',
      '[  212.477948] Mem abort info:',
      '[  212.480813]   ESR = 0x96000040',
      '[  212.530000] Internal error: ttbr address size fault: 96000040 [#1] SMP',
    ].join('\n');
    expect(found(text)).toEqual(['paging-fault: Unhandled fault at 0xffff800010003eb0']);
  });

  it("reads a 2.4 kernel's panic line", () => {
    // mg-021-mips-au1550-2.4-oops-outlook-qp
    const text = 'Kernel panic: Aiee, killing interrupt handler!\n\nIn interrupt handler - not syncing\n';
    expect(found(text)).toEqual(['panic: Kernel panic: Aiee, killing interrupt handler!']);
  });

  it('reads the 2.6 `Debug: sleeping function` line as a sleep in atomic context', () => {
    // mg-001-ipv6-proto-register-sleep
    const text = [
      'Debug: sleeping function called from invalid context at mm/slab.c:2090',
      'in_atomic():1, irqs_disabled():0',
      ' [<c0103707>] dump_stack+0x17/0x20',
      ' [<c0114e6c>] __might_sleep+0xac/0xc0',
      ' [<c014394e>] kmem_cache_alloc+0x5e/0x60',
      ' [<c02b0f3a>] proto_register+0x6a/0x1c0',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report?.kind).toBe('sleep-in-atomic');
    expect(report?.title).toBe('BUG: sleeping function called from invalid context in proto_register');
  });

  it("reads OpenZFS's SPL panics, old and new", () => {
    // gh-069-zfs-spl-panic-verify-invalid-mode, gh-243-zfs-verify3-panic-at-range-tree-alpine
    const old = [
      '[12148.917804] VERIFY(0) failed',
      '[12148.917817] SPLError: 6797:0:(zfs_znode.c:330:zfs_inode_set_ops()) SPL PANIC',
      '[12148.917821] SPL: Showing stack for process 6797',
      '[12148.917830] Call Trace:',
      '[12148.917855]  [<ffffffffa04f5567>] spl_debug_dumpstack+0x27/0x40 [spl]',
    ].join('\n');
    const recent = [
      '[39307.894754] VERIFY3(zfs_rs_get_end(rs, rt) >= end) failed (498722471936 >= 498724454400)',
      '[39307.894768] PANIC at range_tree.c:503:zfs_range_tree_remove_impl()',
      '[39307.894775] Showing stack for process 11931',
    ].join('\n');
    expect(parseReports(old).reports.map((r) => r.title)).toEqual(['PANIC in zfs_inode_set_ops']);
    expect(parseReports(recent).reports.map((r) => r.title)).toEqual(['PANIC in zfs_range_tree_remove_impl']);
    // The old line's words before `SPL PANIC` are its own format's, with or without a timestamp.
    const journal = old.replace(/\[\d+\.\d+\] /g, 'Jan 12 10:00:00 nas kernel: ');
    expect(parseReports(journal).reports.map((r) => r.title)).toEqual(['PANIC in zfs_inode_set_ops']);
    expect(parseReports(old.replace(/\[\d+\.\d+\] /g, '')).reports).toHaveLength(1);
  });

  it("reads s390's and powerpc's die() lines when the fault line above was cut", () => {
    // ml-055-s390-ap-parse-bitmap-str-oops-stable, mg-040-ppc64le-firefox-soft-lockup-and-fp-exception-...
    const s390 = [
      '  Failing address: 200000cb7df6f000 TEID: 200000cb7df6f403',
      '  Fault in home space mode while using kernel ASCE.',
      '  Oops: 0038 ilc:3 [#1] PREEMPT SMP',
      '  Modules linked in: mlx5_ib ...',
      '  CPU: 8 PID: 7556 Comm: bash Not tainted 6.9.0-rc7 #8',
      '  Krnl PSW : 0704e00180000000 0000014b75e7b606 (ap_parse_bitmap_str+0x10e/0x1f8)',
    ].join('\n');
    const ppc =
      '[  572.253008] Oops: Exception in kernel mode, sig: 5 [#1]\n[  572.253232] Modules linked in: tcp_diag';
    expect(found(s390)).toEqual(['paging-fault: Oops: 0038 ilc:3 [#1] PREEMPT SMP']);
    expect(found(ppc)).toEqual(['other: Oops: Exception in kernel mode, sig: 5 [#1]']);
  });

  it("reads s390's program checks in kernel mode, with and without `ilc:`", () => {
    // ml-1080-s390-6.3-chacha20-vx-data-exception-kill-init-stable-patch,
    // gh-1081-s390x-rhel7-unknown-program-exception-0028-cpu-relax-kb-excerpt
    const data = [
      'data exception: 0007 ilc:3 [#1] SMP',
      'Modules linked in:',
      'CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.3.0-rc7+ #11',
      'Krnl PSW : 0704e00180000000 000000001857277a (chacha20_vx+0x32/0x818)',
    ].join('\n');
    const old = [
      '[2113471.872311] Unknown program exception: 0028 [#1] SMP ',
      '[2113471.872373] CPU: 1 PID: 3323 Comm: Thread-44 Not tainted 3.10.0-1062.4.1.el7.s390x #1',
    ].join('\n');
    expect(found(data)).toEqual(['other: data exception: 0007 ilc:3 [#1] SMP']);
    expect(found(old)).toEqual(['other: Unknown program exception: 0028 [#1] SMP']);
  });

  it("keeps s390's die() line under the BUG it follows, old and new", () => {
    // mg-063-s390-2.6.26-offline-isolated-pages-bug-loglevel-quoted
    const old = [
      '<2>kernel BUG at /home/autobuild/BUILD/linux-2.6.26-20080909/mm/page_alloc.c:4561!',
      '<4>illegal operation: 0001 [#1] PREEMPT SMP',
    ].join('\n');
    const monitor = [
      '[ 1645.499490] kernel BUG at mm/slub.c:4200!',
      '[ 1645.499499] monitor event: 0040 ilc:2 [#1] SMP',
    ].join('\n');
    expect(reportKinds(old)).toEqual(['kernel-bug']);
    expect(reportKinds(monitor)).toEqual(['kernel-bug']);
  });

  it("takes s390's and parisc's faults at address zero as NULL dereferences", () => {
    // ml-1064-s390-5.3-next-tracefs-lockdown-psw-zero-default-open-file-panic-on-oops-quoted,
    // ml-1061-parisc-2.6.39-rc-slub-add-partial-kernel-fault-code26-fsck-progress-bar-nested-quote
    const s390 = [
      '[ 3972.384027] Unable to handle kernel pointer dereference in virtual kernel address space',
      '[ 3972.384031] Failing address: 0000000000000000 TEID: 0000000000000887',
      '[ 3972.384032] Fault in home space mode while using kernel ASCE.',
      '[ 3972.384051] Oops: 0004 ilc:1 [#1] SMP ',
    ].join('\n');
    const parisc = '[  257.192000] Kernel Fault: Code=26 regs=00000040bf1807d0 (Addr=0000000000000000)';
    expect(reportKinds(s390)).toEqual(['null-deref']);
    expect(
      reportKinds(s390.replace('Failing address: 0000000000000000', 'Failing address: 000003ff8a2b1000')),
    ).toEqual(['paging-fault']);
    expect(reportKinds(parisc)).toEqual(['null-deref']);
  });

  it("reads lockdep's own checks as warnings", () => {
    // gh-133-popcorn-check-flags-hardirqs-warning; lore.kernel.org syzbot report 3ac57409fb0bec311927
    const text = [
      '[  100.100000] DEBUG_LOCKS_WARN_ON(1)',
      '[  100.100001] WARNING: CPU: 1 PID: 30056 at kernel/locking/lockdep.c:231 __lock_acquire+0x2b0/0x3084',
      '[  100.100002] CPU: 1 PID: 30056 Comm: syz-executor132 Not tainted 6.1.0-rc5 #0',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['warning']);
  });

  it("reads powerpc's NULL dereference line and keeps its die() line in the same report", () => {
    // ml-031-powerpc-spapr-tce-unset-window-null
    const text = [
      '   Kernel attempted to read user page (308) - exploit attempt?',
      '   BUG: Kernel NULL pointer dereference on read at 0x00000308',
      '   Faulting instruction address: 0xc0000000001ce358',
      '   Oops: Kernel access of bad area, sig: 11 [#1]',
      '   NIP:  c0000000001ce358 LR: c0000000001ce05c CTR: c00000000005add0',
      '   NIP [c0000000001ce358] spapr_tce_unset_window+0x3b8/0x510',
    ].join('\n');
    expect(found(text)).toEqual(['null-deref: BUG: Kernel NULL pointer dereference on read at 0x00000308']);
  });

  it('reads a list corruption WARNING printed with the build tree path', () => {
    // gh-066-ipt-netflow-list-del-journal-width-cut
    const text = [
      'Mar 12 13:22:14 egzos kernel: WARNING: CPU: 4 PID: 0 at /build/linux-8fxPc5/linux-4.9.6/lib/list_debug.c:62 netflow_target+0x68f/0xfd0 [ipt_NETFLOW]',
      'Mar 12 13:22:14 egzos kernel: list_del corruption. next->prev should be ffff92e8ae4f58f0, but was ffffffffc0633428',
      'Mar 12 13:22:14 egzos kernel: Modules linked in: nf_log_ipv4 nf_log_common xt_LOG ipt_NETFLOW(OE)',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['list-corruption']);
  });
});

describe('one report however its header line was copied', () => {
  it('keeps the timestamped lines of a header whose own timestamp was not selected', () => {
    // gh-085-bokasan-paging-memset-first-line-untimed
    const text = [
      ' BUG: unable to handle kernel paging request at ffffe0f000020000',
      '[13968.479004] PGD 0 P4D 0 ',
      '[13968.479005] Oops: 0002 [#1] SMP NOPTI',
      '[13968.479006] CPU: 2 PID: 88761 Comm: insmod Tainted: G           O      4.19.0-amd64-desktop #7112',
      '[13968.479011] RIP: 0010:memset_erms+0x9/0x10',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => r.kind)).toEqual(['paging-fault']);
    expect(reports[0]?.lines).toEqual({ start: 1, end: 5 });
  });

  it('reads a journal cut to the time of day', () => {
    // gh-234-amneziawg-pr-time-only-journal-nx-exec-heap
    const text = [
      '20:49:05 chachad kernel: BUG: unable to handle page fault for address: ffff8dc10b6cfd80',
      '20:49:05 chachad kernel: #PF: supervisor instruction fetch in kernel mode',
      '20:49:05 chachad kernel: Oops: Oops: 0011 [#1] SMP NOPTI',
      '20:49:05 chachad kernel: CPU: 2 UID: 0 PID: 23147 Comm: kworker/u64:7 Tainted: G            E       6.19.7-1-cachyos #1',
    ].join('\n');
    expect(found(text)).toEqual([
      'paging-fault: BUG: unable to handle page fault for address: ffff8dc10b6cfd80',
    ]);
  });

  it("reads a log shipper's ISO stamp joined to the message by a dash", () => {
    // gh-2511-lkrg-arch-6.14-put-cred-kernel-bug-iso-timestamp-dash-prefix
    const text = [
      '2025-08-31T23:43:46Z - kernel BUG at kernel/cred.c:103!',
      '2025-08-31T23:43:46Z - Oops: invalid opcode: 0000 [#2] PREEMPT SMP NOPTI',
      '2025-08-31T23:43:46Z - CPU: 1 UID: 1000 PID: 1063205 Comm: bwrap Tainted: G      D    OE      6.14.3-arch1-1 #1',
      '2025-08-31T23:43:46Z - RIP: 0010:__put_cred+0x54/0x60',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report).toMatchObject({ kind: 'kernel-bug', kernel: '6.14.3-arch1-1', arch: 'x86_64' });
    expect(report?.culprit?.fn).toBe('__put_cred');
  });

  it("reads the stamps of dmesg's and journalctl's other time formats", () => {
    // The report of gh-2857 as util-linux dmesg and systemd journalctl print it in their other modes.
    const report = [
      'BUG: kernel NULL pointer dereference, address: 0000000000000002',
      'Oops: 0000 [#1] PREEMPT SMP NOPTI',
      'CPU: 2 PID: 27379 Comm: blender-4.1 Not tainted 6.6.2-arch1-1 #1',
      'RIP: 0010:__list_add_valid_or_report+0x1a/0xa0',
      'Call Trace:',
      ' __mutex_add_waiter+0x23/0x60',
      ' add_kgd_mem_to_kfd_bo_list+0x23/0xa0 [amdgpu]',
    ];
    const shapes: Record<string, (line: string, i: number) => string> = {
      'dmesg -d': (l, i) => `[  123.45678${i} <    0.00001${i}>] ${l}`,
      'dmesg --time-format=iso': (l, i) => `2023-11-26T01:10:31,12345${i}+01:00 ${l}`,
      'journalctl -o short-full': (l) => `Sun 2023-11-26 01:10:31 CET code01 kernel: ${l}`,
      'journalctl -o short-unix': (l, i) => `1700960431.12345${i} code01 kernel: ${l}`,
      'journalctl, Korean locale': (l) => `11월 26 01:10:31 code01 kernel: ${l}`,
    };
    for (const [name, shape] of Object.entries(shapes)) {
      const reports = parseReports(report.map(shape).join('\n')).reports;
      expect(reports, name).toHaveLength(1);
      expect(reports[0], name).toMatchObject({ kind: 'null-deref', kernel: '6.6.2-arch1-1' });
      expect(reports[0]?.culprit?.fn, name).toBe('add_kgd_mem_to_kfd_bo_list');
    }
    // Another program's journal line in short-full stays foreign; dmesg's ISO stamp is no syslog date.
    expect(found('Sun 2023-11-26 01:10:31 CET code01 systemd[1]: BUG: not the kernel')).toEqual([]);
  });

  it("reads Go's time.Time stamp with its offset and zone name before a syslog level tag", () => {
    // gh-2819-docker-for-mac-utc-kern-level-prefix-nx-exec-paging-request-moby
    const text = [
      '2016-07-31 16:26:53 +0000 UTC kern.crit kernel: kernel tried to execute NX-protected page - exploit attempt? (uid: 0)',
      '2016-07-31 16:26:53 +0000 UTC kern.alert kernel: BUG: unable to handle kernel paging request at ffff88007bd671c0',
      '2016-07-31 16:26:53 +0000 UTC kern.alert kernel: IP: [<ffff88007bd671c0>] 0xffff88007bd671c0',
      '2016-07-31 16:26:53 +0000 UTC kern.warn kernel: Oops: 0011 [#1] SMP',
      '2016-07-31 16:26:53 +0000 UTC kern.warn kernel: CPU: 3 PID: 1835 Comm: start-stop-daem Not tainted 4.4.15-moby #1',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report).toMatchObject({ kind: 'paging-fault', kernel: '4.4.15-moby' });
    // Fractional seconds and a negative offset, as the layout allows.
    const lines = [
      '2024-01-02 03:04:05.123456789 -0700 MST kern.alert kernel: BUG: kernel NULL pointer dereference, address: 0000000000000008',
      '2024-01-02 03:04:05.123456789 -0700 MST kern.warn kernel: RIP: 0010:foo_probe+0x12/0x34 [foo]',
    ].join('\n');
    expect(found(lines)).toEqual([
      'null-deref: BUG: kernel NULL pointer dereference, address: 0000000000000008',
    ]);
  });

  it('takes a headline typed above the log, or logged twice at once, as one report', () => {
    // gh-211-docker-mac-arm64-summary-line-then-bug-generic-shutdown-super
    const typed = [
      'Internal error: Oops - BUG: 00000000f2000800',
      '',
      '[15036.648669] Internal error: Oops - BUG: 00000000f2000800 [#1] SMP',
      '[15036.648733] Modules linked in: shiftfs(O) selfowner(O)',
      '[15036.648834] pc : generic_shutdown_super+0x100/0x110',
    ].join('\n');
    expect(found(typed)).toEqual(['kernel-bug: Internal error: Oops - BUG: 00000000f2000800 [#1] SMP']);
    // gh-075-omi-bad-page-state-journal-duplicated-headline
    const twice = [
      'Nov  3 15:20:05 host kernel: BUG: Bad page state in process omicli  pfn:2663ff',
      'Nov  3 15:20:05 host kernel: BUG: Bad page state in process omicli  pfn:2663ff',
      'Nov  3 15:20:05 host kernel: page:fffffdeec998ffc0 count:0 mapcount:1 mapping:          (null) index:0x7fbd75fff',
    ].join('\n');
    expect(parseReports(twice).reports).toHaveLength(1);
  });

  it("takes syzbot's header repeated for each inlined frame as one report", () => {
    // mg-036-kmsan-gtp-dev-xmit-quoted-reply
    const text = [
      '> BUG: KMSAN: uninit-value in ipv6_pdp_find drivers/net/gtp.c:220 [inline]',
      '>  BUG: KMSAN: uninit-value in gtp_build_skb_ip6 drivers/net/gtp.c:1229 [inline]',
      '>  BUG: KMSAN: uninit-value in gtp_dev_xmit+0x1424/0x2540 drivers/net/gtp.c:1281',
      '>   ipv6_pdp_find drivers/net/gtp.c:220 [inline]',
      '>   gtp_dev_xmit+0x1424/0x2540 drivers/net/gtp.c:1281',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.headline)).toEqual([
      'BUG: KMSAN: uninit-value in ipv6_pdp_find drivers/net/gtp.c:220 [inline]',
    ]);
  });

  it('still counts each report of a flood of one warning', () => {
    // gh-092-sof-preempt-flood-kernel-prefix
    const text = [
      '[ 8044.297656] kernel: BUG: using smp_processor_id() in preemptible [00000000] code: rtcwake/115421',
      '[ 8044.297985] kernel: BUG: using smp_processor_id() in preemptible [00000000] code: rtcwake/115421',
      '[ 8044.298267] kernel: BUG: using __this_cpu_read() in preemptible [00000000] code: rtcwake/115421',
    ].join('\n');
    expect(parseReports(text).reports).toHaveLength(3);
  });
});

describe('prefixes a tool put on every line of the paste', () => {
  it("takes off a diff's `+` and merges the lines a mail client wrapped", () => {
    // mg-019-arm-vsp1-spinlock-bad-magic-plus-prefixed
    const text = [
      '+BUG: spinlock bad magic on CPU#1, swapper/0/1',
      '+ lock: 0xeefa5a40, .magic: 00000000, .owner: <none>/-1, .owner_cpu: 0',
      '+CPU: 1 PID: 1 Comm: swapper/0 Not tainted',
      '+Hardware name: Generic R8A7791 (Flattened Device Tree)',
      '+[<c020e080>] (unwind_backtrace) from [<c0209de0>] (show_stack+0x10/0x14)',
    ].join('\n');
    expect(found(text)).toEqual(['spinlock-bug: BUG: spinlock bad magic on CPU#1, swapper/0/1']);
  });

  it('takes off a quoting bar, also under mail quoting', () => {
    // ml-101-x86_64-5.5-refcount-add-on-zero-cdev-get-pipe-quoted, mg-052-arm64-macb-clk-set-rate-...
    const bar = [
      '  |  ------------[ cut here ]------------',
      '  |  refcount_t: addition on 0; use-after-free.',
      '  |  WARNING: CPU: 2 PID: 6385 at lib/refcount.c:25 refcount_warn_saturate+0x6d/0xf0',
      '  |  Modules linked in:',
      '  |  CPU: 2 PID: 6385 Comm: repro Not tainted 5.5.0-rc2+ #22',
    ].join('\n');
    expect(parseReports(bar).reports.map((r) => r.kind)).toEqual(['refcount']);
    const quoted = [
      '> | BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580',
      '> | pps pps1: new PPS source ptp1',
      '> | in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 40, name: kworker/u4:3',
      '> | preempt_count: 1, expected: 0',
    ].join('\n');
    expect(parseReports(quoted).reports.map((r) => r.kind)).toEqual(['sleep-in-atomic']);
  });

  it("takes off a pager's line numbers in front of kmsg records", () => {
    // gh-132-lkrg-bat-line-numbers-kmsg-records
    const text = [
      '7364   \u2502 4,5025,12915322556,-; ret_from_fork_asm+0x1a/0x30',
      '7365   \u2502 4,5026,12915323279,-; </TASK>',
      '7366   \u2502 0,5027,12935280555,-;watchdog: BUG: soft lockup - CPU#8',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['soft-lockup']);
  });

  it("takes off Docker Desktop's clock and tags", () => {
    // gh-115-docker-for-win-moby-prefix-warn-then-split-null-deref
    const text = [
      '[09:47:13.115][Moby           ][Info   ] ------------[ cut here ]------------',
      '[09:47:13.158][Moby           ][Info   ] WARNING: CPU: 1 PID: 0 at ./arch/x86/include/asm/fpu/internal.h:368 __switch_to+0x323/0x480',
      '[09:47:13.197][Moby           ][Info   ] Modules linked in:',
      '[09:47:13.228][Moby           ][Info   ] CPU: 1 PID: 0 Comm: swapper/1 Tainted: G        W       4.9.49-moby #1',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['warning']);
  });

  it('takes off docker compose service names, editor line numbers and per-line backticks', () => {
    // Built from real formats (docker compose's `service  | `, `nl`/editor `12: `, chat backticks around
    // each line) around the kernel lines of a sleep-in-atomic report; the corpus holds none of these shapes.
    const kernel = [
      'BUG: sleeping function called from invalid context at mm/slab.h:494',
      'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 88, name: insmod',
      'CPU: 0 PID: 88 Comm: insmod Tainted: G           O      5.10.0 #1',
      'Call Trace:',
      ' dump_stack+0x6d/0x88',
      ' foo_init+0x20/0x40 [foo]',
    ];
    const shapes = [
      kernel.map((l) => `kernel-test_1  | ${l}`),
      kernel.map((l, k) => `${k + 12}: ${l}`),
      kernel.map((l) => `\`${l}\``),
    ];
    for (const lines of shapes) {
      expect(parseReports(lines.join('\n')).reports.map((r) => r.title)).toEqual([
        'BUG: sleeping function called from invalid context in foo_init',
      ]);
    }
  });

  it("takes off a test runner's zero-padded elapsed seconds, the same on many lines", () => {
    // gh-1340-x86-5.15-bcachefs-ktest-line-number-prefix-kernel-bug-ec-stripe-update-ptrs
    const text = [
      '00034 ------------[ cut here ]------------',
      '00034 kernel BUG at fs/bcachefs/ec.c:865!',
      '00034 invalid opcode: 0000 [#1] SMP NOPTI',
      '00034 CPU: 0 PID: 12 Comm: kworker/0:1 Kdump: loaded Not tainted 5.15.0-00977-g4b2d093d0413 #3',
      '00034 Workqueue: events_long ec_stripe_create_work',
      '00034 RIP: 0010:ec_stripe_update_ptrs+0x6d8/0x6e0',
      '00035 RSP: 0018:ffff8880026079e0 EFLAGS: 00010246',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => r.title)).toEqual(['kernel BUG in ec_stripe_update_ptrs']);
    expect(reports[0]?.culprit?.fn).toBe('ec_stripe_update_ptrs');
    // A stack dump's hex words are not such a column.
    expect(
      readPaste('00000000 0000000a 00000001\n00000000 0000000b 00000002\n00000000 0000000c 00000003\n')
        .lines[1]?.text,
    ).toBe('00000000 0000000b 00000002');
  });

  it("reads an Android log's uptime, printk level and wall clock in front of each record", () => {
    // gh-1753-arm-3.4-android-exfat-d-hashi-null-uptime-loglevel-wallclock-prefix
    const text = [
      ' 1276.705430:   <1> (01-28 07:22:33.304698634) Unable to handle kernel NULL pointer dereference at virtual address 00000010',
      '  1276.725940:   <0> (01-28 07:22:33.325209103) Internal error: Oops: 5 [#1] PREEMPT SMP ARM',
      '  1276.738900:   <6> (01-28 07:22:33.338169310) CPU: 0    Tainted: G        W     (3.4.0-g9a3c983-dirty #3)',
      '  1276.747940:   <6> (01-28 07:22:33.347208893) PC is at exfat_d_hashi+0x6c/0xc0',
      '  1276.754439:   <6> (01-28 07:22:33.353708372) LR is at exfat_d_hashi+0x58/0xc0',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.kind, r.culprit?.fn, r.kernel])).toEqual([
      ['null-deref', 'exfat_d_hashi', '3.4.0-g9a3c983-dirty'],
    ]);
    expect(readPaste(text).lines[1]?.time).toBe(1276.72594);
  });

  it('leaves a single line that only starts like a prefix alone', () => {
    expect(parseReports('+WARNING: this is a patch line\n').reports).toEqual([]);
    expect(readPaste('12: BUG: x\n').lines[0]?.text).toBe('12: BUG: x');
  });
});

describe('what mail and chat clients do to a log', () => {
  it('reads a quoted-printable log whose timestamps hold encoded non-breaking spaces', () => {
    // mg-072-x86_64-6.3-vmd-pci-bus-sem-recursive-evolution-qp-nbsp
    const text = [
      '> <4>[=C2=A0=C2=A0 13.815382] WARNING: possible recursive locking detected',
      '> <4>[=C2=A0=C2=A0 13.815384] 6.3.0-rc1-CI_DRM_12814-g4753bbc2a817+ #1 Not =',
      'tainted',
      '> <4>[=C2=A0=C2=A0 13.815386] --------------------------------------------',
      '> <4>[=C2=A0=C2=A0 13.815387] swapper/0/1 is trying to acquire lock:',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['lockdep-recursive']);
  });

  it('reads quoting with spaces between the marks', () => {
    // mg-041-2.6.17-fc6-workqueue-cpu-chain-circular-double-quoted
    const text = [
      '>  > =======================================================',
      '>  > [ INFO: possible circular locking dependency detected ]',
      '>  > 2.6.17-1.2548.fc6 #1',
      '>  > -------------------------------------------------------',
      '>  > pm-hibernate/4335 is trying to acquire lock:',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['lockdep-circular']);
  });

  it("reads syslogd's wall broadcast, whose tag is glued to the message", () => {
    // mg-026-sched-on-rq-warning-syslogd-wall
    const text = [
      '> Message from syslogd@jgarry-atomic-write-exp-e4-8-instance-20231214-1221 at',
      '> Oct 24 15:34:02 ...',
      '>  kernel:watchdog: BUG: soft lockup - CPU#29 stuck for 22s! [mysqld:14352]',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['soft-lockup']);
  });

  it('reads a headline posted as inline code', () => {
    // gh-206-grapheneos-inline-backtick-kasan-mali-headline-only
    const text = '`BUG: KASAN: invalid-access in gpu_dvfs_kctx_init+0x5c/0x1fc [mali_kbase]`\n';
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['kasan']);
  });

  it('reads a headline a poster set in bold or code inside a sentence', () => {
    const bold =
      'After upgrading, the machine hangs at boot with **Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)**\nAny ideas?';
    const code =
      'I get `BUG: kernel NULL pointer dereference, address: 0000000000000008` when loading the module.';
    expect(reportKinds(bold)).toEqual(['panic']);
    expect(reportKinds(code)).toEqual(['null-deref']);
  });

  it('stays quiet on a report kind named in a commit message', () => {
    const text =
      'The old helper slept under the lock, which lockdep reported as\n`BUG: sleeping function called from invalid context` and, on\nPREEMPT_RT, as `BUG: scheduling while atomic`.\n**Kernel panic - not syncing: Fatal exception** is gone too.';
    expect(reportKinds(text)).toEqual([]);
  });

  it('stays quiet on the bold headlines of a guide or a lab report, numbered or quoted', () => {
    // Shapes from a Chinese QEMU boot guide's error list and a French initramfs lab answer.
    const text = [
      '1.  **Kernel panic - not syncing: VFS: Unable to mount root fs**',
      '    *   原因：内核找不到根文件系统。',
      '3.  **Kernel panic - not syncing: No working init found**',
      '`**Kernel panic - not syncing: No working init found.**`',
      'you should see kernel booting messages and then something like : **Kernel panic - not syncing: No working init found**.',
    ].join('\n');
    expect(reportKinds(text)).toEqual([]);
  });

  it("takes a mail's subject for the report its body holds, not for another", () => {
    const text = [
      'Subject: Re: BUG: unable to handle page fault for address: ffffffffffffff8',
      '',
      '[   12.000000] BUG: unable to handle page fault for address: ffffffffffffff8',
      '[   12.000001] #PF: supervisor read access in kernel mode',
      '[   12.000002] Oops: 0000 [#1] SMP',
      '[   12.000003] RIP: 0010:kfree+0x10/0x100',
    ].join('\n');
    expect(found(text)).toEqual([
      'paging-fault: BUG: unable to handle page fault for address: ffffffffffffff8',
    ]);
    expect(found('Subject: [PATCH] mm: fix kernel BUG at mm/slub.c:4200!\n')).toEqual([]);
  });

  it("takes syzkaller's TITLE and ALT fields above a crash log for no report of their own", () => {
    // gh-2977-x86_64-5.8-syz-manager-title-corrupted-maintainers-skb-panic: syz-manager's crash output.
    const crash = [
      'TITLE: kernel BUG at net/core/skbuff.c:LINE!',
      'CORRUPTED: false ()',
      '',
      '------------[ cut here ]------------',
      'kernel BUG at net/core/skbuff.c:109!',
      'invalid opcode: 0000 [#1] PREEMPT SMP',
      'RIP: 0010:skb_panic+0xc4/0xd0 net/core/skbuff.c:105',
    ].join('\n');
    expect(found(crash)).toEqual(['kernel-bug: kernel BUG at net/core/skbuff.c:109!']);
    // A report test file's fields: the log below is the report.
    const file = [
      'TITLE: general protection fault in drm_legacy_newctx',
      'ALT: bad-access in drm_legacy_newctx',
      'TYPE: DoS',
      '',
      '[ 1021.364461] general protection fault: 0000 [#1] SMP DEBUG_PAGEALLOC KASAN',
      '[ 1021.366951] RIP: 0010:drm_legacy_newctx+0x27/0x1e0',
    ].join('\n');
    expect(found(file)).toEqual(['gpf: general protection fault: 0000 [#1] SMP DEBUG_PAGEALLOC KASAN']);
  });

  it('reads a header glued to a kernel message that had no newline, not a label in a guide', () => {
    // mg-703-coreboot-filo-vfs-root-panic-joined-serial-2.6.18
    const glued =
      'VFS: Cannot open root device "hda1" or unknown-block(0,0) Please append a correct "root=" boot option Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)';
    expect(found(glued)).toEqual([
      'panic: Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
    ]);
    expect(
      found(
        'Symptom: the box stops at Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
      ),
    ).toEqual([]);
    // crash(8)'s summary quotes the panic string: the log above it holds the report.
    expect(found('        PANIC: "Oops: Kernel access of bad area, sig: 11 [#1]" (check log')).toEqual([]);
  });

  it('reads a collector that puts two spaces after an ISO stamp', () => {
    // mg-089-kernelci-lava-meson-mmc-irq-warning-4.19-qp
    const text = [
      '    2023-11-02T11:23:02.563487  <4>[   51.142135] ------------[ cut here ]------------',
      '    2023-11-02T11:23:02.564878  <4>[   51.142224] WARNING: CPU: 0 PID: 0 at drivers/mmc/host/meson-gx-mmc.c:1040 meson_mmc_irq+0x1c8/0x1dc',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['warning']);
  });
});

describe('where one report ends and the next begins', () => {
  it("takes check_mm()'s lines for one mm as one report", () => {
    // ml-1082-arm64-6.15-rc-uffdio-move-warning-then-bad-rss-counter-pair-qp-wrapped
    const text = [
      '[  406.893936] BUG: Bad rss-counter state mm:ffff0000c5a9ddc0 type:MM_ANONPAGES val:-1',
      '[  406.894071] BUG: Bad rss-counter state mm:ffff0000c5a9ddc0 type:MM_SHMEMPAGES val:1',
      '[  512.000001] BUG: Bad rss-counter state mm:ffff0000c1234500 type:MM_ANONPAGES val:1',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['other', 'other']);
  });

  it('takes a newer WARNING line repeated for its inlined frame as one report', () => {
    // gh-1083-syzbot-6.18-new-warning-format-inline-copy-null-report-zones-mutex-magic-md
    const text = [
      'WARNING: kernel/locking/mutex.c:625 at __mutex_lock_common kernel/locking/mutex.c:625 [inline], CPU#0: syz.0.17/5967',
      'WARNING: kernel/locking/mutex.c:625 at __mutex_lock+0x944/0x1bc0 kernel/locking/mutex.c:821, CPU#0: syz.0.17/5967',
      'Modules linked in:',
      'CPU: 0 UID: 0 PID: 5967 Comm: syz.0.17 Not tainted syzkaller #0 PREEMPT(full) ',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['warning']);
  });

  it('gives each kmemleak object its own report', () => {
    // gh-111-openwrt-mips-kmemleak-load-module
    const object = (address: string): string[] => [
      `unreferenced object ${address} (size 128):`,
      '  comm "kmodloader", pid 326, jiffies 4294937906 (age 20379.570s)',
      '  backtrace:',
      '    [<801526bc>] __kmalloc_track_caller+0x204/0x25c',
      '    [<800dcf10>] load_module+0x18c8/0x2390',
    ];
    const text = [...object('0x80c93c80'), ...object('0x80c93d80')].join('\n');
    expect(parseReports(text).reports.map((r) => r.headline)).toEqual([
      'unreferenced object 0x80c93c80 (size 128):',
      'unreferenced object 0x80c93d80 (size 128):',
    ]);
  });

  it('starts a report at a die() line long after a report that prints none', () => {
    // mg-040-ppc64le-firefox-soft-lockup-and-fp-exception-qp-nbsp-triple-quoted
    const lockup = '[ 2620.579187] watchdog: BUG: soft lockup - CPU#125 stuck for 22s! [swapper/125:0]';
    const filler = Array.from(
      { length: 30 },
      (_, k) => `[ 2620.58${String(k).padStart(4, '0')}] GPR0${k % 10}: c000000000000000`,
    );
    const oops = '[  572.253008] Oops: Exception in kernel mode, sig: 5 [#1]';
    expect(parseReports([lockup, ...filler, oops].join('\n')).reports.map((r) => r.kind)).toEqual([
      'soft-lockup',
      'other',
    ]);
  });

  it('names a WARNING by the check message printed with it', () => {
    // ml-022-fbdev-defio-list-add-corruption
    const text = [
      'list_add corruption. prev->next should be next (ffffffffc0ceb090), but',
      'was ffffec604507edc8. (prev=ffffec604507edc8).',
      'WARNING: CPU: 65 PID: 3959 at lib/list_debug.c:26',
      '__list_add_valid+0x53/0x80',
      'CPU: 65 PID: 3959 Comm: fbdev Tainted: G     U',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['list-corruption']);
  });
});

describe('logs whose lines were joined', () => {
  it('splits a one-line paste at its timestamps and says how to keep the lines', () => {
    // The shape `curl -d @file` and chat clients give (issue 16 item 4); lines from mg-510-amd-pmu-kasan-gpf-fully-joined-email.
    const text =
      '[  188.226736] Oops: general protection fault, probably for non-canonical address 0xdffffc0000000034: 0000 [#1] PREEMPT SMP KASAN NOPTI ' +
      '[  188.228803] KASAN: null-ptr-deref in range [0x00000000000001a0-0x00000000000001a7] ' +
      '[  188.230000] CPU: 3 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1 ' +
      '[  188.231000] RIP: 0010:amd_pmu_enable_all+0x41/0x90 ' +
      '[  188.232000] Call Trace:';
    const result = parseReports(text);
    expect(result.reports.map((r) => r.kind)).toEqual(['gpf']);
    expect(result.reports[0]?.title).toBe('general protection fault in amd_pmu_enable_all');
    expect(result.input.unread.join(' ')).toContain('curl --data-binary @file');
  });

  it('splits a joined paragraph that a mail client wrapped again, timestamps cut in two', () => {
    // mg-078-x86_64-5.4-md-stop-array-soft-lockup-dmesg-human-joined-lockdep
    const text = [
      '|[ +0.000001] WARNING: possible recursive locking detected [ +0.000002]',
      '5.4.72-std-debug-alt1 #1 Tainted: G E [ +0.000001]',
      '-------------------------------------------- [ +0.000001]',
      'systemd-udevd/2480 is trying to acquire lock: [ +0.000001]',
      'ffff88803f2f7088 (&bdev->bd_mutex){+.+.}, at: __blkdev_get+0x7a/0x590 [',
      '+0.000009] but task is already holding lock: [ +0.000001]',
    ].join('\n');
    const paste = readPaste(text);
    expect(paste.lines.map((l) => l.text)).toContain('but task is already holding lock:');
    expect(paste.lines.find((l) => l.text === 'but task is already holding lock:')?.no).toBe(5);
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['lockdep-recursive']);
  });

  it('splits an old arm oops joined into one line at its `PC is at` and `LR is at` lines', () => {
    const text =
      'Unable to handle kernel NULL pointer dereference at virtual address 00000000 pgd = c0004000 [00000000] *pgd=00000000 Internal error: Oops: 5 [#1] PREEMPT ARM Modules linked in: CPU: 0 PID: 1 Comm: swapper Not tainted 3.4.0 #1 PC is at foo_probe+0x10/0x20 LR is at platform_drv_probe+0x14/0x18 pc : [<c01234>] lr : [<c05678>] psr: 60000013';
    expect(reportKinds(`my board crashes: ${text}`)).toHaveLength(1);
  });

  it('splits a joined arm oops at a header that follows the console lines before it', () => {
    // A mailing list's web archive joined this mail's lines (alsa-devel, 2007; pages corpus).
    const text =
      'ASoC version 0.13.0 Unable to handle kernel NULL pointer dereference at virtual address 00000001 pgd = c0004000 [00000001] *pgd=00000000 Internal error: Oops: 801 [#1] Modules linked in: CPU: 0 PC is at grh_ek_w6811_init+0x4c/0x11c LR is at __arm_ioremap_pfn+0x2cc/0x2ec pc : [<c0019c44>] lr : [<c00285f4>] Not tainted sp : c02e1f74 ip : 00000000 fp : c02e1f8c Backtrace: [<c0019bf8>] (grh_ek_w6811_init+0x0/0x11c) from [<c0008924>] (kernel_init+0xb8/0x284) Code: e3a01901 e3a02000 eb003a74 e3500000 (e5840000) Kernel panic - not syncing: Attempted to kill init!';
    expect(reportKinds(`.snip. Advanced Linux Sound Architecture Driver Version 1.0.14rc4. ${text}`)).toEqual(
      ['null-deref', 'panic'],
    );
  });

  it('cuts a log pasted as a JSON string at its escaped line ends', () => {
    // A log collector's record: `\n` between the lines, Go's `\u003c` for `<`, `\t` and `\"`.
    const record = [
      '[  105.417380] BUG: kernel NULL pointer dereference, address: 0000000000000008',
      '[  105.417390] #PF: supervisor read access in kernel mode',
      '[  105.417400] CPU: 3 PID: 2211 Comm: kworker/3:2 Tainted: G           OE      6.1.0-13-amd64 #1 Debian 6.1.55-1',
      '[  105.417410] RIP: 0010:foo_xmit+0x12/0x34 [foo]',
      '[  105.417420] Call Trace:',
      '[  105.417430]  \\u003cTASK\\u003e',
      '[  105.417440]  foo_xmit+0x12/0x34 [foo]',
      '[  105.417450]  dev_hard_start_xmit+0x9c/0x1f0',
      '[  105.417460]\\t__dev_queue_xmit+0x6a2/0xd60',
    ].join('\\n');
    const [report] = parseReports(`{"host":"node-7","log":"${record}\\n"}`).reports;
    expect(report?.kind).toBe('null-deref');
    expect(report?.kernel).toBe('6.1.0-13-amd64');
    expect(report?.frames.map((f) => f.fn)).toEqual(['foo_xmit', 'dev_hard_start_xmit', '__dev_queue_xmit']);
  });

  it('says so when a joined paste has nothing to split it at', () => {
    const text = `BUG: scheduling while atomic: swapper/0/0/0x00000100 ${'lorem ipsum '.repeat(100)}`;
    expect(parseReports(text).input.unread.join(' ')).toContain('--data-binary');
  });

  it('leaves a console line with two merged timestamps as it is', () => {
    const text =
      '[   12.000001] usb 1-1: new device[   12.000002] BUG: sleeping function called from invalid context at mm/slab.h:494';
    expect(readPaste(text).lines).toHaveLength(1);
    expect(readPaste(text).unread).toEqual([]);
  });

  it('reads a header glued to the tail of a message that had no newline', () => {
    // mg-508-ubnt-mips64-systemd-status-joined-oops
    const text = [
      '[**    ] A start job is running for UBNT Routing Daemons (57s / no limit)CPU 2 Unable to handle kernel paging request at virtual address 0000000400000000, epc == ffffffff80956b74, ra == ffffffff80956b60',
      'Oops[#1]:',
      'CPU: 2 PID: 3995 Comm: ip Tainted: P           O    4.9.79-UBNT #1',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kind)).toEqual(['paging-fault']);
    expect(parseReports('He said "Unable to handle kernel paging request" twice.\n').reports).toEqual([]);
  });
});

describe('kinds of reports in the words older kernels used', () => {
  const kinds = (text: string): string[] => parseReports(text).reports.map((r) => r.kind);

  it('reads the 3.x spinlock lockup, early KASAN and pre-merge KMSAN lines', () => {
    // mg-071-x86_64-3.2-spinlock-lockup-shrink-dcache-parent-quoted
    expect(
      kinds('[  482.345588] BUG: spinlock lockup on CPU#2, udevd/4400\n[  482.345592] Call Trace:'),
    ).toEqual(['spinlock-bug']);
    // gh-050-tempesta-old-kasan-indented-code-block
    expect(
      kinds(
        '[  797.730264] BUG: KASan: use after free in tfw_http_msg_free+0x2c9/0x340 [tempesta_fw] at addr ffff880d59947040',
      ),
    ).toEqual(['kasan']);
    // mg-076-x86_64-4.16-old-kmsan-use-of-uninit-vma-merge-mbind-qp
    expect(
      kinds(
        '[  100.000000] BUG: KMSAN: use of uninitialized memory in vma_merge+0x876/0x1fa0 mm/mmap.c:1134',
      ),
    ).toEqual(['kmsan']);
  });

  it("reads asm-generic BUG() and 2.6's WARN_ON lines", () => {
    // gh-205-lkl-bug-failure-irq-work-panic, mg-062-s390-2.6.18-zcrypt-builtin-ebcdic-brackets-kobject-oops
    expect(kinds('[    2.685029] BUG: failure at kernel/irq_work.c:135/irq_work_run_list()!')).toEqual([
      'kernel-bug',
    ]);
    expect(kinds('[    1.000000] BUG: warning at lib/kref.c:32/kref_get()')).toEqual(['warning']);
  });

  it('calls an old powerpc fault at address zero a NULL dereference, as newer kernels do', () => {
    // mg-070-powerpc-4.9-ubuntu-memcg-soft-limit-reclaim-early-boot-quoted
    const text = [
      '[    0.082289] Unable to handle kernel paging request for data at address 0x00000000',
      '[    0.082338] Faulting instruction address: 0xc000000000302b88',
      '[    0.082377] Oops: Kernel access of bad area, sig: 11 [#1]',
    ].join('\n');
    expect(kinds(text)).toEqual(['null-deref']);
    expect(kinds(text.replace('0x00000000', '0xc00000077cb7a8'))).toEqual(['paging-fault']);
  });

  it('reads a log whose timestamps the poster blanked out', () => {
    // ml-023-xfrm-local-error-gpf-stripped-time, mg-090-ceph-fill-trace-bug-kmsg-elided-quoted
    const blank = [
      '  [ ] kasan: GPF could be caused by NULL-ptr deref or user memory access',
      '  [ ] general protection fault: 0000 [#1] SMP KASAN PTI',
      '  [ ] RIP: 0010:ipv6_local_error+0xac/0x7a0',
      '  [ ] Call Trace:',
    ].join('\n');
    expect(kinds(blank)).toEqual(['gpf']);
    const dots =
      '<4>[  ...] ------------[ cut here ]------------\n<2>[  ...] kernel BUG at fs/ceph/inode.c:1347!\n<4>[  ...] invalid opcode: 0000 [#1] SMP PTI';
    expect(kinds(dots)).toEqual(['kernel-bug']);
    expect(kinds('- [ ] BUG: the button does nothing\n[ ] WARNING: docs are stale\n')).toEqual([]);
  });

  it("leaves user-space lockdep's reports alone", () => {
    // neg-067-liblockdep-userspace-bad-unlock
    const text = [
      '=====================================',
      '[ BUG: bad unlock balance detected! ]',
      'liblockdep 0.0.1 ',
      '-------------------------------------',
      'a.out/25692 is trying to release lock (0x7fff1eca7470) at:',
    ].join('\n');
    expect(kinds(text)).toEqual([]);
  });
});

describe('more shapes of real pastes', () => {
  const kinds = (text: string): string[] => parseReports(text).reports.map((r) => r.kind);

  it("reads a 2.6 -rt kernel's NMI watchdog lockup", () => {
    // ml-126-rt-hrtimer-list-poison-nmi-sched-atomic-2.6.15
    const text =
      ' NMI watchdog detected lockup on CPU#1 (50000/50000)\n\nPid: 6035, comm:         timer_stress\nEIP: 0060:[<c02fbce4>] CPU: 1\nEIP is at _raw_spin_lock+0x14/0x20';
    expect(kinds(text)).toEqual(['hard-lockup']);
  });

  it('reads a quoted-printable mail that encoded its own line ends', () => {
    // mg-013-mips-bmips-blast-dcache-preempt-qp
    const text = [
      'Hi Paul,=0A=',
      '=0A=',
      ">>> I've got things booting but I encounter the following BUG()=0A=",
      '>>>=0A=',
      '>>> BUG: using smp_processor_id() in preemptible [00000000] code: swapper/0=',
      '/1=0A=',
      '>>> caller is blast_dcache16+0x24/0x154=0A=',
      '>>> CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.1.0-at1 #5=0A=',
    ].join('\n');
    expect(kinds(text)).toEqual(['preempt-unsafe']);
  });

  it("takes a syslog line's kernel tag as evidence for a header no format describes", () => {
    // ml-124-squid-tcp-close-skb-release-oops-2.6.0-test9-syslog
    const text =
      'Oct 30 11:41:52 mars kernel: BUG: dst underflow 0: c01d15f1\nOct 30 11:41:52 mars kernel: recvmsg bug: copied F7C6B8D0 seq F7C6BE78\n';
    expect(kinds(text)).toEqual(['other']);
    expect(kinds('BUG: dst underflow 0: c01d15f1\n')).toEqual([]);
  });

  it("reads SLUB's report with its own INFO: lines as one report", () => {
    // ml-095-x86_64-3.2-slub-poison-overwritten-radeon-wb-kexec
    const text = [
      'Nov 21 17:04:38 x4 kernel: =============================================================================',
      'Nov 21 17:04:38 x4 kernel: BUG task_struct: Poison overwritten',
      'Nov 21 17:04:38 x4 kernel: -----------------------------------------------------------------------------',
      'Nov 21 17:04:38 x4 kernel: INFO: 0xffff880215c43800-0xffff880215c43803. First byte 0x0 instead of 0x6b',
      'Nov 21 17:04:38 x4 kernel: INFO: Allocated in copy_process+0xc4/0xf60 age=168 cpu=1 pid=5',
      'Nov 21 17:04:38 x4 kernel: INFO: Freed in free_task+0x3e/0x50 age=156 cpu=2 pid=13',
      'Nov 21 17:04:38 x4 kernel: INFO: Slab 0xffffea0008571000 objects=17 used=17 fp=0x          (null) flags=0x4000000000004080',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.headline)).toEqual([
      'BUG task_struct: Poison overwritten',
    ]);
    expect(kinds('[   72.159680] BUG UNIX (Not tainted): kasan: bad access detected\n')).toEqual([]);
    expect(kinds('BUG fix for the installer: it now works\n')).toEqual([]);
  });

  it('joins a header that a mail client or the console split after its first words', () => {
    // mg-110-cciss-init-one-free-hba-outlook-quoted-wrapped, gh-115-docker-for-win-moby-prefix-warn-then-split-null-deref
    const wrapped =
      '> Unable to handle\n> kernel NULL pointer dereference at virtual address 00000370\n> printing eip:\n> c1114d53\n> Oops: 0002 [#1]';
    expect(parseReports(wrapped).reports.map((r) => r.headline)).toEqual([
      'Unable to handle kernel NULL pointer dereference at virtual address 00000370',
    ]);
    const split = [
      '[09:47:13.406][Moby           ][Info   ]  ffffffff890dcff0 ffff8dd13bada000 ffff8dd0c3c5f400 0000000000000000',
      '[09:47:13.416][Moby           ][Info   ]  0000000000000000BUG: unable to handle kernel',
      '[09:47:13.428][Moby           ][Info   ] NULL pointer dereference at 0000000000000020',
      '[09:47:13.432][Moby           ][Info   ] IP:',
      '[09:47:13.436][Moby           ][Info   ]  [<ffffffff89106ac3>] migrate_task_rq_fair+0x1c/0x4b',
    ].join('\n');
    expect(kinds(split)).toEqual(['null-deref']);
  });

  it('reads a header printed after a shell prompt', () => {
    // mg-060-mips-4.4-rb532-minicom-paging-request-no-kallsyms-wrapped
    const text = [
      'uc-rb532 ~ # CPU 0 Unable to handle kernel paging request at virtual',
      'address 425c2100, epc == 8041ecd8, ra == 8041ece0',
      'Oops[#1]:',
      'CPU: 0 PID: 1398 Comm: minicom Not tainted 4.4.197-BlurryFishButt-rb532 #2',
    ].join('\n');
    expect(kinds(text)).toEqual(['paging-fault']);
  });

  it('reads text retyped from a screenshot: the list check without its underscore', () => {
    // mg-502-zfs-list-corruption-retyped-from-screenshot
    const text = [
      'list add corruption. prev->next should be next (ffffa01dd9856068), but was ffffa01dd9856000. (prevffffa01b04892068).',
      '',
      'RIP: 0010:__list_add_valid_or_report.cold+0x3a/0x5b',
      '',
      '__list_add+0x12/0x30',
    ].join('\n');
    expect(kinds(text)).toEqual(['list-corruption']);
  });

  it('reads an i386 oops whose first lines were lost from its EIP line', () => {
    // mg-035-2.4.20-sundance-rx-poll-oops-retyped
    const text = [
      'ybdev mousedev hid input usb-uhci usbcore ext3jbd',
      'CPU:0',
      'EIP:0060:[<d08ab88e>]   not tainted',
      'EFLAGS:00010202',
      'EIP is at rx_poll [sundance] 0x17e(2.4.20-8)',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.headline)).toEqual([
      'EIP:0060:[<d08ab88e>]   not tainted',
    ]);
    const inside =
      '[  1.0] BUG: unable to handle kernel paging request at virtual address 00100104\n[  1.1] EIP: 0060:[<c0138ead>] Not tainted VLI\n';
    expect(parseReports(inside).reports).toHaveLength(1);
  });
});

describe('report kinds people paste that older or vendor kernels print', () => {
  it("reads 2.6's `rcu_sched_state` stall lines, and rcuclassic's, as RCU stalls", () => {
    // gh-771-zfs-2.6-rcu-sched-state-stall-syslog-many
    const text = [
      'Nov 24 19:39:04 gsan1-coy kernel: [ 3556.510903] INFO: rcu_sched_state detected stall on CPU 0 (t=105060 jiffies)',
      'Nov 24 20:21:30 gsan1-coy kernel: [ 5914.420208] INFO: rcu_sched_state detected stall on CPU 1 (t=15000 jiffies)',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['rcu-stall', 'rcu-stall']);
    expect(
      reportKinds('kernel: [ 1917.133154] INFO: RCU detected CPU 0 stall (t=485140/3000 jiffies)\n'),
    ).toEqual(['rcu-stall']);
  });

  it("reads arm's and arm64's bare `Internal error: Oops: <status>` as a bad kernel access", () => {
    // gh-701-rpi-modprobe-oops-syslogd-wall-broadcast-3.18, gh-783-bpi-r3-arm64-kmsg-internal-error-modules-wrapped-no-trace
    const wall = [
      'Message from syslogd@leepi at Feb  6 15:07:20 ...',
      ' kernel:[ 3991.149038] Internal error: Oops: 5 [#1] PREEMPT ARM',
    ].join('\n');
    expect(found(wall)).toEqual(['paging-fault: Internal error: Oops: 5 [#1] PREEMPT ARM']);
    expect(reportKinds('<0>[79512.328346] Internal error: Oops: 0000000096000004 [#1] SMP\n')).toEqual([
      'paging-fault',
    ]);
    // The undefined-instruction and BUG() traps keep their own kinds.
    expect(reportKinds('[ 1.0] Internal error: Oops - undefined instruction: 0 [#1]\n')).toEqual(['other']);
  });

  it("reads the die() line of MIPS's BUG() as a kernel BUG", () => {
    // gh-777-gluon-wr841n-mips-3.18-kernel-bug-detected-ip6-del-rt
    const text = [
      '[   74.410000] Kernel bug detected[#1]:',
      '[   74.410000] CPU: 0 PID: 0 Comm: swapper Not tainted 3.18.21 #1',
      '[   74.410000] task: 80380c90 ti: 8037a000 task.ti: 8037a000',
    ].join('\n');
    expect(found(text)).toEqual(['kernel-bug: Kernel bug detected[#1]:']);
    // Under report_bug()'s `kernel BUG at` line it is that report's die() line.
    const verbose = [
      '[  1.0] kernel BUG at mm/slub.c:3872!',
      '[  1.0] Kernel bug detected[#1]:',
      '[  1.0] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 4.4.0 #1',
    ].join('\n');
    expect(reportKinds(verbose)).toEqual(['kernel-bug']);
  });

  it("calls s390's fault at address zero a NULL dereference", () => {
    // mg-062-s390-2.6.18-zcrypt-builtin-ebcdic-brackets-kobject-oops
    const text = [
      'Unable to handle kernel pointer dereference at virtual kernel address 000000000',
      '000000',
      'Oops: 0004 Ý#1¨',
      'CPU:    0    Not tainted',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
  });

  it('joins a NULL dereference line wrapped after `NULL pointer`, glued to a boot message', () => {
    // gh-711-mikrocontroller-at91rm9200-inflate-codes-two-oopses-2.6
    const text = [
      'checking if image is initramfs...<1>Unable to handle kernel NULL pointer ',
      'dereference at virtual address 00000001',
      'pgd = c0004000',
      '[00000001] *pgd=00000000',
      'Internal error: Oops: 5 [#1]',
      'Modules linked in:',
      'PC is at inflate_codes+0x138/0x41c',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
  });
});

describe('headers as people retype them', () => {
  it('reads a panic line with a space before its colon or a typo in `syncing`', () => {
    // mg-729-ardrone-prose-retyped-kill-init-space-before-colon, mg-704-syslinux-epia-vfs-panic-retyped-typo-wrapped-2.6.15
    expect(found('I get the kernel panic:\nKernel panic - not syncing : Attempted to kill init!\n')).toEqual([
      'panic: Kernel panic - not syncing : Attempted to kill init!',
    ]);
    expect(
      reportKinds('   Kernel panic - not syncinc: VFS: Unable to mount root fs on unknown-block(0,0)\n'),
    ).toEqual(['panic']);
    expect(
      reportKinds(
        '/sbin/init: 395: arith : syntax error\nkernel panic - not syncing : Attempted to kill init!\n',
      ),
    ).toEqual(['panic']);
  });

  it('leaves a panic line quoted inside a sentence, a title or a script alone', () => {
    expect(reportKinds('title: "Kernel panic - not syncing : Fatal exception in interrupt"\n')).toEqual([]);
    expect(reportKinds('echo "Kernel Panic - Not syncing : Fatal Exception"\n')).toEqual([]);
    expect(
      reportKinds('It then shows kernel panic - not syncing : Attempted to kill init and stops.\n'),
    ).toEqual([]);
  });

  it('reads a NULL dereference line that lost its `dereference`', () => {
    // mg-702-planetccrma-fc4-smp-null-pointer-retyped-from-screen-2005
    const text = [
      'Just now I left it at this stage for about 5 minutes and got:',
      'BUG: Unable to handle kernel NULL pointer at virtual address 0000008',
      'then it went all Matrix on me with junk scrolling down the screen.',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
  });

  it('reads a header quoted as a Markdown list item', () => {
    // gh-767-mouse-driver-markdown-bullet-null-header-only
    const text = [
      '## Null pointer',
      '- BUG: unable to handle kernel NULL pointer dereference at 0000000000000044',
      '- This is what i got when i saw the dmesg log.',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
    expect(reportKinds('- WARNING: this option is deprecated and will be removed\n')).toEqual([]);
  });
});

describe('more logger and terminal prefixes', () => {
  it("reads vendor kernels' timestamps that carry the CPU or a unit, and their task tags", () => {
    // mg-713-openelec-meson6-cpu-suffixed-timestamps-smp-call-warning-3.10, gh-203-sony-sdcardfs-at-cpu-suffix-ext4-kernel-bug
    const amlogic = [
      '[    7.910564@0] ------------[ cut here ]------------',
      '[    7.915169@0] WARNING: at kernel/smp.c:382 smp_call_function_many+0x2d4/0x2e0()',
      '[    7.922441@0] Modules linked in:',
    ].join('\n');
    expect(found(amlogic)).toEqual([
      'warning: WARNING: at kernel/smp.c:382 smp_call_function_many+0x2d4/0x2e0()',
    ]);
    const qualcomm = [
      '[   49.655037]@0 Kernel BUG at ffffffc0001deeec [verbose debug info unavailable]',
      '[   49.655045]@0 Internal error: Oops - BUG: 0 [#1] PREEMPT SMP',
      '[   49.655108]@0 PC is at mpage_prepare_extent_to_map+0x198/0x218',
    ].join('\n');
    expect(readPaste(qualcomm).lines.map((l) => l.ctx)).toEqual(['console', 'console', 'console']);
    // gh-1921-arm-3.10-motorola-msm8916-kswapd-isolate-lru-pages-kernel-bug-cpu-suffixed-timestamps
    const motorola = [
      '[86735.021206,1] kernel BUG at mm/vmscan.c:1277!',
      '[86735.021214,1] Internal error: Oops - BUG: 0 [#1] PREEMPT SMP ARM',
      '[86735.021245,1] CPU: 1 PID: 85 Comm: kswapd0 Tainted: G        WC   3.10.49-gd4410ac #1',
      '[86735.021267,1] PC is at isolate_lru_pages.isra.52+0xf0/0x1a0',
      '[86735.021284,1] pc : [<c01dbf64>]    lr : [<c01dbecc>]    psr: a0000093',
    ].join('\n');
    const [bug] = parseReports(motorola).reports;
    expect([bug?.kernel, bug?.arch]).toEqual(['3.10.49-gd4410ac', 'arm']);
    const mediatek =
      '<1>[  363.812297] (0)[102:swapper/0]Unable to handle kernel paging request at virtual address 0000dead\n';
    expect(found(mediatek)).toEqual([
      'paging-fault: Unable to handle kernel paging request at virtual address 0000dead',
    ]);
    const hisilicon =
      '<0>[  123.175201s][pid:6550,cpu6,lshw-bak,9]Internal error: Oops: 96000004 [#1] PREEMPT SMP\n';
    expect(readPaste(hisilicon).lines[0]?.text).toBe('Internal error: Oops: 96000004 [#1] PREEMPT SMP');
  });

  it("takes off a serial terminal program's clock", () => {
    // mg-714-soft-uart-terminal-datetime-prefix-posix-cpu-timers-warning
    const text = [
      '[2021/07/05, 13:43:52.783] ------------[ cut here ]------------',
      '[2021/07/05, 13:43:52.791] WARNING: CPU: 0 PID: 3 at kernel/time/posix-cpu-timers.c:1162 run_posix_cpu_timers+0x31/0x336',
      '[2021/07/05, 13:43:52.795] Modules linked in: soft_uart(O) nls_utf8',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['warning']);
    expect(readPaste('[22:22:59.896] Internal error: Oops: 17 [#1]\n').lines[0]?.text).toBe(
      'Internal error: Oops: 17 [#1]',
    );
  });

  it('reads a remote syslog line with no program tag, and one with an empty host', () => {
    // mg-724-tempesta-remote-syslog-ip-prefix-frang-page-fault-quotes, gh-781 (empty syslog host)
    const remote = [
      'Dec 20 04:19:39 192.168.50.130 [24876.683186] BUG: unable to handle page fault for address: 000000006764f0a3',
      'Dec 20 04:19:39 192.168.50.130 [24876.684061] #PF: supervisor read access in kernel mode',
    ].join('\n');
    expect(found(remote)).toEqual([
      'paging-fault: BUG: unable to handle page fault for address: 000000006764f0a3',
    ]);
    const emptyHost = [
      'Feb  6 04:11:34  kernel: [1196532.369002] ------------[ cut here ]------------',
      'Feb  6 04:11:34  kernel: [1196532.369022] WARNING: CPU: 10 PID: 53557 at lib/list_debug.c:53 __list_del_entry+0x63/0xd0',
    ].join('\n');
    expect(parseReports(emptyHost).reports[0]?.headline).toBe(
      'WARNING: CPU: 10 PID: 53557 at lib/list_debug.c:53 __list_del_entry+0x63/0xd0',
    );
  });

  it("reads syslogd's wall broadcast pasted without its indentation", () => {
    // gh-741-calico-one-line-kernel-nmi-soft-lockup-in-issue-template
    expect(
      found('kernel:NMI watchdog: BUG: soft lockup - CPU#3 stuck for 40s! [calico-node:53787]\n'),
    ).toEqual(['soft-lockup: NMI watchdog: BUG: soft lockup - CPU#3 stuck for 40s! [calico-node:53787]']);
  });

  it('reads a log shown newest first as one report', () => {
    // mg-720-owrt-web-log-table-reversed-order-arm64-null-deref
    const text = [
      '[468836.976100] Internal error: Oops: 96000006 [#1] SMP',
      '[468836.965348] [0000000000000053] pgd=0000000042a2b003, p4d=0000000042a2b003',
      '[468836.948815] Data abort info:',
      '[468836.933934]   ESR = 0x96000006',
      '[468836.931063] Mem abort info:',
      '[468836.922173] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000053',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
  });
});

describe('one report, once, however the paste repeats or reorders it', () => {
  it('takes a headline quoted above its log, with words in between, as one report', () => {
    // gh-712-univention-hung-task-jbd2-all-unreliable-frames-4.9, gh-789-zfs-3.10-soft-lockup-rfc3339-syslog-and-prose-line
    const title = [
      'INFO: task $NAME:$PID blocked for more than 120 seconds',
      '',
      'Sometimes the Linux kernel prints a message like this:',
      '',
      'INFO: task $NAME:$PID blocked for more than 120 seconds.',
      '      Not tainted 4.9.0-11-amd64 #1 Debian 4.9.189-3+deb9u1',
      '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
      'jbd2/vdt-8      D   0   390      2 0x00000000',
    ].join('\n');
    expect(parseReports(title).reports.map((r) => r.lines.start)).toEqual([5]);
    const syslog = [
      'kernel: BUG: soft lockup - CPU#0 stuck for 22s! [z_ioctl_int/0:2778]',
      '',
      'Here is the sample syslog entry.',
      '',
      '2014-11-04T14:57:15.529841-08:00 logserver1-chi kernel: BUG: soft lockup - CPU#0 stuck for 22s! [z_ioctl_int/0:2778]',
      '2014-11-04T14:57:15.529851-08:00 logserver1-chi kernel: Modules linked in: ipmi_si vfat fat',
    ].join('\n');
    expect(parseReports(syslog).reports.map((r) => r.lines.start)).toEqual([5]);
  });

  it('still counts two oopses with the same headline, each with its own lines', () => {
    const text = [
      'Unable to handle kernel paging request at virtual address 00050040, epc == 880a6b8c, ra == 880a6b70',
      'Oops: 0000',
      '$0 : 00000000 1000fc00 00050040 8801e000',
      '',
      'Unable to handle kernel paging request at virtual address 00050040, epc == 880a6b8c, ra == 880a6b70',
      'Oops: 0000',
      '$0 : 00000000 1000fc00 00050040 8801e000',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['paging-fault', 'paging-fault']);
  });

  it('reads a hard lockup that older kernels printed through WARN() as one hard lockup', () => {
    // gh-742-xt-ratelimit-3.16-hard-lockup-as-watchdog-overflow-warning
    const text = [
      '[86738.578155] ------------[ cut here ]------------',
      '[86738.583940] WARNING: CPU: 3 PID: 0 at /build/linux-xkTWug/linux-3.16.7-ckt11/kernel/watchdog.c:265 watchdog_overflow_callback+0x98/0xc0()',
      '[86738.597479] Watchdog detected hard LOCKUP on cpu 3',
      '[86738.602108] Modules linked in: l2tp_ppp l2tp_netlink l2tp_core',
    ].join('\n');
    expect(found(text)).toEqual(['hard-lockup: Watchdog detected hard LOCKUP on cpu 3']);
  });

  it('reads an oops from a log shown newest first without timestamps (`journalctl -r`)', () => {
    // mg-054-arm64-pinebook-brcmfmac-double-free-reversed-journal-qp
    const text = ['Internal error: Oops - BUG: 0 [#1] SMP', 'kernel BUG at mm/slub.c:379!', ''].join('\n');
    expect(found(text)).toEqual(['kernel-bug: kernel BUG at mm/slub.c:379!']);
  });

  it('splits an arm oops joined into one line at its die() line and backtrace pairs', () => {
    // mg-701-armadeus-wiki-arm-null-oops-joined-one-line-2.6.23
    const text =
      'Unable to handle kernel NULL pointer dereference at virtual address 00000000 pgd = c0004000 [00000000] *pgd=00000000 Internal error: Oops: 817 [#1] PREEMPT Modules linked in: CPU: 0 Not tainted (2.6.23.1 #14) pc : [<c0025720>] lr : [<c019dca0>] psr: 20000013 Process pdflush (pid: 64, stack limit = 0xc037c258) Backtrace: Function entered at [<c00256e0>] from [<c019dca0>] Function entered at [<c019dc80>] from [<c0199950>]';
    expect(found(text)).toEqual([
      'null-deref: Unable to handle kernel NULL pointer dereference at virtual address 00000000 pgd = c0004000 [00000000] *pgd=00000000',
    ]);
    expect(readPaste(text).lines.map((l) => l.text)).toContain(
      'Function entered at [<c00256e0>] from [<c019dca0>]',
    );
  });
});

describe('report lines that start below or beside the header', () => {
  it('reads a hung task pasted from the line under its header', () => {
    // gh-725-zfs-txg-sync-hung-task-paste-starts-at-echo-line
    const text = [
      'I got this too with 4.9.15-040915-generic, zfs 0.6.5.9-1',
      '',
      ' "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
      '[ 2296.766479] txg_sync        D    0  3259      2 0x00000000',
      '[ 2296.766483]  ffff8cec73d587c0 0000000000000000 ffff8cecb12b8000 ffff8cecff459240',
      '[ 2296.766487] Call Trace:',
      '[ 2296.766494]  ? __schedule+0x239/0x6f0',
      '[ 2296.766496]  schedule+0x36/0x80',
      '[ 2296.766562]  zio_wait+0x80/0x150 [zfs]',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['hung-task']);
    // Under its header it is that report's line.
    const whole = [
      '[  1.0] INFO: task txg_sync:3259 blocked for more than 120 seconds.',
      '[  1.0] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
    ].join('\n');
    expect(reportKinds(whole)).toEqual(['hung-task']);
  });

  it('reads the panic of an excerpt that kept only its end marker', () => {
    // mg-727-openwifi-zcu102-end-panic-marker-glued-to-systemd-abort
    const text = [
      '[    7.450774]  work_pending+0xc/0x39c',
      '[    7.454248] SMP: stopping secondary CPUs',
      '[    7.458164] Kernel Offset: disabled',
      '[    7.468936] ---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000004 ]---',
    ].join('\n');
    expect(found(text)).toEqual([
      'panic: Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000004',
    ]);
    const whole = [
      '[    7.1] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000004',
      '[    7.4] ---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000004 ]---',
    ].join('\n');
    expect(reportKinds(whole)).toEqual(['panic']);
  });

  it('reads a header after a printk level glued to the line before', () => {
    // mg-110-cciss-init-one-free-hba-outlook-quoted-wrapped
    const text = '> f4 5b 5e 5f 5d c3  <0>Kernel panic - not syncing: Attempted to kill init!\n';
    expect(found(text)).toEqual(['panic: Kernel panic - not syncing: Attempted to kill init!']);
  });

  it("leaves ARM Trusted Firmware's boot messages on the same console alone", () => {
    // gh-257-armbian-initramfs-glued-soft-lockup-repeated-call-trace-snip
    const text = [
      'INFO:    BL3-1: Next image address = 0x41080000',
      'INFO:    BL3-1: Next image spsr = 0x3c9',
      'WARNING: BL31: cortex_a53: errata workaround for 843419 was missing!',
      '[    0.000000] Booting Linux on physical CPU 0x0',
      '[    0.000000] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 4.19.0 #1',
    ].join('\n');
    expect(reportKinds(text)).toEqual([]);
  });
});

describe('die() lines of more architectures', () => {
  it('calls a loongarch or mips oops whose bad address is below a page a NULL dereference', () => {
    // ml-960-loongarch-6.10-sockmap-oops-copy-page-to-iter-osv-elided, mg-048-loongarch-sk-msg-recvmsg-oops-patchwork-bot-quoted
    const text = [
      '  Oops[#1]:',
      '  CPU: 22 PID: 2824 Comm: test_progs Tainted: G           OE  6.10.0-rc2+ #18',
      '   BADV: 0000000000000040',
      '   PRID: 0014c011 (Loongson-64bit, Loongson-3C5000)',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
    expect(reportKinds(text.replace('0000000000000040', '9000000105e0a040'))).toEqual(['other']);
  });

  it("calls arm64's death by an external abort a bad memory access", () => {
    // ml-1709-arm64-6.14-stratix10-cqspi-unbind-sea-and-paging-qp
    const text = [
      'Internal error: synchronous external abort: 0000000096000210 [#1] PREEMPT SMP',
      'Modules linked in:',
      'CPU: 3 UID: 0 PID: 466 Comm: cat Not tainted 6.14.0-rc7-yocto-standard+ #1',
      'pc : cqspi_indirect_read_execute.isra.0+0x188/0x330',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['paging-fault']);
    expect(reportKinds(text.replace('synchronous external abort', 'Oops - bad mode'))).toEqual(['other']);
  });

  it("reads parisc's terminate and die_if_kernel() lines", () => {
    // ml-958-parisc-b160l-6.10-getcpu-unaligned-emulate-stw-panic-bugspray, ml-957-parisc-rp3440-5.14-protection-id-trap-map-pages-cow-quoted
    const terminate =
      '[  991.679232] Page fault: bad address: Code=26 (Data memory access rights trap) at addr f8c00000\n';
    expect(reportKinds(terminate)).toEqual(['paging-fault']);
    const kernelFault = '[  1.0] Kernel Fault: Code=15 (Data TLB miss fault) at addr 00000000\n';
    expect(reportKinds(kernelFault)).toEqual(['null-deref']);
    const die = [
      '     < Your System ate a SPARC! Gah! >',
      'swapper/0 (pid 1): Protection id trap (code 7)',
      'CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.14.21+ #1',
    ].join('\n');
    expect(found(die)).toEqual(['paging-fault: swapper/0 (pid 1): Protection id trap (code 7)']);
    // In user mode the line names the address and is the program's fault.
    expect(reportKinds('[  1.0] ls (pid 812): Protection id trap (code 7) at 00000000000107cb\n')).toEqual(
      [],
    );
  });
});

describe('more shapes: list items, journal formats, old symbolizers, x86 traps', () => {
  it('reads a header quoted as a numbered or starred list item, and drops the mark from the headline', () => {
    expect(found('1. BUG: kernel NULL pointer dereference, address: 0000000000000008\n')).toEqual([
      'null-deref: BUG: kernel NULL pointer dereference, address: 0000000000000008',
    ]);
    expect(found('* BUG: kernel NULL pointer dereference, address: 0000000000000008\n')).toEqual([
      'null-deref: BUG: kernel NULL pointer dereference, address: 0000000000000008',
    ]);
    expect(reportKinds('1. BUG: the app crashes when I click twice\n')).toEqual([]);
  });

  it('reads `journalctl -o short-monotonic`, whose host and tag follow the timestamp', () => {
    const text = [
      '[ 8123.512311] myhost kernel: BUG: soft lockup - CPU#0 stuck for 23s! [kworker/0:1:57]',
      '[ 8123.512320] myhost kernel: Modules linked in: nf_tables',
    ].join('\n');
    expect(found(text)).toEqual(['soft-lockup: BUG: soft lockup - CPU#0 stuck for 23s! [kworker/0:1:57]']);
  });

  it("takes the pre-upstream KMSAN tree's header repeated per inlined frame as one report", () => {
    // gh-219-kmsan-old-symbolizer-inline-markers-balance-pgdat
    const text = [
      'BUG: KMSAN: uninit-value in[<     inline     >] balance_pgdat mm/vmscan.c:3739',
      'BUG: KMSAN: uninit-value in[<      none      >] kswapd+0x309f/0x3920 mm/vmscan.c:3956',
      'CPU: 1 PID: 1 Comm: kswapd0 Not tainted 4.12.0-rc1+ #1',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['kmsan']);
  });

  it("reads x86's double fault die() line, before and after v6.10's `Oops: ` in front of it", () => {
    // arch/x86/kernel/traps.c exc_double_fault(), arch/x86/kernel/dumpstack.c __die_header()
    expect(
      reportKinds(
        '[  1.0] double fault: 0000 [#1] SMP\n[  1.0] CPU: 0 PID: 1 Comm: init Not tainted 4.4.0 #1\n',
      ),
    ).toEqual(['other']);
    expect(
      found('[  1.0] Oops: double fault: 0000 [#1] PREEMPT SMP\n[  1.0] CPU: 0 PID: 1 Comm: init\n'),
    ).toEqual(['other: Oops: double fault: 0000 [#1] PREEMPT SMP']);
  });

  it('reads an interrupt that nobody handled', () => {
    // kernel/irq/spurious.c __report_bad_irq()
    const text = [
      '[  12.3] irq 16: nobody cared (try booting with the "irqpoll" option)',
      '[  12.3] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.4.0 #1',
      '[  12.3] Call Trace:',
      '[  12.3] handlers:',
      '[  12.3] Disabling IRQ #16',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => [r.kind, r.title])).toEqual([
      ['other', 'irq: nobody cared'],
    ]);
  });
});

describe('2.4 and early 2.6 x86 BUG()s', () => {
  it('keeps `invalid operand: 0000` under its `kernel BUG at` line, and reads it alone as a BUG()', () => {
    const logged = [
      'Jul 26 19:40:47 zoo kernel: ------------[ cut here ]------------',
      'Jul 26 19:40:47 zoo kernel: kernel BUG at kernel/timer.c:166!',
      'Jul 26 19:40:47 zoo kernel: invalid operand: 0000 [#1]',
      'Jul 26 19:40:47 zoo kernel: EIP is at add_timer+0x124/0x132',
    ].join('\n');
    expect(found(logged)).toEqual(['kernel-bug: kernel BUG at kernel/timer.c:166!']);
    const alone = [
      'invalid operand: 0000',
      'CPU:    0',
      'EIP:    0010:[<c0113f0e>]',
      'EFLAGS: 00010082',
    ].join('\n');
    expect(found(alone)).toEqual(['kernel-bug: invalid operand: 0000']);
  });
});

describe('dmesg and terminal options', () => {
  it('reads `dmesg -x`, with or without timestamps, and keeps the records programs wrote out', () => {
    const text = [
      'kern  :err   : [Sat Nov 21 01:02:03 2026] BUG: soft lockup - CPU#0 stuck for 23s! [kworker/0:1:57]',
      'kern  :warn  : [Sat Nov 21 01:02:03 2026] Modules linked in: nf_tables',
    ].join('\n');
    expect(found(text)).toEqual(['soft-lockup: BUG: soft lockup - CPU#0 stuck for 23s! [kworker/0:1:57]']);
    expect(reportKinds('kern  :emerg : BUG: soft lockup - CPU#0 stuck for 23s! [x:1]\n')).toEqual([
      'soft-lockup',
    ]);
    expect(reportKinds('user  :warn  : [   12.3] BUG: this message was written by a program\n')).toEqual([]);
  });

  it("reads Tera Term's clock with milliseconds, and a timestamp cut before its dot", () => {
    expect(
      reportKinds('[Tue Jan 02 10:11:12.123 2024] BUG: soft lockup - CPU#0 stuck for 23s! [x:1]\n'),
    ).toEqual(['soft-lockup']);
    const cut =
      '.345678] BUG: soft lockup - CPU#0 stuck for 23s! [x:1]\n[   12.345690] Modules linked in: x\n';
    expect(readPaste(cut).lines.map((l) => l.ctx)).toEqual(['console', 'console', '']);
  });
});

describe("riscv's die() lines", () => {
  it('keeps `Kernel BUG [#1]` under its `kernel BUG at` line', () => {
    // ml-853-riscv-5.15-unmatched-kexec-smpboot-kernel-bug-and-hung-task-wrapped
    const text = [
      '[    0.000000] ------------[ cut here ]------------',
      '[    0.000000] kernel BUG at arch/riscv/kernel/smpboot.c:107!',
      '[    0.000000] Kernel BUG [#1]',
      '[    0.000000] Modules linked in:',
      '[    0.000000] epc : setup_smp+0xcc/0x142',
    ].join('\n');
    expect(found(text)).toEqual(['kernel-bug: kernel BUG at arch/riscv/kernel/smpboot.c:107!']);
  });

  it('reads `Oops - <trap> [#1]` of the traps that print no fault line, and a bare `Oops [#1]`', () => {
    // ml-852-riscv-5.13-unmatched-ftrace-illegal-instruction-quoted
    const illegal = [
      '> [    0.000000] Oops - illegal instruction [#1]',
      '> [    0.000000] Modules linked in:',
      '> [    0.000000] epc : riscv_cpuid_to_hartid_mask+0x6/0xae',
    ].join('\n');
    expect(parseReports(illegal).reports.map((r) => [r.kind, r.title])).toEqual([
      ['other', 'Oops - illegal instruction in riscv_cpuid_to_hartid_mask'],
    ]);
    expect(reportKinds('[  1.0] Oops - load access fault [#1]\n[  1.0] epc : foo+0x1/0x2\n')).toEqual([
      'paging-fault',
    ]);
    expect(reportKinds('[  1.0] Oops [#1]\n[  1.0] epc : foo+0x1/0x2\n')).toEqual(['paging-fault']);
    const underFault = [
      '[  1.0] Unable to handle kernel paging request at virtual address 0000000000001234',
      '[  1.0] Oops [#1]',
      '[  1.0] epc : foo+0x1/0x2',
    ].join('\n');
    expect(reportKinds(underFault)).toEqual(['paging-fault']);
  });
});

describe('a log that runs on into the next boot', () => {
  it('ends a report where the printk clock starts again from zero (kexec, reboot)', () => {
    // ml-853-riscv-5.15-unmatched-kexec-smpboot-kernel-bug-and-hung-task-wrapped
    const text = [
      '[ 1813.472671] INFO: task kworker/1:0:988 blocked for more than 120 seconds.',
      '[ 1813.478751]       Not tainted 5.15.0-rc1+ #15',
      '[    0.000000] SBI v0.2 HSM extension detected',
      '[    0.000000] epc : setup_smp+0xcc/0x142',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.lines)).toEqual([{ start: 1, end: 2 }]);
  });
});

describe('headers a word processor or chat client retouched', () => {
  it('reads a panic line whose dash became an en or em dash', () => {
    expect(
      reportKinds('Kernel panic – not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n'),
    ).toEqual(['panic']);
    expect(reportKinds('Kernel panic — not syncing: Attempted to kill init!\n')).toEqual(['panic']);
  });
});

describe('user-space sanitizers stay quiet', () => {
  it("leaves compiler-rt's ThreadSanitizer and MemorySanitizer warnings alone", () => {
    // neg-975-userspace-tsan-data-race-sanmill-commit-line
    const text = [
      '==================',
      'WARNING: ThreadSanitizer: data race (pid=26002)',
      '  Read of size 2 at 0x7b4400000310 by thread T1:',
      '    #0 Thread::adjustDepth() /home/calcitem/Sanmill/src/thread.cpp:434:18 (fishmill+0x4d8a7e)',
      '    #1 Thread::search() /home/calcitem/Sanmill/src/search.cpp:92:15 (fishmill+0x4d3a53)',
    ].join('\n');
    expect(reportKinds(text)).toEqual([]);
    expect(
      reportKinds('WARNING: MemorySanitizer: use-of-uninitialized-value\n    #0 0x4a5b1c in main a.c:5:3\n'),
    ).toEqual([]);
  });
});

describe('more real spacing and old BUG() shapes', () => {
  it('reads timestamps with a space before the closing bracket', () => {
    // ml-996-arm64-4.3-next-khugepaged-null-deref-spaced-timestamps-quoted
    const text = [
      '> [  182.639154 ] Unable to handle kernel NULL pointer dereference at virtual address 00000000',
      '> [  182.640749 ] Internal error: Oops: 94000006 [#1] SMP',
      '> [  182.642598 ] PC is at khugepaged+0x378/0x1af8',
    ].join('\n');
    expect(found(text)).toEqual([
      'null-deref: Unable to handle kernel NULL pointer dereference at virtual address 00000000',
    ]);
  });

  it("takes old arm's BUG(), a write to address 0 under `kernel BUG at`, as one kernel BUG", () => {
    // ml-995-arm-3.0-kernel-bug-cred-via-bug-null-write-wrapped-quoted
    const text = [
      '>  kernel BUG at kernel/cred.c:98!',
      '>  Unable to handle kernel NULL pointer dereference at virtual address',
      '> 00000000 pgd = c0004000',
      '>  [00000000] *pgd=00000000',
      '>  Internal error: Oops: 805 [#1] PREEMPT SMP',
    ].join('\n');
    expect(found(text)).toEqual(['kernel-bug: kernel BUG at kernel/cred.c:98!']);
  });
});

describe('fault and lockup lines retyped without their colon', () => {
  it('reads them when kernel lines surround them, and leaves a sentence alone', () => {
    // mg-988-cve-2020-8835-bpf-page-fault-retyped-from-screen-recording-zh
    const text = [
      '[17.799154] BUG unable to handle page fault for address ffffffff822c26c0',
      '[17.800875] #PF: supervisor read access in kernel mode',
      '[17.805108] Oops [#1] SMP PTI',
    ].join('\n');
    expect(found(text)).toEqual([
      'paging-fault: BUG unable to handle page fault for address ffffffff822c26c0',
    ]);
    expect(reportKinds('BUG soft lockup - CPU stuck is what the title of my post says\n')).toEqual([]);
  });
});

describe("loongarch's die() lines of address errors and kernel FPU use", () => {
  it('reads `Kernel ade access[#1]:` as a bad kernel access and `do_fpu invoked from kernel context![#1]:` alone', () => {
    // mg-1011-loongarch-3a5000-6.2-kernel-ade-access-old-csr-format-qp, ml-1012-loongarch-3c6000-6.14-amdgpu-do-fpu-from-kernel-context-stable
    expect(
      reportKinds(
        '[  1.0] Kernel ade access[#1]:\n[  1.0] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.2.0 #1\n',
      ),
    ).toEqual(['paging-fault']);
    expect(
      found(
        ' do_fpu invoked from kernel context![#1]:\n CPU: 3 PID: 1 Comm: modprobe Not tainted 6.14.0 #1\n',
      ),
    ).toEqual(['other: do_fpu invoked from kernel context![#1]:']);
  });
});

describe('fault signatures quoted in a guide', () => {
  it('does not join a fault line cut after `virtual address` with the pc line under it', () => {
    const text = [
      'kernel: Unable to handle kernel paging request at virtual address',
      'kernel: pc : [<ffffffc0xxxxxxxx>] vendor_module+0x...',
    ].join('\n');
    expect(readPaste(text).lines[0]?.text).toBe('Unable to handle kernel paging request at virtual address');
  });

  it('needs kernel lines, not only a logger tag, around a fault line that stops at its header words', () => {
    expect(
      reportKinds('kernel: Unable to handle kernel NULL pointer dereference\n\nThis means a driver bug.\n'),
    ).toEqual([]);
  });
});

describe('die() lines and fault wordings that name their kind in other words', () => {
  it("reads arm's `Internal error: : 1008`, an abort no handler took, as a bad kernel access", () => {
    // ml-1102-arm-armada-xp-3.14-rc7-internal-error-1008-ahci-pci-rescan-pipermail
    const text = [
      'Internal error: : 1008 [#1] PREEMPT SMP ARM',
      'Modules linked in:',
      'CPU: 0 PID: 1746 Comm: bash Not tainted 3.14.0-rc7 #18',
      'task: eed72840 ti: ee794000 task.ti: ee794000',
      'PC is at ahci_enable_ahci+0x10/0x7c',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['paging-fault']);
  });

  it("reads x86's doubled `Oops: Oops: 0011` die() line as a page fault", () => {
    // mg-1106-ipu6-7.0.3-subdev-close-corrupt-vfunc-two-oopses-qp-gmail-wrap
    const text = [
      '[38330.255927] Oops: Oops: 0011 [#1] SMP NOPTI',
      '[38330.256037] CPU: 7 UID: 1000 PID: 1489 Comm: CameraManager Tainted:',
      '[38330.256353] RIP: 0010:ext4_fast_symlink_inode_operations+0x0/0x100',
    ].join('\n');
    expect(found(text)).toEqual(['paging-fault: Oops: Oops: 0011 [#1] SMP NOPTI']);
  });

  it("reads 2.4 powerpc's `Oops: kernel access of bad area` without its count, and its raw backtrace", () => {
    // gh-1108-stackoverflow-ppc-2.4.25-bad-area-no-symbols-aiee-interrupt-handler
    const text = [
      'Oops: kernel access of bad area, sig: 11',
      'NIP: C9471C7C XER: 20000000 LR: C0018C74 SP: C0198E20 REGS: c0198d70 TRAP: 0800    Not tainted',
      'Call backtrace:',
      '00000001 C0018C74 C0018A1C C0005E14 C0004780 C0022724 C0005D4C',
      'Kernel panic: Aiee, killing interrupt handler!',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['paging-fault', 'panic']);
  });

  it("calls arm64's access to user memory at address zero a NULL dereference", () => {
    // ml-1114-arm64-5.17-rt-dsa-bridge-leave-null-pan-wording-quoted-review
    const text = [
      '>   Unable to handle kernel access to user memory outside uaccess routines at virtual address 0000000000000000',
      '>   Internal error: Oops: 96000004 [#1] PREEMPT_RT SMP',
      '>   CPU: 3 PID: 1119 Comm: brctl Tainted: G           O      5.17.0-rc4-rt4 #1',
      '>   Call trace:',
      '>    dsa_port_bridge_leave+0x8c/0x1e4',
      '>    dsa_slave_changeupper+0x40/0x170',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
    expect(reportKinds(text.replace('0000000000000000', '0000ffff8a3c1000'))).toEqual(['paging-fault']);
  });

  it("reads loongarch's fault line that names CPU -1", () => {
    // ml-1127-loongarch-bpf-trampoline-struct-arg-cpu-minus-one-double-fault-rcu-stall-indented
    const text = [
      '    CPU -1 Unable to handle kernel paging request at virtual address 0000000000000018, era == 90000000845659f4, ra == 90000000845659e8',
      '    Oops[#1]:',
      '    CPU -1 Unable to handle kernel paging request at virtual address 0000000000000018, era == 9000000085bef268, ra == 90000000844f3938',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['paging-fault', 'paging-fault']);
  });

  it('names a list corruption or a refcount bug by the check the pc is in', () => {
    // mg-1032-vmware-arm64-6.17-rc-nfsd-cpntf-list-del-oops-no-message-qp-quoted-patch
    const bug = [
      '[ 1626.839430] Internal error: Oops - BUG: 00000000f2000800 [#1]  SMP',
      '[ 1626.860010] pc : __list_del_entry_valid_or_report+0x148/0x200',
      '[ 1626.860601] lr : __list_del_entry_valid_or_report+0x148/0x200',
      '[ 1626.868167] Call trace:',
      '[ 1626.868382]  __list_del_entry_valid_or_report+0x148/0x200 (P)',
      '[ 1626.868876]  _free_cpntf_state_locked+0xd0/0x268 [nfsd]',
      '[ 1626.869368]  nfs4_laundromat+0x6f8/0x1058 [nfsd]',
    ].join('\n');
    expect(reportKinds(bug)).toEqual(['list-corruption']);
    // ml-1034-android-arm64-uvc-gadget-list-del-headless-trace-excerpt-cfi-jt-quoted: an excerpt from the registers on.
    const headless = [
      '>> pstate: 60c00085 (nZCv daIf +PAN +UAO -TCO BTYPE=--)',
      '>> pc : __list_del_entry_valid+0xc0/0xd4',
      '>> lr : __list_del_entry_valid+0xc0/0xd4',
      '>> Call trace:',
      '>>   __list_del_entry_valid+0xc0/0xd4',
      '>>   uvc_video_free_request+0x60/0x98',
      '>>   uvcg_video_pump+0x1cc/0x204',
    ].join('\n');
    const [report] = parseReports(headless).reports;
    expect(report?.kind).toBe('list-corruption');
    expect(report?.culprit?.fn).toBe('uvc_video_free_request');
    // ml-1035-rb5-arm64-venus-refcount-headless-interleaved-usb-lines-patch
    const refcount = [
      '[    5.442486] pc : refcount_warn_saturate+0x140/0x148',
      '[    5.493756] hub 2-1:1.0: USB hub found',
      '[    5.496266] lr : refcount_warn_saturate+0x140/0x148',
      '[    5.893036] Call trace:',
      '[    5.895551]  refcount_warn_saturate+0x140/0x148',
      '[    5.900202]  __video_register_device+0x64c/0xd10',
      '[    5.904944]  venc_probe+0xc4/0x148',
    ].join('\n');
    expect(reportKinds(refcount)).toEqual(['refcount']);
    // Under its own header the pc line starts nothing.
    expect(reportKinds(`[ 1626.830000] kernel BUG at lib/list_debug.c:62!\n${bug}`)).toEqual([
      'list-corruption',
    ]);
  });
});

describe('old and debugger-printed warnings', () => {
  it("reads FORTIFY's field-spanning write quoted without its WARNING line, and keeps it in its WARNING", () => {
    // mg-1112-drm-dp-mst-ubsan-index-minus-one-and-field-spanning-memcpy-qp-quoted-review
    const text = [
      '>    memcpy: detected field-spanning write (size 18446744073709551615) of single field "&msg->msg[msg->curlen]" at drivers/gpu/drm/display/drm_dp_mst_topology.c:791 (size 256)',
      '>    Call Trace:',
      '>     drm_dp_sideband_append_payload+0x324/0x350 [drm_display_helper]',
      '>     drm_dp_get_one_sb_msg+0x3ce/0x5f0 [drm_display_helper]',
      '>     drm_dp_mst_hpd_irq_handle_event+0xc8/0x1580 [drm_display_helper]',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['warning']);
    // gh-120-apu2-coreboot-field-spanning-memcpy-journal-prompt
    const withWarning = [
      'Dec 31 21:00:33 apu2c4 kernel: ------------[ cut here ]------------',
      'Dec 31 21:00:33 apu2c4 kernel: memcpy: detected field-spanning write (size 32) of single field "&device->entry" at drivers/firmware/google/coreboot_table.c:104 (size 8)',
      'Dec 31 21:00:33 apu2c4 kernel: WARNING: CPU: 0 PID: 241 at drivers/firmware/google/coreboot_table.c:104 coreboot_table_probe+0x1ba/0x1e2 [coreboot_table]',
      'Dec 31 21:00:33 apu2c4 kernel: CPU: 0 PID: 241 Comm: systemd-udevd Not tainted 6.1.1-arch1-1 #1',
    ].join('\n');
    expect(reportKinds(withWarning)).toEqual(['warning']);
    // neg-1190-openzfs-memcpy-field-spanning-write-article-zh: the message named in prose.
    expect(reportKinds('提示"memcpy: detected field-spanning write"。\n')).toEqual([]);
  });

  it('reads an ODEBUG message quoted without its WARNING line, and keeps it in its WARNING', () => {
    // A 6.12-stable nilfs2 patch (lore) quoting syzbot's report: the message and three frames.
    const text = [
      'ODEBUG: free active (active state 0) object: 00000000dacb411a object type: timer_list hint: nilfs_construction_timeout',
      'Call trace:',
      ' nilfs_segctor_destroy fs/nilfs2/segment.c:2811 [inline]',
      ' nilfs_detach_log_writer+0x668/0x8cc fs/nilfs2/segment.c:2877',
      ' nilfs_put_super+0x4c/0x12c fs/nilfs2/super.c:509',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['warning']);
    expect(parseReports(text).reports[0]?.culprit?.fn).toBe('nilfs_segctor_destroy');
    const withWarning = [
      '[ 2489.623551] ODEBUG: free active (active state 0) object type: work_struct hint: mlxreg_hotplug_work_handler+0x0/0x7f0 [mlxreg_hotplug]',
      '[ 2489.637097] WARNING: CPU: 5 PID: 3924 at lib/debugobjects.c:328 debug_print_object+0xfe/0x180',
      '[ 2489.637214] Call Trace:',
      '[ 2489.637225]  __debug_check_no_obj_freed+0x25e/0x320',
    ].join('\n');
    expect(reportKinds(withWarning)).toEqual(['warning']);
    // debugobjects' own notice is no report.
    expect(
      reportKinds('[   12.345678] ODEBUG: Out of memory. ODEBUG disabled\n[   12.345679] Call Trace:\n'),
    ).toEqual([]);
  });

  it("reads 2.6's `Badness in f at file:line` with its stack, and leaves the printk format alone", () => {
    // ml-1144-x86_64-2.6.14-as-iosched-badness-null-oops-debug-sleeping-aiee-spinlock-lockup-brace-frames
    const text = [
      'Badness in as_move_to_dispatch at drivers/block/as-iosched.c:1134',
      '',
      'Call Trace: <IRQ> <ffffffff80264c2d>{as_move_to_dispatch+349} <ffffffff802650d6>{as_dispatch_request+1046}',
      '       <ffffffff8025bbc3>{elv_next_request+307} <ffffffff8029d238>{scsi_request_fn+136}',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report?.kind).toBe('warning');
    expect(report?.title).toBe('WARNING in as_move_to_dispatch');
    // libsepol's services.c prints the same line from user space (its BUG() macro): without a stack it is no report.
    expect(reportKinds('Badness in context_struct_compute_av at services.c:552\n')).toEqual([]);
  });

  it('takes the BUG line xmon prints again under its exception summary as the same report', () => {
    // ml-1129-ppc64-debug-vm-pgtable-xmon-program-check-bug-then-slb-null-quoted
    const text = [
      '> [   21.083519] kernel BUG at arch/powerpc/mm/pgtable.c:304!',
      '> cpu 0x0: Vector: 700 (Program Check) at [c000000c6d1e76c0]',
      '>     pc: c00000000009a5ec: assert_pte_locked+0x14c/0x380',
      '>     lr: c0000000005eeeec: pte_update+0x11c/0x190',
      '>     pid   = 1, comm = swapper/0',
      '> kernel BUG at arch/powerpc/mm/pgtable.c:304!',
      '> [link register   ] c0000000005eeeec pte_update+0x11c/0x190',
      '> [c000000c6d1e79b0] c0000000005eee14 pte_update+0x44/0x190',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['kernel-bug']);
  });
});

describe('pastes shaped by the poster', () => {
  it('reads timestamps whose fractions were cut off', () => {
    // gh-1118-mips-ci20-3.0.8-kinteractiveup-hung-task-stack-words-trimmed-timestamps
    const text = [
      '[  240.] INFO: task kinteractiveup:64 blocked for more than 120 seconds.',
      '[  240.] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
      '[  240.] Call Trace:',
      '[  240.] [<8066c218>] __schedule+0x2b8/0x7fc',
      '[  240.] [<800735f0>] kthread+0x6c/0x90',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['hung-task']);
    expect(readPaste(text).lines[0]?.time).toBe(240);
  });

  it('reads the first log line glued to the `<details><pre>` that opens it', () => {
    // gh-1125-bcachefs-nixos-5.10.9-zstd-page-fault-writeback-details-pre-journal-prefix
    const text = [
      '<details><pre>Jan 26 12:48:22 nixos kernel: BUG: unable to handle page fault for address: ffff9f10101de000',
      'Jan 26 12:48:22 nixos kernel: #PF: supervisor write access in kernel mode',
      'Jan 26 12:48:22 nixos kernel: Oops: 0002 [#1] SMP PTI',
      'Jan 26 12:48:22 nixos kernel: RIP: 0010:ZSTD_compressSequences_internal+0xb05/0x1320 [zstd_compress]',
      '</pre></details>',
    ].join('\n');
    expect(found(text)).toEqual([
      'paging-fault: BUG: unable to handle page fault for address: ffff9f10101de000',
    ]);
    expect(readPaste('<details><summary>dmesg</summary>\n').lines[0]?.isBreak).toBe(true);
  });
});

describe('more die() lines and messages that dump their stack', () => {
  it("reads parisc's die_if_kernel() traps by name, and leaves a user-mode trap alone", () => {
    // ml-1062-parisc-rp3440-6.4.10-spinlock-was-trashed-pmd-alloc-qp-nbsp-flowed-fence
    const text = [
      '>> init (pid 1): Spinlock was trashed (code 1)',
      '>> CPU: 1 PID: 1 Comm: init Not tainted 6.4.10 #1',
      '>> Hardware name: 9000/800/rp3440',
    ].join('\n');
    expect(found(text)).toEqual(['spinlock-bug: init (pid 1): Spinlock was trashed (code 1)']);
    expect(reportKinds('ld.so (pid 4242): Illegal instruction (code 8) at 00000000f8a1c2b4\n')).toEqual([]);
  });

  it("reads slab's failed and duplicate cache creations, each with its creator's stack", () => {
    // ml-140-raw-kmsg-kmem-cache-dup-name-raid456-3.16
    const text = [
      '3,2059,887335968,-;kmem_cache_sanity_check (raid5-ffff880074a56010): Cache name already exists.',
      '4,2060,887339337,-;CPU: 1 PID: 12874 Comm: lvm Not tainted 3.16.0-0.rc4.git1.1.fc21.x86_64 #1',
      '4,2065,887352882,-;Call Trace:',
      '4,2066,887355210,-; [<ffffffff81807d5c>] dump_stack+0x4d/0x66',
      '4,2067,887357157,-; [<ffffffff811e9451>] kmem_cache_create+0x2c1/0x330',
      '4,2068,887360103,-; [<ffffffffa0272527>] setup_conf+0x677/0x8c0 [raid456]',
      '4,2086,887394585,-;kmem_cache_create(raid5-ffff880074a56010) failed with error -22',
      '4,2087,887395592,-;CPU: 1 PID: 12874 Comm: lvm Not tainted 3.16.0-0.rc4.git1.1.fc21.x86_64 #1',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['other', 'other']);
    expect(parseReports(text).reports[0]?.culprit?.fn).toBe('setup_conf');
  });

  it('reads a fault line glued to the tail of a message whose last word had no newline', () => {
    // ml-117-ppc-slub-freelist-oops-softlockup-2.6.27
    const text = [
      '/sbin/ifup: lineUnable to handle kernel paging request for data at address 0xc00000077cb7a8',
      'Faulting instruction address: 0xc0000000000dff5c',
      'Oops: Kernel access of bad area, sig: 11 [#3]',
      'NIP: c0000000000dff5c LR: c0000000000dff04 CTR: 0000000000000004',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['paging-fault']);
    // `ODEBUG:` holds no `BUG:`: the line is debugobjects' warning message.
    expect(
      reportKinds('ODEBUG: free active (active state 0) object type: timer_list hint: foo+0x0/0x10\n'),
    ).toEqual(['warning']);
  });

  it('starts a report at a panic that prints its own stack, right under another report', () => {
    // mg-059-x86_64-6.10-virtio-net-premapped-corruption-quoted-wrapped
    const text = [
      '> [  193.050902] BUG: Bad rss-counter state mm:00000000ff28307a type:MM_SWAPENTS val:-1',
      '> [  193.758147] Kernel panic - not syncing: corrupted stack end detected inside scheduler',
      '> [  193.759151] CPU: 5 PID: 22932 Comm: LogFlusher Tainted: G B 6.10.0-rc2+ #1',
      '> [  193.759160] Call Trace:',
      '> [  193.759162]  <TASK>',
      '> [  193.759170]  panic+0x31d/0x350',
      '> [  193.759180]  __schedule+0x1f0a/0x1f10',
      '> [  193.759190]  futex_wait_queue+0x63/0x90',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['other', 'panic']);
  });
});

describe('consoles and mail that mangle the printk prefix', () => {
  it('reads a lockdep lock line a mail client wrapped twice, before its name and before its `at:` function', () => {
    // mg-075-x86_64-6.12-vmwgfx-drm-exec-held-at-return-qp-fenced
    const text = [
      '[   20.439696] WARNING: lock held when returning to user space!',
      '[   20.441730] 6.12.0+ #11 Not tainted',
      '[   20.442389] ------------------------------------------------',
      '[   20.443663] gnome-shell/1853 is leaving the kernel with locks still held!',
      '[   20.445519] 1 lock held by gnome-shell/1853:',
      '[   20.446524]  #0: ffff9ae5892431a0',
      '(reservation_ww_class_mutex){....}-{3:3}, at:',
      'ww_mutex_trylock+0x186/0x3a0',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report?.facts.locksHeld?.locks.map((l) => [l.name, l.at])).toEqual([
      ['reservation_ww_class_mutex', 'ww_mutex_trylock'],
    ]);
    expect(report?.culprit?.fn).toBe('ww_mutex_trylock');
  });

  it("reads lockdep `at:` lines a mail client wrapped before the symbolizer's source of each inlined function", () => {
    // mg-073-x86_64-5.2-next-syzbot-rxrpc-recursive-format-flowed
    const text = [
      'WARNING: possible recursive locking detected',
      '5.2.0-next-20190718 #41 Not tainted',
      '--------------------------------------------',
      'kworker/0:3/21678 is trying to acquire lock:',
      '00000000aa5eecdf (&(&rxnet->peer_hash_lock)->rlock){+.-.}, at: spin_lock_bh  ',
      '/./include/linux/spinlock.h:343 [inline]',
      '00000000aa5eecdf (&(&rxnet->peer_hash_lock)->rlock){+.-.}, at:  ',
      '__rxrpc_put_peer /net/rxrpc/peer_object.c:415 [inline]',
      '00000000aa5eecdf (&(&rxnet->peer_hash_lock)->rlock){+.-.}, at:  ',
      'rxrpc_put_peer+0x2d3/0x6a0 /net/rxrpc/peer_object.c:435',
      '',
      'but task is already holding lock:',
      '00000000aa5eecdf (&(&rxnet->peer_hash_lock)->rlock){+.-.}, at: spin_lock_bh  ',
      '/./include/linux/spinlock.h:343 [inline]',
      '',
      'Call Trace:',
      '  dump_stack+0x172/0x1f0 /lib/dump_stack.c:113',
      '  print_deadlock_bug /kernel/locking/lockdep.c:2301 [inline]',
      '  check_deadlock /kernel/locking/lockdep.c:2342 [inline]',
      '  validate_chain /kernel/locking/lockdep.c:2881 [inline]',
      '  __lock_acquire.cold+0x194/0x398 /kernel/locking/lockdep.c:3880',
      '  lock_acquire+0x190/0x410 /kernel/locking/lockdep.c:4413',
      '  _raw_spin_lock_bh+0x33/0x50 /kernel/locking/spinlock.c:175',
      '  spin_lock_bh /./include/linux/spinlock.h:343 [inline]',
      '  __rxrpc_put_peer /net/rxrpc/peer_object.c:415 [inline]',
      '  rxrpc_put_peer+0x2d3/0x6a0 /net/rxrpc/peer_object.c:435',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report?.facts.acquiring?.at).toBe('rxrpc_put_peer');
    expect(report?.culprit?.fn).toBe('rxrpc_put_peer');
  });

  it("reads timestamps whose brackets a 3270 console's code page turned into `¢` and `!`", () => {
    // ml-1065-s390-4.5-rc-thp-rework-random-crashes-3270-cent-bang-brackets-qp-odebug-cred-bug-bad-page-map
    const text = [
      '> > > > ¢ 1851.721062! Unable to handle kernel pointer dereference in virtual kernel address space',
      '> > > > ¢ 1851.721075! failing address: 0000000000000000 TEID: 0000000000000483',
      '> > > > ¢ 1851.721078! Fault in home space mode while using kernel ASCE.',
      '> > > > ¢ 1851.721128! Oops: 0004 ilc:3 ¢#1! PREEMPT SMP DEBUG_PAGEALLOC',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['null-deref']);
    expect(readPaste(text).lines[0]?.time).toBe(1851.721062);
  });

  it('reads a caller id printed without a timestamp, and a record shown again without it as one', () => {
    // mg-1010-ppc64-5.15-watchdog-warning-caller-id-c475-no-timestamps-wrapped-fr
    const text = [
      '>> [  C475] ------------[ cut here ]------------',
      '>> [  C475] WARNING: CPU: 475 PID: 0 at /home/laurent/src/linux-ppc/arch/powerpc/kernel/watchdog.c:260 wd_smp_clear_cpu_pending+0x320/0x4b0',
      '>> [  C475] Modules linked in: rpadlpar_io rpaphp xt_tcpudp iptable_filter',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['warning']);
    expect(readPaste(text).lines[1]?.ctx).toBe('C475');
    // mg-077-powerpc-6.9-xfs-bunmapi-reflink-soft-lockups-quoted
    const twice = [
      '> [   C17] watchdog: BUG: soft lockup - CPU#17 stuck for 23s! [xfs_io:7679]',
      '>  watchdog: BUG: soft lockup - CPU#17 stuck for 23s! [xfs_io:7679]',
      '>  CPU: 17 PID: 7679 Comm: xfs_io Kdump: loaded Tainted: G X 6.4.0',
      '>  NIP [c008000005e3ec94] xfs_rmapbt_diff_two_keys+0x54/0xe0 [xfs]',
    ].join('\n');
    expect(parseReports(twice).reports.map((r) => r.lines)).toEqual([{ start: 2, end: 4 }]);
  });
});

describe('copies of a headline that are not a second report', () => {
  it("leaves syzbot's crash title above the report of a patch test alone", () => {
    // ml-1053-syzbot-arm64-6.14-rc-patch-test-lock-held-return-mm-populate-debug-printks
    const text = [
      'syzbot has tested the proposed patch but the reproducer is still triggering an issue:',
      'WARNING: lock held when returning to user space in __mm_populate',
      '',
      '================================================',
      'WARNING: lock held when returning to user space!',
      '6.14.0-rc4-syzkaller-ge056da87c780-dirty #0 Not tainted',
      '------------------------------------------------',
      'syz-executor198/8642 is leaving the kernel with locks still held!',
    ].join('\n');
    expect(found(text)).toEqual(['lockdep-held-at-return: WARNING: lock held when returning to user space!']);
  });

  it('takes the first lines shown above the whole log, same addresses, as a preview of it', () => {
    // mg-1031-surface-book-5.4-lts-ipu3-cio2-stack-guard-recursion-dmesg-x-qp
    const text = [
      '    BUG: stack guard page was hit at 00000000486e5acd (stack is 000000006e2c667d..0000000010408970)',
      '    kernel stack overflow (double-fault): 0000 [#1] SMP PTI',
      '    RIP: 0010:cio2_subdev_get_fmt+0x2c/0x180 [ipu3_cio2]',
      '',
      '  I added the full oops at the bottom of this mail.',
      '',
      'kern  :emerg : [   40.860368] BUG: stack guard page was hit at 00000000486e5acd (stack is 000000006e2c667d..0000000010408970)',
      'kern  :warn  : [   40.860373] kernel stack overflow (double-fault): 0000 [#1] SMP PTI',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.lines.start)).toEqual([7]);
  });

  it("reads a panic line the console wrote after a wide gap in another program's output", () => {
    // mg-099-arm-imx6-wfx-mac80211-null-qp-nbsp-iperf (the gap is quoted-printable non-breaking spaces)
    const text = [
      'Code: e92d4010 e2504000 08bd8010 e1a00004 (e5944000)',
      '[  5]  24.00-25.00  sec   765 KBy---[ end trace 0000000000000000 ]---',
      'tes  6.27 Mbits/sec              Kernel panic - not syncing: Fatal exception in interrupt',
      'CPU2: stopping',
      'CPU: 2 PID: 0 Comm: swapper/2 Tainted: G      D            6.0.0-rc5-dnm3pv2+g047dc4cf9a10 #1',
    ].join('\n');
    expect(found(text)).toEqual(['panic: Kernel panic - not syncing: Fatal exception in interrupt']);
    // One space before it is a sentence that quotes it.
    expect(reportKinds('My board shows Kernel panic - not syncing: Fatal exception in interrupt\n')).toEqual(
      [],
    );
  });

  it("keeps old arm's BUG() write to address 0 in the BUG's report when a reply splits the quoted log", () => {
    // mg-1118-arm-omap3-2.6.39-omap3isp-kernel-bug-via-bug-null-quoted-reflowed-timestamps-mid-line
    const text = [
      '> [   27.427459] kernel BUG at drivers/media/video/omap3isp/isp.c:1494!',
      '',
      'What kernel and OMAP3 ISP driver are you using ? The BUG_ON statement is at',
      'line 1492 in mainline.',
      '',
      '> [   27.434082] Unable to handle kernel NULL pointer dereference at virtual',
      '> [   27.452178] Internal error: Oops: 817 [#1]',
      '> [   27.481536] PC is at __bug+0x1c/0x28',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['kernel-bug']);
  });

  it('ends a report where the pasted clock goes back minutes: a log of another boot', () => {
    // ml-1065-s390-4.5-rc-thp-rework-random-crashes-3270-cent-bang-brackets-qp-odebug-cred-bug-bad-page-map
    const text = [
      '> > > > [ 1851.721062] Unable to handle kernel pointer dereference in virtual kernel address space',
      '> > > > [ 1851.721128] Oops: 0004 ilc:3 [#1] PREEMPT SMP DEBUG_PAGEALLOC',
      '> > > > [ 1851.721189] Krnl PSW : 0704d00180000000 000000000045d3b8 (__rb_erase_color+0x280/0x308)',
      '> > > > [   59.851421] list_del corruption. next->prev should be 000000006e1eb000, but was 0000000000000400',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['paging-fault', 'list-corruption']);
  });

  it('decodes a quoted-printable mail whose short lines needed no soft break, UTF-8 or Latin-1', () => {
    // The escapes of mg-099-arm-imx6-wfx-mac80211-null-qp-nbsp-iperf on lines short enough to stay whole.
    const text = [
      'Unable to handle kernel NULL pointer dereference at virtual address 00000101',
      '[00000101] *pgd=3D00000000',
      'Internal error: Oops: 5 [#1] SMP ARM',
      'CPU: 2 PID: 0 Comm: swapper/2 Tainted: G=C2=A0=C2=A0=C2=A0=C2=A0=C2=A0 D',
      'PC is at ieee80211_report_used_skb+0x5c/0x3c4 [mac80211]',
    ].join('\n');
    expect(readPaste(text).lines[3]?.text).toBe('CPU: 2 PID: 0 Comm: swapper/2 Tainted: G      D');
    expect(readPaste(text.replaceAll('=C2=A0', '=A0')).lines[3]?.text).toBe(
      'CPU: 2 PID: 0 Comm: swapper/2 Tainted: G      D',
    );
    expect(reportKinds(text)).toEqual(['null-deref']);
  });
});

describe('culprits from out-of-tree driver pastes', () => {
  it("names a driver's work function as printed, even when it starts like a syscall wrapper", () => {
    // gh-1546-x86_64-cx511h-scheduling-while-atomic-workqueue-leaked-journal-continuation
    const text = [
      'May 30 20:00:01 SOUCOUYANT kernel: BUG: workqueue leaked lock or atomic: kworker/11:2/0x7fffffff/638',
      '                                        last function: sys_work_func [cx511h]',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.title, r.culprit?.fn])).toEqual([
      ['BUG: workqueue leaked lock or atomic in work_func', 'sys_work_func'],
    ]);
  });
});

describe('lockup lines quoted in a guide', () => {
  it('finds no report in a list of messages whose lockup line names CPU#X and XXs, even next to a real-looking one', () => {
    // neg-1527-proxmox-upgrade-polish-bullets-naming-soft-lockup
    const text = [
      '  • Krytycznymi błędami kernela w logach maszyn wirtualnych:',
      '    • BUG: soft lockup - CPU#X stuck for XXs!',
      '    • rcu: INFO: rcu_preempt detected stalls on CPUs/tasks',
      '  • Komunikatami o wysokim obciążeniu na hoście Proxmox:',
    ].join('\n');
    expect(found(text)).toEqual([]);
  });

  it('finds no report in a lockup line whose task is written [process name:PID]', () => {
    // neg-1535-blog-soft-lockup-placeholder-process-name-pid
    expect(found('kernel:BUG: soft lockup - CPU#2 stuck for 22s! [process name:PID]')).toEqual([]);
  });

  it('still reads a real lockup line with its task', () => {
    // gh-1516-x86_64-4.19-falco-soft-lockup-after-stopper-tail
    expect(found('[42356.028437] watchdog: BUG: soft lockup - CPU#31 stuck for 23s! [sh:6839]')).toEqual([
      'soft-lockup: watchdog: BUG: soft lockup - CPU#31 stuck for 23s! [sh:6839]',
    ]);
  });
});

describe("a hung task's culprit when its trace is all waiting", () => {
  it('names the outermost waiting primitive shown, not a stale `? ` word', () => {
    // gh-1521-x86_64-3.10-rhel-dockerd-synchronize-srcu-hung-syslog
    const text = [
      'May 09 15:18:40 bjsjs_110_46 kernel: INFO: task dockerd:14148 blocked for more than 120 seconds.',
      'May 09 15:18:40 bjsjs_110_46 kernel: dockerd         D 0000000000000000     0 14148      1 0x00000000',
      'May 09 15:18:40 bjsjs_110_46 kernel: Call Trace:',
      'May 09 15:18:40 bjsjs_110_46 kernel:  [<ffffffff8163a909>] schedule+0x29/0x70',
      'May 09 15:18:40 bjsjs_110_46 kernel:  [<ffffffff816385f9>] schedule_timeout+0x209/0x2d0',
      'May 09 15:18:40 bjsjs_110_46 kernel:  [<ffffffff8108e4cd>] ? mod_timer+0x11d/0x240',
      'May 09 15:18:40 bjsjs_110_46 kernel:  [<ffffffff8163acd6>] wait_for_completion+0x116/0x170',
      'May 09 15:18:40 bjsjs_110_46 kernel:  [<ffffffff810b8c10>] ? wake_up_state+0x20/0x20',
      'May 09 15:18:40 bjsjs_110_46 kernel:  [<ffffffff810ab676>] __synchronize_srcu+0x106/0x1a0',
      'May 09 15:18:40 bjsjs_110_46 kernel:  [<ffffffff810ab190>] ? call_srcu+0x70/0x70',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([
      ['hung-task', '__synchronize_srcu'],
    ]);
  });
});

describe('an x86 page fault pasted from below its header', () => {
  it('reads a fault pasted from its register dump down, its kind from the CR2 address', () => {
    // mg-068-loongarch-x86-6.11-radeon-gem-free-null-topposted-flowed, from its RIP: line down
    const trace = [
      'RIP: 0010:drm_gem_object_free+0x10/0x30',
      'RSP: 0018:ffffb0f300b23de8 EFLAGS: 00010246',
      'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033',
      'CR2: 0000000000000000 CR3: 000000011eda4005 CR4: 00000000003706f0',
      'Call Trace:',
      ' <TASK>',
      ' ? __die+0x23/0x80',
      ' ? page_fault_oops+0x14f/0x560',
      ' ? exc_page_fault+0x84/0x1c0',
      ' ? asm_exc_page_fault+0x26/0x30',
      ' ? drm_gem_object_free+0x10/0x30',
      ' radeon_bo_unref+0x64/0x80 [radeon]',
      ' radeon_vm_fini+0x1d0/0x260 [radeon]',
    ];
    expect(parseReports(trace.join('\n')).reports.map((r) => r.kind)).toEqual(['null-deref']);
    const far = trace.map((l) => l.replace('CR2: 0000000000000000', 'CR2: ffffc90ffb34f004'));
    expect(parseReports(far.join('\n')).reports.map((r) => r.kind)).toEqual(['paging-fault']);
  });

  it("reads the oops's closing CR2 summary and reprinted registers when that is all the paste holds", () => {
    // gh-1507-x86_64-5.11-evdi-dma-buf-vmap-oops-tail-after-end-trace
    const text = [
      '[ 3316.048070] CR2: 0000000000000008',
      '[ 3316.048072] ---[ end trace 494a1fa7abaeffe4 ]---',
      '[ 3316.102393] RIP: 0010:dma_buf_vmap+0x2a/0x120',
      '[ 3316.102399] RSP: 0018:ffff9eca43ea7c48 EFLAGS: 00010246',
      '[ 3316.102401] RAX: 0000000000000000 RBX: ffff90db8bcd1400 RCX: 0000000000000000',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([
      ['null-deref', 'dma_buf_vmap'],
    ]);
  });
});

describe('a header line the paste cut short', () => {
  it("keeps a hung task's kind when its line stops after `blocked for more`", () => {
    // gh-1519-x86_64-3.x-k8s-docker-copy-net-ns-hung-header-cut
    const text = [
      '[156240.281305]  [<ffffffff8154bdcd>] ? system_call_fast_compare_end+0x10/0x15',
      '[156240.290337] INFO: task kworker/u4:0:24523 blocked for more',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => [r.kind, r.corrupted])).toEqual([['hung-task', true]]);
  });
});

describe('fault lines of m68k, 2.6 and arm32', () => {
  it("reads m68k's kernel bus error, its PC line and the frame glued to its Call Trace line", () => {
    // ml-1950-m68k-mac-5.10-nubus-proc-pde-data-bad-kernel-buserr-quoted-stable
    const text = [
      'Data read fault at 0x00000020 in Super Data (pc=0x1074c2)',
      'BAD KERNEL BUSERR',
      'Oops: 00000000',
      'Modules linked in:',
      'PC: [<001074c2>] PDE_DATA+0xc/0x16',
      'SR: 2010  SP: 38284958  a2: 01152370',
      'Call Trace: [<00222a58>] nubus_proc_rsrc_show+0x18/0xa0',
      ' [<000d551a>] seq_read+0xc4/0x510',
    ].join('\n');
    const [report, ...rest] = parseReports(text).reports;
    expect(rest).toEqual([]);
    expect(report?.kind).toBe('null-deref');
    expect(report?.title).toBe('BUG: unable to handle kernel NULL pointer dereference in PDE_DATA');
    expect(report?.culprit?.fn).toBe('nubus_proc_rsrc_show');
    expect(reportKinds(text.replace('0x00000020', '0x38284958'))).toEqual(['paging-fault']);
    // A user fault's lines are pr_debug() and have no BUSERR line.
    expect(found('Data read fault at 0x00000020 in User Data (pc=0x80001234)\nsomething else')).toEqual([]);
  });

  it("reads 2.6's scheduling-while-atomic line that had no BUG: yet", () => {
    // mg-1962-i386-2.6.9-rc4-mm1-profile-hit-two-oopses-then-scheduling-while-atomic-qp-pgp-signed
    const text = [
      'scheduling while atomic: java/0x04000002/2480',
      ' [<c0105f47>] dump_stack+0x17/0x20',
      ' [<c02c584f>] schedule+0x51f/0x530',
      ' [<c0149d03>] unmap_vmas+0x1a3/0x200',
    ].join('\n');
    expect(found(text)).toEqual(['scheduling-while-atomic: scheduling while atomic: java/0x04000002/2480']);
    expect(
      found('BUG: scheduling while atomic: swapper/0/0x00000002\n[<c0105f47>] dump_stack+0x17/0x20'),
    ).toEqual(['scheduling-while-atomic: BUG: scheduling while atomic: swapper/0/0x00000002']);
  });

  it("keeps arm32's alignment trap and do_DataAbort() line as one kernel fault, and a user fault as none", () => {
    // ml-1966-arm-bcm2835-nft-quota-atomic64-alignment-exception-internal-error-no-cpu-line
    const kernel = [
      'Alignment trap: not handling instruction e1b26f9f at [<7f4473f8>]',
      'Unhandled fault: alignment exception (0x001) at 0xb832e824',
      'Internal error: : 1 [#1] PREEMPT SMP ARM',
      'Hardware name: BCM2835',
      '[<7f4473fc>] (nft_quota_do_init [nft_quota])',
      '[<7f447448>] (nft_quota_init [nft_quota])',
    ].join('\n');
    expect(reportKinds(kernel)).toEqual(['paging-fault']);
    // neg-1978-armv7-qemu-user-alignment-trap-unhandled-fault-cut-here-no-oops-quoted: QEMU itself faulted.
    const user = [
      '[10621.993234] Alignment trap: not handling instruction f843b004 at [<b677bb2e>]',
      '[10622.000479] 8<--- cut here ---',
      '[10622.003609] Unhandled fault: alignment exception (0x811) at 0xb13eed96',
      '[10622.010162] pgd = 45acdb93',
      '[10622.012941] [b13eed96] *pgd=0557a831, *pte=c01ee743, *ppte=c01eec33',
    ].join('\n');
    expect(found(user)).toEqual([]);
  });
});

describe('2.4, 2.5 and 2.6 report shapes from mailing-list posts', () => {
  it("reads the SLAB allocator's `slab error in f(): cache` line, whole or wrapped after `cache`", () => {
    // ml-2722-x86-2.6.3-usbnet-probe-slab-error-then-kernel-bug-slab-c-qp
    const whole = [
      "slab error in cache_free_debugcheck(): cache `size-1024': double free, or memory outside object was overwritten",
      'Call Trace:',
      ' [<c0158b99>] kfree+0x2e9/0x410',
      ' [<e1923f5e>] usbnet_probe+0x3ee/0x4d0 [usbnet]',
    ].join('\n');
    const [report] = parseReports(whole).reports;
    expect(report?.kind).toBe('other');
    expect(report?.culprit?.fn).toBe('usbnet_probe');
    // ml-2721-x86-2.6.0-test1-presario-psmouse-double-free-slab-errors-syslog-wrapped
    const wrapped = [
      'Jul 25 04:54:25 lap kernel: slab error in check_poison_obj(): cache ',
      "`size-32': object was modified after freeing",
      'Jul 25 04:54:25 lap kernel: Call Trace:',
      'Jul 25 04:54:25 lap kernel:  [<c014cb7c>] check_poison_obj+0x17c/0x1d0',
      'Jul 25 04:54:25 lap kernel:  [<c014ed39>] __kmalloc+0x169/0x1d0',
      'Jul 25 04:54:25 lap kernel:  [<c0366f54>] ip_rt_init+0x64/0x3f0',
    ].join('\n');
    expect(reportKinds(wrapped)).toEqual(['other']);
    // A sentence about the message is no report.
    expect(reportKinds('we print a slab error in this case\n')).toEqual([]);
  });

  it("reads 2.5's `Debug: sleeping function called from illegal context` like 2.6's `invalid`", () => {
    // ml-2725-x86-2.5.46-debug-sleeping-illegal-context-then-ide-init-queue-null-eip-kill-init
    const text = [
      'Debug: sleeping function called from illegal context at mm/slab.c:1304',
      'Call Trace:',
      ' [<c013d554>] kmem_flagcheck+0x64/0x70',
      ' [<c013dc06>] kmalloc+0x56/0xb0',
      ' [<c013f75f>] set_shrinker+0x1f/0xa0',
      ' [<c0173461>] mb_cache_create+0x1a1/0x250',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report?.kind).toBe('sleep-in-atomic');
    expect(report?.culprit?.fn).toBe('set_shrinker');
  });

  it("reads 2.6.17 lockdep's `lock held at task exit time!` as the exit-time held-lock check", () => {
    // ml-2515-i386-2.6.17-rc2-sha-release-alsa-rmmod-remove-proc-entry-poison-then-lock-held-at-exit
    const text = [
      ' BUG: rmmod/7735, lock held at task exit time!',
      ' [df960920] {register_mutex}',
      '.. held by:             rmmod: 7735 [c1487a90, 118]',
      '... acquired at:               snd_pcm_notify+0x10/0x91 [snd_pcm]',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report?.kind).toBe('lockdep-held-at-return');
    expect(report?.culprit?.fn).toBe('snd_pcm_notify');
  });

  it("reads a trace Enigmail's signing marked with `~` in front of each line that began with a space", () => {
    // ml-2703-x86-2.6.11-rc2-8139too-conntrack-badness-tilde-prefixed-trace
    const text = [
      'Badness in local_bh_enable at kernel/softirq.c:140',
      '~ [<c01162c0>] local_bh_enable+0x60/0x80',
      '~ [<d0abee37>] destroy_conntrack+0xb7/0xe0 [ip_conntrack]',
      '~ [<c020a7ec>] __kfree_skb+0x6c/0xe0',
      '~ =======================',
      '~ [<c0103b1d>] do_IRQ+0x3d/0x60',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report?.kind).toBe('warning');
    expect(report?.culprit?.fn).toBe('destroy_conntrack');
    // A tilde before prose stays.
    expect(reportKinds('~ [<c01162c0>] is what I see, nothing else\n')).toEqual([]);
  });

  it('joins a fault line and the register dump that an inline reply comment parted from it', () => {
    // ml-2711-x86-2.6.14.2-activate-page-paging-request-oops-0002-quoted-garbled-wrap
    const text = [
      '> Unable to handle kernel paging request at virtual address 23232327',
      '> printing eip:',
      '> c014b569',
      '> *pde = 00000000',
      '> Oops: 0002 [#1]',
      '',
      'This is the real problem AFAICT.',
      '',
      '> CPU:    0',
      '> EIP:    0060:[<c014b569>]    Not tainted VLI',
      '> EFLAGS: 00010046   (2.6.14.2)',
      '> EIP is at activate_page+0x59/0xd0',
      '> Call Trace:',
      '>  [<c014b613>] mark_page_accessed+0x33/0x40',
      '>  [<c0150b13>] __follow_page+0x153/0x160',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => r.kind)).toEqual(['paging-fault']);
    expect(reports[0]?.culprit?.fn).toBe('activate_page');
  });

  it("takes x86's boot line `Detected N MHz processor` as the machine of a trace that names none", () => {
    // ml-2704-x86-2.6.0-test8-early-boot-might-sleep-console-and-slab-indented-patch
    const text = [
      '    Detected 930.391 MHz processor.',
      '    Console: colour VGA+ 80x25',
      '    Debug: sleeping function called from invalid context at include/asm/semaphore.h:119',
      '    in_atomic():1, irqs_disabled():1',
      '    Call Trace:',
      '     [<c011a67d>] __might_sleep+0x9d/0xb0',
      '     [<c011cdf2>] acquire_console_sem+0x2a/0x48',
      '     [<c011d05d>] register_console+0x109/0x178',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.arch)).toEqual(['x86_64']);
    // Without it, the odd return offsets (`__might_sleep+0x9d`) still say x86; with even ones nothing does.
    expect(parseReports(text.replace('MHz processor.', 'MHz CPU.')).reports.map((r) => r.arch)).toEqual([
      'x86_64',
    ]);
    const even = text
      .replace('MHz processor.', 'MHz CPU.')
      .replace('0x9d/', '0x9c/')
      .replace('0x109/', '0x108/');
    expect(parseReports(even).reports.map((r) => r.arch)).toEqual(['unknown']);
  });

  it("reads a fault line printed after an init script's `...` progress message on the console", () => {
    // ml-2724-x86-numaq-2.5.52-shutdown-pdflush-null-then-init-wait4-oops-kill-init-wrapped
    const text = [
      'Saving random seed... done.',
      'Unmounting remote filesystems... Unable to handle kernel NULL pointer dereference at virtual address 00000504',
      ' printing eip:',
      'c012e5d0',
      '*pde = 00104001',
      'Oops: 0002',
      'CPU:    15',
      'EIP:    0060:[<c012e5d0>]    Not tainted',
      'EIP is at __pdflush+0x30/0x1e8',
    ].join('\n');
    expect(found(text)).toEqual([
      'null-deref: Unable to handle kernel NULL pointer dereference at virtual address 00000504',
    ]);
    // Prose before the same words, with no oops lines after it, is no report.
    expect(
      reportKinds(
        'It printed... Unable to handle kernel NULL pointer dereference at virtual address 00000504\n',
      ),
    ).toEqual([]);
  });
});

describe('fault lines of older machines', () => {
  it("reads sparc's bare NULL fault line, followed by its task's MMU context, as the report's header", () => {
    // ml-3225-sparc64-2.6.9-rc2-mm2-e3000-boot-null-deref-sched-clock-linux-version-banner
    const text = [
      'FHC(board 1): Version[1] PartID[fa0] Manuf[3e]',
      'Unable to handle kernel NULL pointer dereference',
      'tsk->{mm,active_mm}->context = 0000000000000000',
      'tsk->{mm,active_mm}->pgd = fffff8000000ec00',
      '              \\|/ ____ \\|/',
      'swapper(0): Oops [#1]',
      'TSTATE: 0000000080d01603 TPC: 000000000041d7cc TNPC: 000000000041d7d0 Y: 00000000    Not tainted',
      'TPC: <sched_clock+0xc/0x40>',
      'I7: <sched_init+0xf0/0x140>',
      'Caller[000000000077e530]: sched_init+0xf0/0x140',
    ].join('\n');
    expect(found(text)).toEqual(['null-deref: Unable to handle kernel NULL pointer dereference']);
    // Quoted alone, as a guide lists the message, it is no report.
    expect(found('Unable to handle kernel NULL pointer dereference\nThis message means ...\n')).toEqual([]);
  });

  it("reads a MIPS bus error printed after an init script's label, its die() line glued on", () => {
    // ml-3223-mips-timesys-data-bus-error-joined-to-init-line-and-oops-line-copy-strings
    const line =
      'Bringing up loopback interface:  Data bus error, epc == 80228860, ra == 80177ce4Oops in arch/mips/kernel/traps.c::do_be, line 336[#1]:';
    const text = [
      'Setting network parameters:  [  OK  ]',
      line,
      'Cpu 0',
      '$ 0   : 00000000 1000e94b 1000e96b 00000000',
      'epc   : 80228860 src_unaligned_dst_aligned+0x20/0x5c     Not tainted',
      'ra    : 80177ce4 copy_strings+0xf8/0x24c',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['other']);
    expect(parseReports(text).reports[0]?.headline.startsWith('Data bus error, epc == 80228860')).toBe(true);
    // The same label before the words, with no die() line, is a sentence.
    expect(reportKinds('The log said:  Data bus error, epc == 80228860, ra == 80177ce4\n')).toEqual([]);
  });
});

describe('machines outside the listed architectures', () => {
  it("keeps sh's and openrisc's register dumps `unknown`, not the listed machine whose labels they share", () => {
    // ml-2819-sh4-dreamcast-6.18-rc5-next-maple-send-paging-request-vmu-flash-format-flowed-quoted
    const sh = [
      'BUG: unable to handle kernel paging request at 00400000',
      'PC: [<8c2aecee>] maple_send.part.0+0x102/0x1c8',
      'Oops: 0000 [#1]',
      'PC is at maple_send.part.0+0x102/0x1c8',
      'PR is at maple_send.part.0+0x5c/0x1c8',
      'PC  : 8c2aecee SP  : 8c85bef8 SR  : 40008000 TEA : 00400000',
      'MACH: 00000001 MACL: 000006cc GBR : 8c000000 PR  : 8c2aec48',
      '',
      'Call trace:',
      ' [<8c030c50>] process_one_work+0x114/0x290',
    ].join('\n');
    const [shReport] = parseReports(sh).reports;
    expect([shReport?.kind, shReport?.arch, shReport?.culprit?.fn]).toEqual([
      'paging-fault',
      'unknown',
      'maple_send',
    ]);
    // ml-2824-openrisc-litex-5.11-rc1-restart-handler-soft-lockup-machine-restart-ptrval-deep-quoted
    const openrisc = [
      'watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [reboot:131]',
      'CPU #: 0',
      '   PC: c00050b8    SR: 0000827f    SP: c180fdb0',
      'GPR00: 00000000 GPR01: c180fdb0 GPR02: c180fdc0 GPR03: 0000827f',
      '  RES: 0000001e oGPR11: ffffffff',
      'Call trace:',
      '[<(ptrval)>] machine_restart+0x44/0x5c',
      '[<(ptrval)>] kernel_restart+0x78/0xa4',
    ].join('\n');
    expect(parseReports(openrisc).reports.map((r) => [r.kind, r.arch])).toEqual([['soft-lockup', 'unknown']]);
  });

  it('does not lend an alpha oops the x86 machine of the KASAN report quoted above it', () => {
    // ml-2810-alpha-next-20210419-virtio-net-napi-gro-receive-pc-0x4-literal-caret-m-aiee-under-quoted-kasan
    const text = [
      '> BUG: KASAN: slab-out-of-bounds in page_to_skb+0x5cf/0xb70 drivers/net/virtio_net.c:480',
      '> Read of size 12 at addr ffff888014a5f800 by task systemd-udevd/8445',
      '> CPU: 0 PID: 8445 Comm: systemd-udevd Not tainted 5.12.0-rc8-next-20210419-syzkaller #0',
      '> Call Trace:',
      '>  page_to_skb+0x5cf/0xb70 drivers/net/virtio_net.c:480',
      '',
      'Unable to handle kernel paging request at virtual address 0000000000000004',
      'udhcpc(169): Oops -1',
      'pc = [<0000000000000004>]  ra = [<fffffc0000b8c5b8>]  ps = 0000    Not tainted',
      'pc is at 0x4',
      'ra is at napi_gro_receive+0x68/0x150',
      'Trace:',
      '[<fffffc0000b8c5b8>] napi_gro_receive+0x68/0x150',
      '[<fffffc00009b409c>] receive_buf+0x50c/0x1b80',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => [r.kind, r.arch])).toEqual([
      ['kasan', 'x86_64'],
      ['paging-fault', 'unknown'],
    ]);
    expect(reports[1]?.culprit?.fn).toBe('napi_gro_receive');
  });
});

describe('fault lines and crash sites of m68k, alpha, arc and openrisc', () => {
  it("reads m68k's PC line as where the CPU was, and a `+0x0` stack word as no caller", () => {
    // ml-2803-m68k-aranym-5.10-stable-zone-to-nid-discontigmem-bpf-prog-alloc-ptrval-kill-init
    const text = [
      'Unable to handle kernel access at virtual address (ptrval)',
      'Oops: 00000000',
      'PC: [<0005fbbc>] bpf_prog_alloc_no_stats+0x5c/0xba',
      'Frame format=7 eff addr=31800000 ssw=0445 faddr=31800000',
      'Call Trace: [<004addc2>] sock_init+0x0/0xaa',
      ' [<0005fc34>] bpf_prog_alloc+0x1a/0x66',
      ' [<004addc2>] sock_init+0x0/0xaa',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect([report?.kind, report?.arch, report?.culprit?.fn]).toEqual([
      'paging-fault',
      'unknown',
      'bpf_prog_alloc_no_stats',
    ]);
    // Without the PC line the first return address is the caller, not the function pointer above it.
    expect(parseReports(text.replace(/^PC: .*\n/m, '')).reports[0]?.culprit?.fn).toBe('bpf_prog_alloc');
  });

  it("finds alpha's `Kernel bug at` BUG() and reads its `pc is at` line", () => {
    // ml-2807-alpha-2.6.4-alphastation-kernel-bug-page-alloc-free-reserved-mem-ksymoops
    const bug = [
      'Kernel bug at mm/page_alloc.c:752',
      'swapper(1): Kernel Bug 1',
      'pc = [<fffffc000034cfc4>]  ra = [<fffffc0000320bcc>]  ps = 0000    Not tainted',
      'Trace; fffffc0000320bcc <free_reserved_mem+10c/240>',
      'Trace; fffffc0000320d2c <free_initmem+2c/70>',
    ].join('\n');
    expect(parseReports(bug).reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([
      ['kernel-bug', 'free_reserved_mem'],
    ]);
    // A sentence about a kernel bug is no report.
    expect(found('Kernel bug at mm/page_alloc.c:752 is what I hit, any idea?')).toEqual([]);
    // ml-2808-alpha-pws433au-2.6.18-rc4-find-process-mcheck-info-machine-check-indented-dmesg
    const oops = [
      'Unable to handle kernel paging request at virtual address 0000000000000010',
      'find(20377): Oops 0',
      'pc = [<fffffc0000316278>]  ra = [<fffffc000031d874>]  ps = 0007    Not tainted',
      'pc is at process_mcheck_info+0x58/0x330',
      'ra is at cia_machine_check+0x94/0xb0',
      'Trace:',
      '[<fffffc000031d874>] cia_machine_check+0x94/0xb0',
    ].join('\n');
    expect(parseReports(oops).reports[0]?.culprit?.fn).toBe('process_mcheck_info');
  });

  it("finds arc's `Invalid Read @` fault under die()'s bare `Oops`, NULL below a page", () => {
    // ml-2821-arc-axs103-5.7-rc6-arcpgu-drm-tiny-two-oops-invalid-read-scissor-lines
    const text = (address: string): string =>
      [
        'Oops',
        'Path: (null)',
        'CPU: 0 PID: 12 Comm: kworker/0:1 Not tainted 5.7.0-rc6-03007-g4ceda91a4176 #5',
        `Invalid Read @ ${address} by insn @ drm_gem_fb_get_obj+0xa/0x10`,
        'ECR: 0x00050100 EFA: 0x0000007c ERET: 0x813b954a',
        'Stack Trace:',
        '  drm_gem_fb_get_obj+0xa/0x10',
        '  arc_pgu_update+0x1a/0x30',
      ].join('\n');
    const [report] = parseReports(text('0x0000007c')).reports;
    expect([report?.kind, report?.arch, report?.culprit?.fn]).toEqual([
      'null-deref',
      'unknown',
      'drm_gem_fb_get_obj',
    ]);
    expect(reportKinds(text('0x9f6bc000'))).toEqual(['paging-fault']);
    expect(found('Invalid Read @ the docs, please fix')).toEqual([]);
  });

  it("joins openrisc's fault line to the address printed on the next line", () => {
    // ml-2823-openrisc-proc-pid-stack-save-stack-trace-tsk-kernel-access-indented-patch
    const text = [
      'Unable to handle kernel access',
      ' at virtual address 0x7fc60f58',
      '',
      'Oops#: 0000',
      'CPU #: 0',
      '   PC: c00097fc    SR: 0000807f    SP: d6f09b9c',
      'GPR00: 00000000 GPR01: d6f09b9c GPR02: d6f09bb8 GPR03: d6f09bc4',
      'GPR04: 7fc60f5c GPR05: c00099b4 GPR06: 00000000 GPR07: d6f09ba3',
      '  RES: 00000000 oGPR11: ffffffff',
      'Call trace:',
      '[<598977f2>] save_stack_trace_tsk+0x40/0x74',
      '[<b557bfdd>] proc_pid_stack+0xd0/0x13c',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => [r.kind, r.headline, r.arch])).toEqual([
      ['paging-fault', 'Unable to handle kernel access at virtual address 0x7fc60f58', 'unknown'],
    ]);
  });

  it('reads a `kernel BUG at` line a mail client wrapped before its long build path', () => {
    // ml-2811-ia64-sles-2.6.32-cpuset-offline-node-slab-kernel-bug-bugcheck-path-wrapped
    const text = [
      'kernel BUG at',
      '/usr/src/packages/BUILD/kernel-default-2.6.32/linux-2.6.32/mm/slab.c:3271!',
      'Call Trace:',
      '[<a00000010020cf00>] ____cache_alloc_node+0x440/0x500',
      '[<a00000010020ffa0>] kmem_cache_alloc+0x360/0x660',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['kernel-bug']);
    expect(found('the kernel BUG at\nboot is gone now')).toEqual([]);
  });
});

describe('User-mode Linux', () => {
  it("names a kernel-mode fault's own frames, not the culprit of the lockdep report above it", () => {
    // ml-2818-um-6.16-rc1-virt-pci-msi-parent-inconsistent-lock-state-then-kernel-mode-fault-ip-0-qp
    const text = [
      'WARNING: inconsistent lock state',
      '6.16.0-rc1-g05358285a53b #1 Tainted: G           O',
      'inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.',
      'stack backtrace:',
      'Call Trace:',
      ' [<60154a9e>] mark_lock+0x1c3/0x4d9',
      ' [<60288534>] trace_hardirqs_on+0x1b4/0x1d6',
      ' [<6006cfb8>] unblock_signals_trace+0x47/0x5d',
      ' [<6008af06>] sig_handler_common+0xa1/0xe4',
      ' [<6008b5d1>] sig_handler+0xcb/0xea',
      'RIP: 0033:0x0',
      'Kernel panic - not syncing: Kernel mode fault at addr 0x0, ip 0x0',
      'Call Trace:',
      ' [<6018488e>] ? irq_chip_unmask_parent+0x8d/0x98',
      ' [<607b3a44>] pci_irq_unmask_msix+0xa3/0x147',
      ' [<60186c6e>] unmask_irq+0xd1/0x138',
    ].join('\n');
    const reports = parseReports(text).reports;
    expect(reports.map((r) => r.kind)).toEqual(['lockdep-inconsistent', 'panic']);
    expect(reports[1]?.culprit?.fn).toBe('pci_irq_unmask_msix');
    // The host-signal path UML takes an interrupt through is no culprit of the lockdep report either.
    expect(reports[0]?.culprit?.fn).not.toMatch(/sig_handler|unblock_signals/);
  });
});

describe('ia64', () => {
  it("finds die()'s one-line reports and reads `ip is at` and the release of the `psr :` line", () => {
    // ml-2812-ia64-rx8640-2.6.30-rc3-mmotm-nat-consumption-next-zones-zonelist-die-only-trace
    const text = [
      'numactl[7821]: NaT consumption 2216203124768 [2]',
      'Modules linked in: ipv6 nls_iso8859_1 loop dm_mod',
      '',
      'Pid: 7821, CPU 39, comm:              numactl',
      'psr : 0000121008022038 ifs : 8000000000000004 ip  : [<a00000010014ec91>]    Not tainted (2.6.30-rc3-mmotm-090428-1631)',
      'ip is at next_zones_zonelist+0x31/0x120',
      'unat: 0000000000000000 pfs : 0000000000000389 rsc : 0000000000000003',
    ].join('\n');
    const [report] = parseReports(text).reports;
    expect(report).toMatchObject({ kind: 'other', arch: 'unknown', kernel: '2.6.30-rc3-mmotm-090428-1631' });
    expect(report?.culprit?.fn).toBe('next_zones_zonelist');
    // A BUG()'s `bugcheck!` under its `kernel BUG at` line is that report's die line, not a second one
    // (ml-2811-ia64-sles-2.6.32-cpuset-offline-node-slab-kernel-bug-bugcheck-path-wrapped).
    const bug = parseReports(
      [
        'kernel BUG at /usr/src/packages/BUILD/kernel-default-2.6.32/linux-2.6.32/mm/slab.c:3271!',
        'bash[6885]: bugcheck! 0 [1]',
        'Pid: 6885, CPU 5, comm:                 bash',
        'ip is at ____cache_alloc_node+0x440/0x500',
      ].join('\n'),
    ).reports;
    expect(bug.map((r) => r.kind)).toEqual(['kernel-bug']);
    expect(bug[0]?.culprit?.fn).toBe('____cache_alloc_node');
    // The words in a sentence, or a die line without its numbers, are none.
    expect(found('Should i be concerned about this bugcheck! 0 [1] thing?')).toEqual([]);
    expect(found('systemd[1]: NaT consumption detected in unit foo.service')).toEqual([]);
  });

  it('keeps the panic of the dying init a report of its own right under a one-line die report', () => {
    // ml-2815-ia64-bl860c-5.7-rc5-copy-thread-tls-sys-clone2-general-exception-twice-garbled-panic-quoted
    const text = [
      '[   14.267489] init[102]: General Exception: IA-64 Reserved Register/Field fault (data access) 4398046511152 [2]',
      '[   14.350730] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b',
    ].join('\n');
    expect(reportKinds(text)).toEqual(['other', 'panic']);
  });
});

describe('fresh GitHub pastes: Kubernetes events, terminal wraps, unsymbolized warnings', () => {
  it('reads the kernel lines node-problem-detector posted as `kubectl describe node` events', () => {
    // gh-3217-gardenlinux-k8s-kernel-monitor-taskhung-event-table-six-headlines-last-cut
    const text = [
      'Events:',
      '  Type     Reason    Age    From            Message',
      '  ----     ------    ----   ----            -------',
      '  Warning  TaskHung  5m23s  kernel-monitor  INFO: task kswapd0:49 blocked for more than 120 seconds.',
      '  Warning  TaskHung  5m22s  kernel-monitor  INFO: task jbd2/sda4-8:363 blocked for more than 121 seconds.',
      '  Warning  TaskHung  5m21s  kernel-monitor  INFO: task dockerd:6500 blocked for more than 121 seconds.',
    ].join('\n');
    expect(found(text)).toEqual([
      'hung-task: INFO: task kswapd0:49 blocked for more than 120 seconds.',
      'hung-task: INFO: task jbd2/sda4-8:363 blocked for more than 121 seconds.',
      'hung-task: INFO: task dockerd:6500 blocked for more than 121 seconds.',
    ]);
    // One event row is a quote, not a table: it stays a line of prose (neg-3209, an OOM kill).
    expect(
      found(
        '  Warning  PodOOMKilling  2m    kernel-monitor, <node>  Memory cgroup out of memory: Kill process 25169 (hyperkube) score 2109 or sacrifice child',
      ),
    ).toEqual([]);
  });

  it('names dev_watchdog for a transmit-timeout WARNING that a kernel without kallsyms left unsymbolized', () => {
    // gh-3236-openwrt-mips-4.14-netdev-watchdog-warning-unsymbolized-location-mtk-soc-eth
    const text = [
      '[133025.942765] ------------[ cut here ]------------',
      '[133025.947490] WARNING: CPU: 0 PID: 0 at net/sched/sch_generic.c:320 0x8038b2f0',
      '[133025.954629] NETDEV WATCHDOG: eth0 (mtk_soc_eth): transmit queue 0 timed out',
      '[133025.961648] Modules linked in: pppoe ppp_async pppox ppp_generic mt7603e mt76 mac80211',
      '[133026.032525] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 4.14.167 #0',
      '[133026.038682] Stack : 00000000 00000000 00000000 8fdfab40 00000000 00000000 00000000 00000000',
    ].join('\n');
    const [warning] = parseReports(text).reports;
    expect(warning?.kind).toBe('warning');
    expect(warning?.culprit?.fn).toBe('dev_watchdog');
  });

  it('joins the rest of a line a terminal cut at its width back onto it', () => {
    // gh-3216-gentoo-4.15-8821cu-remove-proc-entry-warning-journal-wrapped-at-157-cols
    const text = [
      "Aug 22 08:46:23 bonifac kernel: [ 5617.026382] name 'wlan0'",
      'Aug 22 08:46:23 bonifac kernel: [ 5617.026412] WARNING: CPU: 2 PID: 1800 at /var/tmp/portage/sys-kernel/debian-sources-4.15.17-r1/work/linux-4.15.17/fs/proc/',
      'generic.c:561 remove_proc_entry+0xff/0x140',
      'Aug 22 08:46:23 bonifac kernel: [ 5617.026413] Modules linked in: 8821cu(O) cfg80211 rfkill nls_utf8 isofs cbc cts rpcsec_gss_krb5 auth_rpcgss nfsv4 dns_reso',
      'lver nfs lockd grace fscache sunrpc iptable_nat nf_nat_ipv4 nf_nat nf_log_ipv4 nf_conntrack_ipv4 nf_defrag_ipv4 iptable_filter ip_tables nf_log_ipv6 nf_log_c',
      'ommon xt_LOG xt_limit xt_comment xt_tcpudp nf_conntrack_ipv6 nf_defrag_ipv6 xt_multiport xt_conntra',
    ].join('\n');
    const [warning] = parseReports(text).reports;
    expect(warning?.headline).toBe(
      'WARNING: CPU: 2 PID: 1800 at /var/tmp/portage/sys-kernel/debian-sources-4.15.17-r1/work/linux-4.15.17/fs/proc/generic.c:561 remove_proc_entry+0xff/0x140',
    );
    expect(warning?.culprit?.fn).toBe('remove_proc_entry');
    expect(warning?.facts.modules?.map((m) => m.name)).toContain('dns_resolver');
    // gh-3242: the rest of a module list names the machine (kvm_intel, aesni_intel).
    const padded = [
      '[  305.617424] ------------[ cut here ]------------'.padEnd(238),
      '[  305.617426] refcount_t: saturated; leaking memory.',
      '[  305.617452] WARNING: CPU: 23 PID: 15912 at lib/refcount.c:22 refcount_warn_saturate+0x4e/0xf0'.padEnd(
        238,
      ),
      '[  305.617453] Modules linked in: xt_nat veth nf_conntrack_netlink xfrm_user xfrm_algo xt_addrtype br_netfilter vboxnetadp(OE) vboxnetflt(OE) vboxdrv(OE) xt_CHECKSUM xt_MASQUERADE xt_conntrack ipt_REJECT nf_reject_ipv4 xt_tcpudp nft_compa',
      't nft_counter nft_chain_nat nf_nat nf_conntrack nf_defrag_ipv6 nf_defrag_ipv4 nf_tables nfnetlink bridge stp llc aufs overlay binfmt_misc zfs(PO) zunicode(PO) zavl(PO) icp(PO) zcommon(PO) znvpair(PO) spl(O) zlua(PO) nvidia_uvm(OE) intel_r',
      'apl_msr intel_rapl_common sb_edac x86_pkg_temp_thermal intel_powerclamp apple_mfi_fastcharge kvm_intel snd_usb_audio kvm snd_usbmidi_lib',
    ].join('\n');
    expect(parseReports(padded).reports.map((r) => r.arch)).toEqual(['x86_64']);
  });

  it("reads the machine from riscv's trap lines and from arm64's 64-bit stack limit", () => {
    // gh-3230-visionfive2-riscv-6.5-rc1-memtester-store-amo-access-fault-modules-wrapped-210
    const riscv = [
      '[  135.085989] Oops - store (or AMO) access fault [#1]',
      '[  135.086006] Modules linked in: af_packet cfg80211 rfkill 8021q xhci_pci dwmac_starfive jh7110_tdm',
    ].join('\n');
    expect(parseReports(riscv).reports.map((r) => r.arch)).toEqual(['riscv']);
    // gh-3209-udm-pro-arm64-wireguard-oops-bug-pstore-grep-filename-prefix: arm's and arm64's BUG() die
    // lines are the same before v5.19; the pointer width of the task line is not.
    const arm64 = [
      '/sys/fs/pstore/console-ramoops-0:[1055773.221845] Internal error: Oops - BUG: 0 [#1] SMP',
      '/sys/fs/pstore/console-ramoops-0:[1055773.226844] Modules linked in: wireguard ip6_udp_tunnel udp_tunnel',
      '/sys/fs/pstore/console-ramoops-0:[1055773.261639] Process kworker/1:2 (pid: 26655, stack limit = 0x0000000034229667)',
    ].join('\n');
    expect(parseReports(arm64).reports.map((r) => r.arch)).toEqual(['arm64']);
  });

  it("reads the release from OpenZFS's older issue template row `Linux Kernel | ...`", () => {
    // gh-3237-centos7-x86_64-3.10-zfs-0.7-list-del-poison-warning-issue-template-searchable-edit
    const text = [
      'Type | Version/Name',
      ' --- | --- ',
      'Distribution Name\t|  CentOS',
      'Linux Kernel\t| 3.10.0-862.11.6.el7.x86_64',
      'Architecture\t| x86_64',
      '',
      '```',
      '[  890.992193] WARNING: CPU: 2 PID: 1421 at lib/list_debug.c:53 __list_del_entry+0x63/0xd0',
      '[  890.992194] list_del corruption, ffff96f60e1adf00->next is LIST_POISON1 (dead000000000100)',
      '```',
    ].join('\n');
    expect(parseReports(text).reports.map((r) => r.kernel)).toEqual(['3.10.0-862.11.6.el7.x86_64']);
  });
});
