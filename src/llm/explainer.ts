import { answerJsonSchema } from '../explain/answer.js';
import { dataBlock, type ExplainInput } from '../explain/input.js';
import { judgeReply } from '../explain/judge.js';
import { promptMessages, promptVersion, type Prompt } from '../explain/prompt.js';
import type { ExplainEvent, ExplainOutcome } from '../explain/outcome.js';
import type { DailyTokenBudget } from './budget.js';
import { LlmUnavailable, type ChatClient } from './chat-client.js';

export interface Explainer {
  readonly model: string;
  /** `<prompt id>@<version>`. */
  readonly prompt: string;
  explain(input: ExplainInput): Promise<ExplainOutcome>;
}

export interface ExplainerDeps {
  client: ChatClient;
  prompt: Prompt;
  budget: DailyTokenBudget;
  now: () => Date;
  observe?: (event: ExplainEvent) => void;
}

/** Prompt → provider → judge: the model's answer is shown only once it passes the grounding check. */
export function createExplainer(deps: ExplainerDeps): Explainer {
  const version = promptVersion(deps.prompt);
  const schema = { name: deps.prompt.schema, schema: answerJsonSchema(deps.prompt.schema) };
  return {
    model: deps.client.model,
    prompt: version,
    async explain(input) {
      const started = deps.now();
      const seconds = (): number => (deps.now().getTime() - started.getTime()) / 1000;
      if (!deps.budget.allows(started)) {
        const reason = `the daily budget of ${deps.budget.limit} tokens is spent`;
        deps.observe?.({ outcome: 'unavailable', cause: 'budget', reason, seconds: 0 });
        return { ok: false, cause: 'budget', reason };
      }
      try {
        const call = await deps.client.complete(promptMessages(deps.prompt, dataBlock(input)), schema);
        deps.budget.charge(deps.now(), call.promptTokens + call.completionTokens);
        const explanation = judgeReply(call.reply, input, version);
        deps.observe?.({
          outcome: explanation.status,
          rule: explanation.status === 'withheld' ? explanation.rule : null,
          promptTokens: call.promptTokens,
          completionTokens: call.completionTokens,
          seconds: seconds(),
        });
        return { ok: true, explanation };
      } catch (err) {
        if (!(err instanceof LlmUnavailable)) throw err;
        deps.observe?.({ outcome: 'unavailable', cause: err.code, reason: err.message, seconds: seconds() });
        return { ok: false, cause: err.code, reason: err.message };
      }
    },
  };
}
