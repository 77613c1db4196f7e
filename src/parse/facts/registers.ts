/**
 * The code locations of a register dump: where the CPU was (`RIP`, `pc`, `PC is at`, `epc`, `NIP`, the
 * s390 PSW, `ERA`) and the return address (`lr`, `LR is at`, `ra`, `LR [..]`).
 */
import { parseFrameLine, parseKsymoopsLocation } from '../frames.js';
import type { CodeLocation } from '../report.js';
import { hexEnd, skipSpaces } from './text.js';
import { rowsOf, type PrefixRow } from './prefix-table.js';

export type LocationField = 'rip' | 'pc' | 'lr';

/** Labels as each architecture's `show_regs()` prints them, leading spaces removed. */
export const LOCATION_LABELS: readonly PrefixRow<LocationField>[] = [
  // x86: `RIP: 0010:f+0x4b/0x90`; user space `RIP: 0033:0x7f0ba008dbb0`; before 4.x `RIP: 0010:[<addr>]  [<addr>] f`.
  ...rowsOf<LocationField>('rip', 'RIP: ', 'IP: ', 'EIP: ', 'EIP is at '),
  // ksymoops (2.4/2.6) decodes the dump's `EIP:`/`PC:`/`RA:` under it: `>>EIP; c0136d10 <grow_buffers+50/100>   <=====`.
  ...rowsOf<LocationField>('rip', '>>EIP; '),
  ...rowsOf<LocationField>('pc', '>>PC; '),
  ...rowsOf<LocationField>('lr', '>>RA; '),
  // x86-64's summary line after the oops (`DIE_SUMMARY`): `RIP  [<ffffffff8014c562>] list_del+0x48/0x71`.
  ...rowsOf<LocationField>('rip', 'RIP  ['),
  // The crash utility's `bt` on a vmcore: `[exception RIP: cfb_imageblit+1167]`, the offset in decimal.
  ...rowsOf<LocationField>('rip', '[exception RIP: '),
  // arm64: `pc : f+0x1/0x2`, `lr : g+0x1/0x2`. arm32's `pc : [<c0123456>]    lr : [<...>]    psr:` line
  // comes after `PC is at`, which therefore wins.
  // powerpc's xmon debugger prints `pc: c00000000047d72c: f+0xd4/0x2b0` (arch/powerpc/xmon/xmon.c excprint()).
  ...rowsOf<LocationField>(
    'pc',
    'pc : ',
    'PC is at ',
    'epc : ',
    'epc   : ',
    'NIP [',
    'Krnl PSW : ',
    'ERA: ',
    'pc: ',
    // sparc64 `TPC: <f+0x27c/0x600>` (arch/sparc/kernel/process_64.c show_regs()), parisc
    // `IAOQ[0]: f+0xb0/0x150` (arch/parisc/kernel/traps.c show_regs())
    'TPC: <',
    'IAOQ[0]: ',
    // m68k `PC: [<001074c2>] f+0xc/0x16` (arch/m68k/kernel/traps.c show_registers()), alpha `pc is at
    // f+0x58/0x330` (arch/alpha/kernel/traps.c dik_show_regs()).
    'PC: [',
    'pc is at ',
    // ia64 `ip is at f+0x61/0x80` (arch/ia64/kernel/process.c show_regs(), in v6.1).
    'ip is at ',
  ),
  // riscv prints ` ra : g+0x1/0x2`, mips `ra    : addr g`, loongarch `ra: addr g`, powerpc `LR [addr] g`
  // and xmon `lr: addr: g`; sparc64 the caller's return address `I7: <g+0x..>`, parisc `RP(r2): g+0x..`.
  ...rowsOf<LocationField>(
    'lr',
    'lr : ',
    'LR is at ',
    'ra : ',
    'ra    : ',
    'ra: ',
    'LR [',
    'lr: ',
    'I7: <',
    'RP(r2): ',
    // alpha `ra is at g+0x94/0xb0` (dik_show_regs()), sh `PR is at g+0x5c/0x1c8` (arch/sh/kernel/process_32.c show_regs()).
    'ra is at ',
    'PR is at ',
  ),
];

/** 2.4 kernels with kallsyms: `EIP is at rx_poll [sundance] 0x17e`, the module `kernel` for the kernel. */
const KALLSYMS_24 = /^([A-Za-z_][\w.]{0,127}) \[[\w-]{1,64}\] 0x([0-9a-f]{1,8})/;

/** What follows `[exception RIP: `: a symbol and its offset (crash prints `%s+%ld`, decimal), then `]`. */
const CRASH_EXCEPTION_RIP = /^([A-Za-z_.$][\w.$]{0,127})(?:\+(?:0x([0-9a-f]{1,8})|(\d{1,10})))?\]\s*$/;

/**
 * The summary x86's die() printed last before v4.x, "in case the oops scrolled away"
 * (arch/x86/kernel/dumpstack.c __die(), arch/x86_64/kernel/traps.c and arch/i386/kernel/traps.c
 * before 2.6.24): x86-64 `RIP ` and printk_address()'s ` [<%016lx>] f+0x48/0x71`, then ` RSP <%016lx>`
 * (on the same line before 2.6.25), i386 `EIP: [<%08lx>] f+0x1e/0x60 SS:ESP %04x:%08lx`. A console
 * photo or a VM's last screen often shows nothing of the oops but this line and the panic.
 */
const DIE_SUMMARY = /^(?:RIP {2}\[|EIP: \[)<[0-9a-f]{8,16}>\] /;
const DIE_SUMMARY_TAIL = / (?:RSP <[0-9a-f]{8,16}>|SS:ESP [0-9a-f]{4}:[0-9a-f]{8})$/;

/** Where the CPU was, read from a die() summary line (`DIE_SUMMARY`), or null for any other line. */
export function readDieSummary(text: string, line: number): CodeLocation | null {
  return DIE_SUMMARY.test(text) ? readCodeLocation(text.slice(text.indexOf('[')), line) : null;
}

/**
 * The two addresses of an old x86 `RIP: e030:[<a>]  [<a>] f` after a Markdown converter read them as a
 * link (issues imported from Trac into GitHub): `[ [<ffffffff8143a229>](<ffffffff8143a229>])`.
 */
const LINKED_ADDRESS_PAIR = /^\[ \[<([0-9a-f]{8,16})>\]\(<([0-9a-f]{8,16})>\]\)/;

/** Bare addresses are at least this long: 32-bit kernels print 8 hex digits. */
const MIN_ADDRESS_DIGITS = 8;

/** The location after its label; `raw` keeps what was printed for addresses without a symbol. */
export function readCodeLocation(printed: string, line: number): CodeLocation | null {
  let rest = printed;
  const crash = CRASH_EXCEPTION_RIP.exec(rest);
  if (crash?.[1]) {
    const offset =
      crash[2] !== undefined
        ? Number.parseInt(crash[2], 16)
        : crash[3] !== undefined
          ? Number.parseInt(crash[3], 10)
          : null;
    return { fn: crash[1], offset, size: null, raw: rest.trim(), line };
  }
  let i = skipSpaces(rest, 0);
  // The x86 code segment selector: 0010 kernel, 0033 user (64-bit), 0023 user (compat).
  if (rest.charCodeAt(i + 4) === 58 && hexEnd(rest, i) === i + 4) i += 5;
  if (rest.charCodeAt(i) === 91 && rest.charCodeAt(i + 1) === 32) {
    const linked = LINKED_ADDRESS_PAIR.exec(rest.slice(i));
    if (linked)
      rest = `${rest.slice(0, i)}[<${linked[1]}>] [<${linked[2]}>]${rest.slice(i + linked[0].length)}`;
  }
  const start = i;
  let firstAddress: string | null = null;
  for (;;) {
    const address = addressAt(rest, i);
    if (address === null) break;
    firstAddress ??= address.text;
    i = skipSpaces(rest, address.end);
  }
  const symbol =
    i < rest.length ? parseFrameLine(unwrapped(rest.slice(i).replace(DIE_SUMMARY_TAIL, '')))?.[0] : undefined;
  if (symbol) {
    return { fn: symbol.fn, offset: symbol.offset, size: symbol.size, raw: rest.trim(), line };
  }
  const decoded = parseKsymoopsLocation(rest.slice(start));
  if (decoded) return { fn: decoded.fn, offset: decoded.offset, size: decoded.size, raw: rest.trim(), line };
  const old = KALLSYMS_24.exec(rest.slice(i));
  if (old?.[1] && old[2]) {
    return { fn: old[1], offset: Number.parseInt(old[2], 16), size: null, raw: rest.trim(), line };
  }
  if (firstAddress === null) return null;
  return { fn: null, offset: null, size: null, raw: rest.slice(0, start) + firstAddress, line };
}

/** `[<ffffffff81234567>]`, `c000000000123456]` (the `NIP [` label holds the bracket) or a bare hex token. */
function addressAt(s: string, from: number): { text: string; end: number } | null {
  let i = from;
  if (s.charCodeAt(i) === 91) i++;
  if (s.charCodeAt(i) === 60) i++;
  const end = hexEnd(s, i);
  if (end === i || (!s.startsWith('0x', i) && end - i < MIN_ADDRESS_DIGITS)) return null;
  let close = end;
  if (s.charCodeAt(close) === 62) close++;
  if (s.charCodeAt(close) === 93) close++;
  // xmon ends the address with a colon.
  else if (s.charCodeAt(close) === 58) close++;
  if (close < s.length && s.charCodeAt(close) !== 32) return null;
  return { text: s.slice(i, end), end: close };
}

/**
 * The s390 PSW line wraps its symbol, module included: `(f+0x4a/0x1c0 [zcrypt])` (`%pSR` in
 * parentheses); sparc64 closes its `TPC: <` with `>`.
 */
function unwrapped(symbol: string): string {
  const text = symbol.trimEnd();
  if (text.startsWith('(') && text.endsWith(')')) return text.slice(1, -1);
  return text.endsWith('>') && !text.includes('<') ? text.slice(0, -1) : text;
}
