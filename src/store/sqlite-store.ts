import Database from 'better-sqlite3';
import { migrateSqlite } from './migrations.js';
import { parseOutboxRows, parseStatsRow, parseTriageRows, TallyRow, ValueRow } from './rows.js';
import {
  EVENT_TTL_MS,
  OUTBOX_GIVE_UP_MS,
  OUTBOX_RETENTION_MS,
  outboxRetryAt,
  type EventInput,
  type FeedbackInput,
  type FeedbackTally,
  type LeaseRelease,
  type LeaseRequest,
  type OutboxClaim,
  type OutboxDone,
  type OutboxFailure,
  type OutboxItem,
  type OutboxStats,
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
    migrateSqlite(db, now);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteStore(db);
}

const ms = (d: Date): number => d.getTime();

const SELECT_ITEM = `
  SELECT o.*, r.ref AS reply_ref FROM outbox o LEFT JOIN reply_refs r ON r.source_key = o.reply_key`;

export class SqliteStore implements Store {
  readonly dialect = 'sqlite';

  constructor(private readonly db: Database.Database) {}

  async recordEvent(event: EventInput): Promise<boolean> {
    const record = this.db.transaction((): boolean => {
      const claimed = this.db
        .prepare(
          'INSERT INTO events (source, key, received_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(event.source, event.key, ms(event.now), ms(event.now) + EVENT_TTL_MS);
      if (claimed.changes === 0) return false;
      const enqueue = this.db.prepare(
        `INSERT INTO outbox (target, action, payload, reply_key, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const r of event.replies) {
        enqueue.run(
          r.target,
          r.action,
          JSON.stringify(r.payload),
          r.replyKey ?? null,
          ms(event.now),
          ms(event.now),
        );
      }
      if (event.triage) this.replaceTriage(event.triage);
      return true;
    });
    return record.immediate();
  }

  private replaceTriage(t: TriageInput): void {
    this.db.prepare('DELETE FROM triages WHERE source_key = ?').run(t.sourceKey);
    const insert = this.db.prepare(
      `INSERT INTO triages (scope, source_key, link, posted_at, signature, title, kind, patterns)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of t.reports) {
      insert.run(
        t.scope,
        t.sourceKey,
        t.link,
        ms(t.postedAt),
        r.signature,
        r.title,
        r.kind,
        JSON.stringify(r.patterns),
      );
    }
  }

  async claimOutbox(claim: OutboxClaim): Promise<OutboxItem[]> {
    const take = this.db.transaction((): unknown[] => {
      const ids = this.db
        .prepare(
          `SELECT o.id FROM outbox o
           WHERE o.state = 'pending' AND o.next_attempt_at <= @now
             AND o.target IN (SELECT value FROM json_each(@targets))
             AND (o.lease_until IS NULL OR o.lease_until <= @now)
             AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.reply_key = o.reply_key AND e.state = 'pending' AND e.id < o.id)
           ORDER BY o.id LIMIT @limit`,
        )
        .pluck()
        .all({ now: ms(claim.now), limit: claim.limit, targets: JSON.stringify(claim.targets) });
      const lease = this.db.prepare(
        'UPDATE outbox SET leased_by = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?',
      );
      for (const id of ids) lease.run(claim.worker, ms(claim.now) + claim.leaseMs, id);
      const read = this.db.prepare(`${SELECT_ITEM} WHERE o.id = ?`);
      return ids.map((id) => read.get(id));
    });
    return parseOutboxRows(take.immediate());
  }

  async completeOutbox(done: OutboxDone): Promise<boolean> {
    const complete = this.db.transaction((): boolean => {
      const row = ValueRow.parse(
        this.db
          .prepare(
            `UPDATE outbox SET state = 'delivered', finished_at = ?, leased_by = NULL, lease_until = NULL
             WHERE id = ? AND state = 'pending' AND leased_by = ? RETURNING reply_key AS value`,
          )
          .get(ms(done.now), done.id, done.worker),
      );
      if (row === undefined) return false;
      if (done.ref !== undefined && row.value !== null) this.upsertReplyRef(row.value, done.ref, done.now);
      return true;
    });
    return complete.immediate();
  }

  async retryOutbox(failure: OutboxFailure): Promise<RetryOutcome> {
    const retry = this.db.transaction((): RetryOutcome => {
      const [item] = parseOutboxRows(
        this.db
          .prepare(`${SELECT_ITEM} WHERE o.id = ? AND o.state = 'pending' AND o.leased_by = ?`)
          .all(failure.id, failure.worker),
      );
      if (!item) return { outcome: 'lease_lost' };
      const next = outboxRetryAt(item.attempts, item.createdAt, failure.now, failure.retryAfterMs);
      if (next === null) {
        this.finishGivenUp(failure);
        return { outcome: 'given_up' };
      }
      this.db
        .prepare(
          `UPDATE outbox SET next_attempt_at = ?, last_error = ?, leased_by = NULL, lease_until = NULL WHERE id = ?`,
        )
        .run(ms(next), failure.error, failure.id);
      return { outcome: 'retry', nextAttemptAt: next };
    });
    return retry.immediate();
  }

  async giveUpOutbox(failure: OutboxFailure): Promise<boolean> {
    return this.finishGivenUp(failure);
  }

  private finishGivenUp(failure: OutboxFailure): boolean {
    const r = this.db
      .prepare(
        `UPDATE outbox SET state = 'given_up', finished_at = ?, last_error = ?, leased_by = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND leased_by = ?`,
      )
      .run(ms(failure.now), failure.error, failure.id, failure.worker);
    return r.changes > 0;
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    return parseStatsRow(
      this.db
        .prepare(
          `SELECT
             COUNT(CASE WHEN state = 'pending' AND (lease_until IS NULL OR lease_until <= @now) THEN 1 END) AS pending,
             COUNT(CASE WHEN state = 'pending' AND lease_until > @now THEN 1 END) AS leased,
             COUNT(CASE WHEN state = 'pending' AND last_error IS NOT NULL THEN 1 END) AS failed,
             COUNT(CASE WHEN state = 'given_up' THEN 1 END) AS given_up,
             MIN(CASE WHEN state = 'pending' THEN created_at END) AS oldest_pending_at
           FROM outbox`,
        )
        .get({ now: ms(now) }),
    );
  }

  async findSimilar(q: SimilarQuery): Promise<TriageRecord[]> {
    return parseTriageRows(
      this.db
        .prepare(
          `SELECT * FROM triages
           WHERE scope = @scope AND (signature = @signature OR title = @title) AND posted_at < @before
             AND (@exclude IS NULL OR source_key <> @exclude)
           ORDER BY posted_at DESC, id DESC LIMIT @limit`,
        )
        .all({
          scope: q.scope,
          signature: q.signature,
          title: q.title,
          before: ms(q.before),
          exclude: q.excludeSourceKey ?? null,
          limit: q.limit,
        }),
    );
  }

  async latestTriages(scope: string, limit: number): Promise<TriageRecord[]> {
    return parseTriageRows(
      this.db
        .prepare('SELECT * FROM triages WHERE scope = ? ORDER BY posted_at DESC, id DESC LIMIT ?')
        .all(scope, limit),
    );
  }

  async triagesOf(sourceKey: string): Promise<TriageRecord[]> {
    return parseTriageRows(
      this.db.prepare('SELECT * FROM triages WHERE source_key = ? ORDER BY id').all(sourceKey),
    );
  }

  async recordFeedback(f: FeedbackInput): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO feedback (source_key, pattern, user_id, vote, recorded_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (source_key, pattern, user_id) DO UPDATE SET vote = excluded.vote, recorded_at = excluded.recorded_at`,
      )
      .run(f.sourceKey, f.pattern, f.user, f.vote, ms(f.now));
  }

  async feedbackTally(pattern: string): Promise<FeedbackTally> {
    return TallyRow.parse(
      this.db
        .prepare(
          `SELECT COUNT(CASE WHEN vote = 'up' THEN 1 END) AS up, COUNT(CASE WHEN vote = 'down' THEN 1 END) AS down
           FROM feedback WHERE pattern = ?`,
        )
        .get(pattern),
    );
  }

  async getCursor(key: string): Promise<string | null> {
    return ValueRow.parse(this.db.prepare('SELECT value FROM cursors WHERE key = ?').get(key))?.value ?? null;
  }

  async setCursor(key: string, value: string, now: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO cursors (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, value, ms(now));
  }

  async tryLease(lease: LeaseRequest): Promise<boolean> {
    const taken = this.db
      .prepare(
        `INSERT INTO leases (key, holder, held_until) VALUES (@key, @holder, @until)
         ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until
         WHERE leases.holder = excluded.holder OR leases.held_until <= @now`,
      )
      .run({ key: lease.key, holder: lease.holder, until: ms(lease.now) + lease.ttlMs, now: ms(lease.now) });
    return taken.changes > 0;
  }

  async releaseLease(lease: LeaseRelease): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE key = ? AND holder = ?').run(lease.key, lease.holder);
  }

  async getReplyRef(sourceKey: string): Promise<string | null> {
    return (
      ValueRow.parse(
        this.db.prepare('SELECT ref AS value FROM reply_refs WHERE source_key = ?').get(sourceKey),
      )?.value ?? null
    );
  }

  async setReplyRef(sourceKey: string, ref: string, now: Date): Promise<void> {
    this.upsertReplyRef(sourceKey, ref, now);
  }

  private upsertReplyRef(sourceKey: string, ref: string, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO reply_refs (source_key, ref, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (source_key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
      )
      .run(sourceKey, ref, ms(now));
  }

  async findReplySource(ref: string): Promise<string | null> {
    return (
      ValueRow.parse(
        this.db.prepare('SELECT source_key AS value FROM reply_refs WHERE ref = ? LIMIT 1').get(ref),
      )?.value ?? null
    );
  }

  async sweep(now: Date): Promise<SweepResult> {
    const sweep = this.db.transaction((): SweepResult => ({
      eventsForgotten: this.db.prepare('DELETE FROM events WHERE expires_at <= ?').run(ms(now)).changes,
      givenUp: this.db
        .prepare(
          `UPDATE outbox SET state = 'given_up', finished_at = @now, leased_by = NULL, lease_until = NULL,
               last_error = COALESCE(last_error, 'not delivered within the give-up age')
             WHERE state = 'pending' AND created_at <= @giveUpBefore AND (lease_until IS NULL OR lease_until <= @now)`,
        )
        .run({ now: ms(now), giveUpBefore: ms(now) - OUTBOX_GIVE_UP_MS }).changes,
      outboxForgotten: this.db
        .prepare(`DELETE FROM outbox WHERE state <> 'pending' AND finished_at <= ?`)
        .run(ms(now) - OUTBOX_RETENTION_MS).changes,
    }));
    return sweep.immediate();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
