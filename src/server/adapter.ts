import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/env.js';
import type { Logger } from '../log/logger.js';
import type { OutboxItem, ReplyTarget, Store } from '../store/store.js';
import type { Core } from '../usecase/core.js';
import type { PasteExplainer } from '../usecase/explain-paste.js';
import type { Metrics } from './metrics.js';

/** One HTTP route on the shared server. */
export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, e.g. `/slack/events`, `/github/webhooks`; with `prefix`, a path ending in `/`. */
  path: string;
  /** Also answers every path under `path` (`/kb/` answers `/kb/get-cpu-var-leak`); exact paths win. */
  prefix?: boolean;
  /**
   * Answers one request. The server has already read the body (raw bytes, as signature checks need
   * them; over the size limit it answered 413 itself), so `req` is consumed. The request counts as in
   * flight until the promise settles: work done after `res.end()` (acking Slack within 3 s, then
   * triaging) still finishes before the store closes on shutdown.
   */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  /** Probes and metrics keep answering while the server drains; every other route answers 503. */
  servesWhileDraining?: boolean;
  /**
   * A request that costs real work a client chooses to start (a triage, a sign-in check): it counts
   * against the client's rate and the server's in-flight cap (`ClientLimits`), and gets 429 past them.
   */
  limited?: boolean;
}

/** What delivering one outbox item came to. */
export type DeliveryResult =
  /** Delivered; `ref` is what later edits need (Slack reply ts, GitHub comment id). */
  | { ok: true; ref?: string }
  /** Not delivered; `retryable: false` gives up at once (channel gone, issue locked, bad payload). */
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/**
 * A platform adapter (Slack, GitHub) as the service hosts it: routes on the one HTTP server, a
 * deliverer for its outbox items, and a lifecycle for long-lived connections such as Socket Mode or pollers.
 */
export interface Adapter {
  readonly name: string;
  readonly target: ReplyTarget;
  readonly routes: readonly Route[];
  /**
   * Performs one platform call. `signal` aborts when the item's lease is about to run out or shutdown
   * stops waiting: pass it to fetch/octokit/web-api. A throw counts as a retryable failure.
   */
  deliver(item: OutboxItem, signal: AbortSignal): Promise<DeliveryResult>;
  start(): Promise<void>;
  /** Stops taking new work; in-flight work is finished by the caller before the store closes. */
  stop(): Promise<void>;
}

/** What an adapter is built from. Events go through `store.recordEvent`, which claims, enqueues and records in one step. */
export interface AdapterContext {
  config: Config;
  store: Store;
  core: Core;
  log: Logger;
  /** Count `eventReceived`, `eventDeduplicated` and `triaged` here. */
  metrics: Metrics;
  now: () => Date;
  /** Tells the outbox worker that items were just enqueued, so a reply does not wait for the next poll. */
  wakeOutbox: () => void;
  /**
   * Resolves when the store can record (a write probe, fresh for a second); rejects while it cannot.
   * The server asks it before any route of an adapter; an adapter asks it before acknowledging what
   * arrives another way (Slack's Socket Mode), so an event is not acknowledged and then lost.
   */
  storeWritable: () => Promise<void>;
  /**
   * Set when LLM_BASE_URL and LLM_MODEL are: a note is then followed by a reply that edits the model's
   * explanation into it. Null leaves notes as they are.
   */
  explain: PasteExplainer | null;
}

/** Called at start-up only when the platform is configured. */
export type AdapterFactory = (context: AdapterContext) => Adapter | Promise<Adapter>;

/** One factory per platform: Slack, and GitHub (App webhooks and polling both reply through it). */
export type AdapterFactories = Partial<Record<ReplyTarget, AdapterFactory>>;

/** What the web page is built from: the parts of an adapter's context that serve pages, not replies. */
export type PagesContext = Omit<AdapterContext, 'wakeOutbox' | 'explain' | 'storeWritable'>;

/** Routes of pages people open in a browser; the CLI passes the web page's, tests may leave it out. */
export type PagesFactory = (context: PagesContext) => readonly Route[];
