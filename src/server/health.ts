import type { Store } from '../store/store.js';
import type { Route } from './adapter.js';
import { sendJson } from './http-server.js';
import type { StoreWriteCheck } from './write-check.js';
import type { Metrics } from './metrics.js';

/**
 * A readiness answer must come before the prober's own timeout (Kubernetes: 1 s by default, Docker's
 * HEALTHCHECK here: 5 s); PostgreSQL's pool waits up to 5 s for a connection, so the probe is cut shorter.
 */
const PROBE_TIMEOUT_MS = 2_000;

function probeWithin(writeCheck: StoreWriteCheck, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    writeCheck.probe(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface ProbeOptions {
  store: Store;
  writeCheck: StoreWriteCheck;
  isDraining: () => boolean;
}

export interface MetricsRouteOptions {
  store: Store;
  metrics: Metrics;
  now: () => Date;
}

/** `/healthz`: the process answers. `/readyz`: the store records (a write probe) and the server is not draining. */
export function probeRoutes(options: ProbeOptions): Route[] {
  const { store } = options;
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
          // The write check logs why, once when it starts failing and once when it recovers.
          await probeWithin(options.writeCheck, PROBE_TIMEOUT_MS);
        } catch {
          sendJson(res, 503, { status: 'unavailable', store: store.dialect, reason: 'store cannot record' });
          return;
        }
        sendJson(res, 200, { status: 'ready', store: store.dialect });
      },
    },
  ];
}

/** `/metrics`: Prometheus text, with the outbox gauges read from the store at each scrape. */
export function metricsRoute(options: MetricsRouteOptions): Route {
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
