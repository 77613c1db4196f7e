/**
 * The index and the array bound of a UBSAN array-index-out-of-bounds report. lib/ubsan.c
 * `__ubsan_handle_out_of_bounds()` prints `index %s is out of range for type %s`: the index through
 * `val_to_string()` (`%lld` for a signed index type, `%llu` for an unsigned one, so -1 in an unsigned index
 * reads 18446744073709551615 or 4294967295) and the array's type as the compiler named it, quoted:
 * `'u8 [16]'`, `'struct foo *[8]'`, `'int [2][3]'` (an array of 2 arrays of 3: the first bound is the one
 * indexed), `'u8 [*]'` for a flexible array.
 */
import type { UbsanIndex } from '../report.js';
import { signedCount } from './ubsan-shift.js';

const INDEX_LINE = /^index (-?\d{1,20}) is out of range for type '([^']{1,160})'$/;

/** The bounds the type ends with: `[8]`, `[2][3]`, `[*]`. */
const TRAILING_BOUNDS = /((?:\[(?:\d{1,10}|\*)\])+)$/;

/** `text` is a line without its leading spaces that starts with `index `. */
export function readUbsanIndex(text: string, line: number): UbsanIndex | null {
  const m = INDEX_LINE.exec(text.trimEnd());
  if (m?.[1] === undefined || m[2] === undefined) return null;
  const bounds = TRAILING_BOUNDS.exec(m[2])?.[1];
  const first = bounds?.slice(1, bounds.indexOf(']'));
  const length = first === undefined || first === '*' ? null : Number(first);
  return { index: signedCount(BigInt(m[1])), length, type: `'${m[2]}'`, line };
}
