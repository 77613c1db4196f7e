/** The header words of the oops table, and the cheap tests for them. */
import { OOPS_TABLE } from './oops-table.js';
import { WordScanner } from './word-scan.js';

/** Every header word of the oops table, for detection and for benchmarks that compare matchers. */
export const HEADER_WORDS: readonly string[] = OOPS_TABLE.map((h) => h.header);

const HEADER_SCANNER = new WordScanner(HEADER_WORDS);

/**
 * Whether `text` may hold a kernel report: some header word occurs in it. Cheap (one pass, linear on
 * any text), and never misses one.
 */
export function mayContainReport(text: string): boolean {
  return HEADER_SCANNER.containsAny(text);
}

/** The rows of the oops table, in table order, whose header word occurs in `text`. */
export function headersIn(text: string): number[] {
  return HEADER_SCANNER.wordsIn(text);
}
