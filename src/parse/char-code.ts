/**
 * The UTF-16 code unit of `s` at `at`, or 0 past its end, which no printable-character test takes.
 * `charCodeAt` answers NaN there, and V8 deoptimises the code that reads one (`--trace-deopt`: "out of
 * bounds"): the line readers that look one character past a line's end on every short line read
 * through this instead.
 */
export function codeAt(s: string, at: number): number {
  return at < s.length ? s.charCodeAt(at) : 0;
}
