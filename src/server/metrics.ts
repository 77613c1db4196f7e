import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventSource, ReplyTarget, Store } from '../store/store.js';
import type { ExplainEvent } from '../usecase/explain-paste.js';
import type { KindTally } from '../usecase/triage-paste.js';

/** Where a triage came from: the HTTP API or a platform event. */
export type TriageSource = 'api' | 'web' | EventSource;

export type OutboxOutcome = 'delivered' | 'failed' | 'retried' | 'given_up';

/**
 * The service's Prometheus metrics, on a registry of its own (not prom-client's global one), so two
 * servers in one process, as in tests, never share or double-register a metric.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly triages = this.counter(
    'ktriage_triages_total',
    'Reports triaged, by report kind and best-matching knowledge pattern ("none" when none matched).',
    ['kind', 'pattern'],
  );
  private readonly eventsReceived = this.counter(
    'ktriage_events_received_total',
    'Platform events received (Slack events, GitHub deliveries, polled items).',
    ['source'],
  );
  private readonly eventsDeduplicated = this.counter(
    'ktriage_events_deduplicated_total',
    'Events dropped because this or another replica already handled them (platform retries, double delivery).',
    ['source'],
  );
  private readonly outboxOutcomes: Record<OutboxOutcome, Counter<'target'>> = {
    delivered: this.counter('ktriage_outbox_delivered_total', 'Replies delivered by this process.', [
      'target',
    ]),
    failed: this.counter('ktriage_outbox_failed_total', 'Delivery attempts that failed, retryable or not.', [
      'target',
    ]),
    retried: this.counter(
      'ktriage_outbox_retried_total',
      'Failed deliveries scheduled for another attempt.',
      ['target'],
    ),
    given_up: this.counter(
      'ktriage_outbox_given_up_total',
      'Replies given up by this process: a permanent error, or retries past the 24 h give-up age.',
      ['target'],
    ),
  };
  private readonly expired = this.counter(
    'ktriage_outbox_expired_total',
    'Replies the sweeper gave up because they were still pending past the 24 h give-up age.',
    [],
  );
  private readonly pending = this.gauge(
    'ktriage_outbox_pending',
    'Replies waiting for delivery in the shared store (every replica), failed ones included.',
  );
  private readonly oldestPending = this.gauge(
    'ktriage_outbox_oldest_pending_age_seconds',
    'Age of the oldest reply still waiting; 0 when none waits.',
  );
  private readonly storeUp = this.gauge(
    'ktriage_store_up',
    '1 when the store answered the last scrape, 0 when it could not be reached.',
  );
  private readonly triageSeconds = this.histogram(
    'ktriage_triage_duration_seconds',
    'Time to triage one paste, parse to rendered note.',
    ['source'],
    [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  private readonly explainCalls = this.counter(
    'ktriage_llm_calls_total',
    'Explanation requests to the language model, by outcome (grounded, withheld, unavailable) and, for unavailable, cause (timeout, rate-limited, http, network, budget; "none" otherwise). Answers from the cache are not counted.',
    ['outcome', 'cause'],
  );
  private readonly explainTokens = this.counter(
    'ktriage_llm_tokens_total',
    'Tokens the provider reported for explanation calls, by kind (prompt, completion).',
    ['kind'],
  );
  private readonly explainSeconds = this.histogram(
    'ktriage_llm_call_duration_seconds',
    "One explanation call, the provider client's own retries included, by outcome.",
    ['outcome'],
    [0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
  );
  private readonly withheldAnswers = this.counter(
    'ktriage_llm_withheld_total',
    'Model answers withheld by the grounding check, by the rule they failed.',
    ['rule'],
  );
  private readonly requestSeconds = this.histogram(
    'ktriage_http_request_duration_seconds',
    'HTTP requests, by method, route (the matched path, or "unmatched") and status.',
    ['method', 'route', 'status'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one triaged paste; adapters call it only for events the store claimed, not for duplicates. */
  triaged(source: TriageSource, reports: readonly KindTally[], seconds: number): void {
    this.triageSeconds.observe({ source }, seconds);
    for (const r of reports) this.triages.inc({ kind: r.kind, pattern: r.pattern ?? 'none' });
  }

  /** Counts one explanation call to the provider. */
  explained(event: ExplainEvent): void {
    const cause = event.outcome === 'unavailable' ? event.cause : 'none';
    this.explainCalls.inc({ outcome: event.outcome, cause });
    // A refusal by the day's budget made no call: no time to count.
    if (cause !== 'budget') this.explainSeconds.observe({ outcome: event.outcome }, event.seconds);
    if (event.outcome === 'unavailable') return;
    this.explainTokens.inc({ kind: 'prompt' }, event.promptTokens);
    this.explainTokens.inc({ kind: 'completion' }, event.completionTokens);
    if (event.rule !== null) this.withheldAnswers.inc({ rule: event.rule });
  }

  eventReceived(source: EventSource): void {
    this.eventsReceived.inc({ source });
  }

  eventDeduplicated(source: EventSource): void {
    this.eventsDeduplicated.inc({ source });
  }

  /** Counts what one delivery attempt came to; a failed attempt counts as `failed`, then `retried` or `given_up`. */
  outbox(outcome: OutboxOutcome, target: ReplyTarget): void {
    this.outboxOutcomes[outcome].inc({ target });
  }

  outboxExpired(count: number): void {
    this.expired.inc(count);
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  /** Reads the outbox gauges from the store; an unreachable store leaves them and sets `ktriage_store_up` 0. */
  async refreshStore(store: Store, now: Date): Promise<void> {
    try {
      const stats = await store.outboxStats(now);
      this.pending.set(stats.pending);
      this.oldestPending.set(
        stats.oldestPendingAt ? (now.getTime() - stats.oldestPendingAt.getTime()) / 1000 : 0,
      );
      this.storeUp.set(1);
    } catch {
      this.storeUp.set(0);
    }
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  private histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
