/**
 * Inputs built to find super-linear behaviour: each is generated at a given size so that the time per
 * megabyte can be compared across sizes (it should stay flat). The first ones are the list:
 * a single huge line, a flood of header lines, binary bytes, invalid UTF-8, reports cut off after their
 * first line; the others aim at the patterns of the oops table and the frame scanner.
 */
export interface Pathological {
  name: string;
  make(bytes: number): string;
}

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / unit.length))).slice(0, bytes);
}

function pseudoRandomBytes(bytes: number): Uint8Array {
  let state = 7;
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    out[i] = (state >>> 16) & 0xff;
  }
  return out;
}

/** A long line that repeats a header word: every pattern that starts at the header sees it hundreds of times. */
function headerFloodLines(unit: string, bytes: number): string {
  return repeatTo(`[    1.000000] ${repeatTo(unit, 2000)}\n`, bytes);
}

export const PATHOLOGICAL: readonly Pathological[] = [
  { name: 'single line', make: (n) => repeatTo('a', n) },
  { name: 'single line of header words', make: (n) => repeatTo('BUG: WARNING: in_atomic(): 1, ', n) },
  {
    name: 'header lines',
    make: (n) => repeatTo('[  1.000000] BUG: scheduling while atomic: a/1/0x00000002\n', n),
  },
  {
    name: 'half reports',
    make: (n) => repeatTo('BUG: kernel NULL pointer dereference, address: 0000000000000008\n', n),
  },
  { name: 'binary as latin-1', make: (n) => Buffer.from(pseudoRandomBytes(n)).toString('latin1') },
  { name: 'binary as UTF-8 (invalid)', make: (n) => Buffer.from(pseudoRandomBytes(n)).toString('utf8') },
  { name: 'frame-like tokens', make: (n) => repeatTo(' [<ffffffff81000000>] ? f+0x1/0x2 (f) from ', n) },
  { name: 'entities and markup', make: (n) => repeatTo('&lt;&amp;lt;<http://x|&gt;> > > ```', n) },
  {
    name: 'lock lines',
    make: (n) => repeatTo(' #0: ffff888100000000 (&a->b){+.+.}-{3:3}, at: f+0x1/0x2\n', n),
  },
  // Lines that each end like a header a wrap cut (paste.ts joinCutHeaders), with and without newlines.
  { name: 'printk levels in one line', make: (n) => repeatTo(' <0>x', n) },
  { name: 'cut header lines', make: (n) => repeatTo('Unable to handle kernel\n', n) },
  { name: 'cut headers in one line', make: (n) => repeatTo('Unable to handle kernel ', n) },
  { name: 'lines repeating BUG:', make: (n) => headerFloodLines('BUG: .', n) },
  { name: 'lines repeating WARNING:', make: (n) => headerFloodLines('WARNING: 0', n) },
  { name: 'lines repeating UBSAN:', make: (n) => headerFloodLines('UBSAN: ', n) },
  {
    name: 'one long token per line',
    make: (n) => repeatTo(`WARNING: suspicious RCU usage\n${repeatTo('.c:1', 2000)}\n`, n),
  },
];
