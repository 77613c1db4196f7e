import type { Explanation, WithholdRule } from './explanation.js';

/** Why no answer came back from the provider; the note then simply has no explanation. */
export type UnavailableCause = 'timeout' | 'rate-limited' | 'http' | 'network' | 'budget';

/** What asking for an explanation came to: one (grounded or withheld), or why there is none. */
export type ExplainOutcome =
  { ok: true; explanation: Explanation } | { ok: false; cause: UnavailableCause; reason: string };

/** What one attempt to explain a report came to; metrics and logs read it. */
export type ExplainEvent =
  | {
      outcome: 'grounded' | 'withheld';
      rule: WithholdRule | null;
      promptTokens: number;
      completionTokens: number;
      seconds: number;
    }
  | { outcome: 'unavailable'; cause: UnavailableCause; reason: string; seconds: number };
