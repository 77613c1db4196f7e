import { Explanation, shiftLines } from '../explain/explanation.js';
import { checkGrounding } from '../explain/grounding.js';
import type { ExplainInput } from '../explain/input.js';
import type { Store } from '../store/store.js';
import type { TriageNote } from '../triage/note-model.js';
import type { ExplainOutcome } from '../explain/outcome.js';
import type { Explainer } from './explainer.js';

export type NoteExplanation = ExplainOutcome & { cached: boolean };

/**
 * Explains a note, through the store's cache: one answer per report signature, prompt version and
 * model. A cached grounded answer is checked again against this paste's lines (the same bug pasted
 * again has other addresses and timestamps); if it no longer fits, the model is asked anew. A withheld
 * answer is reused as it is: the same prompt would get the same answer.
 */
export async function explainNote(
  deps: { explainer: Explainer; store: Pick<Store, 'getExplanation' | 'putExplanation'>; now: () => Date },
  note: TriageNote,
  input: ExplainInput,
): Promise<NoteExplanation> {
  const key = { signature: note.signature, prompt: deps.explainer.prompt, model: deps.explainer.model };
  const start = note.lines.start;
  const cached = Explanation.safeParse(await deps.store.getExplanation(key));
  if (cached.success) {
    const explanation = shiftLines(cached.data, start - 1);
    if (explanation.status === 'withheld' || checkGrounding(explanation, input).ok) {
      return { ok: true, explanation, cached: true };
    }
  }
  const outcome = await deps.explainer.explain(input);
  if (outcome.ok)
    await deps.store.putExplanation(key, shiftLines(outcome.explanation, 1 - start), deps.now());
  return { ...outcome, cached: false };
}
