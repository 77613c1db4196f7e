/**
 * The faulting address of a paging fault, NULL dereference or sanitizer report. Each row is a line start
 * and the words the address follows on that line (`''`: right after the start).
 */
import { rowsOf, type PrefixRow } from './prefix-table.js';
import { hexTokenAt, skipSpaces } from './text.js';

export const ADDRESS_LINES: readonly PrefixRow<string>[] = [
  // x86 (arch/x86/mm/fault.c), current and before v5.1.
  ...rowsOf(
    '',
    'BUG: kernel NULL pointer dereference, address: ',
    'BUG: unable to handle page fault for address: ',
    'BUG: unable to handle kernel paging request at ',
    'BUG: unable to handle kernel NULL pointer dereference at ',
  ),
  // powerpc (arch/powerpc/mm/fault.c): `BUG: Kernel NULL pointer dereference on read at 0x00000000`.
  ...rowsOf(' at ', 'BUG: Kernel NULL pointer dereference', 'BUG: Unable to handle kernel '),
  // arm, arm64, riscv: `Unable to handle kernel paging request at virtual address ...`; mips and
  // loongarch put `CPU 0 ` in front.
  ...rowsOf(' at virtual address ', 'Unable to handle kernel ', 'CPU '),
  // x86 general protection fault, `Oops: ` in front since v6.10.
  ...rowsOf(' address ', 'general protection fault, ', 'Oops: general protection fault, '),
  // s390 (arch/s390/mm/fault.c).
  ...rowsOf('', 'Failing address: '),
  // KASAN: `Read of size 8 at addr ffff... by task x/1`; before v4.x the title held `at addr`.
  ...rowsOf(' at addr ', 'Read of size ', 'Write of size ', 'BUG: KASAN: '),
  ...rowsOf('', 'Free of addr '),
  // KFENCE (mm/kfence/report.c).
  ...rowsOf(
    '',
    'Use-after-free read at ',
    'Use-after-free write at ',
    'Out-of-bounds read at ',
    'Out-of-bounds write at ',
    'Invalid read at ',
    'Invalid write at ',
    'Invalid free of ',
    'Corrupted memory at ',
  ),
  // KCSAN: the first access, `read to 0xffff88810b4b2d68 of 8 bytes by task 1 on cpu 0:`.
  ...rowsOf(
    '',
    'read to ',
    'write to ',
    'read-write to ',
    'read (marked) to ',
    'write (marked) to ',
    'read-write (marked) to ',
  ),
];

/** The address after `marker` in the text that followed the row's prefix. */
export function readAddress(rest: string, marker: string): string | null {
  let at = 0;
  if (marker !== '') {
    const found = rest.indexOf(marker);
    if (found < 0) return null;
    at = found + marker.length;
  }
  return hexTokenAt(rest, skipSpaces(rest, at));
}
