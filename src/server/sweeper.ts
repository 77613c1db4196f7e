import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import type { Metrics } from './metrics.js';

export interface SweeperOptions {
  store: Store;
  log: Logger;
  metrics: Metrics;
  intervalMs: number;
  now?: () => Date;
}

/**
 * Runs `store.sweep` now and every `intervalMs`: forgets expired event keys and old finished replies,
 * and gives up replies still pending past the give-up age. Every replica sweeps; a sweep is one
 * transaction whose effects do not depend on who ran it, so the overlap is harmless.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(private readonly options: SweeperOptions) {}

  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
  }

  /** Stops the schedule and waits for a sweep that is running. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  private tick(): void {
    this.sweeping = this.sweeping.then(() => this.sweep());
  }

  private async sweep(): Promise<void> {
    const { store, log, metrics } = this.options;
    try {
      const result = await store.sweep(this.options.now?.() ?? new Date());
      if (result.givenUp > 0) {
        metrics.outboxExpired(result.givenUp);
        log.error({ givenUp: result.givenUp }, 'replies given up: not delivered within the give-up age');
      }
      if (result.eventsForgotten + result.outboxForgotten + result.pastesForgotten > 0)
        log.debug(result, 'store swept');
    } catch (err) {
      log.warn({ err }, 'store sweep failed; the next one retries');
    }
  }
}
