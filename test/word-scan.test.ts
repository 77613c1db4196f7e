import { describe, expect, it } from 'vitest';
import { HEADER_WORDS } from '../src/parse/header-words.js';
import { WordScanner } from '../src/parse/word-scan.js';

const naive = (words: readonly string[], text: string): boolean => words.some((w) => text.includes(w));

describe('WordScanner', () => {
  const scanner = new WordScanner(HEADER_WORDS);

  it('finds a word at the start, in the middle and at the end of a text', () => {
    for (const word of HEADER_WORDS) {
      expect(scanner.containsAny(word)).toBe(true);
      expect(scanner.containsAny(`x ${word} y`)).toBe(true);
      expect(scanner.containsAny(`x ${word}`)).toBe(true);
    }
  });

  it('finds no word from a cut one, and none in short or empty text', () => {
    for (const word of HEADER_WORDS) {
      const cut = word.slice(0, -1);
      expect(scanner.containsAny(cut)).toBe(naive(HEADER_WORDS, cut));
    }
    expect(scanner.containsAny('')).toBe(false);
    expect(scanner.containsAny('BU')).toBe(false);
  });

  it('agrees with a plain search on text mixed from words, their pieces and other characters', () => {
    let state = 7;
    const next = (k: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      return state % k;
    };
    const noise = ' abcXYZ:#[(-.0123BUGWARNINGOopsketrnlpanic_\u00e9\u4e2d\u{1f600}';
    for (let round = 0; round < 20000; round++) {
      let text = '';
      for (let part = next(4); part >= 0; part--) {
        const word = HEADER_WORDS[next(HEADER_WORDS.length)] ?? '';
        const from = next(word.length);
        if (next(2) === 0)
          text += next(3) === 0 ? word : word.slice(from, from + next(word.length - from + 1));
        else for (let k = next(6); k > 0; k--) text += noise.charAt(next(noise.length));
      }
      expect(scanner.containsAny(text), JSON.stringify(text)).toBe(naive(HEADER_WORDS, text));
    }
  });

  it('refuses a word shorter than its anchor', () => {
    expect(() => new WordScanner(['ab'])).toThrow(/3 characters/);
  });
});
