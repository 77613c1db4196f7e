/**
 * Lockdep's lock notation (kernel/locking/lockdep.c `print_lock`, `lockdep_print_held_locks`):
 * ` #1: ffff888100ef1438 (&dev->tx_global_lock){+.-.}-{2:2}, at: dev_deactivate_many+0xbb/0x410`.
 * Kernels before v5.6 print no `-{outer:inner}`; before ≈ v4.15 no instance address, a six-character
 * usage (hardirq, softirq and reclaim_fs states) and `at: [<addr>] f+0x1/0x2`.
 */
import { parseFrameLine } from '../frames.js';
import type { LockRecord, WaitTypes } from '../report.js';
import { hexEnd, readCommPid, skipSpaces } from './text.js';

/** `2 locks held by tc/6787:` / `1 lock held by x/1:` */
const HELD = /^(\d{1,6}) locks? held by /;
const NO_LOCKS = 'no locks held by ';
/** `{2:2}`: lockdep_wait_type values are single digits (include/linux/lockdep_types.h). */
const WAIT_TYPES = /^\{(\d{1,2}):(\d{1,2})\}/;
/** A usage string: one of `.`, `-`, `+`, `?` per state (Documentation/locking/lockdep-design.rst). */
const USAGE = /^[.?+-]{1,12}$/;
const AT = ', at: ';

export interface HeldHeader {
  count: number;
  /** `comm/pid` as printed. */
  task: string | null;
}

export function readHeldHeader(text: string): HeldHeader | null {
  let count: number;
  let rest: string;
  if (text.startsWith(NO_LOCKS)) {
    count = 0;
    rest = text.slice(NO_LOCKS.length);
  } else {
    const m = HELD.exec(text);
    if (!m) return null;
    count = Number(m[1]);
    rest = text.slice(m[0].length);
  }
  const task = readCommPid(rest, '/', ':.');
  return { count, task: task && `${task.comm}/${task.pid}` };
}

/** `{4:4}` at the start of `text`. */
export function readWaitTypes(text: string): WaitTypes | null {
  const m = WAIT_TYPES.exec(text);
  return m ? { outer: Number(m[1]), inner: Number(m[2]) } : null;
}

/** A lock after its ` #N: ` (or alone, under `is trying to acquire lock:`). */
export function readLockRecord(body: string, index: number | null, line: number): LockRecord | null {
  let i = skipSpaces(body, 0);
  let address: string | null = null;
  const addressEnd = hexEnd(body, i);
  if (addressEnd > i && body.charCodeAt(addressEnd) === 32) {
    address = body.slice(i, addressEnd);
    i = skipSpaces(body, addressEnd);
  }
  if (body.charCodeAt(i) !== 40) return null;
  const atIndex = body.indexOf(AT, i);
  const tail = atIndex < 0 ? body.length : atIndex;

  // Class names hold parentheses of their own (`((wq_completion)events)`), so the name ends at `){`.
  let nameEnd = body.indexOf('){', i);
  let usage: string | null = null;
  let waitTypes: WaitTypes | null = null;
  if (nameEnd >= 0 && nameEnd < tail) {
    const usageEnd = body.indexOf('}', nameEnd + 2);
    const printed = usageEnd < 0 ? '' : body.slice(nameEnd + 2, usageEnd);
    if (!USAGE.test(printed)) return null;
    usage = printed;
    if (body.startsWith('-{', usageEnd + 1)) waitTypes = readWaitTypes(body.slice(usageEnd + 2));
  } else {
    nameEnd = body.lastIndexOf(')', tail);
    if (nameEnd <= i) return null;
  }
  const name = body.slice(i + 1, nameEnd);
  if (name === '') return null;
  const at = atIndex < 0 ? null : atFunction(body.slice(atIndex + AT.length));
  return { index, address, name, usage, waitTypes, at, line };
}

/**
 * A terminal or a mail client that cut the line leaves the function's name and the start of its
 * offset (`smc_tx_sndbuf_nonempty+0xaa>`, `f+0x84/0x1d0 [>`): the name is whole once `+0x` follows it.
 */
const CUT_AT = /^ {0,4}(?:\[<[0-9a-f]{1,16}>\] )?([A-Za-z_][A-Za-z0-9_.]{0,127})\+0x[0-9a-f]/;

function atFunction(text: string): string | null {
  return parseFrameLine(text)?.[0]?.fn ?? CUT_AT.exec(text)?.[1] ?? null;
}
