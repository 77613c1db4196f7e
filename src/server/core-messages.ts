import { z } from 'zod';
import type { OutputFormat } from '../render/formats.js';
import type { SimilarQuery, TriageRecord } from '../store/store.js';
import type { Triage } from '../usecase/core.js';
import type { PasteOrigin, PasteRequest } from '../usecase/triage-paste.js';
import type { RenderedTriage } from './rendered-triage.js';

/**
 * What passes between the service's thread and a triage worker (`core-pool.ts`, `core-worker.ts`).
 * Messages are structured clones: no functions cross, so the paste's origin travels without its
 * `placeOf` (the service's thread names each earlier paste's place with the rows it sends back) and a
 * triage without its `lineText` (the lines its notes span travel as pairs).
 */

/** What a worker starts from (`workerData`), parsed where it enters the worker. */
export const WorkerSettings = z.object({ knowledgeDirs: z.array(z.string()) });
export type WorkerSettings = z.infer<typeof WorkerSettings>;

export type WireRequest = Omit<PasteRequest, 'origin'> & { origin?: Omit<PasteOrigin, 'placeOf'> };

export type WireTriage = Omit<Triage, 'lineText'> & { lines: [number, string][] };

/** What a worker is asked to do with one paste. */
export type Job =
  | { type: 'triage'; request: WireRequest; withHistory: boolean }
  | { type: 'render'; text: string; format: OutputFormat }
  | { type: 'has-report'; text: string };

export type ToWorker =
  | (Job & { id: number })
  /** The answer to one `similar` question: the rows, and how the note names the place of each. */
  | { type: 'similar'; id: number; call: number; rows: TriageRecord[]; places: string[] }
  | { type: 'similar-failed'; id: number; call: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'similar'; id: number; call: number; query: SimilarQuery }
  | { type: 'triaged'; id: number; triage: WireTriage }
  | { type: 'rendered'; id: number; rendered: RenderedTriage }
  | { type: 'has-report'; id: number; found: boolean }
  | { type: 'failed'; id: number; error: unknown };

/**
 * Only the lines the notes span: what their quotes and a model's input are read from. The whole
 * paste's lines would cost the service's thread as much to receive as the paste did.
 */
export function toWire(triage: Triage): WireTriage {
  const { lineText, ...rest } = triage;
  const lines = new Map<number, string>();
  for (const { lines: span } of triage.notes.notes) {
    for (let no = span.start; no <= span.end; no++) {
      const text = lineText(no);
      if (text !== undefined) lines.set(no, text);
    }
  }
  return { ...rest, lines: [...lines] };
}

export function fromWire(wire: WireTriage): Triage {
  const { lines, ...rest } = wire;
  const byNo = new Map(lines);
  return { ...rest, lineText: (no) => byNo.get(no) };
}
