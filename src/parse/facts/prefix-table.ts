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
  private readonly byAscii: (PrefixRow<T>[] | undefined)[] = new Array<PrefixRow<T>[] | undefined>(
    ASCII,
  ).fill(undefined);
  private readonly byOther = new Map<number, PrefixRow<T>[]>();

  constructor(rows: readonly PrefixRow<T>[]) {
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
