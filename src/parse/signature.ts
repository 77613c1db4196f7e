import type { Frame, ReportKind } from './report.js';
import { baseName } from './frames.js';

/** Frames of the main stack that name the code path in a signature. */
const SIGNATURE_FRAMES = 4;

/**
 * A short string that two reports of the same bug share: the kind, the guilty function and a hash of
 * the normalised title and the first reliable frames of the main stack (names only). Titles are
 * already free of addresses, pids and numbers; frame offsets, timestamps and CPUs never enter it.
 */
export function reportSignature(
  kind: ReportKind,
  title: string,
  guilty: string | null,
  frames: readonly Frame[],
): string {
  // The first few are taken as they come: a report holds hundreds of frames.
  const path: string[] = [];
  for (const f of frames) {
    if (path.length === SIGNATURE_FRAMES) break;
    if (f.stack === 'main' && !f.unreliable) path.push(baseName(f.fn));
  }
  const digest = fnv1a32([title, ...path].join('\n'))
    .toString(16)
    .padStart(8, '0');
  return `${kind}:${guilty ?? 'unknown'}:${digest}`;
}

/** FNV-1a over UTF-16 code units: tiny, stable across runs and platforms, and enough for grouping. */
function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
