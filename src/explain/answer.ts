import { z } from 'zod';

/**
 * What a model must answer: a short summary and at most five statements, each tied to input lines by
 * the words it quotes from them. The limits live here once; the JSON schema sent to the provider is
 * derived from this schema (`answerJsonSchema`), and every answer is parsed with it before it is used.
 */

export const Citation = z.strictObject({
  /** A 1-based input line number, as the data block numbers them. */
  line: z.number().int().min(1),
  /** Words copied from that line; at least a few characters, so the quote says something. */
  quote: z.string().min(4).max(200),
});
export type Citation = z.infer<typeof Citation>;

export const Statement = z.strictObject({
  text: z.string().min(1).max(400),
  cites: z.array(Citation).min(1).max(3),
});
export type Statement = z.infer<typeof Statement>;

export const ModelAnswer = z.strictObject({
  /** Two sentences in plain words. */
  summary: z.string().min(1).max(600),
  statements: z.array(Statement).max(5),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

/** The answer schemas a prompt may name in its front matter (`schema:`). */
export const ANSWER_SCHEMAS = { kernel_report_explanation: ModelAnswer } as const;
export type AnswerSchemaName = keyof typeof ANSWER_SCHEMAS;

export function isAnswerSchemaName(name: string): name is AnswerSchemaName {
  return Object.hasOwn(ANSWER_SCHEMAS, name);
}

/**
 * Keywords OpenAI's strict structured outputs reject ("Supported schemas", platform.openai.com docs)
 * and local servers handle unevenly; the zod parse enforces them after the answer arrives.
 */
const UNSENT_KEYWORDS = ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', '$schema'];

/** The JSON schema of `name` as the provider gets it (`response_format.json_schema.schema`). */
export function answerJsonSchema(name: AnswerSchemaName): Record<string, unknown> {
  return z.toJSONSchema(ANSWER_SCHEMAS[name], {
    target: 'draft-7',
    override: ({ jsonSchema }) => {
      const keywords = jsonSchema as Record<string, unknown>;
      for (const key of UNSENT_KEYWORDS) Reflect.deleteProperty(keywords, key);
    },
  });
}
