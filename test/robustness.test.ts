/**
 * Nothing a paste holds may crash the parser, make it return something the contract rejects, or make
 * it do unbounded work. Properties run over arbitrary text and bytes and over real reports (the seeds
 * and, when present, syzkaller's corpus) mutated the way pastes get mangled. Speed is measured by
 * `npm run bench`; here only the work done is asserted (caps reached, notes written), never a time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { readCase } from '../scripts/conformance-score.js';
import { HEADER_WORDS } from '../src/parse/find-reports.js';
import { parseReports } from '../src/parse/index.js';
import { MAX_LINE_CHARS, MAX_PASTE_CHARS, MAX_REPORTS } from '../src/parse/limits.js';
import { readPaste } from '../src/parse/paste.js';
import { ParseResult, type Report } from '../src/parse/report.js';

const SEEDS_DIR = resolve(import.meta.dirname, 'fixtures', 'seeds');
const CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'syzkaller', 'linux-report');
/** Every n-th corpus log with a crash: enough shapes (x86, arm64, KASAN, lockdep, ...) at a test's cost. */
const CORPUS_STRIDE = 8;

const SEEDS = readdirSync(SEEDS_DIR)
  .sort()
  .map((name) => readFileSync(join(SEEDS_DIR, name), 'utf8'));
const CORPUS_LOGS = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((n) => /^\d+$/.test(n))
      .sort((a, b) => Number(a) - Number(b))
      .map((n) => readCase(n, readFileSync(join(CORPUS, n))))
      .filter((c) => c.title !== '')
      .filter((_, i) => i % CORPUS_STRIDE === 0)
      .map((c) => c.log)
      // The few logs we find no report in (see the conformance misses) have nothing to mangle.
      .filter((log) => parseReports(log).reports.length > 0 && /\[ *\d+\.\d{6}\]/.test(log))
  : [];
const REPORTS = [...SEEDS, ...CORPUS_LOGS];

/** A printk timestamp, as the kernel prints it. */
const TIMESTAMP = /\[ *\d+\.\d{6}\]/;
/** A kernel address or hex value standing alone, as a title must not show it. */
const RAW_ADDRESS = /(?<![A-Za-z0-9_])(?:0x)?[0-9a-f]{8,}(?![A-Za-z0-9_])/;

/** What must hold of any paste's result. */
function expectSound(input: string): void {
  const result = parseReports(input);
  expect(ParseResult.safeParse(result).success).toBe(true);
  const { lines } = result.input;
  // Line numbers point into the input as an editor shows it, where a lone carriage return ends a line too.
  expect(lines).toBeLessThanOrEqual(input.split(/\r\n|\r|\n/).length);
  expect(result.reports.length).toBeLessThanOrEqual(MAX_REPORTS);
  for (const r of result.reports) {
    expect(r.lines.start).toBeGreaterThanOrEqual(1);
    expect(r.lines.start).toBeLessThanOrEqual(r.lines.end);
    expect(r.lines.end).toBeLessThanOrEqual(lines);
    for (const f of r.frames) {
      expect(f.line).toBeGreaterThanOrEqual(r.lines.start);
      expect(f.line).toBeLessThanOrEqual(r.lines.end);
    }
    for (const title of [r.title, ...r.altTitles]) {
      expect(title).not.toMatch(TIMESTAMP);
      expect(title).not.toMatch(RAW_ADDRESS);
    }
  }
}

/** Lines that kernels print, and look-alikes, for building kernel-shaped noise. */
const KERNEL_LINES = [
  ...HEADER_WORDS.map((w) => `${w} `),
  'Call Trace:',
  ' <TASK>',
  ' </TASK>',
  ' <IRQ>',
  ' ? __die+0x23/0x70',
  ' kthread+0xf2/0x120',
  ' [<ffffffff81234567>] f+0x1/0x2',
  '[<c01829e8>] (irq_thread_fn) from [<c0182d5c>] (irq_thread+0x120/0x1f8)',
  ' unwind_backtrace from show_stack+0x10/0x14',
  'RIP: 0010:sensor_work_fn+0x1d/0x60 [sensor_drv]',
  'CPU: 3 UID: 0 PID: 2211 Comm: kworker/3:2 Tainted: G        W  OE      6.12.0 #1',
  '2 locks held by tc/6787:',
  ' #0: ffff888100000000 (&a->b){+.+.}-{3:3}, at: f+0x1/0x2',
  'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: a',
  'preempt_count: 1, expected: 0',
  'Modules linked in: a(O) b',
  '------------[ cut here ]------------',
  '---[ end trace 0000000000000000 ]---',
  '```',
  '<details>',
  '&lt;TASK&gt;',
];

const PREFIXES = [
  '[  123.456789] ',
  '[  123.456789][ T1423] ',
  '[  123.456789][    C1] ',
  '<4>',
  'kernel: ',
  'Apr 15 11:02:05 host kernel: ',
  'Apr 15 11:02:05 host sshd[12]: ',
  '2026-04-15T11:02:05.123456+00:00 host kernel: ',
  '[Sat Nov 21 01:02:03 2026] ',
  '> ',
  'syzkaller login: ',
  '** 3 printk messages dropped ** ',
];

const anyText = fc.string({ unit: 'binary', maxLength: 400 });
const kernelish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...KERNEL_LINES),
      fc.constantFrom(...PREFIXES).chain((p) => fc.constantFrom(...KERNEL_LINES).map((l) => p + l)),
      anyText,
    ),
    {
      maxLength: 40,
    },
  )
  .map((lines) => lines.join('\n'));

type Mutation =
  | { kind: 'drop' | 'duplicate' | 'crlf'; at: number }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'truncate'; at: number; keep: number }
  | { kind: 'prefix'; at: number; prefix: string }
  | { kind: 'entities'; at: number }
  | { kind: 'noise'; at: number; keep: number; noise: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const, 'crlf' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('prefix' as const), at: fc.nat(), prefix: fc.constantFrom(...PREFIXES) }),
  fc.record({ kind: fc.constant('entities' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('noise' as const),
    at: fc.nat(),
    keep: fc.nat({ max: 200 }),
    noise: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
  }),
);

/** The paste after the mutations, each applied to one line (indices wrap around). */
function mutate(text: string, mutations: readonly Mutation[]): string {
  const lines = text.split('\n');
  let crlf = false;
  for (const m of mutations) {
    if (lines.length === 0) break;
    const i = m.at % lines.length;
    const line = lines[i] ?? '';
    switch (m.kind) {
      case 'drop':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, line);
        break;
      case 'crlf':
        crlf = true;
        break;
      case 'swap': {
        const j = m.other % lines.length;
        lines[i] = lines[j] ?? '';
        lines[j] = line;
        break;
      }
      case 'truncate':
        lines[i] = line.slice(0, m.keep);
        // A report cut off mid-line: nothing after it.
        lines.length = i + 1;
        break;
      case 'prefix':
        lines[i] = m.prefix + line;
        break;
      case 'entities':
        lines[i] = line.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
        break;
      case 'noise':
        lines[i] = line.slice(0, m.keep) + m.noise + line.slice(m.keep);
        break;
    }
  }
  return lines.join(crlf ? '\r\n' : '\n');
}

/** Adds `delta` to every number `pattern` captures in group 1, keeping the rest of the match. */
function shiftNumbers(text: string, pattern: RegExp, delta: number): string {
  return text.replace(pattern, (whole: string, digits: string) =>
    whole.replace(digits, String(Number(digits) + delta)),
  );
}

/**
 * The same report from another run of the same bug: other kernel addresses, frame offsets, timestamps,
 * pids and CPU numbers. Each change is a bijection, so lines that were equal stay equal and lines that
 * differed still differ; offsets of 0 stay 0 (a caller at offset 0 means something to the title).
 */
function rerun(
  text: string,
  d: { mask: number; offset: number; seconds: number; pid: number; cpu: number },
): string {
  let s = text.replace(/\bffff([0-9a-f]{12})\b/g, (_, low: string) => {
    const high = Number.parseInt(low.slice(0, 6), 16);
    const flipped = ((high ^ d.mask) & 0xffffff).toString(16).padStart(6, '0');
    return `ffff${flipped}${low.slice(6)}`;
  });
  s = s.replace(/\+0x([0-9a-f]+)\/0x/g, (whole: string, off: string) => {
    const value = Number.parseInt(off, 16);
    return value === 0 ? whole : `+0x${(value + d.offset).toString(16)}/0x`;
  });
  s = s.replace(/\[( *)(\d+)\.(\d{6})\]/g, (_, pad: string, sec: string, frac: string) => {
    const shifted = String(Number(sec) + d.seconds);
    return `[${pad.slice(0, Math.max(0, pad.length - (shifted.length - sec.length)))}${shifted}.${frac}]`;
  });
  s = shiftNumbers(s, /\bPID: (\d+)/g, d.pid);
  s = shiftNumbers(s, /\bpid: (\d+)/g, d.pid);
  s = shiftNumbers(s, /\bby task (\d+)/g, d.pid);
  s = shiftNumbers(s, /\[ *T(\d+)\]/g, d.pid);
  s = shiftNumbers(s, /\bCPU: (\d+)/g, d.cpu);
  s = shiftNumbers(s, /\bCPU#(\d+)/g, d.cpu);
  s = shiftNumbers(s, /\[ *C(\d+)\]/g, d.cpu);
  return s;
}

function identity(r: Report): { kind: string; title: string; signature: string } {
  return { kind: r.kind, title: r.title, signature: r.signature };
}

describe('arbitrary input', () => {
  test.prop([anyText], { numRuns: 300 })('any string', (text) => {
    expectSound(text);
  });

  test.prop([fc.uint8Array({ maxLength: 2000 })], { numRuns: 200 })(
    'any bytes, decoded as UTF-8 (often invalid) and as latin-1',
    (bytes) => {
      expectSound(Buffer.from(bytes).toString('utf8'));
      expectSound(Buffer.from(bytes).toString('latin1'));
    },
  );

  test.prop([kernelish], { numRuns: 300 })('kernel-shaped lines, prefixes and noise in any order', (text) => {
    expectSound(text);
  });

  it('gives the same result twice', () => {
    fc.assert(
      fc.property(kernelish, (text) => {
        expect(parseReports(text)).toEqual(parseReports(text));
      }),
      { numRuns: 100 },
    );
  });
});

describe(`real reports, mangled (${SEEDS.length} seeds, ${CORPUS_LOGS.length} corpus logs)`, () => {
  test.prop([fc.constantFrom(...REPORTS), fc.array(mutation, { minLength: 1, maxLength: 8 })], {
    numRuns: 400,
  })(
    'lines dropped, duplicated, swapped, cut mid-line, prefixed, entity-escaped, CRLF, binary noise',
    (text, mutations) => {
      expectSound(mutate(text, mutations));
    },
  );

  test.prop(
    [
      fc.constantFrom(...REPORTS),
      fc.record({
        mask: fc.integer({ min: 1, max: 0xffffff }),
        offset: fc.integer({ min: 1, max: 0x400 }),
        seconds: fc.integer({ min: 1, max: 90_000 }),
        pid: fc.integer({ min: 1, max: 30_000 }),
        cpu: fc.integer({ min: 1, max: 63 }),
      }),
    ],
    { numRuns: 200 },
  )('the same bug on another run keeps its kind, title and signature', (text, delta) => {
    const before = parseReports(text).reports.map(identity);
    const after = parseReports(rerun(text, delta)).reports.map(identity);
    expect(after).toEqual(before);
  });
});

it('every real report used above holds a report, with addresses or timestamps that a rerun changes', () => {
  const delta = { mask: 1, offset: 1, seconds: 1, pid: 1, cpu: 1 };
  for (const text of REPORTS) {
    expect(parseReports(text).reports.length).toBeGreaterThan(0);
    expect(rerun(text, delta)).not.toBe(text);
  }
});

describe('pathological pastes finish with bounded work', () => {
  it('a 1 MB single line is cut to one line of MAX_LINE_CHARS, and says so', () => {
    const result = parseReports('BUG: '.repeat(200_000));
    expect(result.input.lines).toBe(1);
    expect(result.input.unread).toContain(
      `1 line(s) longer than ${MAX_LINE_CHARS} characters were cut to that length`,
    );
    expectSound('a'.repeat(1_000_000));
  });

  it('lines that each look cut off are joined back into no more than one printk line', () => {
    // Each line ends like a fault line a wrap cut: joining every next line to it made the joined line,
    // and the patterns run on it, grow with the paste (68 s for 1.9 MB).
    for (const unit of ['Unable to handle kernel\n', '#0: ffff888100000000\n', 'Unable to handle kernel ']) {
      const { lines } = readPaste(unit.repeat(20_000));
      expect(Math.max(...lines.map((l) => l.text.length))).toBeLessThanOrEqual(MAX_LINE_CHARS);
    }
  });

  it('a paste past the limit is read up to it: truncated, with a note', () => {
    const input = `[    1.000000] BUG: scheduling while atomic: a/1/0x00000002\n${'x'.repeat(MAX_PASTE_CHARS)}`;
    const result = parseReports(input);
    expect(result.input.truncated).toBe(true);
    expect(result.input.bytes).toBe(MAX_PASTE_CHARS);
    expect(result.input.unread[0]).toBe(
      `the paste is ${input.length} characters long; only the first ${MAX_PASTE_CHARS} were read`,
    );
    expect(result.reports).toHaveLength(1);
  });

  it('100,000 header lines give MAX_REPORTS reports and a count of the rest', () => {
    const result = parseReports(
      '[  1.000000] BUG: scheduling while atomic: a/1/0x00000002\n'.repeat(100_000),
    );
    expect(result.reports).toHaveLength(MAX_REPORTS);
    expect(result.input.unread).toContain(
      `${100_000 - MAX_REPORTS} more report header(s) after the first ${MAX_REPORTS} reports were not parsed`,
    );
  });

  it('long lines that repeat a header word hundreds of times', () => {
    for (const word of ['BUG: .', 'WARNING: 0', 'trusty: panic ', 'BUG: Dentry ', 'fbcon: WARNING: ']) {
      const line = `[    1.000000] ${word.repeat(Math.ceil(2000 / word.length))}`;
      const result = parseReports(`${line}\n`.repeat(500));
      expect(ParseResult.safeParse(result).success).toBe(true);
      expect(result.reports.length).toBeLessThanOrEqual(MAX_REPORTS);
    }
  });

  it('binary bytes and invalid UTF-8 are dropped and counted', () => {
    const bytes = Uint8Array.from({ length: 1_000_000 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
    for (const text of [Buffer.from(bytes).toString('latin1'), Buffer.from(bytes).toString('utf8')]) {
      const result = parseReports(text);
      expect(ParseResult.safeParse(result).success).toBe(true);
      expect(result.input.unread.some((u) => / control or undecodable byte\(s\) were ignored$/.test(u))).toBe(
        true,
      );
    }
  });

  it('a report cut off after its first line is still a report, marked corrupted', () => {
    const result = parseReports(
      '[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008',
    );
    expect(result.reports).toHaveLength(1);
    expect(result.reports[0]).toMatchObject({
      kind: 'null-deref',
      corrupted: true,
      lines: { start: 1, end: 1 },
    });
  });
});
