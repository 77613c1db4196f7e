import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeStore, featureStates, loadConfig, type Config } from '../config/env.js';
import { readDotenv } from '../config/read-dotenv.js';
import { createLogger, type Logger } from '../log/logger.js';
import { openStore } from '../store/open-store.js';
import { listenFailure, permanentPostgresFailure, sqliteFailure } from './startup-error.js';
import { OUTBOX_GIVE_UP_MS, type ReplyTarget, type Store } from '../store/store.js';
import type { Adapter, AdapterFactories, PagesFactory } from './adapter.js';
import { apiRoutes } from './api-routes.js';
import type { Core, CoreLoader } from '../usecase/core.js';
import {
  createPasteExplainer,
  type ExplainEvent,
  type NoteExplainer,
  type PasteExplainer,
} from '../usecase/explain-paste.js';
import { behindToken } from './bearer.js';
import { metricsRoute, probeRoutes } from './health.js';
import { ClientLimits } from './client-limits.js';
import { CorePool } from './core-pool.js';
import { HttpServer } from './http-server.js';
import { Metrics } from './metrics.js';
import { OutboxWorker } from './outbox-worker.js';
import { Sweeper } from './sweeper.js';
import { StoreWriteCheck } from './write-check.js';

/** Where SIGTERM and SIGINT come from: the process, or an emitter in tests. */
export interface SignalSource {
  once(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

export interface ServeOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Holds the optional `.env` file; relative paths in the settings resolve against it. */
  cwd: string;
  /** Logs, the startup lines first. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  loadCore: CoreLoader;
  /**
   * Triage on TRIAGE_WORKERS worker threads, each with the package's core (the command sets it);
   * without it the core `loadCore` gives runs on the service's thread, as tests of their own core need.
   */
  triageOnWorkers?: boolean;
  adapters?: AdapterFactories;
  /** The web page (`src/web/`); without it the server answers only the API, probes and adapters. */
  pages?: PagesFactory;
  /** Without it, LLM_* settings are reported at start-up and otherwise left unused. */
  loadExplainer?: ExplainerLoader;
  signals?: SignalSource;
  now?: () => Date;
}

/**
 * Builds the model behind explanations once LLM_BASE_URL and LLM_MODEL are set. The command passes
 * `src/llm`'s, so the provider SDK is loaded only by a service that uses it.
 */
export type ExplainerLoader = (parts: {
  llm: NonNullable<Config['llm']>;
  store: Store;
  now: () => Date;
  observe: (event: ExplainEvent) => void;
}) => NoteExplainer | Promise<NoteExplainer>;

/** A started service; `shutdown` drains it and closes the store. */
export interface Service {
  readonly url: string;
  readonly config: Config;
  readonly store: Store;
  readonly log: Logger;
  shutdown(reason: string): Promise<void>;
}

/**
 * `ktriage serve`: starts everything the configuration enables on one HTTP server, runs until SIGTERM
 * or SIGINT, then drains (no new work; requests and deliveries in flight finish, up to
 * SHUTDOWN_TIMEOUT_MS), closes the store and resolves 0. A second signal of the same kind finds no
 * handler left and ends the process at once. A bad setting rejects with a ConfigError.
 */
export async function runServe(options: ServeOptions): Promise<number> {
  const stop = new AbortController();
  const signals = options.signals ?? process;
  const onTerm = (): void => stop.abort('SIGTERM');
  const onInt = (): void => stop.abort('SIGINT');
  signals.once('SIGTERM', onTerm);
  signals.once('SIGINT', onInt);
  try {
    const service = await startService(options, stop.signal);
    if (service === null) return 0;
    if (!stop.signal.aborted)
      await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
    await service.shutdown(String(stop.signal.reason));
    return 0;
  } finally {
    signals.off('SIGTERM', onTerm);
    signals.off('SIGINT', onInt);
  }
}

/**
 * Starts the service, or resolves null when `stopped` aborts while it waits for PostgreSQL. Exported
 * for tests and for embedding; `runServe` is the command.
 */
export async function startService(options: ServeOptions, stopped: AbortSignal): Promise<Service | null> {
  const now = options.now ?? (() => new Date());
  const config = loadConfig(options.env, readDotenv(options.cwd), {
    cwd: options.cwd,
    stdoutIsTTY: options.stdout.isTTY === true,
    readFile: (path) => readFileSync(path, 'utf8'),
  });
  const log = createLogger({ ...config.log, destination: options.stdout });
  const core = await loadServiceCore(options, config, log);
  const store = await openStoreWhenReachable(config, log, now, stopped).catch(async (err: unknown) => {
    await core.close();
    throw err;
  });
  if (store === null) {
    await core.close();
    return null;
  }
  try {
    return await startOnStore({
      config,
      log,
      core,
      store,
      now,
      factories: options.adapters ?? {},
      pages: options.pages,
      loadExplainer: options.loadExplainer,
    });
  } catch (err) {
    await store.close();
    await core.close();
    throw err;
  }
}

/** The core the service triages with: on worker threads when asked and TRIAGE_WORKERS is above 0. */
async function loadServiceCore(options: ServeOptions, config: Config, log: Logger): Promise<Core> {
  const core = await options.loadCore({ knowledgeDirs: config.knowledgeDirs });
  if (options.triageOnWorkers !== true || config.triageWorkers === 0) return core;
  return CorePool.start({
    core,
    knowledgeDirs: config.knowledgeDirs,
    workers: config.triageWorkers,
    heapMiB: config.triageWorkerHeapMiB,
    log,
  });
}

/**
 * Opens the store. PostgreSQL that cannot be reached yet (a compose stack starting, a failover) is
 * waited for with backoff instead of failing start-up; a SQLite file that cannot be opened fails at once.
 */
async function openStoreWhenReachable(
  config: Config,
  log: Logger,
  now: () => Date,
  stopped: AbortSignal,
): Promise<Store | null> {
  const onError = (err: Error): void => log.warn({ err }, 'store connection lost; the next query reconnects');
  for (let attempt = 1; ; attempt++) {
    try {
      return await openStore({
        ...(config.store.kind === 'postgres' ? { databaseUrl: config.store.url } : {}),
        sqlitePath: config.store.kind === 'sqlite' ? config.store.path : '',
        now: now(),
        onError,
      });
    } catch (err) {
      if (config.store.kind === 'sqlite') throw sqliteFailure(err, config.store.path);
      const permanent = permanentPostgresFailure(err, config.store);
      if (permanent !== null) throw permanent;
      const retryInMs = Math.min(1_000 * 2 ** (attempt - 1), 30_000);
      log.warn({ err, attempt, retryInMs }, `cannot open ${describeStore(config.store)}; retrying`);
      const waited = await sleep(retryInMs, true, { signal: stopped }).catch(() => false);
      if (!waited) return null;
    }
  }
}

interface Parts {
  config: Config;
  log: Logger;
  core: Core;
  store: Store;
  now: () => Date;
  factories: AdapterFactories;
  pages: PagesFactory | undefined;
  loadExplainer: ExplainerLoader | undefined;
}

/** The platforms an adapter serves, and when the configuration enables each. */
const PLATFORMS: readonly { target: ReplyTarget; enabled: (config: Config) => boolean }[] = [
  { target: 'slack', enabled: (config) => config.slack !== null },
  { target: 'github', enabled: (config) => config.githubApp !== null || config.githubPolling !== null },
];

async function startOnStore(parts: Parts): Promise<Service> {
  const { config, log, core, store, now, factories, pages } = parts;
  const metrics = new Metrics();
  const explain = await pasteExplainer(parts, metrics);
  // The worker needs the adapters, and the adapters a way to wake it: it is bound once both exist.
  let worker: OutboxWorker | undefined;
  const wakeOutbox = (): void => worker?.poke();
  const writeCheck = new StoreWriteCheck(store, log, now);
  const storeWritable = (): Promise<void> => writeCheck.recent();
  const adapters: Adapter[] = [];
  for (const { target, enabled } of PLATFORMS) {
    const factory = factories[target];
    if (enabled(config) && factory) {
      adapters.push(
        await factory({ config, store, core, log, metrics, now, wakeOutbox, explain, storeWritable }),
      );
    }
  }

  const server: HttpServer = new HttpServer({
    routes: [
      ...probeRoutes({ store, writeCheck, isDraining: () => server.isDraining }),
      ...behindToken(config.apiToken, [...apiRoutes(core, metrics), metricsRoute({ store, metrics, now })]),
      ...(pages?.({ config, store, core, log, metrics, now }) ?? []),
      // Every event an adapter acknowledges is recorded after the ack: refused while the store cannot write.
      ...adapters.flatMap((a) => a.routes).map((route) => writeCheck.guard(route)),
    ],
    log,
    metrics,
    limits: new ClientLimits(config.clientLimits),
  });
  const address = await server.listen(config.port, config.host).catch((err: unknown) => {
    throw listenFailure(err, config.host, config.port);
  });
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logStartup(log, config, url, adapters, pages !== undefined, explain);
  log.info(
    { startup: { triageWorkers: core instanceof CorePool ? config.triageWorkers : 0 } },
    core instanceof CorePool
      ? `triage: on ${config.triageWorkers} worker thread(s) (TRIAGE_WORKERS), off the thread that acknowledges events`
      : "triage: on the service's thread",
  );
  try {
    await Promise.all(adapters.map((a) => a.start()));
  } catch (err) {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await server.close();
    throw err;
  }

  worker =
    adapters.length === 0
      ? undefined
      : new OutboxWorker({
          store,
          adapters: new Map(adapters.map((a) => [a.target, a])),
          log,
          metrics,
          id: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
          ...config.outbox,
          now,
        });
  worker?.start();
  const sweeper = new Sweeper({ store, log, metrics, intervalMs: config.sweepIntervalMs, now });
  sweeper.start();

  let shuttingDown: Promise<void> | undefined;
  const shutdown = async (reason: string): Promise<void> => {
    const deadline = Date.now() + config.shutdownTimeoutMs;
    log.info(
      { reason, timeoutMs: config.shutdownTimeoutMs },
      'draining: taking no new work, finishing work in flight',
    );
    server.stopAccepting();
    for (const result of await Promise.allSettled(adapters.map((a) => a.stop()))) {
      if (result.status === 'rejected') log.error({ err: result.reason }, 'an adapter failed to stop');
    }
    // Requests and deliveries still running are cut a little early, so recording deliveries for a
    // retry, stopping the triage workers and closing the store fit within the timeout too.
    const workDeadline = deadline - Math.min(500, config.shutdownTimeoutMs / 4);
    const [requestsDone, deliveriesDone] = await Promise.all([
      server.settle(workDeadline),
      worker?.stop(workDeadline) ?? Promise.resolve(true),
    ]);
    if (!requestsDone) log.warn('requests still running at the shutdown timeout were cut off');
    if (!deliveriesDone)
      log.warn('deliveries still running at the shutdown timeout were aborted; they will be retried');
    await sweeper.stop();
    await server.close();
    await core.close();
    await store.close();
    log.info('stopped');
  };
  return {
    url,
    config,
    store,
    log,
    shutdown: (reason) => (shuttingDown ??= shutdown(reason)),
  };
}

/** The explanations that follow notes, when LLM_* are set and this build can load a provider. */
async function pasteExplainer(parts: Parts, metrics: Metrics): Promise<PasteExplainer | null> {
  const { config, store, now, core, loadExplainer } = parts;
  if (config.llm === null || loadExplainer === undefined) return null;
  const explainer = await loadExplainer({
    llm: config.llm,
    store,
    now,
    observe: (event) => metrics.explained(event),
  });
  // Half the worker's delivery slots at most wait on the model; the others keep notes going out.
  const concurrency = Math.max(1, Math.floor(config.outbox.batchSize / 2));
  return createPasteExplainer(explainer, () => core.listKb(), concurrency);
}

function logStartup(
  log: Logger,
  config: Config,
  url: string,
  adapters: readonly Adapter[],
  withPages: boolean,
  explain: PasteExplainer | null,
): void {
  log.info({ startup: { url } }, `ktriage serve listening on ${url}`);
  log.info(
    { startup: { store: config.store.kind } },
    config.store.kind === 'sqlite'
      ? `store: ${describeStore(config.store)} (one replica; set DATABASE_URL to share a PostgreSQL store between replicas)`
      : `store: ${describeStore(config.store)} (shared by every replica)`,
  );
  log.info(
    { startup: { feature: 'HTTP API', enabled: true, token: config.apiToken !== null } },
    config.apiToken === null
      ? 'on: HTTP API (POST /api/triage, GET /api/kb) and /metrics, open to whoever reaches this address (set API_TOKEN to require a bearer token); /healthz, /readyz'
      : 'on: HTTP API (POST /api/triage, GET /api/kb) and /metrics, with Authorization: Bearer <API_TOKEN>; /healthz, /readyz open',
  );
  if (withPages)
    log.info(
      { startup: { feature: 'web page', enabled: true } },
      `on: the web page at ${url}/ (paste → note, /kb)`,
    );
  const running = new Set(adapters.map((a) => a.target));
  for (const feature of featureStates(config)) {
    const fields = { startup: { feature: feature.name, enabled: feature.enabled } };
    if (!feature.enabled) log.info(fields, `off: ${feature.name}; ${feature.detail}`);
    else if (running.has(feature.target)) log.info(fields, `on: ${feature.name} (${feature.detail})`);
    else log.warn(fields, `${feature.name} is configured, but this build has no ${feature.target} adapter`);
  }
  const llm = config.llm;
  const feature = { startup: { feature: 'LLM explanations', enabled: explain !== null } };
  if (llm === null)
    log.info(
      feature,
      "off: LLM explanations; set LLM_BASE_URL and LLM_MODEL to add a model's explanation to notes",
    );
  else if (explain === null)
    log.warn(feature, 'LLM explanations are configured, but this build has no language model client');
  else
    log.info(
      feature,
      `on: LLM explanations by ${llm.model} at ${new URL(llm.baseUrl).origin}, edited into each note after it is posted; the lines of each report go to that provider`,
    );
  log.info(
    { startup: { outboxGiveUpHours: OUTBOX_GIVE_UP_MS / 3_600_000 } },
    `outbox: replies are retried with backoff from 30 s to 1 h and given up ${OUTBOX_GIVE_UP_MS / 3_600_000} h after they were queued`,
  );
}
