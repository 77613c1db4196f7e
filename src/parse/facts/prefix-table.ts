/**
 * A table of line prefixes indexed by their first character, so each line costs one look-up and a
 * few `startsWith` calls however many rows the table has. Rows keep their order: the first matching row
 * wins, so a longer prefix must come before a shorter one it extends.
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

/** Lines start with ASCII nearly always: those first characters index an array, the others a map. */
const ASCII = 128;

export class PrefixTable<T> {
  /** Every row's prefix, in row order. */
  readonly prefixes: readonly string[];
  private readonly byAscii: (PrefixRow<T>[] | undefined)[] = new Array<PrefixRow<T>[] | undefined>(
    ASCII,
  ).fill(undefined);
  private readonly byOther = new Map<number, PrefixRow<T>[]>();

  constructor(rows: readonly PrefixRow<T>[]) {
    this.prefixes = rows.map((row) => row.prefix);
    for (const row of rows) {
      const key = row.prefix.charCodeAt(0);
      const bucket = this.bucket(key);
      if (bucket) bucket.push(row);
      else if (key < ASCII) this.byAscii[key] = [row];
      else this.byOther.set(key, [row]);
    }
  }

  /** The first row whose prefix starts `text`. */
  match(text: string): PrefixMatch<T> | null {
    const bucket = this.bucket(text.charCodeAt(0));
    if (!bucket) return null;
    for (const row of bucket) {
      if (text.startsWith(row.prefix)) return { value: row.value, rest: text.slice(row.prefix.length) };
    }
    return null;
  }

  /** An empty text's `NaN` is looked up in the map, as an empty prefix's was filed there. */
  private bucket(key: number): PrefixRow<T>[] | undefined {
    return key < ASCII ? this.byAscii[key] : this.byOther.get(key);
  }
}

/** Builds rows that share one value from a list of prefixes. */
export function rowsOf<T>(value: T, ...prefixes: string[]): PrefixRow<T>[] {
  return prefixes.map((prefix) => ({ prefix, value }));
}

/**
 * Whether a line starts with any of many prefixes, indexed by their first two characters: a line that
 * starts with none (most lines of a report: frames, register values, code bytes) costs one look-up
 * however many tables the prefixes come from, where a first character alone is shared by many of them.
 */
export class PrefixSet {
  /** Prefixes of one character, and whether the empty prefix (which only an empty text starts with, as in `PrefixTable`) is one. */
  private readonly single = new Set<number>();
  private readonly empty: boolean;
  private readonly byPair = new Map<number, string[]>();

  constructor(prefixes: readonly string[]) {
    this.empty = prefixes.includes('');
    for (const prefix of prefixes) {
      if (prefix.length === 1) this.single.add(prefix.charCodeAt(0));
      if (prefix.length < 2) continue;
      const key = pairKey(prefix);
      const bucket = this.byPair.get(key);
      if (bucket) bucket.push(prefix);
      else this.byPair.set(key, [prefix]);
    }
  }

  /** Whether one of the prefixes starts `text`, as `PrefixTable.match` reads a prefix. */
  startsAny(text: string): boolean {
    if (text === '') return this.empty;
    if (this.single.has(text.charCodeAt(0))) return true;
    const bucket = this.byPair.get(pairKey(text));
    if (!bucket) return false;
    for (const prefix of bucket) if (text.startsWith(prefix)) return true;
    return false;
  }
}

/** The first two UTF-16 code units as one number (NaN for a text shorter than two). */
function pairKey(text: string): number {
  return text.charCodeAt(0) * 0x10000 + text.charCodeAt(1);
}
