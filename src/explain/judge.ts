import { ModelAnswer } from './answer.js';
import type { Explanation } from './explanation.js';
import { checkGrounding } from './grounding.js';
import type { ExplainInput } from './input.js';

/** A model's reply as the provider returned it, before anything is believed. */
export interface ModelReply {
  /** The model named in the reply (`model` of the completion). */
  model: string;
  content: string | null;
  /** Set when the model declined to answer (OpenAI's `message.refusal`). */
  refusal: string | null;
}

/** Parses and checks a reply: a grounded explanation, or a withheld one with its reason. */
export function judgeReply(reply: ModelReply, input: ExplainInput, prompt: string): Explanation {
  const written = { model: reply.model, prompt };
  if (reply.refusal !== null && reply.refusal.trim() !== '') {
    return { ...written, status: 'withheld', rule: 'refused', reason: 'the model declined to answer' };
  }
  let json: unknown;
  try {
    json = JSON.parse(reply.content ?? '');
  } catch {
    return { ...written, status: 'withheld', rule: 'not-json', reason: 'the answer was not valid JSON' };
  }
  const parsed = ModelAnswer.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue === undefined || issue.path.length === 0 ? 'the answer' : issue.path.map(String).join('.');
    return {
      ...written,
      status: 'withheld',
      rule: 'off-schema',
      reason: `the answer does not follow the schema (${where}: ${issue?.message ?? 'invalid'})`,
    };
  }
  const grounding = checkGrounding(parsed.data, input);
  if (!grounding.ok)
    return { ...written, status: 'withheld', rule: grounding.rule, reason: grounding.reason };
  return { ...written, status: 'grounded', summary: parsed.data.summary, statements: parsed.data.statements };
}
