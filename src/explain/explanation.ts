import { z } from 'zod';
import { Statement } from './answer.js';

/** Why an answer was not shown; metrics count withheld answers by these. */
export const WithholdRule = z.enum([
  /** The reply was empty or not JSON. */
  'not-json',
  /** JSON, but not the answer schema. */
  'off-schema',
  /** The model declined (`refusal`). */
  'refused',
  /** A statement cites a line the model was not given. */
  'no-such-line',
  /** A quote is not on the line it cites. */
  'misquoted',
  /** A function, lock or CONFIG_ option that neither the paste nor the knowledge entry names. */
  'unknown-name',
]);
export type WithholdRule = z.infer<typeof WithholdRule>;

const Written = z.object({
  /** The model as the provider named it in its reply. */
  model: z.string(),
  /** `<prompt id>@<version>`: which prompt produced it. */
  prompt: z.string(),
});

/**
 * A model's explanation of one report, or the one-line reason it is not shown. It sits beside the
 * note and never changes it: kind, title, culprit and pattern stay the deterministic ones.
 */
export const Explanation = z.discriminatedUnion('status', [
  Written.extend({
    status: z.literal('grounded'),
    summary: z.string(),
    statements: z.array(Statement),
  }),
  Written.extend({
    status: z.literal('withheld'),
    rule: WithholdRule,
    /** One line: what in the answer failed the check. */
    reason: z.string(),
  }),
]);
export type Explanation = z.infer<typeof Explanation>;

/** The heading every output puts over an explanation: that a model wrote it, which one, and that no person checked it. */
export function explanationHeading(e: Explanation): string {
  return `Explanation written by the language model ${e.model} (not checked by a person)`;
}

export function withheldLine(e: Extract<Explanation, { status: 'withheld' }>): string {
  return `The model's explanation was withheld: ${e.reason}.`;
}

/**
 * The same explanation with its citations counted from another first line: `shiftLines(e, 1 - start)`
 * makes them relative to a report starting at `start` (the report's first line is 1), and
 * `shiftLines(e, start - 1)` puts them back. A cached explanation is kept relative, because the same
 * report (same signature) pasted again usually starts at another line.
 */
export function shiftLines(e: Explanation, by: number): Explanation {
  if (e.status === 'withheld') return e;
  return {
    ...e,
    statements: e.statements.map((s) => ({ ...s, cites: s.cites.map((c) => ({ ...c, line: c.line + by })) })),
  };
}
