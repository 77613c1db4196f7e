/**
 * Families of mangling seen in mail replies (test/fixtures/real/reports/mg-28xx): HTML sources a mail
 * client wrapped, a quoted-printable body quoted raw and encoded again, lines cut at an address or at
 * `at`, a fault pasted from its KASAN line down, ksymoops output under `> ` quoting.
 */
import { describe, expect, it } from 'vitest';
import { parseReports } from '../src/parse/index.js';
import { readPaste } from '../src/parse/paste.js';

const first = (text: string) => {
  const r = parseReports(text).reports[0];
  return r && { kind: r.kind, headline: r.headline, culprit: r.culprit?.fn ?? null };
};

describe('the HTML source of a mail, wrapped by the client that wrote it', () => {
  const html = [
    '                &gt; [&nbsp; 732.912867] BUG: kernel NULL pointer',
    '                dereference, address: 0000000000000008<br>',
    '                &gt; [&nbsp; 732.917072] Oops: 0002 [#1] SMP PTI<br>',
    '                &gt; [&nbsp; 732.917682] CPU: 7 PID: 0 Comm: swapper/7 Not tainted 5.4.0-rc7 #1<br>',
    '                &gt; [&nbsp; 732.920906] RIP:',
    '                0010:dma_fence_signal_locked&#43;0x3e/0x100<br>',
    '                &gt; [&nbsp; 732.938569] Call Trace:<br>',
    '                &gt; [&nbsp; 732.939003]&nbsp; &lt;IRQ&gt;<br>',
    '                &gt; [&nbsp; 732.939364]&nbsp; dma_fence_signal&#43;0x29/0x50<br>',
    '                &gt; [&nbsp; 732.940036]&nbsp; drm_sched_fence_finished&#43;0x12/0x20',
    '                [gpu_sched]<br>',
  ].join('\n');

  it('joins each line back to its <br>: the header and the RIP line read whole', () => {
    const got = first(html);
    expect(got?.kind).toBe('null-deref');
    expect(got?.headline).toBe('BUG: kernel NULL pointer dereference, address: 0000000000000008');
    expect(got?.culprit).toBe('dma_fence_signal_locked');
  });

  it('joins them across the blank lines of a page that doubled every line end', () => {
    expect(first(html.split('\n').join('\n\n'))?.culprit).toBe('dma_fence_signal_locked');
  });

  it('keeps the lines of a <pre> block as they are', () => {
    const pre = [
      ...Array.from({ length: 6 }, (_, i) => `<p>line ${i}<br>`),
      '<pre class="moz-quote-pre" wrap="">BUG: kernel NULL pointer dereference, address: 0000000000000010',
      'Oops: 0000 [#1] SMP PTI',
      'RIP: 0010:foo_read+0x12/0x40 [foo]',
      'Call Trace:',
      ' vfs_read+0x9c/0x170',
      '</pre>',
    ].join('\n');
    expect(first(pre)).toMatchObject({ kind: 'null-deref', culprit: 'foo_read' });
  });
});

describe('a fault pasted from its KASAN range line down', () => {
  const trimmed = [
    'KASAN: null-ptr-deref in range [0x0000000000000008-0x000000000000000f]',
    'CPU: 1 PID: 330 Comm: insmod',
    'RIP: 0010:unregister_pernet_operations+0xc9/0x450',
    'Call Trace:',
    '  <TASK>',
    '  unregister_pernet_subsys+0x31/0x3e',
    '  xfrm6_fini+0x16/0x30 [ipv6]',
  ];

  it('is the general protection fault it came from', () => {
    expect(first(trimmed.map((l) => `> > > ${l}`).join('\n'))).toMatchObject({
      kind: 'gpf',
      culprit: 'unregister_pernet_operations',
    });
  });

  it('stays one report under the fault line that prints it', () => {
    const whole = [
      'Oops: general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] SMP KASAN',
      ...trimmed,
    ].join('\n');
    expect(parseReports(whole).reports).toHaveLength(1);
  });
});

describe('lines a mail client cut in a wrapped reply', () => {
  it("rejoins lockdep's irq-stamp lines cut before their symbol, which are no frames", () => {
    const text = [
      'BUG: sleeping function called from invalid context at ',
      'kernel/locking/mutex.c:591',
      'in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 142, name: kworker/u25:3',
      'irq event stamp: 46379',
      'hardirqs last  enabled at (46379): [<ffff8000813acb24>] ',
      '_raw_spin_unlock_irqrestore+0x74/0x78',
      'softirqs last disabled at (46295): [<ffff800080010674>] ',
      '__do_softirq+0x14/0x20',
      'Hardware name: Khadas VIM3 (DT)',
      'Call trace:',
      '  show_stack+0x18/0x24 (C)',
      '  dump_stack_lvl+0x90/0xd0',
      '  __might_resched+0x144/0x248',
      '  __mutex_lock+0x5c/0x894',
      '  mutex_lock_nested+0x24/0x30',
      '  pinctrl_get_device_gpio_range+0x44/0x128',
      '  pinctrl_gpio_set_config+0x40/0xdc',
    ].join('\n');
    const got = first(text);
    expect(got?.headline).toBe(
      'BUG: sleeping function called from invalid context at kernel/locking/mutex.c:591',
    );
    expect(got?.culprit).toBe('pinctrl_get_device_gpio_range');
  });

  it('rejoins a warning line that names its place first, cut after `at`', () => {
    const text = [
      '------------[ cut here ]------------',
      'WARNING: drivers/gpio/gpiolib-shared.c:493 at ',
      'gpio_shared_add_proxy_lookup+0x15c/0x224, CPU#1: kworker/u16:1/40',
      'Modules linked in: reset_gpio',
      'pc : gpio_shared_add_proxy_lookup+0x15c/0x224',
      'Call trace:',
      '  gpio_shared_add_proxy_lookup+0x15c/0x224 (P)',
      '  gpiod_find_and_request+0x200/0x574',
    ].join('\n');
    expect(first(text)?.headline).toBe(
      'WARNING: drivers/gpio/gpiolib-shared.c:493 at gpio_shared_add_proxy_lookup+0x15c/0x224, CPU#1: kworker/u16:1/40',
    );
  });

  it('names the caller of the object init an ODEBUG splat stopped in, its object line wrapped', () => {
    const text = [
      '> > ODEBUG: init active (active state 0)',
      '> > object type: hrtimer hint: xen_timer_callbac0',
      '> > RIP: 0010:debug_print_object+0x16e/0x250 lib/debugobjects.c:502',
      '> > Call Trace:',
      '> > __debug_object_init',
      '> > debug_hrtimer_init',
      '> > debug_init',
      '> > hrtimer_init',
      '> > kvm_xen_init_timer',
      '> > kvm_xen_vcpu_set_attr',
    ].join('\n');
    expect(first(text)).toMatchObject({ kind: 'warning', culprit: 'kvm_xen_init_timer' });
  });
});

describe('a quoted-printable body quoted as sent, then encoded again', () => {
  it('decodes the quoted text a second time: its soft breaks and `=3D3D` escapes', () => {
    const text = [
      'On Mon, Jul 7, 2025 at 9:54=E2=80=AFAM Hillf Danton <hdanton@sina.com> wrot=',
      'e:',
      '> > =3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=',
      '=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D',
      '> > =3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=',
      '=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D3D=3D',
      '> > =3D3D=3D3D=3D3D=3D3D',
      '> > WARNING: possible circular locking dependency detected',
      '> > 6.16.0-rc5-syzkaller #0 Not tainted',
      '> > ------------------------------------------------------',
      '> > syz.5.282/7960 is trying to acquire lock:',
      '> > ffff88807b0b8618 (sb_internal){.+.+}-{0:0}, at: ext4_evict_inode+0x2d6/=',
      '0xee=3D',
      '> > 0 fs/ext4/inode.c:215',
      '> >',
      '> > but task is already holding lock:',
      '> > ffff88805438cb98 (&sbi->s_writepages_rwsem){++++}-{0:0}, at: ext4_ext_m=',
      'igra=3D',
      '> > te+0x2f3/0x1010 fs/ext4/migrate.c:438',
      '> >',
      '> > which lock already depends on the new lock.',
    ].join('\n');
    expect(first(text)).toMatchObject({ kind: 'lockdep-circular', culprit: 'ext4_evict_inode' });
    const lines = readPaste(text).lines.map((l) => l.text);
    expect(lines).toContain(
      'ffff88805438cb98 (&sbi->s_writepages_rwsem){++++}-{0:0}, at: ext4_ext_migrate+0x2f3/0x1010 fs/ext4/migrate.c:438',
    );
    expect(lines.some((l) => /^={40,}$/.test(l))).toBe(true);
  });
});

describe('a pc that holds no symbol under a callback runner', () => {
  it('names the runner in the link register, which called the bad callback', () => {
    const text = [
      'Unable to handle kernel paging request at virtual address fffffffe',
      'Internal error: Oops: 80000007 [#1] PREEMPT SMP ARM',
      'CPU: 0 PID: 0 Comm: swapper/0 Not tainted 4.18.33-yocto-standard #1',
      'Hardware name: Xilinx Zynq Platform',
      'PC is at 0xfffffffe',
      'LR is at rcu_process_callbacks+0x55c/0x60c',
      '[<c018863c>] (rcu_process_callbacks) from [<c0102c28>] (__do_softirq+0x260/0x3dc)',
      '[<c0102c28>] (__do_softirq) from [<c0129100>] (irq_exit+0x88/0xe0)',
      '[<c0129100>] (irq_exit) from [<c017af58>] (__handle_domain_irq+0xa4/0xf0)',
      '[<c0153428>] (call_cpuidle) from [<c0153848>] (do_idle+0x1e0/0x27c)',
    ].join('\n');
    expect(first(text)?.culprit).toBe('rcu_process_callbacks');
  });
});

describe('ksymoops output quoted in a reply', () => {
  it("opens the BUG at ksymoops's re-aligned `invalid operand:` and takes the pc from `>>EIP;`", () => {
    const text = [
      '> > invalid operand:        0000',
      '> > CPU:    0',
      '> > EIP:  0010:[<c0136d10>] Not tainted',
      '> > EFLAGS: 00010286',
      '> > ',
      '> > >>EIP; c0136d10 <grow_buffers+50/100>   <=====',
      '> > ',
      '> > Call Trace: [<c0134eb7>] [<c01350aa>] [<c019e96e>]',
      '> > Trace; c0134eb6 <getblk+26/40>',
      '> > Trace; c01350aa <bread+1a/c0>',
      '> > Trace; c019e96e <hpfs_map_sector+1e/40>',
    ].join('\n');
    expect(first(text)).toMatchObject({ kind: 'kernel-bug', culprit: 'grow_buffers' });
  });
});
