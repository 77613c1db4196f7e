/**
 * The paste reader's short paths for the lines nearly every log is made of must give what the full
 * reading gives, on every line of the real pastes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPlainLine, splitHtmlBreaks, unwrapLine } from '../src/parse/unwrap.js';

const DIR = new URL('./fixtures/real/reports/', import.meta.url);
const LINES = readdirSync(DIR)
  .filter((name) => name.endsWith('.txt'))
  .flatMap((name) => readFileSync(new URL(name, DIR), 'utf8').split(/\r?\n/));

describe('paste fast paths', () => {
  it('a plain line is one that unwrapping leaves as it is, with no HTML break', () => {
    let plain = 0;
    for (const line of LINES) {
      if (!isPlainLine(line)) continue;
      plain++;
      expect(unwrapLine(line)).toEqual({ text: line, isBreak: false, dropped: 0 });
      expect(splitHtmlBreaks(line)).toBeNull();
    }
    expect(plain).toBeGreaterThan(LINES.length / 2);
    expect(isPlainLine('&gt; [  1.000000] BUG: x')).toBe(false);
    expect(isPlainLine('[  1.000000] BUG: x^M')).toBe(false);
  });
});
