import { describe, expect, it } from 'vitest';
import { parseFrameLine, readableName, type FrameText } from '../src/parse/frames.js';
import { parseReports } from '../src/parse/index.js';

/** `fn+off/size [module]` of each frame a line holds, `?` for an unreliable one. */
function read(line: string): string[] | null {
  return parseFrameLine(line)?.map(show) ?? null;
}

function show(f: FrameText): string {
  const at = f.offset === null ? '' : `+0x${f.offset.toString(16)}/0x${(f.size ?? 0).toString(16)}`;
  return `${f.unreliable ? '? ' : ''}${f.fn}${at}${f.module === null ? '' : ` [${f.module}]`}`;
}

describe('arm32 short backtraces (CONFIG_BACKTRACE_VERBOSE=n: "%s %ps from %pS")', () => {
  it('reads callee and caller from a line without addresses', () => {
    expect(read(' unwind_backtrace from show_stack+0x10/0x14')).toEqual([
      'unwind_backtrace',
      'show_stack+0x10/0x14',
    ]);
    expect(read(' dump_stack_lvl from __might_resched+0x1f0/0x224')).toEqual([
      'dump_stack_lvl',
      '__might_resched+0x1f0/0x224',
    ]);
  });

  it('keeps the module of either side', () => {
    expect(read(' spi_sensor_read [spi_sensor] from spi_sensor_thread_fn+0x30/0x58 [spi_sensor]')).toEqual([
      'spi_sensor_read [spi_sensor]',
      'spi_sensor_thread_fn+0x30/0x58 [spi_sensor]',
    ]);
    expect(read(' spi_sensor_thread_fn [spi_sensor] from irq_thread_fn+0x1c/0x78')).toEqual([
      'spi_sensor_thread_fn [spi_sensor]',
      'irq_thread_fn+0x1c/0x78',
    ]);
  });

  it('does not read a sentence with "from" in it as a frame', () => {
    expect(read('the data came from foo+0x1/0x2')).toBeNull();
    expect(read('copied from userspace')).toBeNull();
    expect(read('Read from foo+0x1 here')).toBeNull();
  });
});

describe('a module name inside the parentheses', () => {
  it('arm32 verbose pairs', () => {
    expect(
      read(
        '[<bf002000>] (spi_sensor_read [spi_sensor]) from [<bf0020c0>] (spi_sensor_thread_fn+0x30/0x58 [spi_sensor])',
      ),
    ).toEqual(['spi_sensor_read [spi_sensor]', 'spi_sensor_thread_fn+0x30/0x58 [spi_sensor]']);
    expect(read('[<bf002024>] (spi_sensor_read+0x24/0x90 [spi_sensor])')).toEqual([
      'spi_sensor_read+0x24/0x90 [spi_sensor]',
    ]);
  });

  it("arm32 pairs whose parentheses hold syzbot's symbolized source, inlined functions included", () => {
    // syzbot mail 'WARNING: refcount bug in get_taint (2)' (lore, Message-ID 000000000000bb21c50622459589@google.com)
    expect(
      read(
        '[<80813e10>] (refcount_warn_saturate) from [<819372e0>] (kobject_put+0x158/0x1f4 lib/kobject.c:737)',
      ),
    ).toEqual(['refcount_warn_saturate', 'kobject_put+0x158/0x1f4']);
    expect(
      read(
        '[<80813e10>] (refcount_warn_saturate) from [<819372e0>] (kref_put include/linux/kref.h:64 [inline])',
      ),
    ).toEqual(['refcount_warn_saturate', 'kref_put']);
  });

  it('s390 breaking-event frames in parentheses stay unreliable', () => {
    expect(read('([<000003ff80a3c19a>] zcrypt_drv_ioctl+0x32/0x1c0 [zcrypt_drv])')).toEqual([
      '? zcrypt_drv_ioctl+0x32/0x1c0 [zcrypt_drv]',
    ]);
    expect(read('([<00000000004a0a50>] vfs_ioctl+0x30/0x50)')).toEqual(['? vfs_ioctl+0x30/0x50']);
  });

  it('rejects brackets that hold no module name', () => {
    expect(read('[<bf002000>] (spi_sensor_read [spi sensor]) from [<bf0020c0>] (f+0x1/0x2)')).toBeNull();
  });
});

describe('the shapes read before', () => {
  it.each([
    ['  kmalloc_trace+0x4c/0x110', ['kmalloc_trace+0x4c/0x110']],
    [' ? netif_freeze_queues+0x4b/0x90', ['? netif_freeze_queues+0x4b/0x90']],
    [' sensor_work_fn+0x1d/0x60 [sensor_drv]', ['sensor_work_fn+0x1d/0x60 [sensor_drv]']],
    ['[<ffffffff8060a1b4>] platform_probe+0x4e/0xa6', ['platform_probe+0x4e/0xa6']],
    [
      '[c00000000f2a7ad0] [c000000000c8a1f8] __ethtool_get_link_ksettings+0x98/0x100 (unreliable)',
      ['? __ethtool_get_link_ksettings+0x98/0x100'],
    ],
    [
      '[<c01829e8>] (irq_thread_fn) from [<c0182d5c>] (irq_thread+0x120/0x1f8)',
      ['irq_thread_fn', 'irq_thread+0x120/0x1f8'],
    ],
  ])('%s', (line, frames) => {
    expect(read(line)).toEqual(frames);
  });
});

describe('frame shapes of old kernels, decoders and mangled consoles', () => {
  it('reads x86-64 frames of 2.6 kernels, `<addr>{name+decimal}`, several to a line', () => {
    // test/fixtures/real/reports/mg-098-x86_64-2.6.13-nmi-lockup-ide-cdrom-wrapped.txt
    expect(read('       <ffffffff80135189>{vprintk+752} <ffffffff8012dadd>{__wake_up+56}')).toEqual([
      'vprintk+0x2f0/0x0',
      '__wake_up+0x38/0x0',
    ]);
    expect(read(' <EOI> <ffffffff8010e030>{ret_from_intr+0}')).toEqual(['ret_from_intr+0x0/0x0']);
  });

  it('reads arm32 `from` lines whose first address the poster cut, and a caller wrapped off the line', () => {
    // A stable patch's trace (lore, PM / wakeirq: unbalanced enable_irq in suspend), addresses trimmed.
    expect(read('(enable_irq) from [<c06117a8>] (dev_pm_arm_wake_irq+0x4c/0x60)')).toEqual([
      'enable_irq',
      'dev_pm_arm_wake_irq+0x4c/0x60',
    ]);
    expect(read('(dev_pm_arm_wake_irq) from [<c0618360>]')).toEqual(['dev_pm_arm_wake_irq']);
    expect(read('[<c0123456>] (f) from [<c0456789>]')).toEqual(['f']);
    // A sentence in parentheses that says `from` is no frame.
    expect(read('(data comes from [<here>] (somewhere))')).toBeNull();
  });

  it('reads the bare module decode_stacktrace.sh prints after the source location', () => {
    // test/fixtures/real/reports/mg-079-x86_64-5.17-btrfs-lzo-gpf-decoded-flowed-qp-reply.txt
    expect(read('end_workqueue_fn (fs/btrfs/disk-io.c:1923) btrfs')).toEqual(['end_workqueue_fn [btrfs]']);
  });

  it("reads the unknown line syzbot's symbolizer prints as `file.c:-1`", () => {
    // test/fixtures/syzbot-lore/inconsistent-bpf_lru_push_free.txt
    const [frame] = parseFrameLine(' bpf_lru_push_free+0x13e/0x520 kernel/bpf/bpf_lru_list.c:-1') ?? [];
    expect(frame).toMatchObject({ fn: 'bpf_lru_push_free', source: 'kernel/bpf/bpf_lru_list.c:-1' });
    expect(read(' parse_insn+0x14b0/0x1780 drivers/comedi/comedi_fops.c:-1')).toEqual([
      'parse_insn+0x14b0/0x1780',
    ]);
    // A minus sign without a number after it is no line.
    expect(read(' f+0x1/0x2 lib/a.c:-')).toBeNull();
  });

  it('does not read a source path wrapped onto its own line as a function', () => {
    // test/fixtures/real/reports/mg-088-kmsan-bpf-bprintf-prepare-gmail-wrapped.txt
    expect(read('kernel/bpf/helpers.c:934')).toBeNull();
  });

  it('reads frames whose address was printed as an unhashed-pointer placeholder', () => {
    // test/fixtures/real/reports/gh-768-riscv-keystone-rcu-self-detected-stall-ptrval.txt
    expect(read('[<        (ptrval)>] keystone_finalize_enclave+0x2a/0x40')).toEqual([
      'keystone_finalize_enclave+0x2a/0x40',
    ]);
    expect(read('[<(____ptrval____)>] do_idle+0x1e/0x30')).toEqual(['do_idle+0x1e/0x30']);
  });

  it('reads 64-bit powerpc ELFv1 dot symbols as the function, not a section label', () => {
    // test/fixtures/real/reports/mg-039-ppc64-radeon-gem-free-null-xmon-qp-quoted-wrapped.txt
    expect(read('[c000000006f97c70] [c000000000304790] .__fput+0x120/0x3b0')).toEqual(['__fput+0x120/0x3b0']);
    // test/fixtures/real/reports/ml-026-2.6.18-ips-nmi-lockup-nfs-server.txt
    expect(read('[<ffffffff804aca3b>] .text.lock.spinlock+0x2/0x97')).toBeNull();
  });

  it('does not take a second address for the symbol of a frame wrapped after it', () => {
    expect(read('[c000000006f97960] c000000000d28dd8')).toBeNull();
  });

  it('reads frames of 2.4 kernels with kallsyms, `name [module] 0xoff (0xstack)`', () => {
    expect(read('[<c011948b>] schedule [kernel] 0x2bb (0xe1ff1eb0)')).toEqual(['schedule+0x2bb/0x0']);
    expect(read('[<f88427d6>] kjournald [jbd] 0x136')).toEqual(['kjournald+0x136/0x0 [jbd]']);
  });

  it('reads frames a web page mangled: addresses dropped as HTML tags, `x` typeset as `×`', () => {
    // test/fixtures/real/reports/mg-512-chinese-blog-i386-oops-html-stripped-brackets-times-sign.txt
    expect(read('[] init_module+0xa/0\u00d714 [bluesmoke_e752x]')).toEqual([
      'init_module+0xa/0x14 [bluesmoke_e752x]',
    ]);
    expect(read('[] checkbox text')).toBeNull();
  });

  it('skips the stack size -rt kernels print after each frame', () => {
    // test/fixtures/real/reports/ml-126-rt-hrtimer-list-poison-nmi-sched-atomic-2.6.15.txt
    expect(read(' [<c0138f0f>] __hrtimer_start+0x2f/0x120 (40)')).toEqual(['__hrtimer_start+0x2f/0x120']);
  });

  it('reads s390 frames whose brackets went through the wrong EBCDIC code page', () => {
    // test/fixtures/real/reports/mg-062-s390-2.6.18-zcrypt-builtin-ebcdic-brackets-kobject-oops.txt
    expect(read(' \u00dd<0000000000162ec6>\u00a8 kobject_get+0x32/0x44 ')).toEqual(['kobject_get+0x32/0x44']);
  });
});

describe('a frame line that a terminal cut at its width', () => {
  it('keeps the offset when the size was cut, the name after an address, a module frame without its name', () => {
    expect(parseFrameLine(' rtw89_core_rx+0x1c/0x')?.[0]).toMatchObject({
      fn: 'rtw89_core_rx',
      offset: 0x1c,
      size: null,
    });
    expect(parseFrameLine(' rtw89_core_rx+0x1c/')?.[0]).toMatchObject({ fn: 'rtw89_core_rx', offset: 0x1c });
    expect(parseFrameLine(' [<ffffffff8110a2b4>] rtw89_core_rx+0x')?.[0]).toMatchObject({
      fn: 'rtw89_core_rx',
      offset: null,
    });
    expect(parseFrameLine(' rtw89_core_rx+0x1c/0x40 [rtw89_c')?.[0]).toMatchObject({
      fn: 'rtw89_core_rx',
      module: null,
    });
    // The stale-word mark says the same (gh-2854: ` ? user_intr_register+0` ends the paste).
    expect(parseFrameLine(' ? user_intr_register+0')?.[0]).toMatchObject({
      fn: 'user_intr_register',
      offset: null,
      unreliable: true,
    });
    expect(parseFrameLine(' [<ffffffff8110a2b4>] rtw89_core_rx+0')?.[0]).toMatchObject({
      fn: 'rtw89_core_rx',
    });
    // Without an address or the mark in front, a word and a plus sign are no frame.
    expect(parseFrameLine(' rtw89_core_rx+0x')).toBeNull();
    expect(parseFrameLine(' rtw89_core_rx+0')).toBeNull();
    expect(parseFrameLine(' ? C+0 is not a number')).toBeNull();
    expect(parseFrameLine(' rtw89_core_rx+0x1c/0x40 [rtw89 c')).toBeNull();
  });
});

describe('readableName', () => {
  it('cuts compiler suffixes', () => {
    expect(readableName('ftgmac100_alloc_rx_buf.constprop.0')).toBe('ftgmac100_alloc_rx_buf');
  });

  it('demangles Rust v0 symbols: inherent and trait impls, crate roots, backrefs', () => {
    expect(readableName('_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref')).toBe(
      '<rust_binder::process::Process>::update_ref',
    );
    expect(
      readableName(
        '_RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_6kernel10miscdevice10MiscDevice4mmap',
      ),
    ).toBe('<ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap');
    expect(readableName('_RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind')).toBe('__rustc::rust_begin_unwind');
  });

  it('keeps a symbol it cannot read, a backref that does not point back included', () => {
    expect(readableName('_RNvB0_1a')).toBe('_RNvB0_1a');
    expect(readableName('_RB_')).toBe('_RB_');
    expect(readableName('_Rust_is_not_mangled')).toBe('_Rust_is_not_mangled');
  });
});

describe("x86-64's module frames before v2.6.25", () => {
  it('reads the module between colons in front of the function', () => {
    // ml-1952-x86_64-2.6.26-hung-task-khubd-dvb-unregister-frontend-kthread-stop-module-colon-frames
    expect(read(' [<ffffffffa0099645>] :dvb_core:dvb_unregister_frontend+0xb5/0x100')).toEqual([
      'dvb_unregister_frontend+0xb5/0x100 [dvb_core]',
    ]);
    expect(read(' [<ffffffffa00ecbb0>] ? :usbcore:hub_thread+0x0/0x1210')).toEqual([
      '? hub_thread+0x0/0x1210 [usbcore]',
    ]);
    // A colon run that is not a module name stays out of the frame.
    expect(read(' [<ffffffffa00ecbb0>] :a b:hub_thread+0x0/0x1210')).toBeNull();
  });
});

describe("the crash utility's `bt` and `sys` on a vmcore", () => {
  // ml-2060-x86_64-crash-utility-sys-panic-and-bt-exception-rip-uio-nvme-switchover
  const PASTE = [
    'PANIC: "BUG: unable to handle kernel NULL pointer dereference at 0000000000000008"',
    'PID: 0      TASK: ffff8bc3836f1e80  CPU: 3   COMMAND: "swapper/3"',
    ' #0 [ffff8bca9ecc3c28] machine_kexec at ffffffff82e5e45b',
    ' #1 [ffff8bca9ecc3c80] __crash_kexec at ffffffff82f64e42',
    ' #2 [ffff8bca9ecc3d40] panic at ffffffff82ebab29',
    ' #3 [ffff8bca9ecc3dc8] oops_end at ffffffff82e23940',
    ' #4 [ffff8bca9ecc3de8] no_context at ffffffff82e71630',
    ' #5 [ffff8bca9ecc3e40] do_page_fault at ffffffff82e72301',
    ' #6 [ffff8bca9ecc3e70] async_page_fault at ffffffff8380125e',
    '    [exception RIP: mlx5e_xmit+1167]',
    '    RIP: ffffffff836a1cae  RSP: ffff8bca9ecc3f20  RFLAGS: 00010046',
    ' #7 [ffff8bca9ecc3f28] dev_hard_start_xmit at ffffffff82f09bb8',
    '#10 [ffff8bca9ecc3fe0] mlx5e_napi_poll at ffffffffc07c0fd5 [mlx5_core]',
  ].join('\n');

  it('reads its frames, the module after the return address included', () => {
    expect(parseFrameLine(' #7 [ffff8bca9ecc3f28] dev_hard_start_xmit at ffffffff82f09bb8')).toEqual([
      { fn: 'dev_hard_start_xmit', offset: null, size: null, module: null, unreliable: false, source: null },
    ]);
    expect(
      parseFrameLine('#10 [ffff8bca9ecc3fe0] mlx5e_napi_poll at ffffffffc07c0fd5 [mlx5_core]')?.[0]?.module,
    ).toBe('mlx5_core');
    // lockdep's held-lock lines start with `#` too.
    expect(
      parseFrameLine(' #0: ffff888005ac83f8 (&sb->s_type->i_mutex_key){+.+.}-{3:3}, at: f+0x1/0x2'),
    ).toBeNull();
  });

  it("reads the panic `sys` names as the report, and the exception's RIP as where the CPU was", () => {
    const [report] = parseReports(PASTE).reports;
    expect(report).toMatchObject({
      kind: 'null-deref',
      headline: 'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008',
      culprit: { fn: 'mlx5e_xmit' },
    });
    expect(report?.facts.rip).toMatchObject({ fn: 'mlx5e_xmit', offset: 1167 });
    expect(report?.frames.map((f) => f.fn)).toContain('mlx5e_napi_poll');
    expect(report?.title).toBe('BUG: unable to handle kernel NULL pointer dereference in mlx5e_xmit');
    // In generic code, the title names the first caller under the exception, not the kdump path above it.
    const spin = parseReports(PASTE.replace('mlx5e_xmit+1167', '_raw_spin_lock_irqsave+30')).reports[0];
    expect(spin?.title).toBe('BUG: unable to handle kernel NULL pointer dereference in dev_hard_start_xmit');
  });

  it("reads the kernel release from crash's `sys`", () => {
    expect(parseReports(`      RELEASE: 4.15.0-166-generic\n${PASTE}`).reports[0]?.kernel).toBe(
      '4.15.0-166-generic',
    );
  });

  it('takes the panic of a vmcore the paste also shows as logged for the same report (ml-2061)', () => {
    const logged =
      '[22009.051158] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008\n[22009.051221] RIP: 0010:mlx5e_xmit+0x59/0x1a0';
    expect(parseReports(`${logged}\n\n${PASTE}`).reports.map((r) => r.lines.start)).toEqual([1]);
  });
});

describe('a symbol size kallsyms computed negative', () => {
  it('keeps the name, offset and module of `f+0x43a/0xffffffffffffb088 [mod]`, without a size', () => {
    // gh-2966-s390-5.15-ubuntu-illegal-operation-zzstd-insmod-system-table: `Krnl PSW : ... (pool_count+0x43a/0xffffffffffffb088 [zzstd])`
    expect(parseFrameLine(' pool_count+0x43a/0xffffffffffffb088 [zzstd]')?.[0]).toMatchObject({
      fn: 'pool_count',
      offset: 0x43a,
      size: null,
      module: 'zzstd',
    });
    // More than a 64-bit word is no size: the line is not a frame.
    expect(parseFrameLine(' pool_count+0x43a/0x1ffffffffffffb088 [zzstd]')).toBeNull();
  });
});
