/**
 * What the title reader, its corrupted-report checks and the fact reader all ask of a block's lines:
 * the frames a line holds and whether it opens a stack section. Each of them walks the same stack, so
 * each answer is worked out on first use and kept for the others; one instance per block. The lines
 * are the block's, then its title tail's: the title reader reads both, the fact reader only the first.
 */
import type { ReportBlock } from './block.js';
import { parseFrameLine, type FrameText } from './frames.js';
import { opensWith } from './facts/text.js';
import { startsStack } from './oops-table.js';

const UNKNOWN = 0;
const NO = 1;
const YES = 2;

export class BlockLines {
  /** The block's line texts, then its title tail's, as printed (leading spaces kept). */
  readonly texts: readonly string[];
  private readonly frameCache: (readonly FrameText[] | null | undefined)[];
  /** Plain arrays: a typed array costs more to allocate than a block's few hundred look-ups save. */
  private readonly staleCache: number[];
  private readonly startCache: number[];

  constructor(block: ReportBlock) {
    const texts = block.lines.map((l) => l.text);
    if (block.titleTail) for (const l of block.titleTail) texts.push(l.text);
    this.texts = texts;
    this.frameCache = new Array<readonly FrameText[] | null | undefined>(this.texts.length);
    this.staleCache = new Array<number>(this.texts.length).fill(UNKNOWN);
    this.startCache = new Array<number>(this.texts.length).fill(UNKNOWN);
  }

  /** `parseFrameLine` of line `i`. */
  frames(i: number): readonly FrameText[] | null {
    let frames = this.frameCache[i];
    if (frames === undefined) {
      frames = parseFrameLine(this.texts[i] ?? '');
      this.frameCache[i] = frames;
    }
    return frames;
  }

  /**
   * `parseFrameLine` of line `i` without its leading whitespace (`trimmed`), as the fact reader reads
   * it. That is the same answer as for the whole line when only spaces were removed, since the frame
   * scanner skips them, except for the one look at the whole line: whether it holds ` from `, which a
   * line starting with `from ` only does with its leading space.
   */
  framesOfTrimmed(i: number, trimmed: string): readonly FrameText[] | null {
    const text = this.texts[i] ?? '';
    if (
      trimmed !== text &&
      (!onlySpacesBefore(text, text.length - trimmed.length) || opensWith(trimmed, 'from '))
    ) {
      return parseFrameLine(trimmed);
    }
    return this.frames(i);
  }

  /** A `? f` or `(unreliable)` line: stale stack words, which syzkaller drops before it reads a stack. */
  isStale(i: number): boolean {
    let stale = this.staleCache[i];
    if (stale === UNKNOWN) {
      stale = this.frames(i)?.some((f) => f.unreliable) === true ? YES : NO;
      this.staleCache[i] = stale;
    }
    return stale === YES;
  }

  /** Whether line `i` opens a stack section (`STACK_START`). */
  isStackStart(i: number): boolean {
    let start = this.startCache[i];
    if (start === UNKNOWN) {
      start = startsStack(this.texts[i] ?? '') ? YES : NO;
      this.startCache[i] = start;
    }
    return start === YES;
  }
}

function onlySpacesBefore(text: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}
