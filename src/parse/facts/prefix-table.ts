/**
 * A table of line prefixes indexed by their first few characters (as many as its shortest prefix has, up
 * to four), so each line costs one look-up and, most often, one `startsWith` call however many rows the
 * table has: a first character or two alone are shared by many rows (`R` by every x86 register label,
 * `__` by a dozen entry-code prefixes and by a third of the kernel's functions). Rows keep their order:
 * the first matching row wins, so a longer prefix must come before a shorter one it extends.
 */
export interface PrefixRow<T> {
  prefix: string;
  value: T;
}

export interface PrefixMatch<T> {
  value: T;
  /** The text after the prefix. */
  rest: string;
}

/** The most characters a key holds: four 7-bit characters make a small integer. */
const MAX_KEY = 4;

export class PrefixTable<T> {
  /** Every row's prefix, in row order. */
  readonly prefixes: readonly string[];
  /** How many characters a key holds: no prefix is shorter. */
  private readonly keyLength: number;
  /** The rows under the key of their first `keyLength` characters, in row order. */
  private readonly byKey = new Map<number, PrefixRow<T>[]>();
  /** Rows whose first characters make no key (not ASCII), tried in order on texts that make none. */
  private readonly unkeyed: PrefixRow<T>[] = [];

  constructor(rows: readonly PrefixRow<T>[]) {
    this.prefixes = rows.map((row) => row.prefix);
    this.keyLength = Math.min(MAX_KEY, ...rows.map((row) => row.prefix.length));
    if (this.keyLength < 1) throw new Error('PrefixTable: an empty prefix');
    for (const row of rows) {
      const key = this.key(row.prefix);
      const bucket = key < 0 ? this.unkeyed : this.byKey.get(key);
      if (bucket) bucket.push(row);
      else this.byKey.set(key, [row]);
    }
  }

  /** The first row whose prefix starts `text`. */
  match(text: string): PrefixMatch<T> | null {
    const row = this.row(text);
    return row === null ? null : { value: row.value, rest: text.slice(row.prefix.length) };
  }

  /** The value of the first row whose prefix starts `text`, for a caller that needs no rest. */
  value(text: string): T | undefined {
    return this.row(text)?.value;
  }

  private row(text: string): PrefixRow<T> | null {
    // A text shorter than the key is shorter than every prefix.
    if (text.length < this.keyLength) return null;
    const key = this.key(text);
    const bucket = key < 0 ? this.unkeyed : this.byKey.get(key);
    if (bucket === undefined) return null;
    for (const row of bucket) if (text.startsWith(row.prefix)) return row;
    return null;
  }

  /** The first `keyLength` characters of `text` as one integer, or -1 when one of them is not ASCII. */
  private key(text: string): number {
    let key = 0;
    for (let i = 0; i < this.keyLength; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return -1;
      key = (key << 7) | c;
    }
    return key;
  }
}

/** Builds rows that share one value from a list of prefixes. */
export function rowsOf<T>(value: T, ...prefixes: string[]): PrefixRow<T>[] {
  return prefixes.map((prefix) => ({ prefix, value }));
}

/**
 * Which of several lists of prefixes hold one that starts a line, indexed by the prefixes' first two
 * characters: a line that starts with none (most lines of a report: frames, register values, code bytes)
 * costs one look-up however many tables the lists come from, and a line that starts with one is looked up
 * only in the tables that may hold it.
 */
export class PrefixSet {
  /** The bit of each list (`1 << index`) whose one-character prefixes are a character. */
  private readonly single = new Map<number, number>();
  /** The longer prefixes under the key of their first two characters, with the bits of their lists. */
  private readonly byPair = new Map<number, { prefix: string; lists: number }[]>();

  constructor(lists: readonly (readonly string[])[]) {
    lists.forEach((prefixes, index) => {
      const bit = 1 << index;
      for (const prefix of prefixes) {
        if (prefix === '') throw new Error('PrefixSet: an empty prefix');
        if (prefix.length === 1) {
          const c = prefix.charCodeAt(0);
          this.single.set(c, (this.single.get(c) ?? 0) | bit);
          continue;
        }
        const key = pairKey(prefix);
        const bucket = this.byPair.get(key);
        const known = bucket?.find((entry) => entry.prefix === prefix);
        if (known) known.lists |= bit;
        else if (bucket) bucket.push({ prefix, lists: bit });
        else this.byPair.set(key, [{ prefix, lists: bit }]);
      }
    });
  }

  /** The bits (`1 << index` of a list) of the lists that hold a prefix of `text`; 0 for none. */
  listsStarting(text: string): number {
    let lists = this.single.get(text.charCodeAt(0)) ?? 0;
    const bucket = this.byPair.get(pairKey(text));
    if (bucket === undefined) return lists;
    for (const entry of bucket) if (text.startsWith(entry.prefix)) lists |= entry.lists;
    return lists;
  }
}

/** The first two UTF-16 code units as one number (NaN for a text shorter than two). */
function pairKey(text: string): number {
  return text.charCodeAt(0) * 0x10000 + text.charCodeAt(1);
}
