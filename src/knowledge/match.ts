import { z } from 'zod';

/** One input line or decoded fact that made a pattern fire. */
export const Evidence = z.object({
  /** 1-based line of the input, or null for a fact decoded from several lines. */
  line: z.number().int().nullable(),
  text: z.string(),
  /** Why this line counts, in words: `preempt_count 1 with expected 0: one preempt level too many`. */
  why: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const DocLink = z.object({ title: z.string(), url: z.string() });
export type DocLink = z.infer<typeof DocLink>;

/** A knowledge entry that fits a report, with everything the note shows about it. */
export const PatternMatch = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  /** 0 to 1. */
  confidence: z.number().min(0).max(1),
  /** The entry is the general reading of the report kind, not a root cause (entry `general`). */
  general: z.boolean(),
  evidence: z.array(Evidence),
  /** What would make this match more certain, and what would make it less. */
  raisedBy: z.array(z.string()),
  loweredBy: z.array(z.string()),
  fixes: z.array(z.string()),
  nextSteps: z.array(z.string()),
  /** `CONFIG_` options that confirm the diagnosis. */
  configs: z.array(z.string()),
  docs: z.array(DocLink),
});
export type PatternMatch = z.infer<typeof PatternMatch>;
