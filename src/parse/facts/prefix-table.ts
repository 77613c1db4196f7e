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

interface KeyedRow<T> extends PrefixRow<T> {
  /** The key of the prefix's first `keyLength` characters. */
  key: number;
}

export class PrefixTable<T> {
  /** Every row's prefix, in row order. */
  readonly prefixes: readonly string[];
  /** How many characters a key holds: no prefix is shorter. */
  private readonly keyLength: number;
  /** The rows under the key of their first `keyLength` characters, in row order. */
  private readonly byKey: KeyIndex<KeyedRow<T>>;
  /** Rows whose first characters make no key (not ASCII), tried in order on texts that make none. */
  private readonly unkeyed: PrefixRow<T>[] = [];

  constructor(rows: readonly PrefixRow<T>[]) {
    this.prefixes = rows.map((row) => row.prefix);
    this.keyLength = Math.min(MAX_KEY, ...rows.map((row) => row.prefix.length));
    if (this.keyLength < 1) throw new Error('PrefixTable: an empty prefix');
    const keyed: KeyedRow<T>[] = [];
    for (const row of rows) {
      const key = this.key(row.prefix);
      if (key < 0) this.unkeyed.push(row);
      else keyed.push({ ...row, key });
    }
    this.byKey = new KeyIndex(keyed);
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
    if (key < 0) return this.unkeyed.find((row) => text.startsWith(row.prefix)) ?? null;
    const slot = this.byKey.slot(key);
    if (slot === undefined) return null;
    for (const row of slot) if (row.key === key && text.startsWith(row.prefix)) return row;
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

/**
 * Entries filed under a number by a multiplicative hash into an array of slots, a few times more slots
 * than entries: most keys that no entry has find an empty slot, and a look-up costs an array load where a
 * `Map` of numbers costs a call. A slot holds the entries of every key that falls in it, in the order
 * given: the caller compares keys.
 */
export class KeyIndex<E extends { key: number }> {
  private readonly slots: (E[] | undefined)[];
  /** 32 less the bits of a slot's index: the hash's top bits pick the slot. */
  private readonly shift: number;

  constructor(entries: readonly E[]) {
    let bits = 4;
    while (1 << bits < entries.length * 4) bits++;
    this.shift = 32 - bits;
    this.slots = Array.from({ length: 1 << bits });
    for (const entry of entries) {
      const at = this.indexOf(entry.key);
      const slot = this.slots[at];
      if (slot) slot.push(entry);
      else this.slots[at] = [entry];
    }
  }

  /** The entries of the slot `key` falls in, those of other keys among them; undefined for none. */
  slot(key: number): readonly E[] | undefined {
    return this.slots[this.indexOf(key)];
  }

  private indexOf(key: number): number {
    // Knuth's multiplicative hash: 2^32 divided by the golden ratio.
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
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
  /** The one-character prefixes under their character's code, with the bits of their lists. */
  private readonly single: KeyIndex<SetEntry>;
  /** The longer prefixes under the key of their first two characters, with the bits of their lists. */
  private readonly byPair: KeyIndex<SetEntry>;

  constructor(lists: readonly (readonly string[])[]) {
    const entries = new Map<string, SetEntry>();
    lists.forEach((prefixes, index) => {
      for (const prefix of prefixes) {
        if (prefix === '') throw new Error('PrefixSet: an empty prefix');
        const known = entries.get(prefix);
        if (known) known.lists |= 1 << index;
        else {
          const key = prefix.length === 1 ? prefix.charCodeAt(0) : pairKey(prefix);
          entries.set(prefix, { prefix, key, lists: 1 << index });
        }
      }
    });
    const all = [...entries.values()];
    this.single = new KeyIndex(all.filter((entry) => entry.prefix.length === 1));
    this.byPair = new KeyIndex(all.filter((entry) => entry.prefix.length > 1));
  }

  /** The bits (`1 << index` of a list) of the lists that hold a prefix of `text`; 0 for none. */
  listsStarting(text: string): number {
    let lists = 0;
    const first = text.charCodeAt(0);
    const single = this.single.slot(first);
    if (single !== undefined) for (const entry of single) if (entry.key === first) lists |= entry.lists;
    const key = pairKey(text);
    const pair = this.byPair.slot(key);
    if (pair === undefined) return lists;
    for (const entry of pair) if (entry.key === key && text.startsWith(entry.prefix)) lists |= entry.lists;
    return lists;
  }
}

interface SetEntry {
  prefix: string;
  /** `pairKey` of a longer prefix, the character's code of a one-character prefix. */
  key: number;
  lists: number;
}

/** The first two UTF-16 code units as one number (NaN for a text shorter than two). */
function pairKey(text: string): number {
  return text.charCodeAt(0) * 0x10000 + text.charCodeAt(1);
}
