/**
 * Logs whose lines were joined: a chat client that pastes a selection as one paragraph, `curl -d @file`
 * (which drops every newline; `--data-binary` keeps them), a forum that re-flowed the text, or a mail
 * client that then wrapped the joined text again. The printk timestamps and the frame shapes still mark
 * where each kernel line began, so the lines are split there again.
 *
 * Every pattern is a global scan without nested repetition: linear in the text it reads.
 */

import { trieRegExp } from './header-trie.js';
import { HEADER_WORDS, mayContainReport } from './header-words.js';

/**
 * A printk timestamp (`[  123.456789]`, `dmesg -H`'s `[ +0.000123]`), matched at a `[` that `lastIndex`
 * points to; its `<4>` level, when printed, is read by hand before it (`levelStart`). Each `[` is found
 * by a search for it, and a sticky test there reads the rest faster than a loop over its characters.
 */
const STAMP_AT = /\[ {0,12}\+?\d{1,12}\.\d{6}\]/y;
/** Timestamps past the start of one line that make it joined; syzkaller's consoles merge two at most. */
const MIN_JOINED_STAMPS = 3;
/**
 * Where a kernel line begins when there is no timestamp to go by: a frame (`[<c0103707>]`), a header
 * after whatever the poster's console printed before it (`BUG: unable to handle kernel NULL pointer
 * dereference`, arm's `Unable to handle kernel NULL pointer dereference at virtual address 00000001`
 * from arch/arm/mm/fault.c __do_kernel_fault(), a panic), or the start of a line every oops prints.
 * Only lines this long are read for them. arm's die() line (`Internal error: Oops: 817 [#1]`), its
 * `PC is at`/`LR is at` lines (arch/arm/kernel/process.c __show_regs() before v4.x) and its 2.6
 * backtrace pairs (`Function entered at [<c00256e0>] from [<c019dca0>]`) are one line each. powerpc
 * prints a frame as its stack pointer and return address, then the function (`[ef12f730] [c0019b2c]
 * __schedule_bug+0x64/0x78`, arch/powerpc/kernel/process.c show_stack()).
 */
const LINE_STARTS =
  /(?<!Internal error:| from| at| :) (?=\[<[0-9a-f]{8,16}>\] |Unable to handle kernel |BUG: |Kernel panic - not syncing|Call Trace:|Modules linked in:|CPU: \d+ (?:UID: \d+ )?PID: |Hardware name: |RIP: |EIP: |IP: \[<|Code: |Stack: |Process \S+ \(pid: |Oops: |Internal error: |Function entered at |Backtrace: |PC is at |LR is at |printing eip:|\*pde = |EIP is at |eax: |esi: |ds: |---\[ end trace|\[[0-9a-f]{8,16}\] \[[0-9a-f]{8,16}\] [A-Za-z_.])/g;
const MIN_JOINED_LENGTH = 300;
/**
 * Where a report's own lines begin inside a paragraph that a tool re-flowed (a CVE record: `... KASAN
 * reported following issue: BUG: KASAN: stack-out-of-bounds in f+0x1/0x2 [m] Read of size 4 ... CPU: 0
 * UID: 0 PID: 11 Comm: ... Call Trace: <TASK> ...`, then wrapped again at ~110 columns): the headers
 * of the oops table and the lines every report prints after its header (lib/dump_stack.c
 * dump_stack_print_info(), mm/kasan/report.c print_report(), each arch's show_regs(), lockdep's held
 * locks from kernel/locking/lockdep.c lockdep_print_held_locks(), lib/smp_processor_id.c's `caller is`,
 * mm/kmemleak.c print_unreferenced()'s object, hex dump and backtrace lines).
 */
const REFLOWED_STARTS =
  /(?<= )(?:BUG: |WARNING: |Kernel panic - not syncing|Unable to handle kernel|general protection fault|kernel BUG at |UBSAN: |refcount_t: |list_(?:add|del) corruption|Oops: |Internal error: |(?:Read|Write) of size \d|CPU: \d{1,4} (?:UID: \d{1,10} )?PID: \d|Hardware name: |Workqueue: |Modules linked in:|Call [Tt]race:|RIP: |Code: |Allocated by task |Freed by task |The buggy address belongs|Memory state around|Preemption disabled at:|caller is |\d{1,4} locks? held by |#\d{1,3}: [0-9a-f]{8,16} |unreferenced object 0x|hex dump \(first|backtrace(?: \(crc [0-9a-f]{1,8}\))?:)/g;
/**
 * Report lines found inside the physical lines of a paragraph, and stack frames (`f+0x1c/0x40`) in it,
 * before it is taken as a re-flowed report: prose that names a header (`we hit a BUG: soft lockup`)
 * holds no stack.
 */
const MIN_REFLOWED_STARTS = 2;
/** The longest start word (`REFLOWED_STARTS`) that a wrap may have carried onto the next line. */
const MAX_START_WORDS = 40;
/** A re-flowed stack (`Call Trace: <TASK> f+0x1/0x2 ? g+0x3/0x4 [mod] ...`), to be cut at its frames. */
const STACK_PIECE =
  /^(?:Call [Tt]race:|Allocated by task \d|Freed by task \d|Preemption disabled at:|backtrace)/;
/**
 * Where a frame of a re-flowed stack begins: its `[<address>]` (kmemleak's and old x86's, `[<...>]` when
 * the poster elided it) with the function after it, or the function alone, or a context marker.
 */
const FRAME_START =
  /(?<= )(?:\[<[0-9a-f.]{3,16}>\] {1,2}(?:\? )?(?:[A-Za-z_.$][\w.$]{0,127}(?:\+0x[0-9a-f]{1,8}\/0x[0-9a-f]{1,8})?)?|(?:\? )?[A-Za-z_.$][\w.$]{0,127}\+0x[0-9a-f]{1,8}\/0x[0-9a-f]{1,8}|<\/?(?:TASK|IRQ|NMI|SOFTIRQ)>)/g;
const MIN_REFLOWED_FRAMES = 3;
/**
 * Lines holding two stack frames or more: the kernel prints one frame a line, so a paragraph with such
 * lines was re-flowed; a log whose lines carry a logger's prefix before the report's words has none.
 */
const MIN_CROWDED_LINES = 2;
const FRAME_OFFSET = /\+0x[0-9a-f]{1,8}\/0x[0-9a-f]{1,8}/g;
/** Longest paragraph read as one re-flowed report: a CVE record's description is a few dozen lines. */
const MAX_REFLOWED_LINES = 200;
const MIN_STAMPED_LENGTH = 48;
const MIN_JOINED_STARTS = 4;
/**
 * A joined report is a few hundred kernel lines; a line with more places to cut it than this, without
 * timestamps, repeats a word (`BUG: BUG: ...`) and is left whole.
 */
const MAX_JOINED_STARTS = 1000;

export interface PhysicalLine {
  text: string;
  /** 1-based input line number. */
  no: number;
}

export interface SplitResult {
  lines: PhysicalLine[];
  /** Input lines that held several kernel lines and were split. */
  joined: number;
  /** Lines long enough to be a joined log, holding a report header, that no split point was found in. */
  unsplit: number;
}

/**
 * A printk record holds at most 1024 bytes (kernel/printk/internal.h PRINTKRB_RECORD_MAX): a header
 * in a line longer than that was joined to the lines around it.
 */
const SURELY_JOINED_LENGTH = 1024;

/**
 * Start offsets of the kernel lines in a joined line, or null when it is one line. `count`: how many
 * timestamps it holds; their places are only needed when there are enough of them.
 */
function lineStarts(text: string, count: number = scanStamps(text, null)): number[] | null {
  if (count >= MIN_JOINED_STAMPS) {
    const stamps = stampsIn(text);
    const lead = text.length - text.trimStart().length;
    const mid = stamps.filter((at) => at > lead).length;
    if (mid >= MIN_JOINED_STAMPS) return stamps;
  }
  // Without timestamps only a joined report is split: its header is in the line.
  if (text.length < MIN_JOINED_LENGTH || count > 0 || !mayContainReport(text)) return null;
  const starts: number[] = [];
  LINE_STARTS.lastIndex = 0;
  for (let m = LINE_STARTS.exec(text); m !== null; m = LINE_STARTS.exec(text)) {
    if (starts.length === MAX_JOINED_STARTS) return null;
    starts.push(m.index + 1);
  }
  return starts.length >= MIN_JOINED_STARTS ? starts : null;
}

function cut(text: string, starts: readonly number[], no: (offset: number) => number): PhysicalLine[] {
  const out: PhysicalLine[] = [];
  let from = 0;
  for (const at of [...starts, text.length]) {
    const piece = text.slice(from, at).trimEnd();
    if (piece.trim() !== '') out.push({ text: piece, no: no(from) });
    from = at;
  }
  return out;
}

/**
 * Where each printk timestamp starts (`STAMP_AT`): every line is scanned, most hold one timestamp, and
 * a sticky test builds no match object.
 */
function stampsIn(text: string): number[] {
  const stamps: number[] = [];
  scanStamps(text, stamps);
  return stamps;
}

/** How many timestamps `text` holds; their starts go to `starts` when given. */
function scanStamps(text: string, starts: number[] | null): number {
  let count = 0;
  let open = text.indexOf('[');
  while (open >= 0) {
    const end = stampEnd(text, open);
    if (end < 0) {
      open = text.indexOf('[', open + 1);
      continue;
    }
    count++;
    starts?.push(levelStart(text, open));
    open = text.indexOf('[', end);
  }
  return count;
}

/** The index after a timestamp whose `[` is at `open` (`STAMP_AT`), or -1. */
function stampEnd(text: string, open: number): number {
  STAMP_AT.lastIndex = open;
  return STAMP_AT.test(text) ? STAMP_AT.lastIndex : -1;
}

/** Where a timestamp at `open` starts with its printk level (`<4>[ ...`), or `open` without one. */
function levelStart(text: string, open: number): number {
  if (text.charCodeAt(open - 1) !== 0x3e) return open;
  let i = open - 2;
  while (i >= 0 && isDigit(text.charCodeAt(i))) i--;
  const digits = open - 2 - i;
  return digits >= 1 && digits <= MAX_LEVEL_DIGITS && text.charCodeAt(i) === 0x3c ? i : open;
}

const MAX_LEVEL_DIGITS = 3;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The halves of a timestamp that a wrap cut: `... [` at the end of a line, `+0.000009] ...` at the start of the next. */
const STAMP_HEAD_AT_END = /\[ {0,12}\+?\d{0,12}$/;
const STAMP_AT_END = /\S \[ {0,12}\+?\d{1,12}\.\d{6}\]$/;
const STAMP_TAIL_AT_START = /^ {0,12}\+?\d{1,12}\.\d{6}\]/;

/**
 * `STAMP_HEAD_AT_END` on `text`. Only spaces, `+` and digits follow the `[` of a match, close to the end
 * of the line: a look back over them rules out nearly every line, where the pattern tries each `[` of
 * the line and scans on from it.
 */
function endsInStampHead(text: string): boolean {
  const stop = Math.max(0, text.length - MAX_STAMP_HEAD);
  let open = text.length - 1;
  while (open >= stop && isStampHeadRest(text.charCodeAt(open))) open--;
  return open >= stop && text.charCodeAt(open) === 0x5b && STAMP_HEAD_AT_END.test(text);
}

/** The longest `STAMP_HEAD_AT_END` match: `[`, 12 spaces, `+`, 12 digits. */
const MAX_STAMP_HEAD = 26;

function isStampHeadRest(c: number): boolean {
  return c === 0x20 || c === 0x2b || isDigit(c);
}

/**
 * Whether a line is part of a joined paragraph that was wrapped again: it holds two timestamps, or one
 * half of a timestamp the wrap cut. A logged line holds one timestamp, after its syslog prefix if any.
 */
function holdsJoinedStamps(text: string, k: number, stampCountAt: (k: number) => number): boolean {
  // The tail starts with a space, a `+` or a digit; nearly every line starts with a timestamp's `[`.
  const c0 = text.charCodeAt(0);
  const tailAtStart = (c0 === 0x20 || c0 === 0x2b || isDigit(c0)) && STAMP_TAIL_AT_START.test(text);
  if (text.indexOf('[', 1) < 0 && !tailAtStart) return false;
  const trimmed = text.trimEnd();
  if (tailAtStart || endsInStampHead(trimmed)) return true;
  // A timestamp ends in `]`: trailing spaces hold none, so the line's own stamps are the trimmed line's.
  const found = stampCountAt(k);
  // A logged line never ends in a timestamp: the next line's was joined onto it.
  return found >= 2 || (found === 1 && trimmed.endsWith(']') && STAMP_AT_END.test(trimmed));
}

/** Any header word, matched where `lastIndex` points and nowhere else. */
const HEADER_AT = new RegExp(trieRegExp(HEADER_WORDS).source, 'y');

/**
 * Where a report header starts behind its printk level inside a line (`RIP  [<ffffffff8014c562>]
 * list_del+0x48/0x71 RSP <ffffffff80425d00> <0>Kernel Panic - not syncing: Fatal exception`), or -1.
 * A level (`<0>`..`<7>`, include/linux/kern_levels.h) only opens a record: a console of an old kernel
 * printed it raw, and whoever joined the lines left the record's start in the middle of one.
 */
function headerLevelAt(text: string): number {
  // Found through its `<`: a search for one character is several times faster than for two.
  for (let lt = text.indexOf('<', 2); lt >= 0; lt = text.indexOf('<', lt + 1)) {
    const level = text.charCodeAt(lt + 1);
    if (
      text.charCodeAt(lt - 1) !== 0x20 ||
      level < 0x30 ||
      level > 0x37 ||
      text.charCodeAt(lt + 2) !== 0x3e
    ) {
      continue;
    }
    HEADER_AT.lastIndex = lt + 3;
    if (HEADER_AT.test(text)) return lt;
  }
  return -1;
}

/**
 * Splits every joined line, and every wrapped paragraph of joined lines, back into kernel lines; each
 * piece keeps the input line number it starts on.
 */
export function splitJoinedLines(input: readonly PhysicalLine[]): SplitResult {
  const physical = splitEscapedLines(input);
  const lines: PhysicalLine[] = [];
  let joined = 0;
  let unsplit = 0;
  // Each line's timestamps and verdict are worked out once: a run's lines are looked at again when
  // the run turns out too short, and the single-line split reads the same timestamps.
  // Plain arrays: a typed array costs more to allocate than a paste of a few hundred lines saves.
  const stampCounts = new Array<number>(physical.length).fill(-1);
  const stampCountAt = (k: number): number => {
    if (stampCounts[k] === -1) stampCounts[k] = scanStamps((physical[k] as PhysicalLine).text, null);
    return stampCounts[k] ?? 0;
  };
  const holdCache = new Array<number>(physical.length).fill(0);
  const holdsAt = (k: number): boolean => {
    if (holdCache[k] === 0) {
      holdCache[k] = holdsJoinedStamps((physical[k] as PhysicalLine).text, k, stampCountAt) ? 2 : 1;
    }
    return holdCache[k] === 2;
  };
  for (let i = 0; i < physical.length; i++) {
    const line = physical[i] as PhysicalLine;
    if (holdsAt(i)) {
      let end = i + 1;
      while (end < physical.length && holdsAt(end)) end++;
      if (end - i >= MIN_JOINED_STAMPS) {
        const run = physical.slice(i, end);
        const { text, offsets } = joinRun(run);
        const starts = lineStarts(text);
        if (starts) {
          const noAt = (offset: number): number => {
            let k = 0;
            while (k + 1 < offsets.length && (offsets[k + 1] as number) <= offset) k++;
            return (run[k] as PhysicalLine).no;
          };
          for (const piece of cut(text, starts, noAt)) lines.push(piece);
          joined += run.length;
          i = end - 1;
          continue;
        }
      }
    }
    // A paragraph is read once, from its first line: the scan of its lines stays linear in the paste. A
    // timestamped line opens none, which rules out nearly every line of a log before its neighbour is read.
    const opens =
      stampCountAt(i) === 0 &&
      (i === 0 || (physical[i - 1] as PhysicalLine).text.trim() === '' || stampCountAt(i - 1) > 0);
    const reflowed = opens ? reflowedParagraph(physical, i, stampCountAt) : null;
    if (reflowed) {
      for (const piece of reflowed.lines) lines.push(piece);
      joined += reflowed.end - i;
      i = reflowed.end - 1;
      continue;
    }
    // Three timestamps and their messages need this much room; shorter lines are one line.
    const starts = line.text.length >= MIN_STAMPED_LENGTH ? lineStarts(line.text, stampCountAt(i)) : null;
    if (starts) {
      for (const piece of cut(line.text, starts, () => line.no)) lines.push(piece);
      joined++;
    } else {
      const level = headerLevelAt(line.text);
      if (level > 0) {
        for (const piece of cut(line.text, [level], () => line.no)) lines.push(piece);
        joined++;
        continue;
      }
      if (line.text.length > SURELY_JOINED_LENGTH && mayContainReport(line.text)) unsplit++;
      lines.push(line);
    }
  }
  return { lines, joined, unsplit };
}

/**
 * A paragraph starting at line `from` that holds a report re-flowed by a tool (`REFLOWED_STARTS`): its
 * lines without timestamps, read as one text and cut where each report line began. A report pasted as
 * printed has those words at the starts of its lines; only a re-flowed one has them inside its lines.
 */
function reflowedParagraph(
  physical: readonly PhysicalLine[],
  from: number,
  stampCountAt: (k: number) => number,
): { lines: PhysicalLine[]; end: number } | null {
  let end = from;
  let crowded = 0;
  while (end < physical.length && end - from < MAX_REFLOWED_LINES) {
    const text = (physical[end] as PhysicalLine).text;
    if (text.trim() === '' || stampCountAt(end) > 0) break;
    // arm's backtrace prints a frame and its caller on one line (`(f+0x1/0x2) from [<c0103707>] (g+...)`).
    if (crowded < MIN_CROWDED_LINES && !text.includes(' from ') && countUpTo(FRAME_OFFSET, text, 2) === 2) {
      crowded++;
    }
    end++;
  }
  // Nearly every paragraph is one line or holds no crowded frames: its report lines are not looked for.
  if (end - from < 2 || crowded < MIN_CROWDED_LINES) return null;
  let inside = 0;
  for (let k = from; k < end && inside < MIN_REFLOWED_STARTS; k++) {
    // A report line's first words may have been wrapped onto the next line (`... unreferenced` /
    // `object 0xffff888...`): a start counts when it begins inside this line.
    const next = k + 1 < physical.length ? (physical[k + 1] as PhysicalLine).text.trim() : '';
    inside += startsInside((physical[k] as PhysicalLine).text.trim(), next.slice(0, MAX_START_WORDS));
  }
  if (inside < MIN_REFLOWED_STARTS) return null;
  const run = physical.slice(from, end);
  const { text, offsets } = joinRun(run);
  if (!mayContainReport(text) || countUpTo(FRAME_OFFSET, text, MIN_REFLOWED_FRAMES) < MIN_REFLOWED_FRAMES) {
    return null;
  }
  const starts: number[] = [];
  REFLOWED_STARTS.lastIndex = 0;
  for (let m = REFLOWED_STARTS.exec(text); m !== null; m = REFLOWED_STARTS.exec(text)) starts.push(m.index);
  const noAt = (offset: number): number => {
    let k = 0;
    while (k + 1 < offsets.length && (offsets[k + 1] as number) <= offset) k++;
    return (run[k] as PhysicalLine).no;
  };
  const lines: PhysicalLine[] = [];
  for (const piece of cut(text, starts, noAt)) {
    if (!STACK_PIECE.test(piece.text)) {
      lines.push(piece);
      continue;
    }
    // The kernel printed each frame of a stack on a line of its own.
    const frames: number[] = [];
    FRAME_START.lastIndex = 0;
    for (let m = FRAME_START.exec(piece.text); m !== null; m = FRAME_START.exec(piece.text))
      frames.push(m.index);
    for (const cutPiece of cut(piece.text, frames, () => piece.no)) lines.push(cutPiece);
  }
  return { lines, end };
}

/** How many report lines (`REFLOWED_STARTS`) begin inside `text`, past its first word. */
function startsInside(text: string, next: string): number {
  const joined = `${text} ${next}`;
  let count = 0;
  REFLOWED_STARTS.lastIndex = 0;
  for (
    let m = REFLOWED_STARTS.exec(joined);
    m !== null && m.index < text.length;
    m = REFLOWED_STARTS.exec(joined)
  ) {
    if (++count === MIN_REFLOWED_STARTS) break;
  }
  return count;
}

/** Matches of global pattern `re` in `text`, counted up to `max`. */
function countUpTo(re: RegExp, text: string, max: number): number {
  let count = 0;
  re.lastIndex = 0;
  while (count < max && re.test(text)) count++;
  return count;
}

/** A run of physical lines as one text, each line's offset in it kept to cut the text back into lines. */
function joinRun(run: readonly PhysicalLine[]): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  for (const part of run) {
    offsets.push(text.length);
    text += (text === '' ? '' : ' ') + part.text.trim();
  }
  return { text, offsets };
}

/**
 * A log pasted as a JSON or C string (a log collector's record, `journalctl -o json`'s field, an API
 * response): its line ends are the two characters `\n`. A long line holding a report header and at
 * least this many of them is cut there.
 */
const MIN_ESCAPED_BREAKS = 4;
const ESCAPED_BREAK = '\\n';
/** The escapes a JSON encoder writes inside a log line: Go's escapes `<`, `>` and `&` too. */
const ESCAPES: ReadonlyArray<readonly [string, string]> = [
  ['\\t', ' '],
  ['\\"', '"'],
  ['\\u003c', '<'],
  ['\\u003e', '>'],
  ['\\u0026', '&'],
  ['\\\\', '\\'],
];

/** `physical` with every line that holds escaped line ends (`ESCAPED_BREAK`) cut into its lines. */
function splitEscapedLines(physical: readonly PhysicalLine[]): readonly PhysicalLine[] {
  let out: PhysicalLine[] | null = null;
  for (let i = 0; i < physical.length; i++) {
    const line = physical[i] as PhysicalLine;
    const pieces = isEscapedLog(line.text) ? line.text.split(ESCAPED_BREAK) : null;
    if (pieces === null) {
      out?.push(line);
      continue;
    }
    out ??= physical.slice(0, i);
    for (const piece of pieces) out.push({ text: undoEscapes(piece), no: line.no });
  }
  return out ?? physical;
}

function isEscapedLog(text: string): boolean {
  if (text.length < MIN_JOINED_LENGTH) return false;
  let count = 0;
  for (
    let at = text.indexOf(ESCAPED_BREAK);
    at >= 0 && count < MIN_ESCAPED_BREAKS;
    at = text.indexOf(ESCAPED_BREAK, at + 2)
  ) {
    count++;
  }
  return count >= MIN_ESCAPED_BREAKS && mayContainReport(text);
}

function undoEscapes(piece: string): string {
  if (!piece.includes('\\')) return piece;
  let text = piece;
  for (const [escape, character] of ESCAPES) text = text.replaceAll(escape, character);
  return text;
}
