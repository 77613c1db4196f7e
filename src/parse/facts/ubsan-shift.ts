/**
 * The shift count of a UBSAN shift-out-of-bounds report. lib/ubsan.c
 * `__ubsan_handle_shift_out_of_bounds()` prints the exponent with the signedness of its own type
 * (`val_to_string()`: `%lld` when the type is signed, `%llu` when not) and then
 * `shift exponent N is negative` or `shift exponent N is too large for W-bit type T`, W being the width
 * of the shifted value's type. So -1 held in an unsigned count prints as 18446744073709551615 (u64) or
 * 4294967295 (u32), and only the "too large" line says the width.
 */
import type { UbsanShift } from '../report.js';

/** `shift exponent N is negative` / `shift exponent N is too large for W-bit type T` (T as printed, quoted). */
const SHIFT_LINE =
  /^shift exponent (-?\d{1,20}) is (?:negative|too large for (\d{1,3})-bit type (\S.{0,79}))$/;

/**
 * Unsigned values this close below 2^64 or 2^32 are small negative numbers stored in an unsigned type:
 * no shift count is meant to be within 64Ki of 4294967296.
 */
const NEAR_WRAP = 1n << 16n;

/** The count as the code computed it: the printed value, an unsigned wrap-around read back as negative. */
export function signedCount(printed: bigint): number {
  for (const bits of [64n, 32n]) {
    const wrap = 1n << bits;
    if (printed < wrap && printed >= wrap - NEAR_WRAP) return Number(printed - wrap);
  }
  return Number(printed);
}

/** `text` is a line without its leading spaces that starts with `shift exponent `. */
export function readUbsanShift(text: string, line: number): UbsanShift | null {
  const m = SHIFT_LINE.exec(text.trimEnd());
  if (m?.[1] === undefined) return null;
  return {
    exponent: m[1],
    count: signedCount(BigInt(m[1])),
    width: m[2] === undefined ? null : Number(m[2]),
    type: m[3] ?? null,
    line,
  };
}
