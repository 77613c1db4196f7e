/** The header words of the oops table, and the one cheap test for any of them. */
import { trieRegExp } from './header-trie.js';
import { OOPS_TABLE } from './oops-table.js';

/** Every header word of the oops table, for detection and for benchmarks that compare matchers. */
export const HEADER_WORDS: readonly string[] = OOPS_TABLE.map((h) => h.header);

/** One pattern, shaped as a trie of the header words: no repetition, so it is linear on any text. */
export const HEADER_TRIE = trieRegExp(HEADER_WORDS);

/** Whether `text` may hold a kernel report: some header word occurs in it. Cheap, and never misses one. */
export function mayContainReport(text: string): boolean {
  return HEADER_TRIE.test(text);
}
