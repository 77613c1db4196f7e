import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_WORDS, findReportBlocks, mayContainReport } from '../src/parse/find-reports.js';
import { parseReports } from '../src/parse/index.js';
import { MAX_REPORTS } from '../src/parse/limits.js';
import { readPaste } from '../src/parse/paste.js';

const seed = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', 'seeds', name), 'utf8');
const titles = (text: string): string[] => parseReports(text).reports.map((r) => r.title);

describe('mayContainReport', () => {
  it('sees every header word and nothing in ordinary text', () => {
    for (const word of HEADER_WORDS) expect(mayContainReport(`[  1.2] x ${word} y`)).toBe(true);
    expect(mayContainReport('usb 1-1: new high-speed USB device number 2 using xhci_hcd')).toBe(false);
  });

  it('agrees with a flat alternation of the header words on real logs', () => {
    const flat = new RegExp(HEADER_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'));
    for (const name of ['brctl-get-cpu-var-leak.txt', 'interrupt-handlers-cant-sleep.txt']) {
      for (const line of seed(name).split('\n')) expect(mayContainReport(line)).toBe(flat.test(line));
    }
  });
});

describe('findReportBlocks: look-alikes are not reports', () => {
  const none = [
    [
      'a user-space segfault',
      '[  147.467058][T10579] syz-executor846[10579]: segfault at 4cb420 ip 00000000004cb420 sp 00007f27fd37a250 error 15 in syz-executor846382544[4c9000+3000]',
    ],
    [
      'a user-space general protection fault',
      '[   36.852785][ T3615] traps: syz-executor229[3615] general protection fault ip:7feb96eb56a1 sp:20000fd0 error:0 in libc.so.6[7feb96e75000+84000]',
    ],
    [
      'a Python traceback',
      'Traceback (most recent call last):\n  File "/usr/bin/tool.py", line 12, in <module>\n    main()\n  File "/usr/bin/tool.py", line 8, in main\n    raise RuntimeError("BUG: unexpected state")\nRuntimeError: BUG: unexpected state',
    ],
    [
      "drivers' notices that say WARNING: after the device's name (drivers/ata/libata-scsi.c, drivers/net/ethernet/davicom/dm9000.c)",
      '[    1.750740] ata1.00: WARNING: zero len r/w req\n[    1.751423] ata1.00: WARNING: zero len r/w req\n[    3.120001] dm9000 dm9000.0: WARNING: no IRQ resource flags set.',
    ],
    [
      'a user-space ThreadSanitizer report',
      '==================\nWARNING: ThreadSanitizer: data race (pid=26002)\n  Write of size 8 at 0x7b0400000010 by thread T1:\n    #0 worker /src/app.c:12 (app+0x1234)\n\n  Previous read of size 8 at 0x7b0400000010 by main thread:\n    #0 main /src/app.c:20 (app+0x1300)',
    ],
    [
      "Go's race detector",
      '==================\nWARNING: DATA RACE\nRead at 0x00c4201c09fd by goroutine 43:\n  main.TestSynchronousFunc()\n      /src/helper_test.go:151 +0x675\n\nPrevious write at 0x00c4201c09fd by goroutine 44:\n  main.(*Dispatcher).start()\n      /src/dispatcher.go:80 +0x27f',
    ],
    [
      'a Go panic',
      'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f0a6]\n\ngoroutine 1 [running]:\nmain.main()\n\t/home/u/x/main.go:9 +0x26\nexit status 2',
    ],
    [
      'a Rust panic',
      "thread 'main' panicked at src/main.rs:4:13:\nattempt to subtract with overflow\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
    ],
    [
      'a Java exception',
      'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()"\n\tat com.example.App.main(App.java:5)',
    ],
    [
      'kernel build warnings',
      "WARNING: modpost: vmlinux: section mismatch in reference: foo_probe+0x1c (section: .text) -> foo_init_table (section: .init.data)\n  CC [M]  drivers/net/foo.o\ndrivers/net/foo.c:212:13: warning: unused variable 'ret' [-Wunused-variable]",
    ],
    [
      'checkpatch output',
      'WARNING: line length of 103 exceeds 100 columns\n#12: FILE: drivers/x.c:12:\n+\tret = foo_bar_baz(dev, FOO_FLAG_ONE | FOO_FLAG_TWO | FOO_FLAG_THREE, NULL);\n\ntotal: 0 errors, 1 warnings, 40 lines checked',
    ],
    [
      'prose quoting a header',
      'When the task sleeps under a spinlock the kernel prints BUG: scheduling while atomic and a backtrace.',
    ],
    [
      'a quoted title in front matter',
      '---\ntitle: "BUG: sleeping function called from invalid context"\ndate: 2025-04-19\n---',
    ],
    [
      'a guide showing the signature of an oops with placeholders for its addresses (neg-1025)',
      'kernel: Unable to handle kernel paging request at virtual address\nkernel: pc : [<ffffffc0xxxxxxxx>] vendor_module+0x...\n\nkernel: BUG: unable to handle kernel NULL pointer dereference\nkernel: RIP: cgroup_add_file+0x...',
    ],
    ['ODEBUG, not BUG', '[  404.700173] ODEBUG: Out of memory. ODEBUG disabled'],
    [
      'a user-space UBSAN shift report',
      "d2.cpp:7:27: runtime error: shift exponent 40 is too large for 32-bit type 'int'\nSUMMARY: UndefinedBehaviorSanitizer: undefined-behavior d2.cpp:7:27",
    ],
    ['lockdep being turned off', '[   72.159680] INFO: lockdep is turned off.'],
    [
      "an Android crash collector's bare `backtrace:` block of user-space frames (neg-2817, neg-2845)",
      '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***\npid: 0, tid: 0 >>> com.lx11 <<<\n\nbacktrace:\n  #00  pc 0000000000082fb4  /apex/com.android.runtime/lib64/bionic/libc.so (abort+160)\n  #00  pc 00000000004b267c  /apex/com.android.runtime/lib64/libart.so (art::Runtime::Abort(char const*)+2268)',
    ],
    [
      'a filesystem warning',
      '[  131.879441][  T152] XFS (loop4): WARNING: Reset corrupted AGFL on AG 0. 1 blocks leaked. Please unmount and run xfs_repair.',
    ],
  ] as const;
  for (const [what, text] of none) {
    it(`ignores ${what}`, () => {
      expect(titles(text)).toEqual([]);
    });
  }
});

describe('findReportBlocks: reports', () => {
  it("reads kmemleak's `backtrace:` block quoted without its object line, frames bracketed or not", () => {
    const frames = ['kmemleak_alloc+0x34/0x40', '__kmalloc+0x1a4/0x2d0', 'foo_probe+0x4c/0x120 [foo]'];
    const bracketed = ['  backtrace:', ...frames.map((f, i) => `    [<00000000a3c8b1e${i}>] ${f}`)].join(
      '\n',
    );
    const plain = ['backtrace:', ...frames.map((f) => `    ${f}`)].join('\n');
    for (const text of [bracketed, plain]) expect(titles(text)).toEqual(['memory leak in foo_probe']);
  });

  it('keeps a header cut off after its first line, as a corrupted report', () => {
    const [report] = parseReports('BUG: scheduling while atomic: cat/540/0x00000002\n').reports;
    expect(report).toMatchObject({
      kind: 'scheduling-while-atomic',
      title: 'BUG: scheduling while atomic in corrupted',
      corrupted: true,
    });
  });

  it('reads a UBSAN shift report quoted from its `shift exponent` line, and that line as part of a whole one', () => {
    // ml-1985: a commit message quotes the exponent line and the call trace, not the UBSAN: header.
    const excerpt = [
      "shift exponent 18446744073709551615 is too large for 32-bit type 'int'",
      'Call Trace:',
      ' rapl_compute_time_window_core',
      ' rapl_write_data_raw',
    ].join('\n');
    const reports = parseReports(excerpt).reports;
    expect(reports).toMatchObject([{ kind: 'ubsan', title: 'UBSAN: shift-out-of-bounds in corrupted' }]);
    expect(reports[0]?.culprit?.fn).toBe('rapl_compute_time_window_core');
    const whole = [
      'UBSAN: shift-out-of-bounds in net/netlink/af_netlink.c:162:19',
      "shift exponent 32 is too large for 32-bit type 'int'",
    ].join('\n');
    expect(titles(whole)).toHaveLength(1);
  });

  it('reads a lockdep-RCU splat quoted from its `file:line ... usage!` line, and that line as part of a whole one', () => {
    // ml-2905, ml-2908: patch mails quote the splat from lockdep_rcu_suspicious()'s `%s:%d %s!` line down.
    const excerpt = [
      'net/ipv4/ipmr.c:84 suspicious rcu_dereference_check() usage!',
      '',
      'other info that might help us debug this:',
      '',
      'rcu_scheduler_active = 2, debug_locks = 1',
      '1 lock held by syz-executor.4/3068:',
      '',
      'stack backtrace:',
      'Call Trace:',
      '<TASK>',
      'ipmr_rtm_dumplink+0x1343/0x18c0 net/ipv4/ipmr.c:2866',
      'netlink_dump+0x541/0xc20 net/netlink/af_netlink.c:2275',
    ].join('\n');
    expect(parseReports(excerpt).reports).toMatchObject([
      {
        kind: 'rcu-suspicious',
        title: 'WARNING: suspicious RCU usage in ipmr_rtm_dumplink',
        corrupted: true,
      },
    ]);
    const whole = [
      '=============================',
      'WARNING: suspicious RCU usage',
      '5.10.3 #8 Tainted: G        W',
      '-----------------------------',
      'include/linux/rhashtable.h:594 suspicious rcu_dereference_check() usage!',
      '',
      'other info that might help us debug this:',
    ].join('\n');
    expect(titles(whole)).toHaveLength(1);
    expect(
      titles('The fix silences the suspicious rcu_dereference_check() usage! warning seen at boot.'),
    ).toEqual([]);
  });

  it('counts an unknown WARNING only with kernel evidence around it', () => {
    expect(titles('WARNING: the flux capacitor is misaligned')).toEqual([]);
    expect(titles('[   12.345678] WARNING: the flux capacitor is misaligned')).toEqual([
      'WARNING: the flux capacitor is misaligned',
    ]);
    expect(
      titles(
        'WARNING: the flux capacitor is misaligned\nCPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.6.0 #1\nCall Trace:\n <TASK>\n dump_stack_lvl+0x4c/0x70\n',
      ),
    ).toEqual(['WARNING: the flux capacitor is misaligned']);
  });

  it('keeps only the lines of the header task and ends at the next report of that task', () => {
    const log = [
      '[   60.002464][ T2148] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580',
      '[   60.041623][   T36] kauditd_printk_skb: 2 callbacks suppressed',
      '[   60.069491][ T2148] CPU: 0 UID: 0 PID: 2148 Comm: syz.0.595 Not tainted 6.12.23 #0',
      '[   60.146289][ T2148] Call Trace:',
      '[   60.146302][ T2148]  <TASK>',
      '[   60.146312][ T2148]  __might_resched+0x5d4/0x780',
      '[   60.146312][ T2148]  __mutex_lock+0x10c/0x1010',
      '[   60.146312][ T2148]  tty_release+0x1a3/0xf80',
      '[   60.146312][ T2148]  __fput+0x3f6/0xb60',
      '[   61.100000][ T2148] BUG: scheduling while atomic: syz.0.595/2148/0x00000002',
    ].join('\n');
    const { blocks } = findReportBlocks(readPaste(log));
    expect(blocks).toHaveLength(2);
    expect(blocks[0]?.lines.map((l) => l.no)).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(parseReports(log).reports[0]?.title).toBe(
      'BUG: sleeping function called from invalid context in tty_release',
    );
  });

  it('keeps the second half of an oops in the same report; the panic it ends in is a report of its own', () => {
    const log = [
      '[  102.480121] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008',
      '[  102.480455] Mem abort info:',
      '[  102.480830] Internal error: Oops: 0000000096000006 [#1] PREEMPT SMP',
      '[  102.481390] pc : sensor_irq+0x2c/0x90 [sensor]',
      '[  102.481612] lr : __handle_irq_event_percpu+0x60/0x1e0',
      '[  102.481950] Call trace:',
      '[  102.482011]  sensor_irq+0x2c/0x90 [sensor]',
      '[  102.482100]  __handle_irq_event_percpu+0x60/0x1e0',
      '[  102.482200]  handle_irq_event+0x4c/0xb0',
      '[  102.482411] Kernel panic - not syncing: Oops: Fatal exception in interrupt',
    ].join('\n');
    const { reports } = parseReports(log);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({
      kind: 'null-deref',
      title: 'BUG: unable to handle kernel NULL pointer dereference in sensor_irq',
      lines: { start: 1, end: 10 },
    });
    expect(reports[1]).toMatchObject({ kind: 'panic', culprit: { fn: 'sensor_irq' } });
  });

  it("takes the BUG() a Rust panic ends in for that panic's end, not a second report", () => {
    // GitHub, AsahiLinux/linux#389: drm/asahi unwraps a None on an unsupported firmware.
    const reports = parseReports(
      '[   81.688779] rust_kernel: panicked at /builddir/build/BUILD/kernel-6.12.1/linux-6.12.1-404.asahi.fc39.aarch64/rust/kernel/sync/arc.rs:370:58:\n' +
        '               called `Option::unwrap()` on a `None` value\n' +
        '[   81.688790] ------------[ cut here ]------------\n' +
        '[   81.688790] kernel BUG at rust/helpers/bug.c:7!\n' +
        '[   81.688792] Internal error: Oops - BUG: 00000000f2000800 [#1] SMP\n' +
        '[   81.688794] Modules linked in: asahi(+) wireguard libcurve25519_generic ip6_udp_tunnel udp_tunnel\n',
    ).reports;
    expect(reports.map((r) => r.kind)).toEqual(['panic']);
    expect(reports[0]?.headline).toMatch(/^rust_kernel: panicked at /);
  });

  it('opens the oops a Fatal exception panic ends when its header was left out of the paste', () => {
    // lore (linux-fsdevel), LTP sendfile09 on s390: pasted from the task line down.
    const reports = parseReports(
      ' [ 5157.233192] CPU: 0 PID: 2435571 Comm: sendfile09 Tainted: G           OE K  N 6.2.0-20230214.rc8.git112.3ebb0ac55efa.300.fc37.s390x+next #1\n' +
        ' [ 5157.233197] Hardware name: IBM 8561 T01 701 (z/VM 7.3.0)\n' +
        ' [ 5157.233199] Krnl PSW : 0704d00180000000 0000000000000002 (0x2)\n' +
        ' [ 5157.233281] Call Trace:\n' +
        ' [ 5157.233284]  [<0000000000000002>] 0x2 \n' +
        ' [ 5157.233288]  [<000000001f694e26>] filemap_get_pages+0x276/0x3b0 \n' +
        ' [ 5157.233301]  [<000000001f7c6aa0>] do_splice_to+0x98/0xc8 \n' +
        ' [ 5157.233328] Last Breaking-Event-Address:\n' +
        ' [ 5157.233329]  [<000000001f691594>] filemap_read_folio+0x3c/0xd0\n' +
        ' [ 5157.233338] Kernel panic - not syncing: Fatal exception: panic_on_oops\n',
    ).reports;
    expect(reports.map((r) => [r.kind, r.culprit?.fn])).toEqual([
      ['other', 'filemap_read_folio'],
      ['panic', 'filemap_read_folio'],
    ]);
    expect(reports[0]?.headline).toMatch(/^CPU: 0 PID: 2435571 Comm: sendfile09 /);
  });

  it('starts a report at its cut-here banner', () => {
    const log =
      '[ 5.0] random: crng init done\n[ 5.1] ------------[ cut here ]------------\n[ 5.1] WARNING: CPU: 1 PID: 9 at net/core/dev.c:10 dev_foo+0x1/0x2\n';
    expect(parseReports(log).reports[0]?.lines).toEqual({ start: 2, end: 3 });
  });

  it('caps the number of reports and says how many headers were left', () => {
    const log = Array.from(
      { length: MAX_REPORTS + 3 },
      (_, i) => `[ ${i}.0] BUG: scheduling while atomic: a/${i}/0x00000002`,
    ).join('\n');
    const result = findReportBlocks(readPaste(log));
    expect(result.blocks).toHaveLength(MAX_REPORTS);
    expect(result.unread).toEqual([
      `3 more report header(s) after the first ${MAX_REPORTS} reports were not parsed`,
    ]);
  });
});

describe('findReportBlocks on syzbot mails', () => {
  it('takes the title line of a patch-test reply for no report: the report below it is the one', () => {
    const mail = [
      'Hello,',
      '',
      'syzbot has tested the proposed patch but the reproducer is still triggering an issue:',
      'WARNING: lock held when returning to user space in ethnl_act_cable_test_tdr',
      '',
      '================================================',
      'WARNING: lock held when returning to user space!',
      '6.11.0-rc4-syzkaller-00681-ge5899b60f52a-dirty #0 Not tainted',
      '------------------------------------------------',
      'syz.0.15/6073 is leaving the kernel with locks still held!',
      '1 lock held by syz.0.15/6073:',
      ' #0: ffffffff8fc84c08 (rtnl_mutex){+.+.}-{3:3}, at: ethnl_act_cable_test_tdr+0x3d2/0x10c0 net/ethtool/cabletest.c:341',
      '',
      '',
      'Tested on:',
    ].join('\n');
    expect(titles(mail)).toEqual([
      'WARNING: lock held when returning to user space in ethnl_act_cable_test_tdr',
    ]);
    // A reply's mail client re-wrapped the intro and the title line at 72 columns.
    const wrapped = mail
      .replace('is still triggering an issue:', 'is still\ntriggering an issue:')
      .replace('user space in ethnl_act_cable_test_tdr', 'user space in\nethnl_act_cable_test_tdr');
    expect(titles(wrapped)).toEqual([
      'WARNING: lock held when returning to user space in ethnl_act_cable_test_tdr',
    ]);
  });

  it("keeps a KMSAN report whose inlined frame's `[inline]` a re-wrap put on a line of its own", () => {
    // gh-221-kmsan-double-headline-put-cmsg-rds at 72 columns.
    const report = [
      'BUG: KMSAN: uninit-value in copy_to_user include/linux/uaccess.h:184',
      '[inline]',
      'BUG: KMSAN: uninit-value in put_cmsg+0x600/0x870 net/core/scm.c:242',
      'CPU: 0 PID: 4459 Comm: syz-executor582 Not tainted 4.16.0+ #87',
      'Call Trace:',
      ' put_cmsg+0x600/0x870 net/core/scm.c:242',
      ' rds_recvmsg+0x1b4a/0x2310 net/rds/recv.c:680',
    ].join('\n');
    expect(parseReports(report).reports).toHaveLength(1);
  });

  it('names the function a lockdep `at:` was inlined into, past the line for the inlined one', () => {
    const report = [
      '================================================',
      'WARNING: lock held when returning to user space!',
      '6.14.0-rc4-syzkaller-ge056da87c780-dirty #0 Not tainted',
      '------------------------------------------------',
      'syz-executor198/8642 is leaving the kernel with locks still held!',
      '1 lock held by syz-executor198/8642:',
      ' #0: ffff0000d544a3d0 (&mm->mmap_lock){++++}-{4:4}, at: mmap_read_lock include/linux/mmap_lock.h:190 [inline]',
      ' #0: ffff0000d544a3d0 (&mm->mmap_lock){++++}-{4:4}, at: __mm_populate+0x1a0/0x590 mm/gup.c:2017',
    ].join('\n');
    expect(titles(report)).toEqual(['WARNING: lock held when returning to user space in __mm_populate']);
  });

  it('keeps a WARNING header repeated for an inlined function as one report', () => {
    const log = [
      '------------[ cut here ]------------',
      'WARNING: CPU: 1 PID: 10480 at mm/slab_common.c:935 folio_order include/linux/mm.h:850 [inline]',
      'WARNING: CPU: 1 PID: 10480 at mm/slab_common.c:935 free_large_kmalloc+0x3d/0x190 mm/slab_common.c:933',
      'Modules linked in:',
      'CPU: 1 PID: 10480 Comm: syz-executor.5 Not tainted 6.2.0-syzkaller-13563-gf915322fe014 #0',
      'RIP: 0010:free_large_kmalloc+0x3d/0x190 mm/slab_common.c:935',
      'Call Trace:',
      ' <TASK>',
      ' ext4_xattr_move_to_block fs/ext4/xattr.c:2680 [inline]',
      ' ext4_xattr_make_inode_space fs/ext4/xattr.c:2743 [inline]',
      ' ext4_expand_extra_isize_ea+0x1227/0x1c40 fs/ext4/xattr.c:2835',
      ' __ext4_expand_extra_isize+0x2f7/0x3d0 fs/ext4/inode.c:5955',
    ].join('\n');
    expect(titles(log)).toEqual(['WARNING in ext4_expand_extra_isize_ea']);
  });

  it('takes a boxed deprecation notice starting `WARNING:` for no report', () => {
    const log = [
      'loop0: detected capacity change from 0 to 131072',
      '=======================================================',
      'WARNING: The mand mount option has been deprecated and',
      '         and is ignored by this kernel. Remove the mand',
      '         option from the mount to silence this warning.',
      '=======================================================',
      'F2FS-fs (loop0): Mounted with checkpoint version = 48b305e4',
      '------------[ cut here ]------------',
      'kernel BUG at fs/f2fs/file.c:1207!',
      'Oops: invalid opcode: 0000 [#1] SMP KASAN NOPTI',
      'CPU: 0 UID: 0 PID: 5327 Comm: syz.0.0 Not tainted 6.14.0-syzkaller-10892-g4e82c87058f4 #0 PREEMPT(full) ',
      'RIP: 0010:f2fs_truncate_hole+0x511/0x520 fs/f2fs/file.c:1207',
      'Call Trace:',
      ' <TASK>',
      ' f2fs_punch_hole+0x250/0x2a0 fs/f2fs/file.c:1266',
      ' f2fs_fallocate+0x588/0xa10 fs/f2fs/file.c:1967',
      ' vfs_fallocate+0x627/0x7a0 fs/open.c:338',
    ].join('\n');
    expect(titles(log)).toEqual(['kernel BUG in f2fs_truncate_hole']);
  });

  it('reads a lockdep report past its `{HARDIRQ-ON-W} state was registered at:` line, titled after valid_state', () => {
    const log = [
      '================================',
      'WARNING: inconsistent lock state',
      '6.10.0-rc2-syzkaller-00242-g36534d3c5453 #0 Not tainted',
      '--------------------------------',
      'inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.',
      'syz-executor289/5091 [HC1[1]:SC0[0]:HE0:SE1] takes:',
      'ffff8880b9438828 (lock#9){?.+.}-{2:2}, at: __mmap_lock_do_trace_released+0x83/0x620 mm/mmap_lock.c:243',
      '{HARDIRQ-ON-W} state was registered at:',
      '  lock_acquire+0x1ed/0x550 kernel/locking/lockdep.c:5754',
      '  __mmap_lock_do_trace_released+0x9c/0x620 mm/mmap_lock.c:243',
      '  process_vm_rw+0xa60/0xcf0 mm/process_vm_access.c:284',
      '',
      'stack backtrace:',
      'CPU: 0 PID: 5091 Comm: syz-executor289 Not tainted 6.10.0-rc2-syzkaller-00242-g36534d3c5453 #0',
      'Call Trace:',
      ' <IRQ>',
      ' __dump_stack lib/dump_stack.c:88 [inline]',
      ' dump_stack_lvl+0x241/0x360 lib/dump_stack.c:114',
      ' valid_state+0x13a/0x1c0 kernel/locking/lockdep.c:4013',
      ' mark_lock_irq+0xbb/0xc20 kernel/locking/lockdep.c:4216',
      ' mark_lock+0x223/0x350 kernel/locking/lockdep.c:4678',
      ' __lock_acquire+0xb8e/0x1fd0 kernel/locking/lockdep.c:5091',
      ' lock_acquire+0x1ed/0x550 kernel/locking/lockdep.c:5754',
      ' __mmap_lock_do_trace_released+0x9c/0x620 mm/mmap_lock.c:243',
    ].join('\n');
    const [report] = parseReports(log).reports;
    expect(report).toMatchObject({
      title: 'inconsistent lock state in valid_state',
      lines: { start: 1, end: 24 },
      culprit: { fn: '__mmap_lock_do_trace_released' },
    });
  });
});

describe('findReportBlocks on blog posts (whole pages, logs inside)', () => {
  it('finds the two timestamped reports of a syslog paste and not the quotes in the text', () => {
    const { reports } = parseReports(seed('brctl-get-cpu-var-leak.txt'));
    expect(reports.map((r) => [r.kind, r.lines.start, r.lines.end])).toEqual([
      ['scheduling-while-atomic', 17, 41],
      ['sleep-in-atomic', 49, 69],
    ]);
  });

  it('stops an untimestamped log at the prose that follows it', () => {
    const { reports } = parseReports(seed('sleeping-while-atomic-article.txt'));
    expect(reports.map((r) => [r.title, r.lines.start, r.lines.end])).toEqual([
      ['BUG: sleeping function called from invalid context in corrupted', 39, 39],
    ]);
  });

  it('takes the lockdep banner with the report and ends at the closing fence', () => {
    const [report] = parseReports(seed('invalid-wait-context-novalidate.txt')).reports;
    expect(report).toMatchObject({
      kind: 'invalid-wait-context',
      title: 'WARNING: locking bug in netif_freeze_queues',
      lines: { start: 19, end: 74 },
    });
  });

  it('ends a timestamped log where the timestamps stop', () => {
    const [report] = parseReports(seed('techveda-kmalloc-under-spinlock.txt')).reports;
    expect(report).toMatchObject({
      title: 'BUG: sleeping function called from invalid context in sensor_set_config',
      lines: { start: 20, end: 37 },
    });
  });

  it('reports header lines quoted alone as cut-off reports, ending before the C code that follows', () => {
    expect(
      parseReports(seed('interrupt-handlers-cant-sleep.txt')).reports.map((r) => [
        r.kind,
        r.corrupted,
        r.lines,
      ]),
    ).toEqual([
      ['spinlock-bug', true, { start: 63, end: 63 }],
      // Line 71 is the `{` of the article's autoremove_wake_function().
      ['scheduling-while-atomic', true, { start: 66, end: 70 }],
    ]);
  });
  it("keeps an Android vendor kernel's `Kernel BUG at` line in the fault report it belongs to", () => {
    // lib/bug.c report_bug()'s short form, printed for the faulting pc between the fault and die() lines.
    const paste = [
      '[  523.763767] Unable to handle kernel NULL pointer dereference at virtual address 00000010',
      '[  523.768401] Kernel BUG at ext4_fname_encrypt+0x238/0x3e8 [verbose debug info unavailable]',
      '[  523.768644] Internal error: Oops - BUG: 96000005 [#1] PREEMPT SMP',
      '[  523.770230] PC is at ext4_fname_encrypt+0x238/0x3e8',
      '[  523.770500] LR is at ext4_fname_encrypt+0x230/0x3e8',
    ].join('\n');
    const reports = parseReports(paste).reports;
    expect(reports.map((r) => [r.kind, r.lines])).toEqual([['null-deref', { start: 1, end: 5 }]]);
    expect(reports[0]?.culprit?.fn).toBe('ext4_fname_encrypt');
  });
});

describe('a sentence that opens with header words and quotes a headline later', () => {
  it('is no report: the kernel prints its words where the header starts (neg-2619)', () => {
    const bullet =
      '  • Kernel panic messages such as "Oops" or "Kernel panic - not syncing: VFS: Unable to mount root fs."';
    expect(parseReports(bullet).reports).toHaveLength(0);
  });

  it('still reads the headline the line starts with', () => {
    const line = 'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(31,5)';
    expect(parseReports(line).reports[0]?.kind).toBe('panic');
  });
});
