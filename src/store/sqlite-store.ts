import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { migrateSqlite } from './migrations.js';
import { parseOutboxRows, parseStatsRow, parseTriageRows, JsonValueRow, TallyRow, ValueRow } from './rows.js';
import * as SQL from './statements.js';
import {
  EVENT_TTL_MS,
  OUTBOX_GIVE_UP_MS,
  OUTBOX_RETENTION_MS,
  outboxRetryAt,
  type EventInput,
  type ExplanationKey,
  type JsonValue,
  type FeedbackInput,
  type FeedbackTally,
  type LeaseRelease,
  type LeaseRequest,
  type OutboxClaim,
  type OutboxDone,
  type OutboxFailure,
  type OutboxItem,
  type OutboxStats,
  type RecentQuery,
  type RetryOutcome,
  type SimilarQuery,
  type Store,
  type SweepResult,
  type TriageInput,
  type TriageRecord,
} from './store.js';

/**
 * The single-host store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so within one
 * process every method runs to completion before another starts; the atomic steps still run in
 * transactions, IMMEDIATE where they read then write, so a second process on the file stays correct.
 */
export function openSqliteStore(path: string, now: Date): SqliteStore {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // Wait for another process's write lock instead of failing with SQLITE_BUSY at once.
    db.pragma('busy_timeout = 5000');
    // Said, not left to the default: better-sqlite3 builds SQLite with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1,
    // which applies only to a file already in WAL mode when opened, so the first start ran FULL and
    // every later start NORMAL. FULL: an event is on disk before it is acknowledged.
    db.pragma('synchronous = FULL');
    migrateSqlite(db, now);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteStore(db, fileIdentity(path));
}

/** Which file a path names (device and inode), or null for an in-memory database. */
interface FileIdentity {
  path: string;
  dev: number;
  ino: number;
}

function fileIdentity(path: string): FileIdentity | null {
  if (path === '' || path === ':memory:') return null;
  const { dev, ino } = statSync(path);
  return { path, dev, ino };
}

type Param = string | number | Date | null;

/**
 * The values of a shared statement's `$1`, `$2`, ...: SQLite reads `$1` as a parameter named `1`,
 * which better-sqlite3 binds from the key `1`. Times are kept as epoch milliseconds.
 */
function bind(...values: Param[]): Record<number, string | number | null> {
  return Object.fromEntries(values.map((v, i) => [i + 1, v instanceof Date ? v.getTime() : v]));
}

const plus = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

/**
 * The ids of up to @limit due items, in due order, each the oldest pending item of its reply key.
 * Served by `outbox_claim` without a sort (test/store-plans.test.ts checks the plan).
 */
export const CLAIM_DUE = `
  SELECT o.id FROM outbox o
  WHERE o.state = 'pending' AND o.next_attempt_at <= @now
    AND o.target IN (SELECT value FROM json_each(@targets))
    AND (o.lease_until IS NULL OR o.lease_until <= @now)
    AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.reply_key = o.reply_key AND e.state = 'pending' AND e.id < o.id)
  ORDER BY o.next_attempt_at, o.id LIMIT @limit`;

export class SqliteStore implements Store {
  readonly dialect = 'sqlite';
  /**
   * Each statement compiled once: better-sqlite3 compiles anew on every `prepare`, which costs more
   * than running the small statements of an outbox claim or completion.
   */
  private readonly prepared = new Map<string, Database.Statement>();

  /** `file`: the database file as opened; writes must keep going to the file at that path. */
  constructor(
    private readonly db: Database.Database,
    private readonly file: FileIdentity | null = null,
  ) {}

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs an outbox step (a claim, a group of completions, a retry, a give-up) whose commit does not
   * wait for the disk: in WAL mode with synchronous NORMAL a commit survives the process dying and
   * may be lost only with the machine (sqlite.org/pragma.html#pragma_synchronous); the next FULL
   * commit flushes it with its own. A claim lost so is claimed again; a completion lost so delivers
   * its item again, and the deliverers look for an earlier delivery first. Waiting cost an fsync of
   * about 3 ms per step here, in the thread that serves every request.
   */
  private unsynced<T>(step: () => T): T {
    this.statement('PRAGMA synchronous = NORMAL').run();
    try {
      return step();
    } finally {
      this.statement('PRAGMA synchronous = FULL').run();
    }
  }

  private run(sql: string, ...values: Param[]): Database.RunResult {
    return this.statement(sql).run(bind(...values));
  }

  private get(sql: string, ...values: Param[]): unknown {
    return this.statement(sql).get(bind(...values));
  }

  private all(sql: string, ...values: Param[]): unknown[] {
    return this.statement(sql).all(bind(...values));
  }

  async recordEvent(event: EventInput): Promise<boolean> {
    const record = this.db.transaction((): boolean => {
      const expiresAt = plus(event.now, EVENT_TTL_MS);
      if (this.run(SQL.CLAIM_EVENT, event.source, event.key, event.now, expiresAt).changes === 0)
        return false;
      for (const r of event.replies) {
        this.run(
          SQL.ENQUEUE_REPLY,
          r.target,
          r.action,
          JSON.stringify(r.payload),
          r.replyKey ?? null,
          event.now,
        );
      }
      if (event.triage) this.replaceTriage(event.triage);
      return true;
    });
    return record.immediate();
  }

  private replaceTriage(t: TriageInput): void {
    this.run(SQL.DELETE_TRIAGES_OF, t.sourceKey);
    for (const r of t.reports) {
      const patterns = JSON.stringify(r.patterns);
      this.run(
        SQL.INSERT_TRIAGE,
        t.scope,
        t.sourceKey,
        t.link,
        t.postedAt,
        r.signature,
        r.title,
        r.kind,
        patterns,
      );
    }
  }

  async claimOutbox(claim: OutboxClaim): Promise<OutboxItem[]> {
    const take = this.db.transaction((): unknown[] => {
      const now = claim.now.getTime();
      const ids = this.statement(CLAIM_DUE)
        .pluck()
        .all({ now, limit: claim.limit, targets: JSON.stringify(claim.targets) });
      const lease = this.statement(LEASE_OUTBOX);
      for (const id of ids) lease.run({ worker: claim.worker, until: now + claim.leaseMs, id });
      const read = this.statement(READ_OUTBOX_ITEM);
      return ids.map((id) => read.get(id));
    });
    // As the PostgreSQL store returns them: the worker starts a claim's items in the order they were queued.
    return parseOutboxRows(this.unsynced(() => take.immediate())).sort((a, b) => a.id - b.id);
  }

  async completeOutbox(done: readonly OutboxDone[]): Promise<boolean[]> {
    const complete = this.db.transaction((): boolean[] =>
      done.map((d) => {
        const row = ValueRow.parse(this.get(SQL.COMPLETE_OUTBOX, d.now, d.id, d.worker));
        if (row === undefined) return false;
        if (d.ref !== undefined && row.value !== null) this.run(SQL.SET_REPLY_REF, row.value, d.ref, d.now);
        return true;
      }),
    );
    return this.unsynced(() => complete.immediate());
  }

  async retryOutbox(failure: OutboxFailure): Promise<RetryOutcome> {
    const retry = this.db.transaction((): RetryOutcome => {
      const [item] = parseOutboxRows(this.statement(READ_LEASED_ITEM).all(failure.id, failure.worker));
      if (!item) return { outcome: 'lease_lost' };
      const next = outboxRetryAt(item.attempts, item.createdAt, failure.now, failure.retryAfterMs);
      if (next === null) {
        this.finishGivenUp(failure);
        return { outcome: 'given_up' };
      }
      this.run(SQL.RESCHEDULE_OUTBOX, next, failure.error, failure.id);
      return { outcome: 'retry', nextAttemptAt: next };
    });
    return this.unsynced(() => retry.immediate());
  }

  async giveUpOutbox(failure: OutboxFailure): Promise<boolean> {
    return this.unsynced(() => this.finishGivenUp(failure));
  }

  private finishGivenUp(f: OutboxFailure): boolean {
    return this.run(SQL.GIVE_UP_OUTBOX, f.now, f.error, f.id, f.worker).changes > 0;
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    return parseStatsRow(this.get(SQL.OUTBOX_STATS, now));
  }

  async findSimilar(q: SimilarQuery): Promise<TriageRecord[]> {
    const exclude = q.excludeSourceKey ?? null;
    return parseTriageRows(
      this.all(SQL.FIND_SIMILAR, q.scope, q.signature, q.title, q.before, exclude, q.limit),
    );
  }

  async latestTriages(scope: string, limit: number): Promise<TriageRecord[]> {
    return parseTriageRows(this.all(SQL.LATEST_TRIAGES, scope, limit));
  }

  async triagesOf(sourceKey: string): Promise<TriageRecord[]> {
    return parseTriageRows(this.all(SQL.TRIAGES_OF, sourceKey));
  }

  async recentTriages(q: RecentQuery): Promise<TriageRecord[]> {
    return parseTriageRows(this.all(SQL.RECENT_TRIAGES, q.since, q.limit));
  }

  async recordFeedback(f: FeedbackInput): Promise<void> {
    this.run(SQL.RECORD_FEEDBACK, f.sourceKey, f.pattern, f.user, f.vote, f.now);
  }

  async feedbackTally(pattern: string): Promise<FeedbackTally> {
    return TallyRow.parse(this.get(SQL.FEEDBACK_TALLY, pattern));
  }

  async getCursor(key: string): Promise<string | null> {
    return ValueRow.parse(this.get(SQL.GET_CURSOR, key))?.value ?? null;
  }

  async setCursor(key: string, value: string, now: Date): Promise<void> {
    this.run(SQL.SET_CURSOR, key, value, now);
  }

  async tryLease(lease: LeaseRequest): Promise<boolean> {
    const until = plus(lease.now, lease.ttlMs);
    return this.run(SQL.TRY_LEASE, lease.key, lease.holder, until, lease.now).changes > 0;
  }

  async releaseLease(lease: LeaseRelease): Promise<void> {
    this.run(SQL.RELEASE_LEASE, lease.key, lease.holder);
  }

  async getReplyRef(sourceKey: string): Promise<string | null> {
    return ValueRow.parse(this.get(SQL.GET_REPLY_REF, sourceKey))?.value ?? null;
  }

  async setReplyRef(sourceKey: string, ref: string, now: Date): Promise<void> {
    this.run(SQL.SET_REPLY_REF, sourceKey, ref, now);
  }

  async findReplySource(ref: string): Promise<string | null> {
    return ValueRow.parse(this.get(SQL.FIND_REPLY_SOURCE, ref))?.value ?? null;
  }

  async getPaste(hash: string, now: Date): Promise<string | null> {
    return ValueRow.parse(this.get(SQL.GET_PASTE, hash, now))?.value ?? null;
  }

  async putPaste(hash: string, text: string, keptUntil: Date): Promise<void> {
    this.run(SQL.PUT_PASTE, hash, text, keptUntil);
  }

  async getExplanation(key: ExplanationKey): Promise<JsonValue | null> {
    return (
      JsonValueRow.parse(this.get(SQL.GET_EXPLANATION, key.signature, key.prompt, key.model))?.value ?? null
    );
  }

  async putExplanation(key: ExplanationKey, explanation: JsonValue, now: Date): Promise<void> {
    this.run(SQL.PUT_EXPLANATION, key.signature, key.prompt, key.model, JSON.stringify(explanation), now);
  }

  async sweep(now: Date): Promise<SweepResult> {
    const sweep = this.db.transaction((): SweepResult => ({
      eventsForgotten: this.run(SQL.FORGET_EVENTS, now).changes,
      givenUp: this.run(SQL.GIVE_UP_STALE_OUTBOX, now, plus(now, -OUTBOX_GIVE_UP_MS)).changes,
      outboxForgotten: this.run(SQL.FORGET_FINISHED_OUTBOX, plus(now, -OUTBOX_RETENTION_MS)).changes,
      pastesForgotten: this.run(SQL.FORGET_PASTES, now).changes,
    }));
    return sweep.immediate();
  }

  async ping(): Promise<void> {
    this.get(SQL.PING);
  }

  async checkWritable(now: Date): Promise<void> {
    if (this.file !== null) {
      // A deleted (or replaced) file still takes writes through the open descriptor, and they are
      // gone at the next start: that is a store that cannot record.
      const at = statSync(this.file.path, { throwIfNoEntry: false });
      if (at === undefined || at.dev !== this.file.dev || at.ino !== this.file.ino)
        throw new Error(`the database file ${this.file.path} was deleted or replaced since it was opened`);
    }
    this.run(SQL.WRITE_PROBE, now);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * The next attempt is due when the lease runs out: a leased item leaves the claim's due range, and
 * returns to it by itself if its holder dies.
 */
const LEASE_OUTBOX = `
  UPDATE outbox SET leased_by = @worker, lease_until = @until, next_attempt_at = @until, attempts = attempts + 1
  WHERE id = @id`;

const READ_OUTBOX_ITEM = `${SQL.selectOutboxItems('outbox')} WHERE o.id = ?`;

const READ_LEASED_ITEM = `${SQL.selectOutboxItems('outbox')} WHERE o.id = ? AND o.state = 'pending' AND o.leased_by = ?`;
