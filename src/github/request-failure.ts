import { RequestError } from 'octokit';
import { ZodError } from 'zod';
import type { DeliveryResult } from '../server/adapter.js';

type Failure = Extract<DeliveryResult, { ok: false }>;

/** GitHub's wait when it names none for a secondary limit ("wait at least one minute", REST docs on rate limits). */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

/**
 * How long a rate-limited request must wait, from GitHub's headers: `retry-after` (secondary limits,
 * 429), else `x-ratelimit-reset` when `x-ratelimit-remaining` is 0 (the primary limit); null when
 * the answer is not a rate limit (a 403 for a missing permission, say). The reset is an epoch second
 * of GitHub's clock, so it is measured against the wall clock, not the service's injected one.
 */
export function rateLimitWaitMs(err: RequestError, wallClockMs: number = Date.now()): number | null {
  if (err.status !== 403 && err.status !== 429) return null;
  const headers = err.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0)
    return retryAfter * 1000;
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset)) {
    // One second past the reset, as GitHub's docs advise: the reset time is rounded down.
    return Math.max(reset * 1000 - wallClockMs, 0) + 1000;
  }
  if (err.status === 429 || /secondary rate limit/i.test(err.message)) return SECONDARY_LIMIT_WAIT_MS;
  return null;
}

/**
 * What a failed GitHub call means for its outbox item, once octokit's own retries are spent. Rate
 * limits, 5xx, 401 (a token being renewed or fixed) and network errors come back later; 403, 404,
 * 410 and 422 (issue locked or deleted, App uninstalled, body refused) would fail the same way again.
 */
export function deliveryFailure(err: unknown): Failure {
  if (err instanceof RequestError) {
    const error = `GitHub ${err.request.method} ${new URL(err.request.url).pathname}: ${err.status} ${err.message}`;
    const waitMs = rateLimitWaitMs(err);
    if (waitMs !== null) return { ok: false, retryable: true, error, retryAfterMs: waitMs };
    return { ok: false, retryable: err.status >= 500 || err.status === 401 || err.status === 408, error };
  }
  if (err instanceof ZodError)
    return { ok: false, retryable: false, error: `unreadable outbox item or answer: ${err.message}` };
  return { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
}
