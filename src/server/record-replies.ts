import type { EventSource, OutboxItemInput } from '../store/store.js';
import type { Triage } from '../usecase/core.js';
import type { AdapterContext } from './adapter.js';

/**
 * Claims an event, enqueues its replies and records its triage in one step, then counts it and wakes
 * the outbox. An event may come under several keys (a poll brings a body edit and a comment of one
 * issue at once): the first key not yet claimed carries the replies, the others are only claimed.
 * False when every key was claimed before (another delivery or replica had it): nothing is counted
 * but the duplicate.
 */
export async function recordReplies(
  context: Pick<AdapterContext, 'store' | 'metrics' | 'now' | 'wakeOutbox'>,
  source: EventSource,
  keys: readonly string[],
  replies: OutboxItemInput[],
  triage?: Triage,
): Promise<boolean> {
  const { store, metrics } = context;
  let recorded = false;
  for (const key of keys) {
    const now = context.now();
    const fresh: boolean = recorded
      ? await store.recordEvent({ source, key, now, replies: [] })
      : await store.recordEvent({
          source,
          key,
          now,
          replies,
          ...(triage === undefined || triage.record === null ? {} : { triage: triage.record }),
        });
    recorded ||= fresh;
  }
  if (!recorded) {
    metrics.eventDeduplicated(source);
    return false;
  }
  if (triage !== undefined) metrics.triaged(source, triage.tallies, triage.seconds);
  context.wakeOutbox();
  return true;
}
