import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import type { Route } from './adapter.js';
import { sendJson } from './http-server.js';
import type { Metrics } from './metrics.js';

/**
 * A readiness answer must come before the prober's own timeout (Kubernetes: 1 s by default, Docker's
 * HEALTHCHECK here: 5 s); PostgreSQL's pool waits up to 5 s for a connection, so the ping is cut shorter.
 */
const PING_TIMEOUT_MS = 2_000;

function pingWithin(store: Store, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    store.ping(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface ProbeOptions {
  store: Store;
  log: Logger;
  metrics: Metrics;
  isDraining: () => boolean;
  now: () => Date;
}

/** `/healthz`: the process answers. `/readyz`: the store answers and the server is not draining. */
export function probeRoutes(options: ProbeOptions): Route[] {
  const { store, log } = options;
  // Logged when readiness changes, not on every probe.
  let lastReady = true;
  const noteReadiness = (ready: boolean, err?: unknown): void => {
    if (ready === lastReady) return;
    lastReady = ready;
    if (ready) log.info('store reachable again: ready');
    else log.warn({ err }, 'store unreachable: not ready');
  };

  return [
    {
      method: 'GET',
      path: '/healthz',
      servesWhileDraining: true,
      async handle(_req, res) {
        sendJson(res, 200, { status: 'ok' });
      },
    },
    {
      method: 'GET',
      path: '/readyz',
      servesWhileDraining: true,
      async handle(_req, res) {
        if (options.isDraining()) {
          sendJson(res, 503, { status: 'draining' });
          return;
        }
        try {
          await pingWithin(store, PING_TIMEOUT_MS);
        } catch (err) {
          noteReadiness(false, err);
          sendJson(res, 503, { status: 'unavailable', store: store.dialect, reason: 'store unreachable' });
          return;
        }
        noteReadiness(true);
        sendJson(res, 200, { status: 'ready', store: store.dialect });
      },
    },
  ];
}

/** `/metrics`: Prometheus text, with the outbox gauges read from the store at each scrape. */
export function metricsRoute(options: Pick<ProbeOptions, 'store' | 'metrics' | 'now'>): Route {
  return {
    method: 'GET',
    path: '/metrics',
    servesWhileDraining: true,
    async handle(_req, res) {
      await options.metrics.refreshStore(options.store, options.now());
      const { contentType, text } = await options.metrics.exposition();
      res.writeHead(200, { 'content-type': contentType });
      res.end(text);
    },
  };
}
