import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.js';
import { OUTBOX_GIVE_UP_MS, type OutboxItem, type ReplyTarget, type Store } from '../store/store.js';
import type { Adapter, DeliveryResult } from './adapter.js';
import { CompletionBatch } from './completion-batch.js';
import type { Metrics } from './metrics.js';

export interface OutboxWorkerOptions {
  store: Store;
  /** The adapter that delivers each target's items. */
  adapters: ReadonlyMap<ReplyTarget, Pick<Adapter, 'deliver'>>;
  log: Logger;
  metrics: Metrics;
  /** Names this process's leases; unique per process (hostname, pid, random). */
  id: string;
  pollMs: number;
  leaseMs: number;
  batchSize: number;
  /** The longest wait between attempts to reach a store that is away. */
  maxBackoffMs?: number;
  now?: () => Date;
}

/**
 * Delivers the outbox: claims due items under a lease, hands each to its target's adapter, and records
 * the outcome (delivered, retry later, given up). Up to `batchSize` deliveries run at once, and a slot
 * that frees up is filled by the next claim, so one slow call (a rate-limited platform) holds up only
 * its own item. Several replicas run one each on a shared store; a lease makes each item one worker's
 * at a time, and an item whose holder died returns when its lease runs out. Delivery is at least once:
 * a holder that dies between the platform call and recording it leaves an item that is delivered again,
 * so an adapter given an item with `attempts` above 1 looks for that earlier delivery first.
 */
export class OutboxWorker {
  private stopping = false;
  /** Set by `poke` during a claim or delivery, so the next poll wait is skipped. */
  private poked = false;
  private sleeping: { controller: AbortController; pokeable: boolean } | undefined;
  /** One per delivery in flight; aborted when shutdown stops waiting for them. */
  private readonly deliveries = new Set<AbortController>();
  /** Each settles once its item's outcome is recorded (or could not be). */
  private readonly inFlight = new Set<Promise<void>>();
  private running: Promise<void> | undefined;
  private readonly now: () => Date;
  private readonly completions: CompletionBatch;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.now = options.now ?? (() => new Date());
    this.completions = new CompletionBatch(options.store);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Items were just enqueued: claim now instead of after the poll interval. A store outage's backoff still holds. */
  poke(): void {
    this.poked = true;
    if (this.sleeping?.pokeable) this.sleeping.controller.abort();
  }

  /**
   * Stops claiming, and waits for the deliveries in flight until `deadline` (epoch ms); past it they are
   * aborted, and recorded as failed for a later attempt. True when all finished in time.
   */
  async stop(deadline: number): Promise<boolean> {
    this.stopping = true;
    this.sleeping?.controller.abort();
    if (!this.running) return true;
    const timer = new AbortController();
    const finished = await Promise.race([
      this.running.then(() => true),
      sleep(Math.max(deadline - Date.now(), 0), false, { signal: timer.signal }),
    ]);
    timer.abort();
    if (!finished) {
      for (const delivery of this.deliveries) delivery.abort(abortError('delivery cut short by shutdown'));
      await this.running;
    }
    return finished;
  }

  private async loop(): Promise<void> {
    const { store, log, pollMs, batchSize } = this.options;
    const maxBackoffMs = this.options.maxBackoffMs ?? 30_000;
    let failures = 0;
    while (!this.stopping) {
      if (this.inFlight.size >= batchSize) {
        await Promise.race(this.inFlight);
        continue;
      }
      this.poked = false;
      const limit = batchSize - this.inFlight.size;
      let items: OutboxItem[];
      try {
        items = await store.claimOutbox({
          worker: this.options.id,
          now: this.now(),
          leaseMs: this.options.leaseMs,
          limit,
          targets: [...this.options.adapters.keys()],
        });
      } catch (err) {
        failures += 1;
        const waitMs = Math.min(pollMs * 2 ** failures, maxBackoffMs);
        if (failures === 1) log.warn({ err, retryInMs: waitMs }, 'store unreachable: outbox delivery waits');
        await this.pause(waitMs, false);
        continue;
      }
      if (failures > 0)
        log.info({ failedClaims: failures }, 'store reachable again: outbox delivery resumes');
      failures = 0;
      // Items of one reply key are claimed one at a time (the store holds back later ones until the
      // earlier one is delivered or given up), so deliveries running at once never let an update
      // overtake its post.
      for (const item of items) this.track(item);
      // A short claim means nothing else is due: wait for the interval, a poke, or a delivery ending.
      if (items.length < limit) await this.pause(pollMs, true);
    }
    await Promise.all(this.inFlight);
  }

  private track(item: OutboxItem): void {
    const delivery = this.deliver(item).finally(() => {
      this.inFlight.delete(delivery);
      // A free slot, and perhaps the next reply of the same source message is now due.
      this.poke();
    });
    this.inFlight.add(delivery);
  }

  private async pause(ms: number, pokeable: boolean): Promise<void> {
    if (this.stopping || (pokeable && this.poked)) return;
    const controller = new AbortController();
    this.sleeping = { controller, pokeable };
    await sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);
    this.sleeping = undefined;
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { log, metrics } = this.options;
    const context = { outboxId: item.id, target: item.target, action: item.action, attempt: item.attempts };
    const result = await this.attempt(item);
    try {
      if (result.ok) {
        const done = await this.completions.record({
          id: item.id,
          worker: this.options.id,
          now: this.now(),
          ...(result.ref === undefined ? {} : { ref: result.ref }),
        });
        metrics.outbox('delivered', item.target);
        if (done) log.debug(context, 'reply delivered');
        else
          log.warn(context, 'reply delivered after its lease ran out; another worker may deliver it again');
        return;
      }
      metrics.outbox('failed', item.target);
      const failure = {
        id: item.id,
        worker: this.options.id,
        now: this.now(),
        error: result.error,
        ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
      };
      if (!result.retryable) {
        if (await this.options.store.giveUpOutbox(failure))
          this.gaveUp(item, result.error, 'the error is permanent');
        else log.warn(context, 'reply delivery failed after its lease ran out; another worker owns it now');
        return;
      }
      const retry = await this.options.store.retryOutbox(failure);
      if (retry.outcome === 'retry') {
        metrics.outbox('retried', item.target);
        log.warn(
          { ...context, error: result.error, nextAttemptAt: retry.nextAttemptAt },
          'reply delivery failed; will retry',
        );
      } else if (retry.outcome === 'given_up') {
        this.gaveUp(
          item,
          result.error,
          `still failing ${OUTBOX_GIVE_UP_MS / 3_600_000} h after it was queued`,
        );
      } else {
        log.warn(context, 'reply delivery failed after its lease ran out; another worker owns it now');
      }
    } catch (err) {
      // The outcome could not be recorded; the lease runs out and the item is attempted again.
      log.error({ ...context, err }, 'could not record a delivery outcome in the store');
    }
  }

  /** Calls the adapter; a throw, a missing adapter or a lease about to run out are retryable failures. */
  private async attempt(item: OutboxItem): Promise<DeliveryResult> {
    const adapter = this.options.adapters.get(item.target);
    if (!adapter)
      return { ok: false, retryable: true, error: `no ${item.target} adapter runs in this process` };
    // Stop before the lease ends, so no other worker takes the item while this call may still land.
    const budgetMs = Math.floor(this.options.leaseMs * 0.8);
    const controller = new AbortController();
    this.deliveries.add(controller);
    const timer = setTimeout(
      () => controller.abort(abortError(`delivery took longer than ${budgetMs} ms`)),
      budgetMs,
    );
    // An adapter that ignores the signal must not hold the worker past the lease either.
    const aborted = new Promise<DeliveryResult>((resolve) => {
      controller.signal.addEventListener(
        'abort',
        () => resolve({ ok: false, retryable: true, error: errorText(controller.signal.reason) }),
        { once: true },
      );
    });
    try {
      return await Promise.race([adapter.deliver(item, controller.signal), aborted]);
    } catch (err) {
      return { ok: false, retryable: true, error: errorText(err) };
    } finally {
      clearTimeout(timer);
      this.deliveries.delete(controller);
    }
  }

  private gaveUp(item: OutboxItem, error: string, why: string): void {
    this.options.metrics.outbox('given_up', item.target);
    this.options.log.error(
      {
        outboxId: item.id,
        target: item.target,
        action: item.action,
        replyKey: item.replyKey,
        attempts: item.attempts,
        error,
      },
      `reply given up: ${why}`,
    );
  }
}

/**
 * An abort reason named AbortError, as fetch names its own: octokit's retry plugin retries any other
 * failed request (it sees a 500), but lets an AbortError through at once.
 */
const abortError = (message: string): DOMException => new DOMException(message, 'AbortError');

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
