/**
 * What ktriage remembers between events: which events it already handled, the replies it still has
 * to deliver (the outbox), the triage history, feedback, poller cursors and the references of its
 * own replies. One interface, backed by SQLite on one host or PostgreSQL shared by several replicas.
 * Every method takes the time from its caller, so behaviour is a function of the arguments.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  /**
   * Claims an event and, in the same transaction, enqueues its replies and records its triage.
   * False when the event was already claimed (here or by another replica): do nothing more.
   */
  recordEvent(event: EventInput): Promise<boolean>;

  /** Leases up to `limit` due items to `worker` until `now + leaseMs`; each attempt counts. */
  claimOutbox(claim: OutboxClaim): Promise<OutboxItem[]>;
  /**
   * Marks leased items delivered and, for each with a `replyKey` and a `ref`, remembers `ref` as our
   * reply to that source message, all in one transaction: deliveries that end together cost one
   * commit. Per item, false when another worker has claimed it since this worker's lease ran out:
   * that worker now owns it.
   */
  completeOutbox(done: readonly OutboxDone[]): Promise<boolean[]>;
  /** Schedules the next attempt by `outboxRetryAt`, or gives up when that is past the give-up age. */
  retryOutbox(failure: OutboxFailure): Promise<RetryOutcome>;
  /** Gives up at once, for errors that retrying cannot fix (channel gone, issue locked). */
  giveUpOutbox(failure: OutboxFailure): Promise<boolean>;
  outboxStats(now: Date): Promise<OutboxStats>;

  /** Triage rows of earlier source messages in `scope` with the same signature or the same title. */
  findSimilar(query: SimilarQuery): Promise<TriageRecord[]>;
  /** The newest triage rows of a scope, newest first. */
  latestTriages(scope: string, limit: number): Promise<TriageRecord[]>;
  triagesOf(sourceKey: string): Promise<TriageRecord[]>;
  /** Triage rows of every scope posted since `since`, newest first: the operators' trends. */
  recentTriages(query: RecentQuery): Promise<TriageRecord[]>;

  /** One vote per user, source message and pattern; a new vote replaces the old one. */
  recordFeedback(feedback: FeedbackInput): Promise<void>;
  feedbackTally(pattern: string): Promise<FeedbackTally>;

  getCursor(key: string): Promise<string | null>;
  setCursor(key: string, value: string, now: Date): Promise<void>;

  /**
   * Takes the named lease for `holder` until `now + ttlMs`, or renews it when `holder` already has it.
   * False while another holder's lease runs. One atomic step, so of two replicas asking at once
   * exactly one gets it; a holder that dies without releasing it is replaced once it runs out.
   */
  tryLease(lease: LeaseRequest): Promise<boolean>;
  /** Ends `holder`'s lease now, so another replica need not wait for it to run out; a no-op for anyone else. */
  releaseLease(lease: LeaseRelease): Promise<void>;

  getReplyRef(sourceKey: string): Promise<string | null>;
  setReplyRef(sourceKey: string, ref: string, now: Date): Promise<void>;
  /** The source message a reply of ours answers (a reaction names our reply, feedback needs the source). */
  findReplySource(ref: string): Promise<string | null>;

  /** A paste kept for its shareable page (`/p/<hash>`), while `now` is before its end; else null. */
  getPaste(hash: string, now: Date): Promise<string | null>;
  /** Keeps `text` under `hash` until `keptUntil`; keeping it again moves the end. */
  putPaste(hash: string, text: string, keptUntil: Date): Promise<void>;

  /** The explanation cached for a report signature by one prompt version and model, or null. */
  getExplanation(key: ExplanationKey): Promise<JsonValue | null>;
  /** Caches an explanation under its key; a later one for the same key replaces it. */
  putExplanation(key: ExplanationKey, explanation: JsonValue, now: Date): Promise<void>;

  /** Forgets expired event keys and old finished outbox items; gives up items pending past the give-up age. */
  sweep(now: Date): Promise<SweepResult>;

  /** Rejects when the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * Rejects when the store cannot record: one small write (a read-only or immutable file, a
   * read-only server, a full disk fail it), and for SQLite the file at its path must still be the
   * one opened (a deleted file takes writes that are gone at the next start). `/readyz` and the
   * platforms' event routes ask it before taking work.
   */
  checkWritable(now: Date): Promise<void>;
  close(): Promise<void>;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type EventSource = 'slack' | 'github';

/** Where a reply goes; the adapter of that platform delivers it. */
export type ReplyTarget = 'slack' | 'github';

export interface OutboxItemInput {
  target: ReplyTarget;
  /** The platform call, named as the platform names it: `chat.postMessage`, `issues.addLabels`. */
  action: string;
  /** The call's arguments; the delivering adapter parses them with its own schema. */
  payload: JsonValue;
  /**
   * The source message this reply answers (`slack:C024BE91L:1700000000.000100`,
   * `github:owner/repo#12`). Items with the same key are delivered one at a time in enqueue order,
   * so an update never overtakes the post it updates.
   */
  replyKey?: string | null;
}

export interface TriageInput {
  /** The workspace or repository whose history this joins (`slack:T024BE7LD`, `github:owner/repo`). */
  scope: string;
  /** The source message; an edited paste replaces the rows recorded for it. */
  sourceKey: string;
  /** Where the report was posted (permalink), for "similar past reports" links. */
  link: string;
  postedAt: Date;
  reports: TriagedReport[];
}

export interface TriagedReport {
  signature: string;
  title: string;
  kind: string;
  /** Knowledge-base pattern ids the note proposed, best first. */
  patterns: string[];
}

export interface EventInput {
  source: EventSource;
  /** Slack `event_id`, or GitHub `X-GitHub-Delivery`. */
  key: string;
  now: Date;
  replies: OutboxItemInput[];
  triage?: TriageInput;
}

export type TriageRecord = Omit<TriageInput, 'reports'> & TriagedReport;

export type OutboxState = 'pending' | 'delivered' | 'given_up';

export interface OutboxItem {
  id: number;
  target: ReplyTarget;
  action: string;
  payload: JsonValue;
  replyKey: string | null;
  state: OutboxState;
  /** Delivery attempts started, this one included. */
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  lastError: string | null;
  leasedBy: string | null;
  leaseUntil: Date | null;
  /** Our reply's reference for `replyKey` when the item was claimed: what `chat.update` edits. */
  replyRef: string | null;
}

export interface OutboxClaim {
  /** Unique per process (hostname + pid + random), so a lease names its holder. */
  worker: string;
  now: Date;
  /** Longer than one delivery takes, platform retries included; a killed holder's items wait this long. */
  leaseMs: number;
  limit: number;
  /**
   * Only items for these targets: a replica claims what its adapters can deliver, so one without a
   * Slack token never holds (and reschedules) Slack replies that another replica could send.
   */
  targets: readonly ReplyTarget[];
}

export interface OutboxDone {
  id: number;
  worker: string;
  now: Date;
  ref?: string;
}

export interface OutboxFailure {
  id: number;
  worker: string;
  now: Date;
  error: string;
  /** The platform's `Retry-After`, when it sent one; the next attempt waits exactly this long. */
  retryAfterMs?: number;
}

export type RetryOutcome =
  | { outcome: 'retry'; nextAttemptAt: Date }
  | { outcome: 'given_up' }
  /** The lease had expired and another worker may hold the item: this worker must leave it. */
  | { outcome: 'lease_lost' };

export interface OutboxStats {
  /** Waiting for delivery and not leased, failed ones included. */
  pending: number;
  leased: number;
  /** Pending items that failed at least once. */
  failed: number;
  /** Given up within the retention window. */
  givenUp: number;
  oldestPendingAt: Date | null;
}

export interface LeaseRequest {
  /** What the lease guards: work that one replica at a time should do (`github:poll:owner/repo`). */
  key: string;
  /** Unique per process (hostname + pid + random), like an outbox worker's id. */
  holder: string;
  now: Date;
  /** How long the lease lasts unless renewed; longer than the holder's renewal period. */
  ttlMs: number;
}

export interface LeaseRelease {
  key: string;
  holder: string;
}

export interface SimilarQuery {
  scope: string;
  signature: string;
  title: string;
  before: Date;
  /** The message being triaged, so an edit does not find itself. */
  excludeSourceKey?: string;
  limit: number;
}

export interface RecentQuery {
  since: Date;
  limit: number;
}

/** What an explanation depends on: the report (by signature), the prompt version and the model. */
export interface ExplanationKey {
  signature: string;
  /** `<prompt id>@<version>`. */
  prompt: string;
  model: string;
}

export type Vote = 'up' | 'down';

export interface FeedbackInput {
  sourceKey: string;
  pattern: string;
  user: string;
  vote: Vote;
  now: Date;
}

export interface FeedbackTally {
  up: number;
  down: number;
}

export interface SweepResult {
  eventsForgotten: number;
  outboxForgotten: number;
  /** Kept pastes whose time ran out. */
  pastesForgotten: number;
  givenUp: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Event keys are kept 7 days: Slack retries within minutes, and GitHub lets a delivery be redelivered
 * for 3 days ("Redelivering webhooks", docs.github.com), so a later duplicate cannot arrive.
 */
export const EVENT_TTL_MS = 7 * DAY;

/**
 * A reply not delivered 24 h after it was enqueued is given up: by then the conversation has moved
 * on, and a day covers a platform outage or a revoked token being fixed by a person.
 */
export const OUTBOX_GIVE_UP_MS = DAY;

/** Delivered and given-up items stay this long for stats and inspection, then are swept. */
export const OUTBOX_RETENTION_MS = 7 * DAY;

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = HOUR;

/**
 * When to try again after `attempts` failed attempts: the platform's Retry-After when it sent one (a
 * rate limit says exactly when it lifts), else 30 s doubling up to 1 h; null when that time is past
 * the give-up age.
 */
export function outboxRetryAt(attempts: number, createdAt: Date, now: Date, retryAfterMs = 0): Date | null {
  const backoff = Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_MS);
  const next = new Date(now.getTime() + (retryAfterMs > 0 ? retryAfterMs : backoff));
  return next.getTime() - createdAt.getTime() > OUTBOX_GIVE_UP_MS ? null : next;
}
