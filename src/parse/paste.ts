import { MAX_LINE_CHARS, MAX_PASTE_CHARS } from './limits.js';
import {
  decodeQuotedPrintable,
  endsSoftBreak,
  isQuotedPrintable,
  mayHaveWrapped,
  terminalJoin,
  wrapWidths,
} from './mail.js';
import { parseFrameLine } from './frames.js';
import { dedentIndentedRuns } from './indent.js';
import { isDoubleSpaced, undoDoubleSpacing } from './line-spacing.js';
import { splitJoinedLines, type PhysicalLine } from './joined.js';
import { joinHtmlSourceWraps } from './html-wrap.js';
import { undoOuterLayers } from './outer-layers.js';
import { pastePrefixLengths } from './paste-prefix.js';
import { stripPrefixes, type StrippedLine } from './prefixes.js';
import { cleanText, dropHtmlBreak, isPlainLine, splitHtmlBreaks, unwrapLine } from './unwrap.js';

/** One line of a paste after its wrapping and logger prefixes are gone. */
export interface PasteLine {
  /** The kernel's text. */
  text: string;
  /** 1-based line number in the input. */
  no: number;
  /** Printk context (see `stripPrefixes`). */
  ctx: string;
  /** A fence or block-tag line: pasted blocks end here. */
  isBreak: boolean;
  /** Seconds since boot of the line's printk timestamp, when it has one. */
  time: number | null;
  /** A kernel logger's prefix came with it (a syslog `kernel:` tag, a kmsg record, a `<4>` level). */
  logged?: boolean;
  /** The panic message of a vmcore, as the crash utility's `sys` prints it (prefixes.ts `CRASH_PANIC`). */
  vmcore?: true;
  /**
   * Empty because its text went onto another line (a quoted-printable soft break, a wrapped tail, a cut
   * header): not a blank line of the paste, so a trace runs on across it.
   */
  folded?: boolean;
}

export interface Paste {
  lines: PasteLine[];
  /**
   * Lines of the input as given, or of the log an outer layer held (a JSON string's): the reader may
   * drop some, as a double-spaced page's blank lines.
   */
  inputLines: number;
  bytes: number;
  truncated: boolean;
  unread: string[];
}

/** Whether `text` holds a carriage return that does not end a `\r\n` line. */
function hasLoneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 0x0a) return true;
  }
  return false;
}

/**
 * `text` with every line end made `\n`: besides `\r\n`, a console's `\r\r\n` (its own carriage return
 * before the terminal's) and `\n\r` end one line; a lone `\r` (a serial capture, a classic Mac editor)
 * ends one line each.
 */
function unifyLineEnds(text: string): string {
  const pieces: string[] = [];
  let from = 0;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', from)) {
    let end = at;
    while (text.charCodeAt(end) === 0x0d) end++;
    pieces.push(text.slice(from, at));
    if (text.charCodeAt(end) === 0x0a) {
      pieces.push('\n');
      end++;
    } else if (at === 0 || text.charCodeAt(at - 1) !== 0x0a) {
      pieces.push('\n'.repeat(end - at));
    }
    from = end;
  }
  pieces.push(text.slice(from));
  return pieces.join('');
}

/** Splits a paste into clean lines. Pure and linear in the input size. */
export function readPaste(input: string): Paste {
  const unread: string[] = [];
  const truncated = input.length > MAX_PASTE_CHARS;
  const text = truncated ? input.slice(0, MAX_PASTE_CHARS) : input;
  if (truncated) {
    unread.push(`the paste is ${input.length} characters long; only the first ${MAX_PASTE_CHARS} were read`);
  }

  const lines: PasteLine[] = [];
  /** Lines whose text went onto another line (see `PasteLine.folded`), marked once all text is placed. */
  const folded: PasteLine[] = [];
  const body = hasLoneCarriageReturn(text) ? unifyLineEnds(text) : text;
  /** A quoted-printable line cut by soft breaks: its text so far, and the index of its first line. */
  let softText: string | null = null;
  let softIndex = 0;
  /** The last line read with a logger prefix, while its wrapped tail may follow. */
  let wrapping: PasteLine | null = null;
  /** What goes between `wrapping` and its tail: a space, or nothing for a terminal's cut inside a word. */
  let wrapJoin = ' ';
  /** The last timestamped printk record, while lines of a multi-line record may follow it. */
  let record: PrintkRecord | null = null;
  let longLines = 0;
  let dropped = 0;
  const inputLines: PhysicalLine[] = [];
  let start = 0;
  let no = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    // A long line is read whole: it may be a joined log, to be split before each piece is capped.
    let stop = end;
    if (stop > start && body.charCodeAt(stop - 1) === 0x0d) stop--;
    no++;
    inputLines.push({ text: body.slice(start, stop), no });
    start = end + 1;
  }
  const outer = undoOuterLayers(inputLines);
  // An encoder's line length counts without the layer: its soft breaks are told by it.
  const qp = isQuotedPrintable(outer.changed ? outer.lines.map((l) => l.text).join('\n') : body);
  // An indentation every line of a quoted-printable paste carries (a Markdown code block, an indented
  // reply) is the paste's, not the encoded text's: a soft break's rest starts after it.
  const qpIndent = qp ? commonIndent(outer.lines) : 0;
  const encodedLines =
    qpIndent > 0
      ? outer.lines.map((l) => ({ ...l, text: l.text.slice(leadingSpaces(l.text, qpIndent)) }))
      : outer.lines;
  const qpDoubled = qp && isDoubleSpaced(outer.lines);
  const physical: PhysicalLine[] = [];
  const breaks = new Set<number>();
  // A quoted-printable body's soft breaks are its own wraps; only a plain HTML source is joined here.
  const sourceLines = qp ? encodedLines : joinHtmlSourceWraps(outer.lines);
  for (const line of sourceLines) {
    if (isPlainLine(line.text)) {
      physical.push(line);
      continue;
    }
    const unwrapped = unwrapLine(line.text);
    dropped += unwrapped.dropped;
    const pieces = splitHtmlBreaks(unwrapped.text);
    if (pieces === null) {
      // A line that needed no unwrapping goes on as it is: nothing reads the lines before unwrapping again.
      physical.push(unwrapped.text === line.text ? line : { text: unwrapped.text, no: line.no });
    } else {
      for (const piece of pieces) physical.push({ text: piece, no: line.no });
    }
    if (unwrapped.isBreak) breaks.add(line.no);
  }
  const spaced = undoDoubleSpacing(physical, breaks);
  const widths = wrapWidths(spaced);
  const wrappedAt = widths.mail;
  const cutAt = widths.terminal;
  dedentIndentedRuns(spaced, breaks);
  const split = splitJoinedLines(spaced);
  if (split.joined > 0) {
    unread.push(
      `${split.joined} line(s) held several log lines each, as a chat client or \`curl -d\` joins them; they were split at their timestamps and frames (send a file with \`curl --data-binary @file\` to keep its lines)`,
    );
  }
  if (split.unsplit > 0) {
    unread.push(
      `${split.unsplit} line(s) of over 1024 characters hold a report header but could not be split into log lines: a chat client or \`curl -d\` may have joined the paste's lines (send a file with \`curl --data-binary @file\` to keep them)`,
    );
  }
  const raw = split.lines;
  for (const piece of raw) {
    if (piece.text.length > MAX_LINE_CHARS) {
      piece.text = piece.text.slice(0, MAX_LINE_CHARS);
      longLines++;
    }
  }
  const prefixLengths = pastePrefixLengths(raw);
  for (let k = 0; k < raw.length; k++) {
    const unwrapped = raw[k] as PhysicalLine;
    const cut = prefixLengths[k] ?? 0;
    const isBreak = breaks.size > 0 && breaks.has(unwrapped.no);
    const line: PasteLine = { text: '', no: unwrapped.no, ctx: '', isBreak, time: null };
    lines.push(line);
    let content = cut > 0 ? unwrapped.text.slice(cut) : unwrapped.text;
    let target = line;
    if (qp) {
      if (softText === null) softIndex = lines.length - 1;
      // RFC 2045 6.7: trailing whitespace was added in transport (an encoder writes its own as `=20`).
      const encoded = content.trimEnd();
      // A paste doubled throughout (line-spacing.ts) has a blank line after a soft break too.
      if (softText !== null && qpDoubled && encoded === '') {
        folded.push(line);
        continue;
      }
      const joined: string = softText === null ? encoded : softText + encoded;
      if (endsSoftBreak(joined) && joined.length < MAX_LINE_CHARS) {
        softText = joined.slice(0, -1);
        if (lines.length - 1 !== softIndex) folded.push(line);
        continue;
      }
      target = lines[softIndex] as PasteLine;
      if (target !== line) folded.push(line);
      softText = null;
      content = decodeQuotedPrintable(joined);
      // `=0A` encoded the line ends themselves: each decoded line takes one of the physical lines.
      if (content.includes('\n')) {
        const decoded = content.split('\n');
        content = decoded.pop() ?? '';
        let at = softIndex;
        for (const piece of decoded) {
          const stripped = stripPrefixes(unwrapLine(piece).text);
          target.text = stripped.text.trimEnd();
          target.ctx = stripped.ctx;
          target.time = stripped.time;
          at = Math.min(at + 1, lines.length - 1);
          target = lines[at] as PasteLine;
        }
      }
      // A `<br>` cut by a soft break (`<b=` / `r>`) is whole only now.
      content = dropHtmlBreak(cleanText(content));
    }
    const own = stripPrefixes(content);
    const stripped: StrippedLine =
      record !== null && !own.prefixed && cut === 0 ? (continuationOf(content, record) ?? own) : own;
    if (stripped.time !== null && stripped.ctx !== 'foreign') {
      record = { width: content.length - stripped.text.length, ctx: stripped.ctx, time: stripped.time };
    } else if (stripped === own && content.trim() !== '') {
      record = null;
    }
    const clean = stripped.text.trimEnd();
    if (
      wrapping !== null &&
      !stripped.prefixed &&
      cut === 0 &&
      clean !== '' &&
      clean.charCodeAt(0) !== 0x20 &&
      wrapping.text.length + clean.length < MAX_LINE_CHARS
    ) {
      // The wrapped tail of the line before: it goes back where the kernel printed it. A tail the wrap
      // cut again (a path, then the symbol after it) takes the next tail too.
      wrapping.text = `${wrapping.text}${wrapJoin}${clean}`;
      const again = cutAt === null ? null : terminalJoin(content.length, cutAt);
      if (again !== null) wrapJoin = again;
      else if (
        wrappedAt === null ||
        !mayHaveWrapped(content.length, firstWordLength(raw[k + 1], prefixLengths[k + 1]), wrappedAt)
      ) {
        wrapping = null;
      }
      folded.push(line);
      continue;
    }
    target.text = clean;
    target.ctx = stripped.ctx;
    target.time = stripped.time;
    if (stripped.logged) target.logged = true;
    if (stripped.vmcore) target.vmcore = true;
    wrapping = null;
    if (stripped.prefixed || cut > 0) {
      if (wrappedAt !== null) {
        const next = firstWordLength(raw[k + 1], prefixLengths[k + 1]);
        if (mayHaveWrapped(cut + content.length, next, wrappedAt)) {
          wrapping = target;
          wrapJoin = ' ';
        }
      } else if (cutAt !== null) {
        const join = terminalJoin(cut + content.length, cutAt);
        if (join !== null) {
          wrapping = target;
          wrapJoin = join;
        }
      }
    }
  }
  if (softText !== null) {
    // The paste ended inside a soft-broken line; its `=0A` line ends each take a physical line.
    let at = softIndex;
    for (const piece of decodeQuotedPrintable(softText).split('\n')) {
      const last = lines[at] as PasteLine;
      const stripped = stripPrefixes(unwrapLine(piece).text);
      last.text = stripped.text.trimEnd();
      last.ctx = stripped.ctx;
      last.time = stripped.time;
      at = Math.min(at + 1, lines.length - 1);
    }
  }
  // A line the `=0A` decoding handed a piece of text to is not folded after all.
  for (const line of folded) if (line.text === '') line.folded = true;
  if (qp) undoInnerQuotedPrintable(lines);
  joinCutHeaders(lines);
  joinCutFrames(lines);
  if (longLines > 0) {
    unread.push(`${longLines} line(s) longer than ${MAX_LINE_CHARS} characters were cut to that length`);
  }
  if (dropped > 0) unread.push(`${dropped} control or undecodable byte(s) were ignored`);
  return {
    lines,
    inputLines: outer.lines.at(-1)?.no ?? 0,
    bytes: Buffer.byteLength(text),
    truncated,
    unread,
  };
}

/**
 * A reply whose mail client quoted a quoted-printable body as it was sent (`> > ... percpu_down_read_freeza=`
 * / `ble =3D` / `> > include/...`) and then encoded the whole reply again: once the reply's own layer is
 * decoded, the quoted text still carries the first layer, its `=` escaped once more (`=3D3D` decodes to
 * `=3D`) and its soft breaks now at the ends of quoted lines. Only text whose decoded lines still hold
 * escaped `=` signs and soft breaks is decoded a second time.
 */
function undoInnerQuotedPrintable(lines: PasteLine[]): void {
  let escapes = 0;
  const texts: string[] = [];
  for (const line of lines) {
    if (line.folded === true) continue;
    for (
      let at = line.text.indexOf('=3D');
      at >= 0 && escapes < MIN_INNER_ESCAPES;
      at = line.text.indexOf('=3D', at + 3)
    ) {
      escapes++;
    }
    texts.push(line.text);
  }
  if (escapes < MIN_INNER_ESCAPES || !isQuotedPrintable(texts.join('\n'))) return;
  /** The line a soft break holds open: the text of the lines after it joins its own. */
  let open = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as PasteLine;
    if (line.folded === true) continue;
    const target = open < 0 ? line : (lines[open] as PasteLine);
    const joined = target === line ? line.text : target.text + line.text.trimStart();
    if (target !== line) {
      line.text = '';
      line.folded = true;
    }
    if (endsSoftBreak(joined) && joined.length < MAX_LINE_CHARS) {
      target.text = joined.slice(0, -1);
      if (open < 0) open = i;
      continue;
    }
    target.text = decodeQuotedPrintable(joined).trimEnd();
    open = -1;
  }
  const last = lines[open];
  if (last) last.text = decodeQuotedPrintable(last.text).trimEnd();
}

/** Escaped `=` signs (`=3D`) left after one decoding before the text is read as encoded twice. */
const MIN_INNER_ESCAPES = 3;

/** A timestamped line's prefix width, context and time: what the untimestamped rest of its record shares. */
interface PrintkRecord {
  width: number;
  ctx: string;
  time: number;
}

/** Narrower than any printk timestamp prefix (`[    0.000000] ` is 15 columns): an indent that is not one. */
const MIN_RECORD_INDENT = 8;

/**
 * A line of a multi-line printk record, as util-linux dmesg prints it: the message's `\n` starts a line
 * without a timestamp, indented to the width of the prefix (lockdep's `\nbut task is already holding
 * lock:\n`, kernel/locking/lockdep.c print_deadlock_bug(); KASAN's `\n which belongs to the cache`,
 * mm/kasan/report.c describe_object_addr()). The indent is the prefix's width, or one more when the
 * paste lost the space after an empty record's timestamp. The line is read as part of that record.
 */
function continuationOf(content: string, record: PrintkRecord): StrippedLine | null {
  if (record.width < MIN_RECORD_INDENT || content.charCodeAt(0) !== 0x20) return null;
  let indent = 0;
  while (content.charCodeAt(indent) === 0x20) indent++;
  if (indent !== record.width && indent !== record.width + 1) return null;
  if (indent === content.length) return null;
  return { text: content.slice(indent), prefixed: false, ctx: record.ctx, time: record.time, logged: false };
}

/** The spaces every non-blank line of the paste starts with, at most `MAX_COMMON_INDENT`. */
function commonIndent(lines: readonly PhysicalLine[]): number {
  let common = MAX_COMMON_INDENT;
  for (const { text } of lines) {
    if (common === 0) break;
    if (text.trim() !== '') common = Math.min(common, leadingSpaces(text, common));
  }
  return common;
}

/** Spaces `text` starts with, counting no further than `limit`. */
function leadingSpaces(text: string, limit: number): number {
  let i = 0;
  while (i < limit && text.charCodeAt(i) === 0x20) i++;
  return i;
}

/** A Markdown code block indents by four spaces; a reply's indentation is no deeper than this. */
const MAX_COMMON_INDENT = 8;

/** Length of the first word of a physical line after its paste prefix (`cut`); 0 without a line. */
function firstWordLength(line: PhysicalLine | undefined, cut = 0): number {
  if (line === undefined) return 0;
  const space = line.text.indexOf(' ', cut);
  return (space < 0 ? line.text.length : space) - cut;
}

/**
 * A header line that stops in the middle of its sentence (`... Unable to handle` / `kernel NULL pointer
 * dereference at ...`), or a lockdep lock line before its lock's name (`#0: ffff9ae5892431a0`) or before
 * the function it was taken at (`(&lock){+.+.}-{2:2}, at:`, kernel/locking/lockdep.c print_lock()), or
 * before the symbolizer's source of that function (`at: spin_lock_bh`, which lockdep never prints
 * without an offset or a source): a mail client wrapped it, or the console split it. Its next line, when
 * that carries no timestamp of its own, is its end, or the next piece of it.
 */
const CUT_HEADER =
  /(?:[Uu]nable to handle(?: kernel(?: NULL(?: pointer)?)?)?|(?:dereference|paging request) at(?: virtual(?: address)?)?|blocked for|\}, at:|\}, at: [A-Za-z_]\w{0,127}|^ {0,4}#\d{1,3}: [0-9a-f]{8,16})$/;

/**
 * A symbolized lock line cut before the source of its function (`, at: f+0x1/0x2` /
 * `net/core/rtnetlink.c:4054`, as syzbot's symbolizer prints it after the offset): its next line is
 * that source and nothing else, where an unsymbolized report's next line is another lock or line.
 */
const CUT_LOCK_SOURCE = /\}, at: [A-Za-z_.$][\w.$]{0,127}\+0x[0-9a-f]{1,16}\/0x[0-9a-f]{1,16}$/;
const SOURCE_REST = /^[\w./-]{1,256}\.[a-zA-Z]{1,4}:\d{1,6}(?: \[inline\])?$/;
/** A lock line cut before its `at:` (`(&lock){+.+.}-{3:3},` / `at: f+0x1/0x2`). */
const CUT_LOCK_AT = /\}(?:-\{\d{1,2}:\d{1,2}\})?,$/;
const AT_REST = /^at: [A-Za-z_.$]/;

/**
 * A fault line a re-wrap cut before its address: arm, arm64, riscv and nios2 print `Unable to handle
 * kernel %s at virtual address %016lx` (arch/arm64/mm/fault.c die_kernel_fault(), arch/arm/mm/fault.c
 * __do_kernel_fault(), arch/riscv/mm/fault.c die_kernel_fault()), with messages such as `access to user
 * memory outside uaccess routines`; s390 `... in virtual kernel address space` (arch/s390/mm/fault.c).
 * Its next line holds the rest of the message and the address, or the last words.
 */
const CUT_FAULT = /[Uu]nable to handle kernel [A-Za-z -]{1,80}$/;
const FAULT_REST =
  /^(?:[a-z][a-z ]{0,60} )?(?:at )?(?:virtual )?address [0-9a-fx]|^(?:(?:kernel|user) )?(?:address )?space$/;

/**
 * A header cut before its place (kernel/panic.c __warn(): `WARNING: CPU: %d PID: %d at %s:%d %pS`;
 * lib/ubsan.c ubsan_prologue(): `UBSAN: %s in %s:%d:%d`): a mail client or bug tracker wrapped it at a
 * space, so it stops right after `at` or `in`, or after the warning's `file:line`. Its next lines, when
 * they carry no timestamp, hold the rest: the `file:line` (`PLACE_REST`), then the warning's function
 * (`SYMBOL_REST`).
 */
const CUT_AT_PLACE =
  /^(?:WARNING: CPU: \d{1,4} PID: \d{1,10} at|UBSAN: [\w -]{1,64} in|BUG: sleeping function called from invalid context at)$|^WARNING: CPU: \d{1,4} PID: \d{1,10} at \S{1,256}:\d{1,6}$|^WARNING: \S{1,256}:\d{1,6} at$/;
const PLACE_REST = /^\S{1,256}:\d{1,6}(?::\d{1,6})?(?: |$)/;
const SYMBOL_REST = /^[A-Za-z_.$][\w.$]{0,127}\+0x[0-9a-f]{1,16}\/0x[0-9a-f]{1,16}(?: |$)/;

/**
 * A warning line a console of fixed width cut inside its function's name: kernel/panic.c __warn() prints
 * `%pS`, which gives a kernel symbol with its `+0xoff/0xsize`, so a line that stops in a bare name
 * (`... nand_base.c:5756 nand_scan_with_i`) was cut there, and its next line starts with the rest of
 * the name and the offset (`ds+0xb88/0x137c`). A console cuts at its width, not at a space: the two
 * pieces are one word. A mail client that wraps that text again breaks before the name's first piece,
 * which is then a line of its own between the `file:line` and the rest (`CUT_BEFORE_NAME`).
 */
const CUT_IN_SYMBOL =
  /^ {0,4}WARNING: CPU: \d{1,4} PID: \d{1,10} at \S{1,256}:\d{1,6} [A-Za-z_.$][\w.$]{0,127}$/;
const CUT_BEFORE_NAME = /^ {0,4}WARNING: CPU: \d{1,4} PID: \d{1,10} at \S{1,256}:\d{1,6}$/;
const BARE_NAME = /^[A-Za-z_.$][\w.$]{0,127}$/;
const SYMBOL_TAIL = /^[\w.$]{0,127}\+0x[0-9a-f]{1,16}\/0x[0-9a-f]{1,16}(?: |$)/;

const WARNING_CPU = 'WARNING: CPU: ';
const MAX_WARNING_INDENT = 4;

/** Joins the pieces of a warning's function to its line when a console wrap cut the name (`CUT_IN_SYMBOL`). */
function joinCutSymbol(lines: PasteLine[], i: number): boolean {
  const line = lines[i] as PasteLine;
  // Both patterns start `^ {0,4}WARNING: CPU: `: nearly every line is ruled out at its first character.
  let lead = 0;
  while (lead < MAX_WARNING_INDENT && line.text.charCodeAt(lead) === 0x20) lead++;
  if (!line.text.startsWith(WARNING_CPU, lead)) return false;
  let at = pieceAfter(lines, i);
  const name = CUT_BEFORE_NAME.test(line.text) ? lines[at] : undefined;
  if (name !== undefined) {
    if (!continuesLine(line, name) || !BARE_NAME.test(name.text.trimStart())) return false;
    at = pieceAfter(lines, at);
  } else if (!CUT_IN_SYMBOL.test(line.text)) {
    return false;
  }
  const tail = lines[at];
  if (!continuesLine(line, tail) || !SYMBOL_TAIL.test(tail.text.trimStart())) return false;
  if (name !== undefined) fold(line, name, ' ');
  fold(line, tail, '');
  return true;
}

/** The piece of a cut place header (`CUT_AT_PLACE`) that `next` holds, when it holds one. */
function placeRestFits(line: string, next: string): boolean {
  const rest = next.trimStart();
  // The warning line that names its place first (`WARNING: drivers/gpio/gpiolib-shared.c:493 at
  // gpio_shared_add_proxy_lookup+0x15c/0x224, CPU#1: kworker/u16:1/40`, as linux-next prints it from
  // 2026) goes on with its function after `at`.
  if (PLACE_FIRST_WARNING.test(line)) return PLACE_FIRST_SYMBOL.test(rest);
  return line.endsWith(' at') || line.endsWith(' in') ? PLACE_REST.test(rest) : SYMBOL_REST.test(rest);
}

const PLACE_FIRST_WARNING = /^WARNING: \S{1,256}:\d{1,6} at$/;
const PLACE_FIRST_SYMBOL =
  /^[A-Za-z_.$][\w.$]{0,127}\+0x[0-9a-f]{1,16}\/0x[0-9a-f]{1,16}(?:, CPU#\d{1,4}: | |$)/;

/**
 * A task line cut at or inside its release: lib/dump_stack.c dump_stack_print_info() prints the release
 * and the version's first word after print_tainted() (`... Not tainted 6.6.0 #1`), and the older
 * `Pid: %d, comm: %s` line the same, so a line that stops at the taint, or in its release (at a `-`
 * where a mail client breaks, anywhere where a console of fixed width does: `5.7.0-rc3-next-20` and
 * `200501 #2`), was wrapped. Distribution kernels print dashes after the taint's letters (RHEL's
 * `Tainted: G        W  OE K------------`, Fedora's `--------- ---`).
 */
const CUT_RELEASE = /(?:Not tainted|Tainted: [A-Z -]{0,60})( \d{1,3}\.\d{1,3}[\w.+~-]{0,64})?$/;
/**
 * The rest of the release and the version, starting the next line: `5.15.0-rc2+ #8`, `rc4_next-queue #2`
 * (read without the indentation a wrap or a poster who wrapped the line by hand may have left); a
 * release alone, which a poster who cut the version off leaves (`6.13.0-rc7+`); or the release in
 * parentheses that old kernels' register dumps print after the taint (powerpc's `REGS: %px TRAP: %04lx
 * %s  (%s%s)`, arch/powerpc/kernel/process.c show_regs(); 2.6's arm `CPU:` and i386 `EFLAGS:` lines),
 * alone on its line.
 */
const RELEASE_REST =
  /^[\w.+~-]{1,128} #\S|^\d{1,3}\.\d{1,3}[\w.+~-]{0,64}$|^\(\d{1,3}\.\d{1,3}[^()]{0,160}\)$/;
/** How far the rest of a cut taint (its letters, dashes and padding) may run on the next line. */
const MAX_TAINT_REST = 40;
/**
 * A task line cut before its taint (`CPU: 10 UID: 107 PID: 6210 Comm: qemu-system-s39 Kdump:`), and the
 * words its next line starts with when it goes on: dump_stack_print_info()'s `Kdump: loaded` (v6.x)
 * and print_tainted()'s words.
 */
const CUT_TASK = /^ {0,4}(?:CPU: \d{1,5} (?:UID: \d{1,10} )?PID: \d{1,10} Comm:|Pid: \d{1,10}, comm:)/;
const TASK_REST = /^(?:Kdump: |loaded |Not tainted|Tainted: )/;
/** The rest of a task line cut right after its `Comm:`: the task's name (TASK_COMM_LEN, 16) first. */
const COMM_REST = /^\S{1,16} (?:Kdump: loaded )?(?:Not tainted|Tainted: )/;

/**
 * Joins the rest of a task line to it when a wrap cut it: the taint and the rest (`TASK_REST`) when it
 * stops before its taint, then the rest of its release (`RELEASE_REST`) when it stops before or in
 * that (`CUT_RELEASE`). A line cut in its taint column goes on with the rest of the taint's letters
 * and padding (`W  OE     `), which a narrow wrap leaves on a line of their own.
 */
function joinCutRelease(lines: PasteLine[], i: number): boolean {
  const line = lines[i] as PasteLine;
  let at = pieceAfter(lines, i);
  // Nearly every line is followed by one with a timestamp of its own: nothing was cut.
  if (!continuesLine(line, lines[at])) return false;
  let joined = false;
  if (!line.text.includes('ainted')) {
    const next = lines[at] as PasteLine;
    // Every task line names its `Comm:`/`comm:`; the search rules out nearly every other line.
    if (!line.text.includes('omm:') || !CUT_TASK.test(line.text)) return false;
    const rest = next.text.trimStart();
    if (!(line.text.endsWith('omm:') ? COMM_REST : TASK_REST).test(rest)) return false;
    fold(line, next, ' ');
    at = pieceAfter(lines, at);
    joined = true;
  }
  const cut = CUT_RELEASE.exec(line.text);
  const next = lines[at];
  if (!cut || !continuesLine(line, next)) return joined;
  const rest = next.text.trimStart();
  if (cut[1] !== undefined) {
    // Inside the release there was no space to cut at: the two pieces are one word.
    if (!RELEASE_REST.test(rest)) return joined;
    fold(line, next, '');
    return true;
  }
  const releaseAt = skipTaintRest(rest);
  if (RELEASE_REST.test(rest.slice(releaseAt))) {
    fold(line, next, ' ');
    return true;
  }
  // The taint's letters alone on their line: the release is on the line after them.
  const after = lines[pieceAfter(lines, at)];
  if (releaseAt < rest.length || !continuesLine(line, after) || !RELEASE_REST.test(after.text.trimStart())) {
    return joined;
  }
  fold(line, next, ' ');
  fold(line, after, ' ');
  return true;
}

/** The index of the first line after `i` that a re-wrap did not already fold into the line before it. */
export function pieceAfter(lines: readonly PasteLine[], i: number): number {
  let at = i + 1;
  while (lines[at]?.folded === true) at++;
  return at;
}

/** Whether `next` may go on `line`: it holds text, and no timestamp, break or other printk caller. */
function continuesLine(line: PasteLine, next: PasteLine | undefined): next is PasteLine {
  if (next === undefined || next.text === '') return false;
  return next.time === null && !next.isBreak && (next.ctx === '' || next.ctx === line.ctx);
}

/** Moves `next`'s text to the end of `line`, after `glue`. */
function fold(line: PasteLine, next: PasteLine, glue: string): void {
  line.text = `${line.text}${glue}${next.text.trimStart()}`;
  next.text = '';
  next.folded = true;
}

/** Index after the taint letters and spaces that `text` starts with, bounded by `MAX_TAINT_REST`. */
function skipTaintRest(text: string): number {
  let i = 0;
  while (i < MAX_TAINT_REST) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x2d && (c < 0x41 || c > 0x5a)) break;
    i++;
  }
  return i;
}

/** Lines an oops prints after its fault line: never the rest of a cut one. */
const OOPS_LINE_START =
  /^ {0,4}(?:pc :|lr :|RIP: |Call [Tt]race:|CPU: |Modules linked in|Internal error|Oops|\[<)/;

/**
 * A frame line that stops after its addresses (powerpc's `[sp] [pc]` and `NIP [pc]`, x86's `[<pc>]`), a mail client
 * having wrapped the long symbol onto the next line, which carries no timestamp of its own. Lockdep's
 * irq trace lines end the same way (kernel/locking/lockdep.c print_irqtrace_events(): `hardirqs last
 * enabled at (%u): [<%px>] %pS`): cut there, their symbol would read as a frame of the trace.
 */
const ADDRESSES_ONLY =
  /^ {0,4}(?:NIP {1,2}|LR {1,2}|(?:hard|soft)irqs last {1,2}(?:en|dis)abled at \(\d{1,12}\): )?(?:\[<?[0-9a-f]{8,16}>?\] {0,2}){1,2}$/;

function joinCutFrames(lines: PasteLine[]): void {
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] as PasteLine;
    const next = lines[i + 1] as PasteLine;
    if (!continuesLine(line, next) || !ADDRESSES_ONLY.test(line.text)) continue;
    const frame = parseFrameLine(next.text);
    if (frame?.length !== 1 || frame[0]?.offset === null) continue;
    line.text = line.text.trimEnd();
    fold(line, next, ' ');
  }
}

const INLINE_MARKER = '[inline]';

/** Whether `next` holds the rest of `line`, cut in one of the shapes above (`CUT_*`). */
function continuesCut(line: string, next: string): boolean {
  const rest = next.trimStart();
  // A symbolizer's inlined frame (`... include/linux/uaccess.h:184 [inline]`; KMSAN and KASAN print a
  // header line per inlined frame): the marker alone is the end of a line cut before it.
  if (rest === INLINE_MARKER) return true;
  if (CUT_AT_PLACE.test(line)) return placeRestFits(line, next);
  if (CUT_LOCK_SOURCE.test(line)) return SOURCE_REST.test(rest);
  if (CUT_LOCK_AT.test(line)) return AT_REST.test(rest);
  if (CUT_FAULT.test(line) && FAULT_REST.test(rest)) return true;
  return CUT_HEADER.test(line) && !OOPS_LINE_START.test(next);
}

/**
 * A warning line its poster continued on the next line with a backslash, as a commit message wraps a long
 * log line (`WARNING: CPU: 18 PID: 5462 at lib/list_debug.c:35 \` / `\t__list_add_valid_or_report+0xf3/0x130`,
 * or inside the path: `at ../../..\` / `        /kernel/irq/manage.c:448 __enable_irq+0x40/0x88()`):
 * the backslash and the indent go, the pieces join as the kernel printed them.
 */
function joinBackslashWrap(lines: PasteLine[], i: number): void {
  const line = lines[i] as PasteLine;
  if (line.text.charCodeAt(line.text.length - 1) !== 0x5c || !line.text.startsWith(WARNING_CPU)) return;
  let j = i + 1;
  while (lines[j]?.folded === true) j++;
  const next = lines[j];
  if (next === undefined || next.time !== null || next.isBreak || next.ctx !== '') return;
  const first = next.text.charCodeAt(0);
  if (first !== 0x20 && first !== 0x09) return;
  if (line.text.length + next.text.length > MAX_LINE_CHARS) return;
  line.text = line.text.slice(0, -1);
  fold(line, next, '');
}

function joinCutHeaders(lines: PasteLine[]): void {
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] as PasteLine;
    // Every shape below takes its rest from the next piece, when that goes on the line: nearly every
    // line's next one carries a timestamp of its own.
    if (line.text === '' || !continuesLine(line, lines[pieceAfter(lines, i)])) continue;
    if (joinCutRelease(lines, i) || joinCutSymbol(lines, i)) continue;
    joinBackslashWrap(lines, i);
    // A line wrapped twice (`#0: addr` / `(lock){....}-{3:3}, at:` / `f+0x1/0x2`) takes each piece in
    // turn; no more than one printk line holds, so text that repeats a cut shape stays linear.
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] as PasteLine;
      // A piece the mail's re-wrap already joined to this line leaves its line empty behind it.
      if (next.folded === true) continue;
      if (next.text === '' || next.time !== null || next.isBreak) break;
      if (line.text.length + next.text.length > MAX_LINE_CHARS) break;
      if (!continuesCut(line.text, next.text)) break;
      if (next.ctx !== '' && next.ctx !== line.ctx) break;
      fold(line, next, ' ');
    }
  }
}
