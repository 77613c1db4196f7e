import { z } from 'zod';

/**
 * Text holding JSON that `schema` then checks: a column or a cursor the store keeps as text. Text
 * that is not JSON fails like any other mismatch, so a `safeParse` caller can recover from both.
 */
export function jsonText<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.issues.push({ code: 'custom', message: 'not valid JSON', input: text });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
