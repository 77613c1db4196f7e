import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { z } from 'zod';
import type { ChatMessage } from '../explain/prompt.js';
import type { ModelReply } from '../explain/judge.js';
import type { UnavailableCause } from '../explain/outcome.js';

/**
 * The provider edge: one Chat Completions call through the official `openai` SDK, which OpenAI, Azure
 * (by base URL), Ollama, vLLM, llama.cpp's server and LM Studio all answer. The SDK retries 408, 409,
 * 429 and 5xx with exponential backoff (0.5 s doubling to 8 s, jittered) and honours `retry-after`
 * and `retry-after-ms`; `timeoutMs` bounds each attempt.
 */
export interface ChatSettings {
  baseUrl: string;
  model: string;
  /** null for servers that need none (a local model); the SDK still sends a placeholder bearer token. */
  apiKey: string | null;
  timeoutMs: number;
  maxRetries: number;
}

export interface ChatCall {
  reply: ModelReply;
  promptTokens: number;
  completionTokens: number;
}

export interface ChatClient {
  readonly model: string;
  complete(
    messages: readonly ChatMessage[],
    schema: { name: string; schema: Record<string, unknown> },
  ): Promise<ChatCall>;
}

export class LlmUnavailable extends Error {
  constructor(
    readonly code: UnavailableCause,
    message: string,
  ) {
    super(message);
    this.name = 'LlmUnavailable';
  }
}

/** The parts of a completion we read, parsed: the SDK types the reply but does not check it. */
const Completion = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

/**
 * An explanation is two sentences and five short statements: well under 1,000 tokens. The cap stops a
 * model that loops from spending the day's budget on one answer.
 */
const MAX_ANSWER_TOKENS = 1500;

export function createChatClient(settings: ChatSettings): ChatClient {
  const client = new OpenAI({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey ?? 'none',
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
  return {
    model: settings.model,
    async complete(messages, schema) {
      let raw: unknown;
      try {
        raw = await client.chat.completions.create({
          model: settings.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: 0,
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- Ollama, llama.cpp and older vLLM read max_tokens, not max_completion_tokens
          max_tokens: MAX_ANSWER_TOKENS,
          response_format: {
            type: 'json_schema',
            json_schema: { name: schema.name, schema: schema.schema, strict: true },
          },
        });
      } catch (err) {
        throw unavailable(err, settings);
      }
      const parsed = Completion.safeParse(raw);
      if (!parsed.success)
        throw new LlmUnavailable('http', 'the provider answered with something other than a chat completion');
      const message = parsed.data.choices[0]?.message;
      return {
        reply: {
          model: parsed.data.model ?? settings.model,
          content: message?.content ?? null,
          refusal: message?.refusal ?? null,
        },
        promptTokens: parsed.data.usage?.prompt_tokens ?? 0,
        completionTokens: parsed.data.usage?.completion_tokens ?? 0,
      };
    },
  };
}

function unavailable(err: unknown, settings: ChatSettings): LlmUnavailable {
  const tries = settings.maxRetries + 1;
  if (err instanceof APIConnectionTimeoutError)
    return new LlmUnavailable('timeout', `no answer within ${settings.timeoutMs} ms (${tries} tries)`);
  if (err instanceof APIError && err.status === 429)
    return new LlmUnavailable('rate-limited', `rate limited (429) on all ${tries} tries`);
  if (err instanceof APIError && err.status !== undefined)
    return new LlmUnavailable('http', `the provider answered HTTP ${err.status}`);
  return new LlmUnavailable(
    'network',
    `could not reach the provider: ${err instanceof Error ? err.message : String(err)}`,
  );
}
