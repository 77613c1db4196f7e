/**
 * Bounds on what the parser reads. They keep a hostile or accidental paste (a 5 MB single line, a core
 * dump pasted as text, 100,000 header lines) from making the parser slow or memory-hungry.
 */

/** Characters of a paste that are read; the rest is dropped and the result says so. */
export const MAX_PASTE_CHARS = 8 * 1024 * 1024;

/**
 * Characters of one line that are read. printk records are at most 1024 bytes of text
 * (PRINTK_MESSAGE_MAX), so anything past this is not kernel output; the cap also bounds the cost of
 * every per-line pattern.
 */
export const MAX_LINE_CHARS = 2048;

/** Reports returned from one paste; a flood of headers past this is counted, not parsed. */
export const MAX_REPORTS = 64;

/** Lines of a block (its header and a separator) that printed nothing of its own before the next report. */
export const HEADER_ONLY_LINES = 2;

/** Lines one report may span: a real splat with every CPU's backtrace stays well below this. */
export const MAX_REPORT_LINES = 4000;
