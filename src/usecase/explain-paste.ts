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

/** The notes with the explanation beside them, or why there is none this time. */
export type ExplainedPaste =
  | { ok: true; notes: NoteSet }
  /** `retryable`: another attempt may get an answer (the provider was slow or rate limited). */
  | { ok: false; retryable: boolean; reason: string };

/**
 * Attempts at one explanation, each already retried by the provider's client. Past these the note
 * stays as it is: the explanation is queued with the message's other replies, and a later edit of
 * the paste must not wait on a provider that is down.
 */
export const EXPLAIN_ATTEMPTS = 3;

/** Explains the lead report of posted notes: the use case behind the edit that follows a note. */
export interface PasteExplainer {
  readonly model: string;
  /** What to queue after the note of `triage`; null when the paste holds no report. */
  requestFor(triage: TriagedPaste): ExplainRequest | null;
  /** `attempt` counts from 1, the outbox's count of attempts at the reply. */
  explain(request: ExplainRequest, attempt: number): Promise<ExplainedPaste>;
}

/** `entries` are the knowledge entries a note's top match may name (the core's `listKb`). */
export function createPasteExplainer(
  explainer: NoteExplainer,
  entries: () => readonly Entry[],
): PasteExplainer {
  return {
    model: explainer.model,
    requestFor(triage) {
      const lead = triage.notes.notes[0];
      if (lead === undefined) return null;
      return { notes: triage.notes, lines: explainInput(lead, triage.lineText, undefined).lines };
    },
    async explain(request, attempt) {
      const lead = request.notes.notes[0];
      if (lead === undefined) return { ok: false, retryable: false, reason: 'the notes hold no report' };
      const lines = new Map(request.lines.map((l) => [l.line, l.text]));
      const entry = entries().find((e) => e.id === lead.matches[0]?.id);
      const outcome = await explainer.explain(
        lead,
        explainInput(lead, (no) => lines.get(no), entry),
      );
      if (outcome.ok) return { ok: true, notes: { ...request.notes, explanation: outcome.explanation } };
      return {
        ok: false,
        // A spent budget comes back only the next UTC day: no attempt before then can succeed.
        retryable: outcome.cause !== 'budget' && attempt < EXPLAIN_ATTEMPTS,
        reason: `no explanation from ${explainer.model}: ${outcome.reason}`,
      };
    },
  };
}
