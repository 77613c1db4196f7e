/**
 * One real report in every shape people paste it in: the parser must read the same report out of each.
 * The report is the TECH VEDA seed's arm64 splat; the wrappings are what Slack, GitHub, mail clients,
 * terminals and loggers do to it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePaste, parseReports } from '../src/parse/index.js';
import { readPaste } from '../src/parse/paste.js';
import type { Report } from '../src/parse/report.js';

const SEED = readFileSync(
  new URL('./fixtures/seeds/techveda-kmalloc-under-spinlock.txt', import.meta.url),
  'utf8',
);
/** The splat's lines as the kernel printed them, timestamps removed. */
const BARE = SEED.split('\n')
  .filter((l) => l.startsWith('[  742.'))
  .map((l) => l.replace(/^\[ *[\d.]+\] /, ''));

/** What must come out of every shape. */
function essentials(r: Report | undefined) {
  return (
    r && {
      kind: r.kind,
      headline: r.headline,
      title: r.title,
      task: r.task,
      kernel: r.kernel,
      arch: r.arch,
      inAtomic: r.facts.inAtomic,
      irqsDisabled: r.facts.irqsDisabled,
      preempt: [r.facts.preemptCount, r.facts.preemptExpected],
      frames: r.frames.map((f) => f.fn),
    }
  );
}

const expected = essentials(parseReports(BARE.join('\n')).reports[0]);

const stamp = (i: number): string => `742.${String(118233 + i).padStart(6, '0')}`;
/** A mail client's quoted-printable body: `=` escaped, lines cut at 76 columns with soft breaks. */
function quotedPrintable(lines: readonly string[]): string {
  return lines
    .map((l) => {
      const escaped = l.replaceAll('=', '=3D');
      const parts: string[] = [];
      for (let i = 0; i < escaped.length; i += 75) parts.push(escaped.slice(i, i + 75));
      return parts.join('=\n');
    })
    .join('\n');
}

/** A mail client's re-wrap: each line broken at the last space before column `width`. */
function rewrap(lines: readonly string[], width = 72): string {
  return lines
    .flatMap((l) => {
      const out: string[] = [];
      let rest = l;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(' ', width);
        if (cut <= 0) break;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      return [...out, rest];
    })
    .join('\n');
}

const SHAPES: Record<string, string> = {
  'printk timestamps': BARE.map((l, i) => `[  ${stamp(i)}] ${l}`).join('\n'),
  'console timestamps and task caller ids': BARE.map((l, i) => `[  ${stamp(i)}][ T1423] ${l}`).join('\n'),
  'console timestamps and CPU caller ids': BARE.map((l, i) => `[  ${stamp(i)}][    C1] ${l}`).join('\n'),
  'dmesg timestamps and caller ids': BARE.map((l, i) => `[  ${stamp(i)}] [ T1423] ${l}`).join('\n'),
  // mg-1713, mg-1719: the PREEMPT_RT patch set's printk wrote the CPU, three digits wide.
  'PREEMPT_RT CPU numbers after the timestamp': BARE.map((l, i) => `[  ${stamp(i)}] 001: ${l}`).join('\n'),
  // ml-3203 and lore's Unisoc reports: their vendor printk writes `c` and the CPU after the timestamp;
  // like a caller id it keeps CPUs apart, and one CPU prints a report.
  'Unisoc CPU marks after the timestamp': BARE.map((l, i) => `[  ${stamp(i)}] c3 ${l}`).join('\n'),
  'Unisoc CPU marks without timestamps': BARE.map((l, i) => `c${i % 4} ${l}`).join('\n'),
  'console levels': BARE.map((l, i) => `<4>[  ${stamp(i)}] ${l}`).join('\n'),
  // mg-1994: IGT's console log prints the level, a space, then the timestamp.
  'console levels spaced from the timestamp': BARE.map((l, i) => `<4> [${stamp(i)}] ${l}`).join('\n'),
  'syslog with facility': BARE.map(
    (l, i) => `Apr 15 11:02:05 board kern.warn kernel: [  ${stamp(i)}] ${l}`,
  ).join('\n'),
  'journalctl short': BARE.map((l) => `Nov 21 01:02:03 board kernel: ${l}`).join('\n'),
  'journalctl short-iso': BARE.map((l) => `2026-11-21T01:02:03.118233+00:00 board kernel: ${l}`).join('\n'),
  'dmesg -T': BARE.map((l) => `[Sat Nov 21 01:02:03 2026] ${l}`).join('\n'),
  // gh-1243: strftime's day and month names of the reader's locale.
  'dmesg -T in other languages': BARE.map(
    (l, i) => `[${['h jún 16', 'lun. juin 16', 'Mo Jun 16', '一 6月 16'][i % 4]} 07:50:10 2014] ${l}`,
  ).join('\n'),
  'kernel: prefix': BARE.map((l) => `kernel: ${l}`).join('\n'),
  CRLF: BARE.join('\r\n'),
  'Slack: fence glued to the first and last line, entities': `here is what dmesg said:\n\`\`\`${BARE.join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\`\`\`\nany idea?`,
  'GitHub: details and a fence': `It happens every few runs.\n\n<details>\n<summary>dmesg</summary>\n\n\`\`\`text\n${BARE.join('\n')}\n\`\`\`\n</details>\n`,
  'mail quoting': `On Mon, Nov 16, Raghu wrote:\n${BARE.map((l) => `> ${l}`).join('\n')}`,
  'nested mail quoting': BARE.map((l) => `> > ${l}`).join('\n'),
  'ANSI colours': BARE.map((l, i) => (i === 0 ? `\u001b[1;31m${l}\u001b[0m` : `\u001b[33m${l}\u001b[m`)).join(
    '\n',
  ),
  'tabs, non-breaking and zero-width spaces': BARE.map((l) =>
    l.replace(/^ /, '\t').replace(/: /, ':\u00a0').replace('sleeping', 'sleep\u200bing'),
  ).join('\n'),
  'syslog with month names in other languages': BARE.map(
    (l, i) => `${['июл 27', 'paź  3', 'Mär  5', '7月 27'][i % 4]} 14:08:03 laptop kernel: ${l}`,
  ).join('\n'),
  'OpenWrt logread': BARE.map(
    (l, i) => `Mon Feb 12 09:03:01 2018 kern.warn kernel: [  ${stamp(i)}] ${l}`,
  ).join('\n'),
  'syslog under another tag': BARE.map(
    (l, i) => `Mar 25 17:13:57 localhost vmunix: [  ${stamp(i)}] ${l}`,
  ).join('\n'),
  '/dev/kmsg records': BARE.map((l, i) => `4,${628 + i},${406528979 + i},-;${l}`).join('\n'),
  'syslogd wall broadcasts': BARE.flatMap((l, i) => [
    'Message from syslogd@plot-071 at Jun 17 13:06:42 ...',
    ` kernel:[  ${stamp(i)}] ${l}`,
  ]).join('\n'),
  'dmesg -H': BARE.map((l, i) => `${i === 0 ? '[Jul27 14:08]' : '[  +0.000012]'} ${l}`).join('\n'),
  'a serial-console tag before the timestamp': BARE.map((l, i) => `[vm1/ttyS0] [  ${stamp(i)}] ${l}`).join(
    '\n',
  ),
  'a serial-console tag before the timestamp and caller id': BARE.map(
    (l, i) => `[vm1/ttyS0] [  ${stamp(i)}][ T1423] ${l}`,
  ).join('\n'),
  'a container log prefix': BARE.map((l, i) => `kernel-1  | [  ${stamp(i)}] ${l}`).join('\n'),
  "a chat log's speaker": BARE.map((l) => `<jdoe> ${l}`).join('\n'),
  "a chat log's clock and speaker": BARE.map((l, i) => `[14:0${i % 10}] <jdoe> ${l}`).join('\n'),
  'pager line numbers': BARE.map((l, i) => `  ${11745 + i} [  ${stamp(i)}] ${l}`).join('\n'),
  "a terminal's clock": BARE.map((l, i) => `16:56:35 [  ${stamp(i)}] ${l}`).join('\n'),
  'a shell prompt glued to the first line': BARE.map(
    (l, i) => `${i === 0 ? '/ # ' : ''}[  ${stamp(i)}] ${l}`,
  ).join('\n'),
  'an indented code block': BARE.map((l, i) => `        [  ${stamp(i)}] ${l}`).join('\n'),
  'a Markdown code block without timestamps': `The board hangs:\n\n${BARE.map((l) => `    ${l}`).join('\n')}\n\nAny idea?`,
  'a log a mail writer indented by two spaces': `Hi,\n\n${BARE.map((l) => `  ${l}`).join('\n')}\n\nThanks`,
  'a log indented by a tab': `Hi,\n\n${BARE.map((l) => `\t${l}`).join('\n')}\n\nThanks`,
  'the first bracket cut off': BARE.map((l, i) => `${i === 0 ? '' : '[  '}${stamp(i)}] ${l}`).join('\n'),
  'quoted-printable with soft breaks': quotedPrintable(BARE.map((l, i) => `[  ${stamp(i)}] ${l}`)),
  'quoted-printable with whitespace a transport added': quotedPrintable(
    BARE.map((l, i) => `[  ${stamp(i)}] ${l}`),
  ).replace(/\n/g, '  \n'),
  // mg-1946, mg-1949 pasted into a Markdown code block: the indentation comes before each encoded line.
  'quoted-printable in a Markdown code block': quotedPrintable(BARE.map((l, i) => `[  ${stamp(i)}] ${l}`))
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n'),
  'mail re-wrapped at 72 columns': rewrap(BARE.map((l, i) => `[  ${stamp(i)}] ${l}`)),
  // mg-1722, mg-1723: a mail's HTML part read as text.
  "an HTML part's line breaks and entities": `${BARE.map((l) => l.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/^ /, '&nbsp;')).join('<br>\n')}<br>`,
  'HTML line breaks holding every line in one': BARE.map((l) =>
    l.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  ).join('<br>'),
  // A serial capture's line ends: a lone carriage return, a console's own one before the terminal's.
  'lone carriage returns': BARE.join('\r'),
  'a carriage return doubled before each line feed': BARE.map((l, i) => `[  ${stamp(i)}] ${l}`).join(
    '\r\r\n',
  ),
  // `cat -n` and vim's numbers, before a log whose frames keep their indentation.
  'line numbers before indented frames': BARE.map((l, i) => `${String(i + 1).padStart(6)}\t${l}`).join('\n'),
  'Markdown list items': BARE.map((l, i) => `- [  ${stamp(i)}] ${l}`).join('\n'),
  // A web page's `<br>` ends every line, a blank one included.
  'HTML line breaks around a blank line': [
    'Here is the splat:<br>',
    '<br>',
    ...BARE.map((l) => `${l}<br>`),
  ].join('\n'),
  'other programs interleaved in syslog': BARE.flatMap((l, i) => [
    `Apr 15 11:02:05 board kernel: [  ${stamp(i)}] ${l}`,
    `Apr 15 11:02:05 board systemd[1]: Started Session ${i} of user root.`,
  ]).join('\n'),
};

describe('a pasted report, whatever its wrapping', () => {
  it('reads the bare report as the seed says', () => {
    expect(expected).toMatchObject({
      kind: 'sleep-in-atomic',
      headline: 'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333',
      title: 'BUG: sleeping function called from invalid context in sensor_set_config',
      task: { comm: 'sensorcfg', pid: 1423, cpu: 1 },
      arch: 'arm64',
      preempt: [1, 0],
    });
  });

  it.each(Object.entries(SHAPES))('reads the same report from %s', (_shape, text) => {
    const { reports } = parseReports(text);
    expect(reports).toHaveLength(1);
    expect(essentials(reports[0])).toEqual(expected);
  });

  it('quotes evidence lines without their wrapping', () => {
    const { result, lineText } = parsePaste(SHAPES['syslog with facility'] ?? '');
    const start = result.reports[0]?.lines.start ?? 0;
    expect(lineText(start)).toBe(
      'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333',
    );
  });

  it('counts the lines of the paste as given, so line numbers point into it', () => {
    const [report] = parseReports(SHAPES['GitHub: details and a fence'] ?? '').reports;
    // Two lines of prose and the opening tags come first: the header is line 7 of the paste.
    expect(report?.lines.start).toBe(7);
  });
});

describe('lines whose text went onto another line', () => {
  it('marks them folded, apart from the blank lines of the paste', () => {
    const lines = readPaste(
      [
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'CPU: 2 PID: 639 Comm: kworker/2:2 Tainted: G  C  5.16.0-0.bpo.=',
        '4-arm64 #1',
        '',
        'Modules linked in: snd_seq=3D',
      ].join('\n'),
    ).lines;
    expect(lines.map((l) => [l.no, l.text === '', l.folded === true])).toEqual([
      [1, false, false],
      [2, true, false],
      [3, false, false],
      [4, true, true],
      [5, true, false],
      [6, false, false],
    ]);
  });
});

describe('a log copied with a blank line after each of its lines', () => {
  it('reads the report as it reads the log without the blank lines', () => {
    const essentialsOf = (text: string) =>
      parseReports(text).reports.map((r) => [r.kind, r.culprit?.fn, r.frames.map((f) => f.fn)]);
    for (const name of [
      'gh-725-zfs-txg-sync-hung-task-paste-starts-at-echo-line',
      'gh-1514-x86_64-5.15-wsl2-hmgrtable-free-handle-elided-panic',
    ]) {
      const text = readFileSync(new URL(`./fixtures/real/reports/${name}.txt`, import.meta.url), 'utf8');
      expect(essentialsOf(text.split('\n').join('\n\n'))).toEqual(essentialsOf(text));
    }
  });

  it('reads a page doubled throughout, its prose too, as the page without the blank lines', () => {
    const read = (name: string) =>
      readFileSync(new URL(`./fixtures/real/${name}.txt`, import.meta.url), 'utf8');
    const essentialsOf = (text: string) =>
      parseReports(text).reports.map((r) => [r.kind, r.headline, r.culprit?.fn]);
    // A 2.4 oops retyped under the poster's question, then the panic it set off: one culprit for both.
    const oops = read('reports/mg-035-2.4.20-sundance-rx-poll-oops-retyped');
    const doubled = oops.split('\n').join('\n\n');
    expect(essentialsOf(doubled)).toEqual(essentialsOf(oops));
    expect(parseReports(doubled).input.lines).toBe(doubled.split('\n').length);
    // liblockdep's user-space report is told by the line after its header, a blank line away here.
    const liblockdep = read('negatives/neg-067-liblockdep-userspace-bad-unlock');
    expect(parseReports(liblockdep.split('\n').join('\n\n')).reports).toEqual([]);
  });

  it('leaves prose of one-line paragraphs apart from the log below it', () => {
    // gh-789-zfs-3.10-soft-lockup-rfc3339-syslog-and-prose-line: the headline quoted in the prose.
    const prose = [
      'I had the message running across my screen yesterday.',
      'kernel: BUG: soft lockup - CPU#0 stuck for 22s! [z_ioctl_int/0:2778]',
      'Logs were full of kernel messages.',
      'I run Scientific Linux 6.5 with kernel-lt 3.10.58.',
      'Here is the sample syslog entry.',
    ].join('\n\n');
    const log = [
      'BUG: soft lockup - CPU#0 stuck for 22s! [z_ioctl_int/0:2778]',
      'Call Trace:',
      ' [<ffffffffa02c1a2b>] zio_wait+0x12b/0x1c0 [zfs]',
      ' [<ffffffffa02aa7f0>] dmu_objset_find_spa+0x130/0x3e0 [zfs]',
    ].map((l) => `2014-11-04T14:57:15.529841-08:00 logserver1-chi kernel: ${l}`);
    expect(parseReports(`${prose}\n\n${log.join('\n')}`).reports).toHaveLength(1);
  });
});

describe('a log indented as a whole', () => {
  const S390_OOPS = `Unable to handle kernel pointer dereference in virtual kernel address space
Failing address: 0000000000000000 TEID: 0000000000000483
Fault in home space mode while using kernel ASCE.
Oops: 0004 ilc:3 [#1] SMP
Modules linked in: loop
CPU: 3 PID: 1234 Comm: cat Not tainted 6.14.0-rc1 #1
Krnl PSW : 0704c00180000000 000003ff7fa1b2c4 (full_proxy_read+0x44/0xb0)
Call Trace:
 [<000003ff7fa1b2c4>] full_proxy_read+0x44/0xb0
 [<000003ff7f8d1a30>] vfs_read+0x90/0x370`;
  const indent = (text: string, by: string) =>
    text
      .split('\n')
      .map((l) => by + l)
      .join('\n');

  it('reads a Markdown code block or an indented mail paste as the kernel printed it', () => {
    const plain = parseReports(S390_OOPS).reports[0];
    expect(plain).toMatchObject({ kind: 'null-deref', culprit: { fn: 'full_proxy_read' } });
    for (const by of ['    ', '  ', '\t']) {
      const r = parseReports(`It crashes on read:\n\n${indent(S390_OOPS, by)}\n\nAny idea?`).reports[0];
      expect(r && { kind: r.kind, title: r.title, culprit: r.culprit?.fn }).toEqual({
        kind: plain?.kind,
        title: plain?.title,
        culprit: plain?.culprit?.fn,
      });
    }
  });

  it("keeps the kernel's own indentation: frames alone are not dedented", () => {
    const frames =
      '       lock_acquire+0x1b1/0x540\n       __mutex_lock+0x175/0x9d0\n       foo_ioctl+0x30/0x90';
    expect(readPaste(frames).lines.map((l) => l.text)).toEqual(frames.split('\n'));
  });
});

describe('a mail re-wrap that broke a line before a long word', () => {
  // A syslog'd arm oops: `PC is at` and the lockdep lock line each end short, because the word after
  // them did not fit in the 72 columns the mail client wrapped at.
  const SYSLOG = [
    'Unable to handle kernel NULL pointer dereference at virtual address 00000064',
    'Internal error: Oops: 17 [#1] ARM',
    'Modules linked in: bridge stp llc ip6table_filter ip6_tables ipt_MASQUERADE nf_nat_masquerade_ipv4 8188eu(O)',
    'CPU: 0 PID: 425 Comm: RTW_CMD_THREAD Tainted: G           O    4.4.38+ #938',
    'PC is at rtw_txframes_sta_ac_pending+0x64/0x6c [8188eu]',
    'LR is at rtl8188eu_hal_xmit+0x40/0x1a4 [8188eu]',
    'pc : [<bf188960>]    lr : [<bf1ae0a8>]    psr: 60000013',
    '1 lock held by RTW_CMD_THREAD/425:',
    ' #0: ffff9ae5892431a0 (&pxmitpriv->lock){....}-{3:3}, at: rtw_xmit_classifier_long_name+0x186/0x3a0 [8188eu]',
  ]
    .map((l, i) => `Jan 20 23:53:23 raspberrypi kernel: [96233.${String(752818 + i)}] ${l}`)
    .join('\n');

  it('joins the pieces back', () => {
    const read = (text: string) => {
      const r = parseReports(text).reports[0];
      return (
        r && {
          pc: r.facts.pc?.fn,
          culprit: r.culprit?.fn,
          held: r.facts.locksHeld?.locks.map((l) => [l.name, l.at]),
        }
      );
    };
    expect(read(SYSLOG)).toEqual({
      pc: 'rtw_txframes_sta_ac_pending',
      culprit: 'rtw_txframes_sta_ac_pending',
      held: [['&pxmitpriv->lock', 'rtw_xmit_classifier_long_name']],
    });
    expect(read(rewrap(SYSLOG.split('\n')))).toEqual(read(SYSLOG));
  });
});

describe('a symbolized lockdep list re-wrapped without timestamps', () => {
  // ml-086-x86_64-syzbot-team-change-rx-flags-netdev-lock-rcu: syzbot repeats a lock line once per
  // inlined frame of its `at:`, and the symbolizer's source makes each line longer than a mail's 80 columns.
  const REPORT = [
    'BUG: sleeping function called from invalid context at kernel/locking/mutex.c:562',
    'in_atomic(): 0, irqs_disabled(): 0, non_block: 0, pid: 23629, name: syz.4.5165',
    'preempt_count: 0, expected: 0',
    'RCU nest depth: 1, expected: 0',
    '2 locks held by syz.4.5165/23629:',
    ' #0: ffffffff8fed6908 (rtnl_mutex){+.+.}-{4:4}, at: rtnl_lock net/core/rtnetlink.c:80 [inline]',
    ' #0: ffffffff8fed6908 (rtnl_mutex){+.+.}-{4:4}, at: rtnl_newlink+0xc4c/0x1d90 net/core/rtnetlink.c:4054',
    ' #1: ffffffff8eb392e0 (rcu_read_lock){....}-{1:3}, at: rcu_read_lock include/linux/rcupdate.h:849 [inline]',
    ' #1: ffffffff8eb392e0 (rcu_read_lock){....}-{1:3}, at: team_change_rx_flags+0x29/0x330 drivers/net/team/team_core.c:1781',
    'Call Trace:',
    ' <TASK>',
    ' __might_resched+0x5d4/0x780 kernel/sched/core.c:8767',
    ' __mutex_lock+0x126/0x1010 kernel/locking/mutex.c:730',
    ' dev_set_allmulti+0x11c/0x270 net/core/dev_api.c:279',
    ' team_change_rx_flags+0x1a8/0x330 drivers/net/team/team_core.c:1789',
  ].join('\n');
  const read = (text: string) => {
    const r = parseReports(text).reports[0];
    return r && { culprit: r.culprit?.fn, held: r.facts.locksHeld?.locks.map((l) => [l.name, l.at]) };
  };

  it('joins each lock line cut before its function or its source, and keeps the list whole', () => {
    expect(read(REPORT)).toEqual({
      culprit: 'team_change_rx_flags',
      held: [
        ['rtnl_mutex', 'rtnl_newlink'],
        ['rcu_read_lock', 'team_change_rx_flags'],
      ],
    });
    for (const width of [72, 80]) expect(read(rewrap(REPORT.split('\n'), width))).toEqual(read(REPORT));
  });

  it('joins a lock line cut before its `at:` (gh-124)', () => {
    const text = [
      'init/1 is trying to acquire lock:',
      'ffff8881001f1cb0 (&p->se.child_burst.lock){+.+.}-{3:3},',
      'at: update_child_burst_topological+0xcc/0x210',
    ].join('\n');
    expect(readPaste(text).lines.map((l) => l.text)).toEqual([
      'init/1 is trying to acquire lock:',
      'ffff8881001f1cb0 (&p->se.child_burst.lock){+.+.}-{3:3}, at: update_child_burst_topological+0xcc/0x210',
      '',
    ]);
  });

  it('leaves an unsymbolized lock line before the next one as it is', () => {
    const text = [
      '2 locks held by x/1:',
      ' #0: ffffffff8fed6908 (rtnl_mutex){+.+.}-{4:4}, at: rtnl_newlink+0xc4c/0x1d90',
      ' #1: ffffffff8eb392e0 (rcu_read_lock){....}-{1:3}, at: team_change_rx_flags+0x29/0x330',
    ].join('\n');
    expect(readPaste(text).lines.map((l) => l.text)).toEqual(text.split('\n'));
  });
});

describe('a fault line a re-wrap cut before its address', () => {
  const texts = (text: string) =>
    readPaste(text)
      .lines.map((l) => l.text)
      .filter((t) => t !== '');

  it('joins the rest of the message and the address back (arm64, s390)', () => {
    expect(
      texts(
        'Unable to handle kernel access to user memory outside\nuaccess routines at virtual address 0000000000000000\nMem abort info:',
      ),
    ).toEqual([
      'Unable to handle kernel access to user memory outside uaccess routines at virtual address 0000000000000000',
      'Mem abort info:',
    ]);
    const arm64 = 'Unable to handle kernel NULL pointer dereference\nat virtual address 0000000000000008';
    expect(
      parseReports(`${arm64}\nMem abort info:\nInternal error: Oops: 0000000096000004 [#1] SMP`).reports[0]
        ?.kind,
    ).toBe('null-deref');
    expect(
      texts(
        'Unable to handle kernel pointer dereference in virtual kernel address\nspace\nFailing address: 0000000000000000',
      ),
    ).toEqual([
      'Unable to handle kernel pointer dereference in virtual kernel address space',
      'Failing address: 0000000000000000',
    ]);
  });

  it("leaves a whole fault line and the line after it apart (sparc32's NULL line, s390's)", () => {
    const sparc = 'Unable to handle kernel NULL pointer dereference\ntsk->{mm,active_mm}->context = 00000000';
    expect(texts(sparc)).toEqual(sparc.split('\n'));
    const s390 =
      'Unable to handle kernel pointer dereference in virtual kernel address space\nFailing address: 0000000000000000';
    expect(texts(s390)).toEqual(s390.split('\n'));
  });
});

describe("a warning line a console's fixed width cut inside its function", () => {
  const texts = (text: string) =>
    readPaste(text)
      .lines.map((l) => l.text)
      .filter((t) => t !== '');
  const cut = [
    'WARNING: CPU: 0 PID: 1 at drivers/mtd/nand/raw/nand_base.c:5756 nand_scan_with_i',
    'ds+0xb88/0x137c',
    'Total number of ECC bytes exceeded oobsize',
  ];

  it('joins the two pieces of the name into one word (gh-2463)', () => {
    expect(texts(cut.join('\n'))).toEqual([
      'WARNING: CPU: 0 PID: 1 at drivers/mtd/nand/raw/nand_base.c:5756 nand_scan_with_ids+0xb88/0x137c',
      'Total number of ECC bytes exceeded oobsize',
    ]);
    expect(parseReports(cut.join('\n')).reports[0]?.culprit?.fn).toBe('nand_scan_with_ids');
  });

  it('leaves a whole warning line and a line with a timestamp of its own apart', () => {
    const whole = 'WARNING: CPU: 0 PID: 1 at mm/x.c:12 f+0x1/0x2\nModules linked in:';
    expect(texts(whole)).toEqual(whole.split('\n'));
    const stamped = `${cut[0]}\n[    1.000000] ds+0xb88/0x137c`;
    expect(texts(stamped)).toHaveLength(2);
  });
});

describe('a report that a tool re-flowed into a paragraph', () => {
  const real = (name: string): string =>
    readFileSync(new URL(`./fixtures/real/reports/${name}.txt`, import.meta.url), 'utf8');

  it('reads it back from a CVE record joined and wrapped again at 110 columns', () => {
    const [kasan] = parseReports(
      real(
        'mg-1730-x86_64-5.18-rc1-cachefiles-kasan-slab-oob-set-volume-xattr-cve-text-joined-rewrapped-110',
      ),
    ).reports;
    expect(kasan).toMatchObject({
      kind: 'kasan',
      title: 'KASAN: slab-out-of-bounds Write in cachefiles_set_volume_xattr',
      kernel: '5.18.0-rc1-nfs-fscache-netfs+',
      arch: 'x86_64',
    });
    const [preempt] = parseReports(
      real('mg-1729-x86_64-nf-conntrack-this-cpu-add-preemptible-cve-text-joined-rewrapped-110'),
    ).reports;
    expect(preempt?.headline).toBe(
      'BUG: using __this_cpu_add() in preemptible [00000000] code: conntrack/1636',
    );
    expect(preempt?.title).toBe(
      'BUG: using __this_cpu_add() in preemptible code in nf_conntrack_hash_check_insert',
    );
  });

  it("cuts a joined line at powerpc's `[sp] [lr] f+0x..` frames", () => {
    // gh-2302: a blog paragraph runs on into a ppc32 report joined onto the same line.
    const reports = parseReports(
      real('gh-2302-blog-chinese-ppc-scheduling-while-atomic-insmod-joined-in-prose'),
    ).reports;
    expect(reports.map((r) => r.headline)).toContain('BUG: scheduling while atomic: insmod/826/0x00000002');
    expect(reports.at(-1)).toMatchObject({ arch: 'powerpc', culprit: { fn: 'schedule' } });
  });

  it('leaves prose that names a header without a stack as it is', () => {
    const prose = [
      'We hit a BUG: soft lockup on the box yesterday and the Call Trace: was lost; the machine',
      'printed WARNING: lines before it but nobody kept them, so all we have is this description.',
    ].join('\n');
    expect(parseReports(prose).reports).toHaveLength(0);
  });
});

describe('what a tool put on every line of a short excerpt', () => {
  const culpritOf = (text: string) => parseReports(text).reports[0]?.culprit?.fn ?? null;
  const lines = [
    'BUG: kernel NULL pointer dereference, address: 0000000000000008',
    'Call Trace:',
    '  <TASK>',
    '  foo_probe+0x12/0x34 [foo]',
    '  really_probe+0x1c2/0x3c0',
  ];

  it("drops a pager's line numbers and keeps the frames' own indentation", () => {
    expect(culpritOf(lines.map((l, i) => `${String(i + 1).padStart(6)}\t${l}`).join('\n'))).toBe('foo_probe');
  });

  it('drops the marker of a Markdown list item on every line', () => {
    expect(culpritOf(lines.map((l) => `- ${l}`).join('\n'))).toBe('foo_probe');
  });

  it("drops a web page's list bullet and an ordered list's numbers, which count up", () => {
    expect(culpritOf(lines.map((l) => `• ${l}`).join('\n'))).toBe('foo_probe');
    expect(culpritOf(lines.map((l, i) => `${i + 1}. ${l}`).join('\n'))).toBe('foo_probe');
    expect(culpritOf(lines.map((l, i) => `${i + 1}) ${l}`).join('\n'))).toBe('foo_probe');
  });

  it("reads a line that is only a web page's <br> as a blank line, not the end of the paste", () => {
    // gh-110-gdrcopy-kfence-uaf-write-down-write as a page's HTML.
    const kfence = [
      'BUG: KFENCE: use-after-free write in down_write+0x15/0x40',
      '',
      'Use-after-free write at 0xffff98f6bbedcfd8 (in kfence-#122733):',
      ' down_write+0x15/0x40',
      ' gdrdrv_get_pages_free_callback+0x20/0xc0 [gdrdrv]',
    ];
    expect(culpritOf(kfence.map((l) => `${l}<br>`).join('\n'))).toBe('gdrdrv_get_pages_free_callback');
  });
});

describe('a layer a tool put around the whole paste, over the quoting and markup inside it', () => {
  const OOPS = [
    'BUG: kernel NULL pointer dereference, address: 0000000000000008',
    '#PF: supervisor read access in kernel mode',
    'Oops: 0000 [#1] PREEMPT SMP NOPTI',
    'CPU: 2 PID: 812 Comm: modprobe Not tainted 6.8.0 #1',
    'RIP: 0010:foo_probe+0x2a/0x90 [foo]',
    'Call Trace:',
    ' <TASK>',
    ' foo_probe+0x2a/0x90 [foo]',
    ' really_probe+0x1d2/0x3b0',
    ' </TASK>',
  ];
  const quoted = ['On Mon, someone wrote:', ...OOPS.map((l) => `> ${l}`), '', 'Any idea?'];
  const read = (text: string) => {
    const r = parseReports(text).reports[0];
    return r && { kind: r.kind, headline: r.headline, culprit: r.culprit?.fn };
  };
  const want = { kind: 'null-deref', headline: OOPS[0], culprit: 'foo_probe' };

  it("reads a quoted mail numbered by `cat -n` or an editor, whatever the numbers' width", () => {
    const catN = quoted.map((l, i) => `${String(i + 1).padStart(6)}\t${l}`).join('\n');
    expect(read(catN)).toEqual(want);
    const editor = quoted.map((l, i) => `${i + 8}: ${l}`).join('\n');
    expect(read(editor)).toEqual(want);
  });

  it('reads a quoted mail or lines in backticks made into a Markdown list', () => {
    expect(read(quoted.map((l) => (l === '' ? l : `- ${l}`)).join('\n'))).toEqual(want);
    expect(read(OOPS.map((l) => `* \`${l}\``).join('\n'))).toEqual(want);
  });

  it('reads a log held as one JSON string, however short, with its escaped tabs and quotes', () => {
    expect(read(JSON.stringify(quoted.join('\n')))).toEqual(want);
    const two =
      'BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580\n\tfoo_probe+0x2a/0x90 [foo] "x"';
    expect(read(JSON.stringify(two))?.kind).toBe('sleep-in-atomic');
  });
});

describe('a log cut at a terminal width, the rest of each long line lost', () => {
  const read = (text: string) => {
    const r = parseReports(text).reports[0];
    return r && { kind: r.kind, culprit: r.culprit?.fn };
  };

  it('reads a header cut anywhere in its constant text', () => {
    const prefix = 'Mar 25 17:13:57 host kernel: [ 5257.164032] ';
    expect(read(`${prefix}BUG: kernel NULL pointer derefe`)?.kind).toBe('null-deref');
    expect(read(`${prefix}Unable to handle kernel NULL poi`)?.kind).toBe('null-deref');
    expect(read(`${prefix}BUG: unable to handle page fau`)?.kind).toBe('paging-fault');
    expect(read(`${prefix}INFO: task FwgThread OpFor:15341 blocked for more than 120 se`)?.kind).toBe(
      'hung-task',
    );
    expect(read(`${prefix}WARNING: possible circular locking dependency det`)?.kind).toBe('lockdep-circular');
    expect(read(`${prefix}INFO: rcu_sched_state detected`)?.kind).toBe('rcu-stall');
  });

  it('names the function a cut name began, from a frame that shows it whole', () => {
    // A lockdep report whose `at: [<c0...>] sdhci_spin_lock+0x..` lines lost their ends at 80 columns.
    const real = readFileSync(
      new URL(
        './fixtures/real/reports/gh-730-rpi-3.12-sdhci-inconsistent-hardirq-lock-state.txt',
        import.meta.url,
      ),
      'utf8',
    );
    const cut = real
      .split('\n')
      .map((l) => l.slice(0, 80))
      .join('\n');
    const got = read(cut);
    expect(got?.kind).toBe('lockdep-inconsistent');
    // Cut as `sdhci_spin_loc`: the whole name the trace prints, which its label accepts, not the fragment.
    expect(['sdhci_spin_lock', 'sdhci_spin_lock_irqsave']).toContain(got?.culprit);
  });

  it('finds no report in a user-space fault the kernel logged, cut before its `error:`', () => {
    const line = 'Jan  3 10:00:01 host kernel: traps: k8s-wait[29857] general protection fault ip:7f';
    expect(parseReports(line).reports).toEqual([]);
  });
});

describe('syslog lines whose date was cut, quoted with an indent', () => {
  it('takes the host and `kernel:` tag off every line, so the release line is read', () => {
    // ml-3229-x86_64-4.19.0-4-amd64-debian-btrfs-update-root-transaction-aborted-enospc-host-prefix-elided
    const text = [
      ' heisenberg kernel: ------------[ cut here ]------------',
      ' heisenberg kernel: BTRFS: Transaction aborted (error -28)',
      ' heisenberg kernel: WARNING: CPU: 0 PID: 7137 at fs/btrfs/root-tree.c:136 btrfs_update_root+0x22b/0x320 [btrfs]',
      '(...)',
      ' heisenberg kernel: CPU: 0 PID: 7137 Comm: btrfs-transacti Not tainted 4.19.0-4-amd64 #1 Debian 4.19.28-2',
      ' heisenberg kernel: Hardware name: FUJITSU LIFEBOOK U757/FJNB2A5, BIOS Version 1.21 03/19/2018',
      ' heisenberg kernel: RIP: 0010:btrfs_update_root+0x22b/0x320 [btrfs]',
    ].join('\n');
    const r = parseReports(text).reports[0];
    expect(r?.headline.startsWith('WARNING: CPU: 0 PID: 7137')).toBe(true);
    expect(r?.kernel).toBe('4.19.0-4-amd64');
  });
});

describe("a test program's `file.c:line:` output around a header", () => {
  it('takes no source file for the function the poster names', () => {
    const text = [
      'tst_fill_fs.c:109: TINFO: writev("mntpoint/subdir/thread3/AOF", iov, 512): ENOSPC',
      'tst_fill_fs.c:109: TINF[ 1393.817197] ------------[ cut here ]------------',
      '[ 1393.823305] kernel BUG at fs/ext4/mballoc.c:4369!',
    ].join('\n');
    const culprit = parseReports(text).reports[0]?.culprit?.fn;
    expect(culprit === undefined || !culprit.startsWith('tst_fill_fs')).toBe(true);
  });
});

describe('the rest of a multi-line printk record, as dmesg indents it', () => {
  // gh-124 (firelzrd/bore-scheduler#59): lockdep's "\nbut task is already holding lock:\n" leaves an
  // empty timestamped line and a continuation indented to the timestamp's width.
  const LOG = `[    0.702436] init/1 is trying to acquire lock:
[    0.702441] ffff8881001f1cb0 (&p->se.child_burst.lock){+.+.}-{3:3}, at: update_child_burst_topological+0xcc/0x210
[    0.702458] 
               but task is already holding lock:
[    0.702463] ffffffff83012730 (&p->se.child_burst.lock){+.+.}-{3:3}, at: sched_clone_bore+0x245/0x520`;

  it('reads the continuation as a line of the record, in its context and at its time', () => {
    const line = readPaste(LOG).lines[3];
    expect(line).toMatchObject({ text: 'but task is already holding lock:', ctx: 'console', time: 0.702458 });
  });

  it('takes the same indent one column wider when the paste lost the space after an empty record', () => {
    // gh-3308 (openzfs/zfs#8984): `[  122.950921]` ends without its space.
    const lines =
      readPaste(`[  122.950921] 0000000083e9cbcf (&dn->dn_dbufs_mtx){+.+.}, at: dbuf_destroy+0x3c0/0xdb0 [zfs]
[  122.950921]
               but task is already holding lock:`).lines;
    expect(lines[2]).toMatchObject({ text: 'but task is already holding lock:', ctx: 'console' });
  });

  it('leaves a line of another indent, and an untimestamped paste, as they were', () => {
    const other = readPaste(`[    0.702458] foo\n    bar`).lines[1];
    expect(other).toMatchObject({ text: '    bar', ctx: '', time: null });
    const bare = readPaste(`foo\n               bar`).lines[1];
    expect(bare).toMatchObject({ ctx: '', time: null });
  });
});

describe('a warning line its poster continued with a backslash', () => {
  it('joins the pieces as the kernel printed them, inside a path or between place and function', () => {
    // gh-3310 (sonyxperiadev/kernel#1235) and ml-1981 (a 6.13 stable patch), as posted.
    const inPath = readPaste(`[   84.261515] WARNING: CPU: 0 PID: 3551 at ../../../../../..\\
        /kernel/sony/msm8996/kernel/irq/manage.c:448 __enable_irq+0x40/0x88()
[   84.261520] Unbalanced enable for IRQ 351`).lines[0];
    expect(inPath?.text).toBe(
      'WARNING: CPU: 0 PID: 3551 at ../../../../../../kernel/sony/msm8996/kernel/irq/manage.c:448 __enable_irq+0x40/0x88()',
    );
    const atPlace = readPaste(`WARNING: CPU: 18 PID: 5462 at lib/list_debug.c:35 \\
\t__list_add_valid_or_report+0xf3/0x130`).lines[0];
    expect(atPlace?.text).toBe(
      'WARNING: CPU: 18 PID: 5462 at lib/list_debug.c:35 __list_add_valid_or_report+0xf3/0x130',
    );
  });
});
