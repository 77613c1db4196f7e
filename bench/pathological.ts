/**
 * Inputs built to find super-linear behaviour: each is generated at a given size so that the time per
 * megabyte can be compared across sizes (it should stay flat).
 */
export interface Pathological {
  name: string;
  make(bytes: number): string;
}

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / unit.length))).slice(0, bytes);
}

function pseudoRandomBytes(bytes: number): string {
  let state = 7;
  let out = '';
  for (let i = 0; i < bytes; i++) {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    out += String.fromCharCode(state & 0xff);
  }
  return out;
}

export const PATHOLOGICAL: readonly Pathological[] = [
  { name: 'single line', make: (n) => repeatTo('a', n) },
  { name: 'single line of header words', make: (n) => repeatTo('BUG: WARNING: in_atomic(): 1, ', n) },
  { name: 'header lines', make: (n) => repeatTo('[  1.000000] BUG: scheduling while atomic: a/1/0x00000002\n', n) },
  { name: 'half reports', make: (n) => repeatTo('BUG: kernel NULL pointer dereference, address: 0000000000000008\n', n) },
  { name: 'frame-like tokens', make: (n) => repeatTo(' [<ffffffff81000000>] ? f+0x1/0x2 (f) from ', n) },
  { name: 'entities and markup', make: (n) => repeatTo('&lt;&amp;lt;<http://x|&gt;> > > ```', n) },
  { name: 'lock lines', make: (n) => repeatTo(' #0: ffff888100000000 (&a->b){+.+.}-{3:3}, at: f+0x1/0x2\n', n) },
  { name: 'binary', make: pseudoRandomBytes },
];
