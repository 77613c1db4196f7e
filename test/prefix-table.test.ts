import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS_LINES } from '../src/parse/facts/address.js';
import { ARCH_LINE_STARTS } from '../src/parse/facts/arch.js';
import { MORE_LINE_STARTS } from '../src/parse/facts/more-facts.js';
import { PrefixSet, PrefixTable, type PrefixRow } from '../src/parse/facts/prefix-table.js';
import { LOCATION_LABELS } from '../src/parse/facts/registers.js';
import { SECTION_STARTS } from '../src/parse/facts/stacks.js';
import { trimLeading } from '../src/parse/facts/text.js';

const REPORTS = 'test/fixtures/real/reports';

/** The trimmed lines of every eighth real report. */
function realLines(): string[] {
  const files = readdirSync(REPORTS)
    .filter((name) => name.endsWith('.txt'))
    .filter((_, i) => i % 8 === 0);
  return files.flatMap((name) => readFileSync(join(REPORTS, name), 'utf8').split('\n'));
}

/** The lists the fact reader looks lines up in, a one-character list among them. */
const LISTS: readonly (readonly string[])[] = [
  ['#', '0', '9', 'CPU: ', 'Hardware name: '],
  ADDRESS_LINES.map((row) => row.prefix),
  MORE_LINE_STARTS,
  ARCH_LINE_STARTS,
  SECTION_STARTS,
];

/** What `listsStarting` answers, one `startsWith` per prefix. */
function listsStartingSlowly(text: string): number {
  let lists = 0;
  LISTS.forEach((prefixes, index) => {
    if (prefixes.some((p) => text.startsWith(p))) lists |= 1 << index;
  });
  return lists;
}

describe('PrefixSet', () => {
  const set = new PrefixSet(LISTS);

  it('names every list that holds a prefix of the line', () => {
    expect(set.listsStarting('CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.12.0 #1')).toBe(0b00101);
    expect(set.listsStarting('RIP: 0010:sensor_work_fn+0x1d/0x60 [sensor_drv]')).toBe(0b01100);
    expect(set.listsStarting('#0: ffff888100ef1438 (&dev->tx_global_lock){+.-.}-{2:2}')).toBe(0b00001);
    expect(set.listsStarting('Call Trace:')).toBe(0b11000);
    expect(set.listsStarting(' ? __schedule+0x123/0x456')).toBe(0);
    expect(set.listsStarting('')).toBe(0);
  });

  it('answers as a look at every prefix does, on the lines of real reports', () => {
    const lines = realLines();
    for (const line of lines) {
      const text = line.trimStart();
      if (set.listsStarting(text) !== listsStartingSlowly(text)) expect(text).toBe('answered alike');
    }
    expect(lines.length).toBeGreaterThan(10_000);
  });
});

describe('PrefixTable', () => {
  // One-character rows make a key of one character, under which every row of the same first one falls.
  const rows: PrefixRow<number>[] = [...ADDRESS_LINES, ...LOCATION_LABELS, { prefix: '#', value: '' }].map(
    (row, index) => ({ prefix: row.prefix, value: index }),
  );
  const table = new PrefixTable(rows);

  it('finds the first row that starts a line, as a look at every row does, on the lines of real reports', () => {
    for (const line of realLines()) {
      const text = line.trimStart();
      const first = rows.find((row) => text.startsWith(row.prefix));
      expect(table.match(text)).toEqual(
        first ? { value: first.value, rest: text.slice(first.prefix.length) } : null,
      );
    }
  });
});

describe('trimLeading', () => {
  it('trims as trimStart does', () => {
    for (const text of [...realLines(), '', ' ', '\u00a0 x', '\u2003RIP:', '\tCPU: 0', 'x ']) {
      expect(trimLeading(text)).toBe(text.trimStart());
    }
  });
});
