/**
 * The facts a triager reads once the basics are known: lockdep's story, other CPUs' backtraces, the
 * syscall, the preemption model and KASAN's object. Fed every line of a block before the main fact
 * table, so lines that table consumes (`CPU:`, `RIP:`) are seen here too; it never consumes a line.
 */
import type { Facts, UbsanIndex, UbsanShift } from '../report.js';
import { CpuBacktraces } from './cpu-backtraces.js';
import { KasanReader } from './kasan-object.js';
import { LOCKDEP_LINE_STARTS, LockdepReader } from './lockdep-report.js';
import { fileAfter, readFileLine, type NamedFile } from './named-file.js';
import { readPreemptModel } from './preempt-model.js';
import { PrefixTable, rowsOf } from './prefix-table.js';
import { SyscallReader } from './syscall.js';
import { readUbsanIndex } from './ubsan-index.js';
import { readUbsanShift } from './ubsan-shift.js';
import { readCpuLine, type TaskLine } from './task-line.js';

type MoreFields = Pick<
  Facts,
  | 'lockdep'
  | 'cpuBacktraces'
  | 'syscall'
  | 'preemptModel'
  | 'kasanObject'
  | 'kasanRange'
  | 'codeLine'
  | 'namedFile'
  | 'ubsanShift'
  | 'ubsanIndex'
>;

type Reader = (m: MoreFacts, rest: string, text: string, line: number) => void;

const LINES = new PrefixTable<Reader>([
  { prefix: 'NMI backtrace for cpu ', value: (m, rest, _, line) => m.backtraces.header(rest, line) },
  {
    prefix: 'CPU: ',
    value: (m, _, text) => {
      m.model ??= readPreemptModel(text, ' #');
      m.taskLine = readCpuLine(text);
      if (m.taskLine) m.backtraces.cpuLine(m.taskLine.task);
    },
  },
  ...rowsOf<Reader>(
    (m, _, text) => {
      m.model ??= readPreemptModel(text, '[#');
    },
    'Oops: ',
    'Internal error: ',
    'general protection fault',
    'invalid opcode: ',
  ),
  {
    prefix: 'RIP: ',
    value: (m, rest) => {
      m.syscall.rip(rest);
      m.kernelRip = !rest.startsWith('0033:') && !rest.startsWith('0023:');
    },
  },
  ...rowsOf<Reader>(
    (m) => {
      m.kernelRip = true;
    },
    'pc : ',
    'PC is at ',
    'epc : ',
    'NIP [',
  ),
  {
    prefix: 'Code: ',
    value: (m, _, __, line) => {
      if (m.kernelRip) m.codeLine ??= line;
      m.kernelRip = false;
    },
  },
  { prefix: 'kernel BUG at ', value: (m, rest) => m.file(readFileLine(rest)) },
  { prefix: 'WARNING: CPU: ', value: (m, rest) => m.file(fileAfter(rest, ' at ')) },
  {
    prefix: 'BUG: sleeping function called from invalid context ',
    value: (m, rest) => m.file(fileAfter(` ${rest}`, ' at ')),
  },
  {
    prefix: 'UBSAN: ',
    value: (m, rest, _, line) => {
      m.file(fileAfter(rest, ' in '));
      // A paste that joined the report's lines keeps the exponent on the header line.
      const glued = rest.indexOf(' shift exponent ');
      if (glued >= 0) m.ubsanShift ??= readUbsanShift(rest.slice(glued + 1), line);
      const gluedIndex = rest.indexOf(' index ');
      if (gluedIndex >= 0) m.ubsanIndex ??= readUbsanIndex(rest.slice(gluedIndex + 1), line);
    },
  },
  {
    prefix: 'index ',
    value: (m, _, text, line) => {
      m.ubsanIndex ??= readUbsanIndex(text, line);
    },
  },
  {
    prefix: 'shift exponent ',
    value: (m, _, text, line) => {
      m.ubsanShift ??= readUbsanShift(text, line);
    },
  },
  { prefix: 'RSP: ', value: (m, _, text, line) => m.syscall.rsp(text, line) },
  { prefix: 'which belongs to the cache ', value: (m, _, text, line) => m.kasan.cacheLine(text, line) },
  { prefix: 'The buggy address is located ', value: (m, rest) => m.kasan.located(rest) },
  { prefix: 'KASAN: ', value: (m, rest, _, line) => m.kasan.rangeLine(rest, line) },
]);

/** The line starts `MoreFacts.line` looks up, its lockdep reader's included. */
export const MORE_LINE_STARTS: readonly string[] = [...LINES.prefixes, ...LOCKDEP_LINE_STARTS];

export class MoreFacts {
  readonly backtraces = new CpuBacktraces();
  readonly syscall = new SyscallReader();
  readonly kasan = new KasanReader();
  readonly lockdep = new LockdepReader();
  model: string | null = null;
  codeLine: number | null = null;
  namedFile: NamedFile | null = null;
  ubsanShift: UbsanShift | null = null;
  ubsanIndex: UbsanIndex | null = null;
  /** The last location line was kernel code: a `Code:` line after it is worth decoding. */
  kernelRip = false;
  /** The task line of the line just read when it is a `CPU:` line, for the fact reader to take too. */
  taskLine: TaskLine | null = null;

  file(read: NamedFile | null): void {
    this.namedFile ??= read;
  }

  /**
   * `text` is the line without leading spaces, `raw` as printed. `keyed`: whether `text` starts with one
   * of `MORE_LINE_STARTS`; a line that does not skips the look-ups.
   */
  line(text: string, raw: string, line: number, keyed: boolean): void {
    this.taskLine = null;
    this.lockdep.line(text, raw, line, keyed);
    if (this.kasan.next(text) || !keyed) return;
    const hit = LINES.match(text);
    if (hit) hit.value(this, hit.rest, text, line);
  }

  finish(): MoreFields {
    return {
      lockdep: this.lockdep.result(),
      cpuBacktraces: this.backtraces.list,
      syscall: this.syscall.result,
      preemptModel: this.model,
      kasanObject: this.kasan.object,
      kasanRange: this.kasan.range,
      codeLine: this.codeLine,
      namedFile: this.namedFile,
      ubsanShift: this.ubsanShift,
      ubsanIndex: this.ubsanIndex,
    };
  }
}
