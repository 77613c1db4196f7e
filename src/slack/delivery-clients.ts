import { WebClient, type WebClientOptions } from '@slack/web-api';

/** A client and the signal of the delivery holding it; its requests and retries read the signal. */
interface Lane {
  client: WebClient;
  signal: AbortSignal;
}

const IDLE = new AbortController().signal;

/**
 * Web API clients for outbox deliveries, each lent to one delivery at a time and kept for the next.
 * web-api takes no per-call signal, and its retries outlive an aborted request, so a client's fetch and
 * retries end with the signal of the delivery holding it (shutdown, lease budget). A new client per
 * delivery did the same but cost about 0.7 ms to build (web-api binds every API method per client),
 * which was a fifth of a delivery's time on the drain bench.
 */
export class DeliveryClients {
  private readonly idle: Lane[] = [];

  constructor(
    private readonly token: string,
    private readonly options: WebClientOptions,
  ) {}

  /** Runs `work` with a client of its own until it settles; calls end once `signal` aborts. */
  async with<T>(signal: AbortSignal, work: (client: WebClient) => Promise<T>): Promise<T> {
    const lane = this.idle.pop() ?? this.lane();
    lane.signal = signal;
    try {
      return await work(lane.client);
    } finally {
      lane.signal = IDLE;
      this.idle.push(lane);
    }
  }

  private lane(): Lane {
    const held = { signal: IDLE };
    // web-api hands retryConfig to p-retry, which stops retrying when onFailedAttempt throws.
    const retryConfig = { ...this.options.retryConfig, onFailedAttempt: () => held.signal.throwIfAborted() };
    const client = new WebClient(this.token, {
      ...this.options,
      retryConfig,
      fetch: (url, init) =>
        fetch(url, {
          ...init,
          signal: init?.signal ? AbortSignal.any([init.signal, held.signal]) : held.signal,
        }),
    });
    return Object.assign(held, { client });
  }
}
