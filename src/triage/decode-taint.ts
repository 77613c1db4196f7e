/**
 * Taint letters (Documentation/admin-guide/tainted-kernels.rst, kernel/panic.c `taint_flags[]`).
 * The kernel prints one column per bit, blank when clear; bit 0 prints `G` when clear, so `G` is
 * not a taint. Each letter is unique, so collecting the non-blank letters is enough.
 */

/** What a taint letter means for triage; `null` when it changes nothing about how to proceed. */
export type TaintConcern = 'earlier-report' | 'out-of-tree' | 'hardware' | 'earlier-lockup' | null;

interface TaintFlag {
  letter: string;
  bit: number;
  meaning: string;
  concern: TaintConcern;
}

const TAINT_FLAGS: readonly TaintFlag[] = [
  { letter: 'P', bit: 0, meaning: 'a proprietary module was loaded', concern: 'out-of-tree' },
  { letter: 'F', bit: 1, meaning: 'a module was force-loaded (insmod -f)', concern: null },
  { letter: 'S', bit: 2, meaning: 'the CPU or system runs out of spec', concern: 'hardware' },
  { letter: 'R', bit: 3, meaning: 'a module was force-unloaded (rmmod -f)', concern: null },
  { letter: 'M', bit: 4, meaning: 'a machine check exception happened', concern: 'hardware' },
  {
    letter: 'B',
    bit: 5,
    meaning: 'a bad page was referenced or unexpected page flags were seen',
    concern: 'hardware',
  },
  { letter: 'U', bit: 6, meaning: 'user space asked for the taint', concern: null },
  { letter: 'D', bit: 7, meaning: 'the kernel died recently (an oops or BUG)', concern: 'earlier-report' },
  { letter: 'A', bit: 8, meaning: 'an ACPI table was overridden', concern: null },
  { letter: 'W', bit: 9, meaning: 'a warning was issued earlier', concern: 'earlier-report' },
  { letter: 'C', bit: 10, meaning: 'a staging driver was loaded', concern: 'out-of-tree' },
  { letter: 'I', bit: 11, meaning: 'a platform firmware bug workaround was applied', concern: null },
  { letter: 'O', bit: 12, meaning: 'an out-of-tree module was loaded', concern: 'out-of-tree' },
  { letter: 'E', bit: 13, meaning: 'an unsigned module was loaded', concern: 'out-of-tree' },
  { letter: 'L', bit: 14, meaning: 'a soft lockup happened earlier', concern: 'earlier-lockup' },
  { letter: 'K', bit: 15, meaning: 'the kernel was live-patched', concern: null },
  { letter: 'X', bit: 16, meaning: 'auxiliary taint set by the distribution', concern: null },
  { letter: 'T', bit: 17, meaning: 'the kernel was built with the randstruct plugin', concern: null },
  { letter: 'N', bit: 18, meaning: 'an in-kernel test (such as KUnit) has run', concern: null },
  { letter: 'J', bit: 19, meaning: 'the fwctl mutating debug interface was used', concern: null },
];

/** The triage advice each concern adds to a note, in the order notes show it. */
const CONCERN_HINTS: ReadonlyArray<[Exclude<TaintConcern, null>, string]> = [
  [
    'earlier-report',
    'An earlier oops or warning tainted the kernel (D or W): ask for the first report in the log, this one may be fallout.',
  ],
  [
    'out-of-tree',
    'Out-of-tree, proprietary, unsigned or staging code is loaded (P, O, E or C): suspect it first, and reproduce without it before reporting upstream.',
  ],
  ['earlier-lockup', 'A soft lockup happened earlier (L): look for the first lockup report in the log.'],
  ['hardware', 'The kernel saw a hardware or memory problem (M, B or S): rule out the hardware first.'],
];

export interface TaintLetter {
  letter: string;
  meaning: string;
}

export interface DecodedTaint {
  /** The non-blank letters as printed, `G` included. */
  letters: string;
  flags: TaintLetter[];
  /** Letters no known kernel defines (a newer kernel, or a mangled line). */
  unknown: string[];
  concerns: Exclude<TaintConcern, null>[];
  hints: string[];
}

export function decodeTaint(printed: string): DecodedTaint {
  const letters = [...new Set(printed.replace(/\s+/g, ''))];
  const flags: TaintLetter[] = [];
  const unknown: string[] = [];
  const concerns = new Set<Exclude<TaintConcern, null>>();
  for (const letter of letters) {
    if (letter === 'G') continue;
    const flag = TAINT_FLAGS.find((f) => f.letter === letter);
    if (flag === undefined) {
      unknown.push(letter);
      continue;
    }
    flags.push({ letter, meaning: flag.meaning });
    if (flag.concern !== null) concerns.add(flag.concern);
  }
  flags.sort((a, b) => bitOf(a.letter) - bitOf(b.letter));
  const ordered = CONCERN_HINTS.filter(([c]) => concerns.has(c));
  return {
    letters: letters.join(''),
    flags,
    unknown,
    concerns: ordered.map(([c]) => c),
    hints: ordered.map(([, hint]) => hint),
  };
}

/** Module marks that mean code outside the upstream tree: `nf_conntrack(O)`, `nvidia(POE)`, `r8188eu(C)`. */
const OUT_OF_TREE_MARKS: Readonly<Record<string, string>> = {
  P: 'proprietary',
  O: 'out-of-tree',
  E: 'unsigned',
  C: 'staging',
};

/** The out-of-tree marks of a module's `(OE)`, in words: `['out-of-tree', 'unsigned']`. */
export function outOfTreeMarks(marks: string): Array<{ letter: string; word: string }> {
  return [...marks.replace(/[()\s]/g, '')].flatMap((letter) => {
    const word = OUT_OF_TREE_MARKS[letter];
    return word === undefined ? [] : [{ letter, word }];
  });
}

function bitOf(letter: string): number {
  return TAINT_FLAGS.find((f) => f.letter === letter)?.bit ?? 99;
}
