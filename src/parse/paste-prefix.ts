/**
 * Prefixes that a tool or a poster put in front of every line of a pasted log, which no per-line rule
 * can tell from text: a bar (`  | `, `> | `, `│ ` of `bat` and `less`), a diff's `+`, a Markdown list's
 * `- `, a chat log's speaker (`<jdoe> `), an editor's or a pager's line numbers (`  12 │ `, `12: `,
 * `cat -n`), a docker compose service (`web_1  | `), a vendor kernel's CPU mark (`c3 `), a desktop VM's log
 * (`[09:47:13.115][Moby           ][Info   ] `), a syslog line whose date column was cut off, leaving
 * the host and the `kernel:` tag (`firefly-rk3399 kernel: [  116.2] `). Each is only taken off when
 * the lines around it carry the same prefix, so a single line that happens to start like one keeps it.
 *
 * Every pattern is anchored and bounded, so each line costs a few character tests and at most one
 * short match.
 */

import { isDigitCode } from './facts/text.js';
import type { PhysicalLine } from './joined.js';
import { UNISOC_CPU } from './prefixes.js';
import { codeAt } from './char-code.js';

/** What a line's prefix is, to compare it with its neighbours', and how long it is. */
interface PrefixShape {
  /** Lines with the same key share a prefix: the kind, and the service name for compose. */
  key: string;
  length: number;
  /** A line number the prefix holds, which must count up from line to line. */
  number: number | null;
}

/** `|`, `│` (U+2502) and `┃` (U+2503), optionally after a line number. */
const BAR = /^ {0,8}(?:(\d{1,7}) {0,4})?[|\u2502\u2503] ?/;
/**
 * An editor's or a pager's line number: `12: `, `grep -n`'s `12:`, or `cat -n`'s `    12\t` and vim's
 * `    12 ` (the tab is still there when the outer layer is read, see `outerPrefixLengths`); what follows
 * keeps its own indentation. An empty line keeps its number. An ordered list's item (`12. `, `12) `:
 * a Markdown editor's or a web page's numbered list) counts up the same way.
 */
const LINE_NUMBER = /^ {0,6}(\d{1,7})(?:: ?|[.)] |[ \t]|$)/;
/**
 * A test runner's elapsed-seconds column, zero-padded to five digits (ktest's `00034 kernel BUG at`):
 * the same number on many lines, counting up; a hex word of a stack dump is never five digits long.
 */
const ELAPSED = /^(0\d{4}) (?![0-9a-f]{8}\b)/;
const COMPOSE = /^([A-Za-z0-9][\w.-]{0,39}) {0,24}\| /;
/** How far a Markdown list item's marker may be indented (`- `, `* `, which no kernel line starts with). */
const MAX_BULLET_INDENT = 3;
/**
 * A chat log's speaker, after an optional clock: `<jdoe> `, `[14:02] <jdoe> `, `14:02:11 <jdoe> `. The
 * kernel's own angle brackets hold a level (`<4>`) or a stack marker in capitals (`<TASK>`, `<IRQ>`).
 */
const KERNEL_MARKERS: ReadonlySet<string> = new Set(['TASK', 'IRQ', 'NMI', 'SOFTIRQ', 'EOI', 'EOE']);
const CHAT_NICK = /^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]? )?<([A-Za-z_][\w|^`{}[\]\\-]{0,29})> /;
/** Docker Desktop's VM log: a clock, then the source and level in brackets. */
const CLOCK_TAGS = /^\[\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?\](?:\[[^\][]{1,40}\]){1,3} ?/;
/**
 * A syslog source without its date: the host, then the `kernel:` tag; indented when a commit message
 * or a mail quotes the lines (` heisenberg kernel: WARNING: ...`).
 */
const HOST_TAG = /^ {0,4}([A-Za-z0-9][\w.-]{0,63}) kernel: /;
/** The latest place the `kernel:` tag can start after an indented host name. */
const MAX_HOST_TAG_AT = 68;
const KERNEL_TAG = ' kernel: ';
/**
 * A row of `kubectl describe node`'s Events table that node-problem-detector's kernel monitor posted
 * (its `source` is `kernel-monitor`, its message the kernel line it matched: `Warning  TaskHung  5m23s
 * kernel-monitor  INFO: task dockerd:6500 blocked for more than 121 seconds.`): type, reason, age (with
 * kubectl's `(x3 over 10m)` for repeats), source (older kubectl adds `, <node>`), then the message.
 */
const NPD_EVENT =
  /^ {0,4}(?:Warning|Normal) {1,8}[A-Za-z]{1,64} {1,8}\S{1,24}(?: \(x\d{1,7} over \S{1,24}\))? {1,8}kernel-monitor(?:, \S{1,253})? {1,8}/;
const NPD_SOURCE = 'kernel-monitor';

/** Lines on either side that are compared; and how many of them must share the prefix. */
const NEIGHBOURHOOD = 3;
const MIN_NEIGHBOURS = 2;

function shapeOf(line: string): PrefixShape | null {
  const c = codeAt(line, 0);
  // A printk timestamp's `[` and padding, as nearly every line starts: every shape after a `[` has a digit.
  if (c === 0x5b && !isDigitCode(codeAt(line, 1))) return null;
  // A diff's added line: never how a kernel line starts.
  if (c === 0x2b) return { key: '+', length: 1, number: null };
  const bullet = bulletLength(line);
  if (bullet > 0) return { key: 'bullet', length: bullet, number: null };
  const nick = mayOpenChatLine(line) ? CHAT_NICK.exec(line) : null;
  if (nick && !KERNEL_MARKERS.has(nick[1] ?? '')) {
    return { key: `nick:${nick[1]}`, length: nick[0].length, number: null };
  }
  if (c === 0x63) {
    // Unisoc's CPU mark on lines saved without their timestamps (`c3 sh: page allocation failure: ...`):
    // lines on different CPUs share the prefix.
    const cpu = UNISOC_CPU.exec(line);
    if (cpu) return { key: 'cpu', length: cpu[0].length, number: null };
  }
  if (c === 0x5b) {
    // The clock's first digit follows the bracket; a printk timestamp's padding does not.
    const next = codeAt(line, 1);
    if (next < 0x30 || next > 0x39) return null;
    const clock = CLOCK_TAGS.exec(line);
    return clock ? { key: 'clock', length: clock[0].length, number: null } : null;
  }
  const bar = BAR.exec(line);
  if (bar) {
    const n = bar[1];
    return {
      key: n === undefined ? 'bar' : 'numbered-bar',
      length: bar[0].length,
      number: n ? Number(n) : null,
    };
  }
  const first = line.trimStart().charCodeAt(0);
  if (c === 0x30) {
    const elapsed = ELAPSED.exec(line);
    if (elapsed) return { key: 'elapsed', length: elapsed[0].length, number: Number(elapsed[1]) };
  }
  if (first >= 0x30 && first <= 0x39) {
    const numbered = LINE_NUMBER.exec(line);
    if (numbered) return { key: 'number', length: numbered[0].length, number: Number(numbered[1]) };
  }
  const tag = line.indexOf(KERNEL_TAG);
  if (tag > 0 && tag <= MAX_HOST_TAG_AT) {
    const host = HOST_TAG.exec(line);
    if (host) return { key: `host:${host[1]}`, length: host[0].length, number: null };
  }
  if (line.indexOf('| ') > 0) {
    const compose = COMPOSE.exec(line);
    if (compose) return { key: `compose:${compose[1]}`, length: compose[0].length, number: null };
  }
  // The row's type word opens it (`Warning`, `Normal`): most lines are spared the search for its source.
  if ((first === 0x57 || first === 0x4e) && line.includes(NPD_SOURCE)) {
    const event = NPD_EVENT.exec(line);
    if (event) return { key: 'npd-event', length: event[0].length, number: null };
  }
  return null;
}

/** Whether two shapes `distance` lines apart are the same paste prefix. */
function samePrefix(a: PrefixShape, b: PrefixShape, distance: number): boolean {
  if (a.key !== b.key) return false;
  if (a.number === null || b.number === null) return a.number === b.number;
  // Elapsed seconds stay or grow from line to line, by no more than a long report takes to print.
  if (a.key === 'elapsed') return b.number >= a.number && b.number - a.number <= 60;
  // Line numbers count the lines in between, give or take lines the paste dropped or wrapped.
  const step = b.number - a.number;
  return step > 0 && step <= distance + 1 && step >= distance - 1;
}

/**
 * For each line, how many characters of paste prefix to drop (0 for most lines; an empty array when no
 * line has one). `lines` are the lines after mail and chat markup are undone.
 */
export function pastePrefixLengths(lines: readonly PhysicalLine[]): number[] {
  return prefixLengths(lines, shapeOf);
}

/**
 * The prefixes a tool put on the text as the poster had it, outside any quoting or markup the text held:
 * `cat -n`'s or an editor's line numbers, a Markdown list item per line. A quoted mail or a line in
 * backticks numbered this way keeps its `> ` and backticks after the number, where the line's own
 * unwrapping (unwrap.ts) does not look; so these come off the raw lines first. The other prefixes are
 * left to `pastePrefixLengths`: a syslog host or a chat speaker sits inside the quoting, not outside it.
 */
export function outerPrefixLengths(lines: readonly PhysicalLine[]): number[] {
  return prefixLengths(lines, outerShape);
}

/**
 * `shapeOf` when it is a line number (`number`, `numbered-bar`) or a list item, else null: the checks
 * of `shapeOf` in its order, cut short where no outer shape can follow. Every raw line is read here,
 * and a number needs a digit after at most a few spaces, which nearly every line lacks.
 */
function outerShape(line: string): PrefixShape | null {
  if (codeAt(line, 0) === 0x2b) return null;
  const bullet = bulletLength(line);
  if (bullet > 0) return { key: 'bullet', length: bullet, number: null };
  let first = 0;
  while (codeAt(line, first) === 0x20) first++;
  if (!isDigitCode(codeAt(line, first))) return null;
  const nick = mayOpenChatLine(line) ? CHAT_NICK.exec(line) : null;
  if (nick && !KERNEL_MARKERS.has(nick[1] ?? '')) return null;
  const bar = BAR.exec(line);
  if (bar) {
    const n = bar[1];
    return n === undefined ? null : { key: 'numbered-bar', length: bar[0].length, number: Number(n) };
  }
  if (codeAt(line, 0) === 0x30 && ELAPSED.test(line)) return null;
  const numbered = LINE_NUMBER.exec(line);
  return numbered ? { key: 'number', length: numbered[0].length, number: Number(numbered[1]) } : null;
}

function prefixLengths(
  lines: readonly PhysicalLine[],
  shapeOf: (line: string) => PrefixShape | null,
): number[] {
  let shapes: (PrefixShape | null)[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const shape = shapeOf((lines[i] as PhysicalLine).text);
    if (shape === null) continue;
    shapes ??= new Array<PrefixShape | null>(lines.length).fill(null);
    shapes[i] = shape;
  }
  // Nearly no paste has a prefix on any line.
  if (shapes === null) return [];
  const lengths = new Array<number>(shapes.length).fill(0);
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i];
    if (!shape) continue;
    let same = 0;
    const from = Math.max(0, i - NEIGHBOURHOOD);
    const to = Math.min(shapes.length - 1, i + NEIGHBOURHOOD);
    for (let j = from; j <= to && same < MIN_NEIGHBOURS; j++) {
      const other = shapes[j];
      if (j === i || !other) continue;
      if (j < i ? samePrefix(other, shape, i - j) : samePrefix(shape, other, j - i)) same++;
    }
    if (same >= MIN_NEIGHBOURS) lengths[i] = shape.length;
  }
  return lengths;
}

/**
 * Length of a list item's marker and its indentation at the start of `line` (`  - `), or 0: Markdown's
 * `-` and `*`, and the `•` (U+2022) that a web page's or a chat client's list leaves in copied text.
 */
function bulletLength(line: string): number {
  let i = 0;
  while (i < MAX_BULLET_INDENT && codeAt(line, i) === 0x20) i++;
  const c = codeAt(line, i);
  return (c === 0x2d || c === 0x2a || c === 0x2022) && codeAt(line, i + 1) === 0x20 ? i + 2 : 0;
}

/** Whether `line` starts with a speaker's `<` or a clock's `12:`/`[12:` (`CHAT_NICK`): rules out most lines. */
function mayOpenChatLine(line: string): boolean {
  const c = codeAt(line, 0);
  if (c === 0x3c) return true;
  const digits = c === 0x5b ? 1 : 0;
  if (!isDigitCode(codeAt(line, digits))) return false;
  return codeAt(line, digits + 1) === 0x3a || codeAt(line, digits + 2) === 0x3a;
}
