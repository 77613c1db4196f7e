import type { Config } from '../config/env.js';
import type { ExplainInput } from '../explain/input.js';
import type { ExplainEvent, ExplainOutcome } from '../explain/outcome.js';
import type { Store } from '../store/store.js';
import type { TriageNote } from '../triage/note-model.js';
import { DailyTokenBudget } from './budget.js';
import { createChatClient } from './chat-client.js';
import { explainNote } from './explain-note.js';
import { createExplainer } from './explainer.js';
import { loadExplainPrompt } from './load-prompts.js';

export interface NoteExplainerParts {
  llm: NonNullable<Config['llm']>;
  store: Pick<Store, 'getExplanation' | 'putExplanation'>;
  now: () => Date;
  /** Every call to the provider, for the metrics; answers from the cache are not calls. */
  observe: (event: ExplainEvent) => void;
}

/**
 * The service's explainer: the configured provider with the built-in prompt, the day's token budget,
 * and the store's cache in front. Throws when the prompt files do not pass their lint, so the service
 * does not start with a broken prompt.
 */
export function createNoteExplainer(parts: NoteExplainerParts): {
  readonly model: string;
  explain(note: TriageNote, input: ExplainInput): Promise<ExplainOutcome>;
} {
  const explainer = createExplainer({
    client: createChatClient(parts.llm),
    prompt: loadExplainPrompt(),
    budget: new DailyTokenBudget(parts.llm.dailyTokens),
    now: parts.now,
    observe: parts.observe,
  });
  return {
    model: explainer.model,
    explain: (note, input) => explainNote({ explainer, store: parts.store, now: parts.now }, note, input),
  };
}
