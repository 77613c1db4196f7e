/**
 * Reads stack-frame lines in the shapes the architectures print:
 *
 * - x86-64 and arm64: `  kmalloc_trace+0x4c/0x110`, `  ? netif_freeze_queues+0x4b/0x90`, with an
 *   optional ` [module]`, and in symbolized reports ` net/core/dev.c:123` and ` [inline]`;
 * - old x86, riscv, mips, loongarch: `[<ffffffff81234567>] name+0x1/0x2`, possibly `[<addr>] ? name`;
 * - powerpc: `[c0000000...] [c0000000...] name+0x1/0x2 (unreliable)`;
 * - s390: `([<0000000000123456>] name+0x12/0x34)`;
 * - arm32: `[<c0123456>] (name) from [<c0456789>] (caller+0x10/0x20)`: two frames on one line, and
 *   without CONFIG_BACKTRACE_VERBOSE `name from caller+0x10/0x20` (`"%s %ps from %pS\n"`,
 *   arch/arm/kernel/traps.c). Module symbols carry their ` [module]` inside the parentheses.
 * - x86-64 before 2.6.25: `<ffffffff8025ef65>{__schedule+155}`, several to a line, offsets in decimal
 *   (arch/x86_64/kernel/traps.c of those kernels, `printk_address()`: `<%016lx>{%s%s%s%s%+ld}`).
 *
 * A hand-written scanner, so untrusted text meets no backtracking pattern.
 */

import { codeAt } from './char-code.js';
import { demangleRust } from './rust-demangle.js';

/** `[` and `]` as an s390 console shows them when its EBCDIC code page (037 vs 1047) is the wrong one. */
const EBCDIC_OPEN = '\u00dd';
const EBCDIC_CLOSE = '\u00a8';

/**
 * What a `[<...>]` holds in place of an address: old KMSAN's `inline`, and what `%p` prints while the
 * pointer-hashing key is not ready yet (lib/vsprintf.c ptr_to_id(): `(ptrval)` on 32-bit,
 * `(____ptrval____)` on 64-bit), which stack dumpers that print the pc with `%p` (riscv before v5.x)
 * show as `[<        (ptrval)>] f+0x0/0xa2`.
 */
const PLACEHOLDER_ADDRESSES = new Set(['inline', '(ptrval)', '(____ptrval____)']);
/**
 * A module's name: include/linux/module.h MODULE_NAME_LEN is include/linux/moduleparam.h
 * MAX_PARAM_PREFIX_LEN, 64 - sizeof(unsigned long) bytes with the terminating NUL.
 */
const MODULE_NAME = /^[\w-]+$/;
const MODULE_NAME_MAX = 55;

export interface FrameText {
  fn: string;
  offset: number | null;
  size: number | null;
  module: string | null;
  unreliable: boolean;
  source: string | null;
}

/** The frames a line holds (two for an arm32 `from` line), or null when it is not a frame line. */
export function parseFrameLine(line: string): FrameText[] | null {
  const s = new Scanner(line);
  s.skipSpaces();
  // ksymoops (2.4/2.6): `Trace; c0154a5c <do_open+39c/400>`, `>>EIP; e08a0ded <f+1ae/314>   <=====`.
  if (s.atKsymoops()) return s.readKsymoops();
  if (s.peek() === '<' && line.includes('>{')) return s.readBraceFrames();
  if (s.peek() === '#') return s.readCrashFrame();
  // An arm32 `from` line whose first address column the poster cut: `(f) from [<c0456789>] (g+0x4c/0x60)`.
  if (s.peek() === '(' && holdsFrom(line)) {
    const at = s.save();
    const pair = parseArmFromLine(s);
    if (pair !== null) return pair;
    s.restore(at);
  }
  // Old x86 kernels print the stack switch on the first frame's line: ` <IRQ>  [<ffffffff81..>] f+0x1/0x2`.
  if (s.skipContextMarker()) s.skipSpaces();
  const wrapped = s.eat('(');
  let unreliable = wrapped;
  let sawAddress = false;
  while ((s.peek() === '[' || s.peek() === EBCDIC_OPEN) && s.skipAddressBlock()) {
    sawAddress = true;
    s.skipSpaces();
  }
  const stale = s.eat('? ');
  if (stale) {
    unreliable = true;
    s.skipSpaces();
  }
  if (sawAddress && s.peek() === '(') return parseArmFromLine(s);
  const symbolAt = s.save();
  const frame = s.readSymbol(sawAddress, stale);
  if (frame !== null) {
    frame.unreliable ||= unreliable;
    // s390 prints the module inside the parentheses: `([<..>] f+0x32/0x1c0 [zcrypt_drv])`.
    if (wrapped && s.readModule(frame)) s.eat(')');
    if (s.readTrailer(frame)) return [frame];
  }
  // An arm32 `callee from caller+0x10/0x14` line is no single frame: its `from` is no trailer, nor a
  // source after a bare name. So the line is searched for ` from ` only once that reading failed.
  if (sawAddress || wrapped || unreliable || !holdsFrom(line)) return null;
  s.restore(symbolAt);
  return parseShortArmLine(s);
}

/** ksymoops's decoded location after its mark (`>>EIP; `): `c0136d10 <grow_buffers+50/100>   <=====`. */
export function parseKsymoopsLocation(text: string): FrameText | null {
  const s = new Scanner(text);
  s.skipSpaces();
  return s.readKsymoops()?.[0] ?? null;
}

/** `(name+0x0/0x10) from [<c0456789>] (caller+0x10/0x20)` after the first address. */
function parseArmFromLine(s: Scanner): FrameText[] | null {
  const callee = s.readParenSymbol();
  if (callee === null) return null;
  s.skipSpaces();
  if (!s.eat('from ')) return s.atEnd() ? [callee] : null;
  s.skipSpaces();
  if (!s.skipAddressBlock()) return null;
  s.skipSpaces();
  const at = s.save();
  const caller = s.readParenSymbol();
  if (caller === null) {
    // A return address in no symbol (a call through a bad pointer, the end of a corrupt stack): `%pS`
    // prints it as `0x1`, and old kernels print NULL as `  (null)` (lib/vsprintf.c): the callee stands.
    // A mail client may also have wrapped the caller onto the next line: the callee stands alone.
    if (s.atEnd()) return [callee];
    s.restore(at);
    if (s.eatUnsymbolized() && s.atEnd()) return [callee];
    // A paste cut inside the caller's offset or size (`(bcm2835_handle_irq+0x3c/0x`): its name is whole.
    s.restore(at);
    const cut = s.readCutParenSymbol();
    return cut === null ? null : [callee, cut];
  }
  return s.atEnd() ? [callee, caller] : null;
}

/**
 * `callee from caller+0x10/0x14`, each with an optional ` [module]`. The caller must carry an offset and
 * size and end the line, so that a sentence with `from` in it is not read as a frame.
 */
function parseShortArmLine(s: Scanner): FrameText[] | null {
  const start = s.save();
  const callee = s.readSymbol(true);
  if (callee !== null && s.readModule(callee) && s.eat('from ')) {
    s.skipSpaces();
    const caller = s.readSymbol(true);
    if (caller !== null && caller.size !== null && s.readModule(caller) && s.atEnd()) return [callee, caller];
  }
  s.restore(start);
  return null;
}

/**
 * Whether ` from ` occurs in `line`. Looked for through `from `: a search stops at each candidate's
 * first character, and spaces fill a kernel line.
 */
function holdsFrom(line: string): boolean {
  for (let at = line.indexOf('from ', 1); at > 0; at = line.indexOf('from ', at + 1)) {
    if (line.charCodeAt(at - 1) === 0x20) return true;
  }
  return false;
}

class Scanner {
  private i = 0;
  /** An address block emptied by HTML stripping was read: the symbol must carry its offset. */
  strippedAddress = false;
  constructor(private readonly s: string) {}

  peek(): string {
    return this.i < this.s.length ? this.s.charAt(this.i) : '';
  }

  atEnd(): boolean {
    this.skipSpaces();
    return this.i >= this.s.length;
  }

  save(): number {
    return this.i;
  }

  restore(at: number): void {
    this.i = at;
  }

  eat(word: string): boolean {
    if (!this.s.startsWith(word, this.i)) return false;
    this.i += word.length;
    return true;
  }

  skipSpaces(): void {
    while (codeAt(this.s, this.i) === 0x20) this.i++;
  }

  /** Takes ksymoops's `Trace; `, `>>EIP; `, `>>PC; ` or `>>RA; ` when the line starts so. */
  atKsymoops(): boolean {
    const c = codeAt(this.s, this.i);
    if (c === 0x54) return this.eat('Trace; ');
    return c === 0x3e && (this.eat('>>EIP; ') || this.eat('>>PC; ') || this.eat('>>RA; '));
  }

  /** `<IRQ>`, `<EOI>`, `<NMI>`, `<TASK>` followed by a frame on the same line. */
  skipContextMarker(): boolean {
    if (codeAt(this.s, this.i) !== 0x3c) return false;
    for (const marker of ['<IRQ> ', '<EOI> ', '<NMI> ', '<TASK> ']) {
      if (this.s.startsWith(marker, this.i) && this.s.includes('[<', this.i)) {
        this.i += marker.length;
        return true;
      }
    }
    return false;
  }

  /** `c0154a5c <do_open+39c/400>`: offsets in hex without `0x`, the name possibly `[module]` only. */
  readKsymoops(): FrameText[] | null {
    if (this.skipHex() < 4) return null;
    this.skipSpaces();
    if (!this.eat('<')) return null;
    const name = this.readName();
    if (name === null || !this.eat('+')) return null;
    const offset = this.readBareHex();
    if (offset === null || !this.eat('/')) return null;
    const size = this.readBareHex();
    if (size === null || !this.eat('>')) return null;
    return [{ fn: name, offset, size, module: null, unreliable: false, source: null }];
  }

  /**
   * A frame of the crash utility's `bt` on a vmcore, after its `#`: `#7 [ffffb4c1c3b5fdd8]
   * dev_hard_start_xmit at ffffffffa5129cb6`, a module's name after the address (` [mlx5_core]`). The
   * stack pointer is in brackets, the return address after `at`; no offset is printed.
   */
  readCrashFrame(): FrameText[] | null {
    this.i++;
    if (this.readDecimal() === null || !this.eat(' [') || this.skipHex() < 8 || !this.eat('] ')) return null;
    const name = this.readName();
    if (name === null || name === '' || !this.eat(' at ') || this.skipHex() < 8) return null;
    const frame: FrameText = {
      fn: name,
      offset: null,
      size: null,
      module: null,
      unreliable: false,
      source: null,
    };
    return this.readModule(frame) && this.atEnd() ? [frame] : null;
  }

  /** `<ffffffff8025ef65>{__schedule+155}` one or more times, `<IRQ>`/`<EOI>` between them. */
  readBraceFrames(): FrameText[] | null {
    const frames: FrameText[] = [];
    while (!this.atEnd()) {
      if (!this.eat('<')) return null;
      const at = this.i;
      if (this.skipHex() < 8) {
        this.i = at;
        if (!this.skipMarkerName()) return null;
        continue;
      }
      if (!this.eat('>{')) return null;
      const name = this.readName();
      if (name === null) return null;
      let offset: number | null = null;
      if (this.eat('+')) {
        offset = this.readDecimal();
        if (offset === null) return null;
      }
      if (!this.eat('}')) return null;
      frames.push({ fn: name, offset, size: null, module: null, unreliable: false, source: null });
    }
    return frames.length > 0 ? frames : null;
  }

  /** The `IRQ>` of an `<IRQ>` marker, after its `<`. */
  private skipMarkerName(): boolean {
    const start = this.i;
    while (/[A-Z]/.test(this.peek())) this.i++;
    return this.i > start && this.eat('>');
  }

  private readDecimal(): number | null {
    const start = this.i;
    while (isDigit(codeAt(this.s, this.i))) this.i++;
    return this.i === start || this.i - start > 12 ? null : Number(this.s.slice(start, this.i));
  }

  private readBareHex(): number | null {
    const start = this.i;
    let value = 0;
    for (let c = codeAt(this.s, this.i); isHex(c); c = codeAt(this.s, ++this.i))
      value = value * 16 + hexValue(c);
    return this.i === start || this.i - start > 13 ? null : value;
  }

  /**
   * `[<ffffffff81234567>]` or powerpc's `[c000000000123456]`; old KMSAN's `[<     inline     >]`; s390
   * console logs passed through the wrong EBCDIC code page, `Ý<0000000000015e18>¨`.
   */
  skipAddressBlock(): boolean {
    const start = this.i;
    if (this.eat(EBCDIC_OPEN)) {
      if (this.eat('<') && this.skipHex() >= 4 && this.eat('>') && this.eat(EBCDIC_CLOSE)) return true;
      this.i = start;
      return false;
    }
    if (!this.eat('[')) return false;
    // `[]`: a web page that took `<c01de48c>` for an HTML tag and dropped it.
    if (this.eat(']')) {
      this.strippedAddress = true;
      return true;
    }
    if (this.eat('<')) {
      const close = this.s.indexOf('>]', this.i);
      if (
        close > 0 &&
        close - this.i <= 24 &&
        PLACEHOLDER_ADDRESSES.has(this.s.slice(this.i, close).trim())
      ) {
        this.i = close + 2;
        return true;
      }
      this.i = start + 1;
    }
    const angled = this.eat('<');
    const digits = this.skipHex();
    if (digits < 4 || (angled && !this.eat('>')) || !this.eat(']')) {
      this.i = start;
      return false;
    }
    return true;
  }

  private skipHex(): number {
    const start = this.i;
    this.eat('0x');
    while (isHex(codeAt(this.s, this.i))) this.i++;
    return this.i - start;
  }

  /** Past a size of 14 to 16 hex digits at `from` (`0xffffffffffffb088`); false, and the position kept, otherwise. */
  private skipWordSize(from: number): boolean {
    const kept = this.i;
    this.i = from;
    if (this.eat('0x')) {
      const start = this.i;
      while (isHex(codeAt(this.s, this.i))) this.i++;
      const digits = this.i - start;
      if (digits > 13 && digits <= 16) return true;
    }
    this.i = kept;
    return false;
  }

  /** `0x1a2b`; at most 13 digits, so the value stays an exact integer. */
  private readNumber(): number | null {
    // WordPress turns the `x` between two digits into a multiplication sign (`kobject_add+0×83/0xd7`).
    const x = codeAt(this.s, this.i + 1);
    if (codeAt(this.s, this.i) !== 0x30 || (x !== 0x78 && x !== 0xd7)) return null;
    const start = this.i + 2;
    let i = start;
    let value = 0;
    for (let c = codeAt(this.s, i); isHex(c); c = codeAt(this.s, ++i)) value = value * 16 + hexValue(c);
    this.i = i;
    if (i === start || i - start > 13) return null;
    return value;
  }

  /**
   * `name`, `name+0xOFF/0xSIZE` or `name+0xOFF`. Without an address in front, a bare name only counts when
   * a symbolized source location follows, so that ordinary words are not taken for frames.
   */
  readSymbol(afterAddress: boolean, stale = false): FrameText | null {
    const module = afterAddress ? this.readColonModule() : null;
    // 64-bit powerpc with the ELFv1 ABI names a function's code `.name`, its descriptor `name`
    // (`.radeon_bo_unref+0x58/0x90`); the code symbol is the function. A section label such as old
    // x86's out-of-line lock code `.text.lock.spinlock` is none.
    if (
      this.peek() === '.' &&
      isNameStart(codeAt(this.s, this.i + 1)) &&
      !this.s.startsWith('.text.', this.i)
    )
      this.i++;
    const name = this.readName();
    if (name === null) return null;
    // A second address where the symbol should be: a frame whose symbol is missing or wrapped onto
    // the next line (`[c000000006f97960] c000000000d28dd8`).
    if (afterAddress && isAddressWord(name) && this.peek() !== '+') return null;
    const frame: FrameText = {
      fn: name,
      offset: null,
      size: null,
      module,
      unreliable: false,
      source: null,
    };
    // A line cut at a terminal's width (journalctl's pager chops long lines) may stop inside the
    // numbers: `f+0x1c/0x` keeps its offset, `[<ffffffff8110a2b4>] f+0x` and `? f+0` their name after
    // the address or the stale-word mark, which say the line is a frame's.
    if (this.eat('+')) {
      const at = this.i;
      frame.offset = this.readNumber();
      if (frame.offset === null) {
        this.i = at;
        if (!this.eat('0x')) this.eat('0');
        return (afterAddress || stale) && this.atEnd() ? frame : null;
      }
      if (this.eat('/')) {
        const sizeAt = this.i;
        frame.size = this.readNumber();
        // kallsyms computes a symbol's size as the distance to the next symbol, which comes out negative
        // for the last symbol of a module's section: `%pS` then prints it as a 64-bit word
        // (`pool_count+0x43a/0xffffffffffffb088 [zzstd]`, kernel/kallsyms.c sprint_symbol()). The name and
        // offset are whole; the size is not one.
        if (frame.size === null && !this.skipWordSize(sizeAt) && !this.atEnd()) return null;
      }
    } else if (afterAddress) {
      this.readSpacedOffset(frame);
    } else if (!this.followsSource()) {
      return null;
    }
    if (this.strippedAddress && frame.offset === null) return null;
    return frame;
  }

  /**
   * x86-64's printk_address() before v2.6.25 (arch/x86_64/kernel/traps.c) put a module's name between
   * colons in front of its function: `[<ffffffffa0099645>] :dvb_core:dvb_unregister_frontend+0xb5/0x100`.
   */
  private readColonModule(): string | null {
    if (this.peek() !== ':') return null;
    const end = this.s.indexOf(':', this.i + 1);
    if (end < this.i + 2 || end > this.i + 1 + MODULE_NAME_MAX) return null;
    const name = this.s.slice(this.i + 1, end);
    if (!MODULE_NAME.test(name) || !isNameStart(codeAt(this.s, end + 1))) return null;
    this.i = end + 1;
    return name;
  }

  /**
   * 2.4 kernels with kallsyms (Red Hat's among them) print `schedule [kernel] 0x2bb (0xe1ff1eb0)`: the
   * module, `kernel` for the kernel itself, then the offset. Nothing is consumed unless both are there.
   */
  private readSpacedOffset(frame: FrameText): void {
    const start = this.i;
    this.skipSpaces();
    if (this.peek() === '[' && this.readModule(frame)) {
      const offset = this.readNumber();
      if (offset !== null) {
        frame.offset = offset;
        if (frame.module === 'kernel') frame.module = null;
        return;
      }
    }
    frame.module = null;
    this.i = start;
  }

  /** `(name)` or `(name+0x10/0x20)` of an arm32 frame. */
  /** `(0x1)` or `(  (null))`: what `%pS` prints in parentheses for an address with no symbol. */
  eatUnsymbolized(): boolean {
    if (!this.eat('(')) return false;
    this.skipSpaces();
    if (this.eat('(null)')) return this.eat(')');
    if (!this.eat('0x') || this.skipHex() === 0) return false;
    return this.eat(')');
  }

  /** `(name+0x3c/0x` or `(name+0x3c` that ends the line: a frame whose line was cut inside its numbers. */
  readCutParenSymbol(): FrameText | null {
    if (!this.eat('(')) return null;
    const name = this.readName();
    if (name === null || !this.eat('+')) return null;
    const offset = this.readNumber();
    if (offset === null) return null;
    if (this.eat('/')) this.eat('0x');
    while (isHex(codeAt(this.s, this.i))) this.i++;
    if (!this.atEnd()) return null;
    return { fn: name, offset, size: null, module: null, unreliable: false, source: null };
  }

  readParenSymbol(): FrameText | null {
    if (!this.eat('(')) return null;
    const frame = this.readSymbol(true);
    if (frame === null || !this.readModule(frame)) return null;
    // syzbot's symbolizer puts the source inside the parentheses of arm's `from` lines, and prints one
    // line per inlined function: `(kobject_put+0x158/0x1f4 lib/kobject.c:737)`, `(kref_put
    // include/linux/kref.h:64 [inline])`.
    if (this.peek() !== ')') {
      const source = this.readSource();
      if (source === null) return null;
      frame.source = source;
      this.skipSpaces();
      this.eat('[inline]');
    }
    return this.eat(')') ? frame : null;
  }

  /**
   * An optional ` [module]` after a symbol; false when a `[` opens something that is not one. Spaces
   * after it are skipped either way.
   */
  readModule(frame: FrameText): boolean {
    this.skipSpaces();
    if (this.peek() !== '[') return true;
    const close = this.s.indexOf(']', this.i);
    const name = close < 0 || close - this.i > 64 ? '' : this.s.slice(this.i + 1, close).trim();
    if (name === '' || !isModuleName(name)) return false;
    frame.module = name;
    this.i = close + 1;
    this.skipSpaces();
    return true;
  }

  /** After the symbol: ` [module]`, ` file.c:123`, ` [inline]`, ` (unreliable)`; nothing else. */
  readTrailer(frame: FrameText): boolean {
    for (;;) {
      this.skipSpaces();
      if (this.i >= this.s.length) return true;
      if (this.eat('[inline]')) continue;
      if (this.eat('(unreliable)')) {
        frame.unreliable = true;
        continue;
      }
      if (this.peek() === '[') {
        const close = this.s.indexOf(']', this.i);
        // A module name the line's end cut (`f+0x1c/0x40 [nvid`): a module's frame, which one unknown.
        if (close < 0 && isCutModule(this.s, this.i + 1)) return true;
        if (close < 0 || close - this.i > 64) return false;
        frame.module = this.s.slice(this.i + 1, close).trim();
        this.i = close + 1;
        continue;
      }
      if (this.peek() === '(') {
        if (this.skipFrameSize() || this.skipUnwindSource()) continue;
        const source = this.readDecodedSource();
        if (source === null) return false;
        frame.source ??= source;
        // decode_stacktrace.sh prints a module's name bare after the location: `"$symbol $module"`.
        if (this.readBareModule(frame)) return true;
        continue;
      }
      const source = this.readSource();
      if (source === null) return false;
      frame.source = source;
    }
  }

  /**
   * `(28)`: the bytes of stack the frame used, which i386 kernels with the -rt patch's stack tracer
   * printed after each frame (`(-8116)` for the last, which switched stacks); `(0xe1ff1eb0)`, the
   * stack address 2.4 kernels printed after each frame, sometimes with a second `)`.
   */
  private skipFrameSize(): boolean {
    const start = this.i;
    this.i++;
    if (this.eat('0x')) {
      const digits = this.i;
      while (isHex(codeAt(this.s, this.i))) this.i++;
      if (this.i > digits && this.i - digits <= 16 && this.eat(')')) {
        this.eat(')');
        return true;
      }
      this.i = start;
      return false;
    }
    this.eat('-');
    const digits = this.i;
    while (isDigit(codeAt(this.s, this.i))) this.i++;
    if (this.i > digits && this.i - digits <= 6 && this.eat(')')) return true;
    this.i = start;
    return false;
  }

  /**
   * `(P)`, `(L)`, `(C)`...: arm64's unwinder (from v6.13, arch/arm64/kernel/stacktrace.c) marks a frame
   * whose address came from somewhere other than a frame record with one capital letter in parentheses
   * (`arm_smmu_write_s2cr+0x98/0xb4 (P)` is the pc an exception's registers held).
   */
  private skipUnwindSource(): boolean {
    const c = codeAt(this.s, this.i + 1);
    if (c < 0x41 || c > 0x5a || codeAt(this.s, this.i + 2) !== 0x29) return false;
    this.i += 3;
    return true;
  }

  /** A last word made of module-name characters, taken as the frame's module. */
  private readBareModule(frame: FrameText): boolean {
    const save = this.i;
    this.skipSpaces();
    const start = this.i;
    while (this.i < this.s.length && isModuleChar(codeAt(this.s, this.i))) this.i++;
    if (this.i > start && this.atEnd()) {
      frame.module ??= this.s.slice(start, this.i).trimEnd();
      return true;
    }
    this.i = save;
    return false;
  }

  /**
   * scripts/decode_stacktrace.sh's `(drivers/pci/foo.c:389 (discriminator 1))`, possibly several
   * locations for inlined code: the first location is kept, the rest of the group skipped.
   */
  private readDecodedSource(): string | null {
    const start = this.i;
    this.eat('(');
    const source = this.readSource();
    if (source === null) {
      this.i = start;
      return null;
    }
    let depth = 1;
    while (this.i < this.s.length && depth > 0) {
      const c = this.s[this.i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      this.i++;
    }
    return source;
  }

  /** ` file.c:12` after a bare name; the space is needed, or `kernel/bpf/helpers.c:934` would be `kernel`. */
  private followsSource(): boolean {
    if (this.peek() !== ' ') return false;
    const save = this.i;
    this.skipSpaces();
    const ok = (this.peek() === '(' ? this.readDecodedSource() : this.readSource()) !== null;
    this.i = save;
    return ok;
  }

  /**
   * `net/core/dev.c:123` or `include/linux/sched/mm.h:333:7`; also `kernel/bpf/bpf_lru_list.c:-1`, which
   * syzbot's symbolizer prints when addr2line knows the file of an address but not its line.
   */
  private readSource(): string | null {
    const start = this.i;
    let dot = -1;
    for (
      let c = codeAt(this.s, this.i);
      this.i < this.s.length && isPathChar(c);
      c = codeAt(this.s, ++this.i)
    ) {
      if (c === 0x2e) dot = this.i;
    }
    if (dot <= start || !this.eat(':')) {
      this.i = start;
      return null;
    }
    const minus = this.eat('-');
    const digits = this.i;
    while (isDigit(codeAt(this.s, this.i)) || codeAt(this.s, this.i) === 0x3a) this.i++;
    if (this.i === digits || (minus && !isDigit(codeAt(this.s, digits)))) {
      this.i = start;
      return null;
    }
    return this.s.slice(start, this.i);
  }

  /** C symbols (`__lock_acquire.cold`, `_Z8fakeNameiii`) and Rust paths (`<T as Trait>::method`). */
  private readName(): string | null {
    const s = this.s;
    const start = this.i;
    const end = Math.min(s.length, start + 512);
    let i = start;
    let depth = 0;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (isNameChar(c) || c === 0x3a) {
        i++;
      } else if (c === 0x3c) {
        depth++;
        i++;
      } else if (c === 0x3e && depth > 0) {
        depth--;
        i++;
      } else if (c === 0x20 && depth > 0) {
        i++;
      } else {
        break;
      }
    }
    if (depth !== 0 || i === start || !isNameStart(codeAt(this.s, start))) return null;
    this.i = i;
    return s.slice(start, i);
  }
}

/**
 * The classes of each ASCII character, so a scanning loop tests a character with one look-up instead of
 * a chain of ranges; every other character (and the 0 `code` reads past a text's end) is in none.
 */
const HEX = 1;
const DIGIT = 2;
const NAME = 4;
const NAME_START = 8;
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const digit = c >= 48 && c <= 57;
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  CLASSES[c] =
    (digit || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) ? HEX : 0) |
    (digit ? DIGIT : 0) |
    (digit || upper || lower || c === 95 || c === 46 || c === 36 ? NAME : 0) |
    (upper || lower || c === 95 || c === 60 || c === 36 ? NAME_START : 0);
}

function classOf(c: number): number {
  return c < 128 ? (CLASSES[c] ?? 0) : 0;
}

function isHex(c: number): boolean {
  return (classOf(c) & HEX) !== 0;
}

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : (c | 0x20) - 87;
}

/** A bare hex address (at least 8 digits, one of them a decimal digit), which no symbol is. */
function isAddressWord(name: string): boolean {
  if (name.length < 8) return false;
  let digit = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isHex(c)) return false;
    digit ||= isDigit(c);
  }
  return digit;
}

function isDigit(c: number): boolean {
  return (classOf(c) & DIGIT) !== 0;
}

function isNameChar(c: number): boolean {
  return (classOf(c) & NAME) !== 0;
}

function isNameStart(c: number): boolean {
  return (classOf(c) & NAME_START) !== 0;
}

/** Module names are C identifiers, with `-` in some out-of-tree ones. */
function isModuleName(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (!isModuleChar(name.charCodeAt(i))) return false;
  return true;
}

function isModuleChar(c: number): boolean {
  return isNameChar(c) || c === 45;
}

function isPathChar(c: number): boolean {
  return isNameChar(c) || c === 47 || c === 45 || c === 43;
}

/**
 * The function a frame names, as people write it: compiler suffixes cut and a Rust v0 symbol
 * demangled (`_RNvMs3_NtCs..._11rust_binder7processNtB5_7Process10update_ref` →
 * `<rust_binder::process::Process>::update_ref`).
 */
export function readableName(fn: string): string {
  const base = baseName(fn);
  return base.startsWith('_R') ? (demangleRust(base) ?? base) : base;
}

/** The function name without compiler suffixes: `__lock_acquire.cold` → `__lock_acquire`. */
export function baseName(fn: string): string {
  if (fn.startsWith('<')) return fn;
  const dot = fn.indexOf('.');
  return dot > 0 ? fn.slice(0, dot) : fn;
}

/** Whether `s` from `from` on is the start of a module name and nothing after it. */
function isCutModule(s: string, from: number): boolean {
  if (s.length - from > MODULE_NAME_MAX) return false;
  for (let i = from; i < s.length; i++) if (!isModuleChar(s.charCodeAt(i))) return false;
  return true;
}
