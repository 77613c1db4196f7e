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

/** A mail client's re-wrap: each line broken at the last space before column 72. */
function rewrap(lines: readonly string[]): string {
  return lines
    .flatMap((l) => {
      const out: string[] = [];
      let rest = l;
      while (rest.length > 72) {
        const cut = rest.lastIndexOf(' ', 72);
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
  'console levels': BARE.map((l, i) => `<4>[  ${stamp(i)}] ${l}`).join('\n'),
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
  'a container log prefix': BARE.map((l, i) => `kernel-1  | [  ${stamp(i)}] ${l}`).join('\n'),
  'pager line numbers': BARE.map((l, i) => `  ${11745 + i} [  ${stamp(i)}] ${l}`).join('\n'),
  "a terminal's clock": BARE.map((l, i) => `16:56:35 [  ${stamp(i)}] ${l}`).join('\n'),
  'a shell prompt glued to the first line': BARE.map(
    (l, i) => `${i === 0 ? '/ # ' : ''}[  ${stamp(i)}] ${l}`,
  ).join('\n'),
  'an indented code block': BARE.map((l, i) => `        [  ${stamp(i)}] ${l}`).join('\n'),
  'the first bracket cut off': BARE.map((l, i) => `${i === 0 ? '' : '[  '}${stamp(i)}] ${l}`).join('\n'),
  'quoted-printable with soft breaks': quotedPrintable(BARE.map((l, i) => `[  ${stamp(i)}] ${l}`)),
  'mail re-wrapped at 72 columns': rewrap(BARE.map((l, i) => `[  ${stamp(i)}] ${l}`)),
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
