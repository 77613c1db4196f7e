import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import type { Route } from './adapter.js';
import { HttpError } from './http-server.js';

/**
 * A probe that succeeded this recently stands for the next events: a flood of requests (signed or
 * not; the signature is checked after) then costs one small write per second, not one each.
 */
const FRESH_MS = 1_000;

/** Whether the store can record, probed by one small write; probes running at once are shared. */
export class StoreWriteCheck {
  private lastOkAt = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | undefined;
  /** Whether the last probe failed, so a change is logged once. */
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /** Probes now, or joins the probe already running; rejects with the store's error. */
  probe(): Promise<void> {
    this.running ??= this.store
      .checkWritable(this.now())
      .then(
        () => {
          this.lastOkAt = performance.now();
          if (this.failing) this.log.info('store records again: ready');
          this.failing = false;
        },
        (err: unknown) => {
          this.lastOkAt = Number.NEGATIVE_INFINITY;
          if (!this.failing)
            this.log.error({ err }, 'store cannot record: not ready; Slack and GitHub events get 503');
          this.failing = true;
          throw err;
        },
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Resolves when a probe succeeded within the last second, else probes. */
  async recent(): Promise<void> {
    if (performance.now() - this.lastOkAt <= FRESH_MS) return;
    await this.probe();
  }

  /**
   * `route`, answering 503 before any work while the store cannot record: Slack then retries the
   * event (Events API "Retries": at once, after 1 minute and after 5 minutes), and GitHub lists the
   * delivery as failed, to be redelivered. Acknowledging it instead would lose it.
   */
  guard(route: Route): Route {
    return {
      ...route,
      handle: async (req, res, body) => {
        try {
          await this.recent();
        } catch {
          throw new HttpError(503, 'the store cannot record events now; retry later');
        }
        await route.handle(req, res, body);
      },
    };
  }
}
