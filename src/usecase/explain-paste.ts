import { z } from 'zod';
import { explainInput, type ExplainInput } from '../explain/input.js';
import type { ExplainOutcome } from '../explain/outcome.js';
import type { Entry } from '../knowledge/entry.js';
import type { TriageNote } from '../triage/note-model.js';
import { NoteSet } from '../triage/note-set.js';
import type { TriagedPaste } from './triage-paste.js';

export type { ExplainEvent, UnavailableCause } from '../explain/outcome.js';

/**
 * The language model behind explanations, with the store's cache in front of it: what the service is
 * given when LLM_BASE_URL and LLM_MODEL are set (`src/llm/` builds it).
 */
export interface NoteExplainer {
  /** The model as configured, for the start-up line and the logs. */
  readonly model: string;
  explain(note: TriageNote, input: ExplainInput): Promise<ExplainOutcome>;
}

/**
 * What the reply that follows a note carries, so it can be sent later or by another replica: the
 * notes as they were posted, and the lead report's lines as the model is to see them (only these
 * leave the machine; the chat around the report does not).
 */
export const ExplainRequest = z.object({
  notes: NoteSet,
  lines: z.array(z.object({ line: z.number().int().positive(), text: z.string() })),
});
export type ExplainRequest = z.infer<typeof ExplainRequest>;

/**
 * The notes with the explanation beside them, or why there is none this time; a failure is shaped as
 * the outbox records a failed delivery, so an adapter hands it on as it is.
 */
export type ExplainedPaste =
  | { ok: true; notes: NoteSet }
  /**
   * `retryable`: another attempt may get an answer (the provider was slow or rate limited);
   * `retryAfterMs`: when, if sooner than the outbox's own backoff.
   */
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/**
 * Attempts at one explanation, each already retried by the provider's client (an attempt turned away
 * while the model was busy counts too). Past these the note stays as it is: the explanation is queued
 * with the message's other replies, and a later edit of the paste must not wait on a provider that is
 * down.
 */
export const EXPLAIN_ATTEMPTS = 3;

/**
 * How soon an explanation turned away because the model is busy with others is tried again: about
 * one answer's time, so a burst of pastes is explained a few at a time without waiting out the
 * outbox's 30 s backoff.
 */
const BUSY_RETRY_MS = 5_000;

/** Explains the lead report of posted notes: the use case behind the edit that follows a note. */
export interface PasteExplainer {
  /** What to queue after the note of `triage`; null when the paste holds no report. */
  requestFor(triage: TriagedPaste): ExplainRequest | null;
  /** `attempt` counts from 1, the outbox's count of attempts at the reply. */
  explain(request: ExplainRequest, attempt: number): Promise<ExplainedPaste>;
}

/**
 * `entries` are the knowledge entries a note's top match may name (the core's `listKb`). At most
 * `concurrency` questions to the model run at once: an explanation holds one of the outbox worker's
 * delivery slots for as long as the model takes (seconds, up to the timeout), and the slots left are
 * what keeps other pastes' notes going out at once. One past the limit is turned away and retried.
 */
export function createPasteExplainer(
  explainer: NoteExplainer,
  entries: () => readonly Entry[],
  concurrency: number,
): PasteExplainer {
  let asking = 0;
  return {
    requestFor(triage) {
      const lead = triage.notes.notes[0];
      if (lead === undefined) return null;
      return { notes: triage.notes, lines: explainInput(lead, triage.lineText, undefined).lines };
    },
    async explain(request, attempt) {
      const lead = request.notes.notes[0];
      if (lead === undefined) return { ok: false, retryable: false, error: 'the notes hold no report' };
      if (asking >= concurrency) {
        const error = `${explainer.model} is busy with ${asking} other explanations`;
        return { ok: false, retryable: true, error, retryAfterMs: BUSY_RETRY_MS };
      }
      const lines = new Map(request.lines.map((l) => [l.line, l.text]));
      const entry = entries().find((e) => e.id === lead.matches[0]?.id);
      asking += 1;
      let outcome: ExplainOutcome;
      try {
        outcome = await explainer.explain(
          lead,
          explainInput(lead, (no) => lines.get(no), entry),
        );
      } finally {
        asking -= 1;
      }
      if (outcome.ok) return { ok: true, notes: { ...request.notes, explanation: outcome.explanation } };
      return {
        ok: false,
        // A spent budget comes back only the next UTC day: no attempt before then can succeed.
        retryable: outcome.cause !== 'budget' && attempt < EXPLAIN_ATTEMPTS,
        error: `no explanation from ${explainer.model}: ${outcome.reason}`,
      };
    },
  };
}
