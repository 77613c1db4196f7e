/** How a note writes what it quotes from a report: code spans, frames and tasks. */
import type { Frame } from '../parse/report.js';
import type { NoteFrame } from './note-model.js';

/** Text from the report as inline code; a backtick inside it would end the span, so it becomes `'`. */
export const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

export const hex = (n: number): string => `0x${n.toString(16)}`;

/** `f+0x4b/0x90 [mod]` as the kernel prints a frame. */
export function frameText(f: Pick<Frame, 'fn' | 'offset' | 'size' | 'module'>): string {
  const place = f.offset !== null && f.size !== null ? `+${hex(f.offset)}/${hex(f.size)}` : '';
  const mod = f.module === null ? '' : ` [${f.module}]`;
  return `${f.fn}${place}${mod}`;
}

export function noteFrame(f: Frame): NoteFrame {
  return { text: frameText(f), fn: f.fn, module: f.module, context: f.context, line: f.line };
}
