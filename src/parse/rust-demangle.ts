/**
 * Rust symbols in kernel stacks: the kernel builds Rust with the v0 mangling scheme
 * (`-Csymbol-mangling-version=v0`, Makefile `KBUILD_RUSTFLAGS`), so a frame reads
 * `_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref+0x17e5/0x1860`. syzkaller
 * titles and people name it `<rust_binder::process::Process>::update_ref`. The grammar is the one of
 * the Rust v0 symbol-mangling RFC (rust-lang/rfcs 2603); this reads the parts a kernel symbol uses and
 * gives up (null) on the rest: punycode identifiers and const generics.
 *
 * A hand-written reader: every step consumes input or fails, backrefs must point backwards, and the
 * nesting is bounded, so no input can make it loop or recurse without end.
 */

/** Deepest nesting of paths and types read; kernel symbols stay far below it. */
const MAX_DEPTH = 48;
/**
 * A crate's disambiguator is a 64-bit hash, 11 base-62 digits; its value is never used, so the
 * precision a double loses on it does not matter (backrefs, which are used, are small).
 */
const MAX_BASE62_DIGITS = 12;

/** `_R...` as the path it names, or null when it is not a v0 symbol this reader understands. */
export function demangleRust(symbol: string): string | null {
  if (!symbol.startsWith('_R')) return null;
  const reader = new V0Reader(symbol.slice(2));
  return reader.symbol();
}

/** The basic types, by their one lowercase letter. */
const BASIC_TYPES: Readonly<Record<string, string>> = {
  a: 'i8',
  b: 'bool',
  c: 'char',
  d: 'f64',
  e: 'str',
  f: 'f32',
  h: 'u8',
  i: 'isize',
  j: 'usize',
  l: 'i32',
  m: 'u32',
  n: 'i128',
  o: 'u128',
  p: '_',
  s: 'i16',
  t: 'u16',
  u: '()',
  v: '...',
  x: 'i64',
  y: 'u64',
  z: '!',
};

class Failed extends Error {}

class V0Reader {
  private i = 0;
  private depth = 0;

  constructor(private readonly s: string) {}

  symbol(): string | null {
    try {
      // An optional encoding version, then the path; an instantiating crate may follow.
      if (isDigit(this.peek())) this.decimal();
      return this.path(false);
    } catch (e) {
      if (e instanceof Failed) return null;
      throw e;
    }
  }

  private peek(): string {
    return this.s[this.i] ?? '';
  }

  private next(): string {
    const c = this.s[this.i];
    if (c === undefined) throw new Failed();
    this.i++;
    return c;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new Failed();
  }

  private path(inType: boolean): string {
    this.enter();
    try {
      const tag = this.next();
      switch (tag) {
        case 'C':
          return this.identifier();
        case 'M': {
          this.disambiguator();
          this.path(false);
          return `<${this.type()}>`;
        }
        case 'X': {
          this.disambiguator();
          this.path(false);
          const self = this.type();
          return `<${self} as ${this.path(true)}>`;
        }
        case 'Y': {
          const self = this.type();
          return `<${self} as ${this.path(true)}>`;
        }
        case 'N': {
          const ns = this.next();
          const parent = this.path(inType);
          const name = this.identifier();
          if (ns === 'C') return `${parent}::{closure${name === '' ? '' : `:${name}`}}`;
          if (ns === 'S') return `${parent}::{shim${name === '' ? '' : `:${name}`}}`;
          if (!/[a-z]/.test(ns)) throw new Failed();
          return name === '' ? parent : `${parent}::${name}`;
        }
        case 'I': {
          const base = this.path(inType);
          const args: string[] = [];
          while (this.peek() !== 'E') args.push(this.genericArg());
          this.i++;
          const list = args.filter((a) => a !== '');
          if (list.length === 0) return base;
          return `${base}${inType ? '' : '::'}<${list.join(', ')}>`;
        }
        case 'B':
          return this.backref(() => this.path(inType));
        default:
          throw new Failed();
      }
    } finally {
      this.depth--;
    }
  }

  private genericArg(): string {
    const c = this.peek();
    if (c === 'L') {
      this.i++;
      this.base62();
      return '';
    }
    if (c === 'K') throw new Failed();
    return this.type();
  }

  private type(): string {
    this.enter();
    try {
      const c = this.peek();
      const basic = BASIC_TYPES[c];
      if (basic !== undefined) {
        this.i++;
        return basic;
      }
      switch (c) {
        case 'R':
        case 'Q': {
          this.i++;
          this.lifetime();
          return `${c === 'R' ? '&' : '&mut '}${this.type()}`;
        }
        case 'P':
          this.i++;
          return `*const ${this.type()}`;
        case 'O':
          this.i++;
          return `*mut ${this.type()}`;
        case 'S':
          this.i++;
          return `[${this.type()}]`;
        case 'T': {
          this.i++;
          const items: string[] = [];
          while (this.peek() !== 'E') items.push(this.type());
          this.i++;
          return items.length === 1 ? `(${items[0] ?? ''},)` : `(${items.join(', ')})`;
        }
        case 'D': {
          this.i++;
          this.binder();
          const bounds: string[] = [];
          while (this.peek() !== 'E') bounds.push(this.path(true));
          this.i++;
          this.lifetime();
          return `dyn ${bounds.join(' + ')}`;
        }
        case 'B':
          this.i++;
          return this.backref(() => this.type());
        case 'C':
        case 'M':
        case 'X':
        case 'Y':
        case 'N':
        case 'I':
          return this.path(true);
        default:
          // Arrays and function pointers carry consts and signatures this reader does not need.
          throw new Failed();
      }
    } finally {
      this.depth--;
    }
  }

  /** `B<base62>_`: the same production again, read at an earlier offset. */
  private backref(read: () => string): string {
    const start = this.i - 1;
    const target = this.base62();
    if (target >= start) throw new Failed();
    const resume = this.i;
    this.i = target;
    try {
      return read();
    } finally {
      this.i = resume;
    }
  }

  private lifetime(): void {
    if (this.peek() !== 'L') return;
    this.i++;
    this.base62();
  }

  private binder(): void {
    if (this.peek() !== 'G') return;
    this.i++;
    this.base62();
  }

  private disambiguator(): void {
    if (this.peek() !== 's') return;
    this.i++;
    this.base62();
  }

  private identifier(): string {
    this.disambiguator();
    if (this.peek() === 'u') throw new Failed();
    const length = this.decimal();
    if (this.peek() === '_') this.i++;
    const end = this.i + length;
    if (end > this.s.length) throw new Failed();
    const name = this.s.slice(this.i, end);
    this.i = end;
    return name;
  }

  private decimal(): number {
    const start = this.i;
    while (isDigit(this.peek())) this.i++;
    if (this.i === start || this.i - start > 6) throw new Failed();
    return Number(this.s.slice(start, this.i));
  }

  /** `_` is 0; otherwise digits 0-9a-zA-Z, then `_`, value plus one. */
  private base62(): number {
    if (this.peek() === '_') {
      this.i++;
      return 0;
    }
    let value = 0;
    for (let digits = 0; digits < MAX_BASE62_DIGITS; digits++) {
      const c = this.next();
      if (c === '_') return value + 1;
      value = value * 62 + base62Digit(c);
    }
    throw new Failed();
  }
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function base62Digit(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 97 + 10;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 65 + 36;
  throw new Failed();
}
