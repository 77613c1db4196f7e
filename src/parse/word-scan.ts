/**
 * Whether a text holds any of a fixed set of words, in one pass over its characters. Each word is
 * found through its rarest three characters (its anchor): the scan hashes every three characters of
 * the text into a 64 K table, and only where the table holds an anchor does it compare the words that
 * own it. In ordinary text almost no position hits (header words carry capitals, colons and digits,
 * chat is lower-case prose), so the cost is one table look-up per character: a regular expression of
 * the same words tests every branch's first characters at every position instead.
 */

const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const ANCHOR = 3;

interface Anchored {
  word: string;
  /** The word's index in the list the scanner was built from. */
  index: number;
  /** Where the anchor starts in the word. */
  at: number;
}

export class WordScanner {
  private readonly hit = new Uint8Array(1 << TABLE_BITS);
  private readonly owners = new Map<number, Anchored[]>();
  private readonly shortest: number;

  constructor(words: readonly string[]) {
    if (words.some((w) => w.length < ANCHOR)) throw new Error(`every word needs ${ANCHOR} characters`);
    this.shortest = Math.min(...words.map((w) => w.length));
    for (const [index, word] of words.entries()) {
      const at = rarestAnchor(word);
      const h = hash(word.charCodeAt(at), word.charCodeAt(at + 1), word.charCodeAt(at + 2));
      this.hit[h] = 1;
      const list = this.owners.get(h);
      if (list) list.push({ word, index, at });
      else this.owners.set(h, [{ word, index, at }]);
    }
  }

  /** Whether any of the words occurs in `text`. */
  containsAny(text: string): boolean {
    const n = text.length;
    if (n < this.shortest) return false;
    let b = text.charCodeAt(0);
    let c = text.charCodeAt(1);
    for (let i = 2; i < n; i++) {
      const a = b;
      b = c;
      c = text.charCodeAt(i);
      const h = hash(a, b, c);
      if (this.hit[h] === 1 && this.anchorMatches(text, h, i - 2)) return true;
    }
    return false;
  }

  /** The indexes, in ascending order, of the words that occur in `text`. */
  wordsIn(text: string): number[] {
    const found: number[] = [];
    const n = text.length;
    if (n < this.shortest) return found;
    let b = text.charCodeAt(0);
    let c = text.charCodeAt(1);
    for (let i = 2; i < n; i++) {
      const a = b;
      b = c;
      c = text.charCodeAt(i);
      const h = hash(a, b, c);
      if (this.hit[h] !== 1) continue;
      for (const { word, index, at } of this.owners.get(h) ?? []) {
        const start = i - 2 - at;
        if (start >= 0 && !found.includes(index) && text.startsWith(word, start)) found.push(index);
      }
    }
    return found.sort((x, y) => x - y);
  }

  /** Whether a word owning the anchor hash `h` found at `pos` occurs around it. */
  private anchorMatches(text: string, h: number, pos: number): boolean {
    for (const { word, at } of this.owners.get(h) ?? []) {
      const start = pos - at;
      if (start >= 0 && text.startsWith(word, start)) return true;
    }
    return false;
  }
}

function hash(a: number, b: number, c: number): number {
  return ((a * 1021 + b) * 31 + c) & TABLE_MASK;
}

/** The start of the word's three characters least likely in prose, by `charWeight`. */
function rarestAnchor(word: string): number {
  let best = 0;
  let bestWeight = Number.POSITIVE_INFINITY;
  for (let at = 0; at + ANCHOR <= word.length; at++) {
    let weight = 1;
    for (let k = 0; k < ANCHOR; k++) weight *= charWeight(word.charCodeAt(at + k));
    if (weight < bestWeight) {
      best = at;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * How often a character occurs in English prose, roughly: the space most, then the common lower-case
 * letters, the other letters, digits, and capitals and punctuation least. Only the order matters.
 */
function charWeight(c: number): number {
  if (c === 0x20) return 18;
  if (c >= 0x61 && c <= 0x7a) return COMMON_LOWER.includes(String.fromCharCode(c)) ? 7 : 2;
  if (c >= 0x30 && c <= 0x39) return 1;
  if (c === 0x2e || c === 0x2c) return 1;
  return 0.5;
}

const COMMON_LOWER = 'etaoinshrdlu';
