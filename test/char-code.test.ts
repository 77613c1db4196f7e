import { describe, expect, it } from 'vitest';
import { codeAt } from '../src/parse/char-code.js';

describe('codeAt', () => {
  it('reads a line as charCodeAt does, and 0 past its end where charCodeAt says NaN', () => {
    const line = '[  742.118233][ T1423] ';
    for (let i = 0; i < line.length; i++) expect(codeAt(line, i)).toBe(line.charCodeAt(i));
    expect(codeAt(line, line.length)).toBe(0);
    expect(codeAt('', 0)).toBe(0);
  });
});
