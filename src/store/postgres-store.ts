import pg from 'pg';
import { migratePostgres } from './migrations.js';
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

export interface PostgresStoreOptions {
  url: string;
  now: Date;
  /** Told about connections lost while idle or mid-transaction; the store keeps working once the server is back. */
  onError: (err: Error) => void;
}

/**
 * The shared store for several replicas. Exactly-once rests on primary keys (a second INSERT of an
 * event key waits for the first transaction, then does nothing); outbox leases on
 * `FOR UPDATE SKIP LOCKED` plus a lease deadline, so a killed replica's items return after it.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: options.url,
    // Fail a request instead of queueing it forever while the server is away; /readyz then fails.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  // An idle client whose server went away emits 'error' on the pool; unheard, Node would exit.
  pool.on('error', options.onError);
  const store = new PostgresStore(pool, options.onError);
  try {
    await store.withClient((client) => migratePostgres(client, options.now));
  } catch (err) {
    await pool.end();
    throw err;
  }
  return store;
}

export class PostgresStore implements Store {
  readonly dialect = 'postgres';

  constructor(
    private readonly pool: pg.Pool,
    private readonly onError: (err: Error) => void,
  ) {}

  /**
   * Lends one connection to `work`. A checked-out client that loses its server emits 'error' with no
   * listener of the pool's, so one is attached while it is out; after a failure the connection is
   * dropped rather than returned, since it may be the broken one.
   */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    client.on('error', this.onError);
    let broken = true;
    try {
      const result = await work(client);
      broken = false;
      return result;
    } finally {
      client.off('error', this.onError);
      client.release(broken);
    }
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async recordEvent(event: EventInput): Promise<boolean> {
    return this.transaction(async (c) => {
      const expiresAt = plus(event.now, EVENT_TTL_MS);
      const claimed = await c.query(SQL.CLAIM_EVENT, [event.source, event.key, event.now, expiresAt]);
      if (claimed.rowCount === 0) return false;
      for (const r of event.replies) {
        const payload = JSON.stringify(r.payload);
        await c.query(SQL.ENQUEUE_REPLY, [r.target, r.action, payload, r.replyKey ?? null, event.now]);
      }
      if (event.triage) await replaceTriage(c, event.triage);
      return true;
    });
  }

  async claimOutbox(claim: OutboxClaim): Promise<OutboxItem[]> {
    const { rows } = await this.pool.query(CLAIM_OUTBOX, [
      claim.now,
      claim.limit,
      claim.worker,
      plus(claim.now, claim.leaseMs),
      [...claim.targets],
    ]);
    // The update returns the leased rows in no particular order; the worker starts them as queued.
    return parseOutboxRows(rows).sort((a, b) => a.id - b.id);
  }

  async completeOutbox(done: OutboxDone): Promise<boolean> {
    return this.transaction(async (c) => {
      const { rows } = await c.query(SQL.COMPLETE_OUTBOX, [done.now, done.id, done.worker]);
      const row = ValueRow.parse(rows[0]);
      if (row === undefined) return false;
      if (done.ref !== undefined && row.value !== null)
        await c.query(SQL.SET_REPLY_REF, [row.value, done.ref, done.now]);
      return true;
    });
  }

  async retryOutbox(failure: OutboxFailure): Promise<RetryOutcome> {
    return this.transaction(async (c): Promise<RetryOutcome> => {
      const { rows } = await c.query(
        `WITH items AS (
           SELECT * FROM outbox WHERE id = $1 AND state = 'pending' AND leased_by = $2 FOR UPDATE
         )
         ${SQL.selectOutboxItems('items')}`,
        [failure.id, failure.worker],
      );
      const [item] = parseOutboxRows(rows);
      if (!item) return { outcome: 'lease_lost' };
      const next = outboxRetryAt(item.attempts, item.createdAt, failure.now, failure.retryAfterMs);
      if (next === null) {
        await finishGivenUp(c, failure);
        return { outcome: 'given_up' };
      }
      await c.query(SQL.RESCHEDULE_OUTBOX, [next, failure.error, failure.id]);
      return { outcome: 'retry', nextAttemptAt: next };
    });
  }

  async giveUpOutbox(failure: OutboxFailure): Promise<boolean> {
    return finishGivenUp(this.pool, failure);
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    const { rows } = await this.pool.query(SQL.OUTBOX_STATS, [now]);
    return parseStatsRow(rows[0]);
  }

  async findSimilar(q: SimilarQuery): Promise<TriageRecord[]> {
    const exclude = q.excludeSourceKey ?? null;
    const { rows } = await this.pool.query(SQL.FIND_SIMILAR, [
      q.scope,
      q.signature,
      q.title,
      q.before,
      exclude,
      q.limit,
    ]);
    return parseTriageRows(rows);
  }

  async latestTriages(scope: string, limit: number): Promise<TriageRecord[]> {
    const { rows } = await this.pool.query(SQL.LATEST_TRIAGES, [scope, limit]);
    return parseTriageRows(rows);
  }

  async triagesOf(sourceKey: string): Promise<TriageRecord[]> {
    const { rows } = await this.pool.query(SQL.TRIAGES_OF, [sourceKey]);
    return parseTriageRows(rows);
  }

  async recentTriages(q: RecentQuery): Promise<TriageRecord[]> {
    const { rows } = await this.pool.query(SQL.RECENT_TRIAGES, [q.since, q.limit]);
    return parseTriageRows(rows);
  }

  async recordFeedback(f: FeedbackInput): Promise<void> {
    await this.pool.query(SQL.RECORD_FEEDBACK, [f.sourceKey, f.pattern, f.user, f.vote, f.now]);
  }

  async feedbackTally(pattern: string): Promise<FeedbackTally> {
    const { rows } = await this.pool.query(SQL.FEEDBACK_TALLY, [pattern]);
    return TallyRow.parse(rows[0]);
  }

  async getCursor(key: string): Promise<string | null> {
    const { rows } = await this.pool.query(SQL.GET_CURSOR, [key]);
    return ValueRow.parse(rows[0])?.value ?? null;
  }

  async setCursor(key: string, value: string, now: Date): Promise<void> {
    await this.pool.query(SQL.SET_CURSOR, [key, value, now]);
  }

  async tryLease(lease: LeaseRequest): Promise<boolean> {
    const until = plus(lease.now, lease.ttlMs);
    const taken = await this.pool.query(SQL.TRY_LEASE, [lease.key, lease.holder, until, lease.now]);
    return (taken.rowCount ?? 0) > 0;
  }

  async releaseLease(lease: LeaseRelease): Promise<void> {
    await this.pool.query(SQL.RELEASE_LEASE, [lease.key, lease.holder]);
  }

  async getReplyRef(sourceKey: string): Promise<string | null> {
    const { rows } = await this.pool.query(SQL.GET_REPLY_REF, [sourceKey]);
    return ValueRow.parse(rows[0])?.value ?? null;
  }

  async setReplyRef(sourceKey: string, ref: string, now: Date): Promise<void> {
    await this.pool.query(SQL.SET_REPLY_REF, [sourceKey, ref, now]);
  }

  async findReplySource(ref: string): Promise<string | null> {
    const { rows } = await this.pool.query(SQL.FIND_REPLY_SOURCE, [ref]);
    return ValueRow.parse(rows[0])?.value ?? null;
  }

  async getExplanation(key: ExplanationKey): Promise<JsonValue | null> {
    const { rows } = await this.pool.query(SQL.GET_EXPLANATION, [key.signature, key.prompt, key.model]);
    return JsonValueRow.parse(rows[0])?.value ?? null;
  }

  async putExplanation(key: ExplanationKey, explanation: JsonValue, now: Date): Promise<void> {
    await this.pool.query(SQL.PUT_EXPLANATION, [
      key.signature,
      key.prompt,
      key.model,
      JSON.stringify(explanation),
      now,
    ]);
  }

  async sweep(now: Date): Promise<SweepResult> {
    return this.transaction(async (c) => {
      const events = await c.query(SQL.FORGET_EVENTS, [now]);
      const givenUp = await c.query(SQL.GIVE_UP_STALE_OUTBOX, [now, plus(now, -OUTBOX_GIVE_UP_MS)]);
      const outbox = await c.query(SQL.FORGET_FINISHED_OUTBOX, [plus(now, -OUTBOX_RETENTION_MS)]);
      return {
        eventsForgotten: events.rowCount ?? 0,
        givenUp: givenUp.rowCount ?? 0,
        outboxForgotten: outbox.rowCount ?? 0,
      };
    });
  }

  async ping(): Promise<void> {
    await this.pool.query(SQL.PING);
  }

  async checkWritable(now: Date): Promise<void> {
    await this.pool.query(SQL.WRITE_PROBE, [now]);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/**
 * $1 now, $2 limit, $3 worker, $4 lease until, $5 targets. Leases up to $2 due items, in due order, each
 * the oldest pending item of its reply key, and returns them with their reply refs. `due` is served by
 * `outbox_claim` without a sort (test/store-plans.test.ts checks the plan).
 */
export const CLAIM_OUTBOX = `
  WITH due AS (
    SELECT o.id FROM outbox o
    WHERE o.state = 'pending' AND o.next_attempt_at <= $1
      AND o.target = ANY($5::text[])
      AND (o.lease_until IS NULL OR o.lease_until <= $1)
      AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.reply_key = o.reply_key AND e.state = 'pending' AND e.id < o.id)
    ORDER BY o.next_attempt_at, o.id LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), items AS (
    UPDATE outbox o SET leased_by = $3, lease_until = $4, next_attempt_at = $4, attempts = o.attempts + 1
    FROM due WHERE o.id = due.id
    RETURNING o.*
  )
  ${SQL.selectOutboxItems('items')}`;

/** Anything that runs a query: the pool, or a client inside a transaction. */
type Queryable = Pick<pg.Pool, 'query'>;

async function replaceTriage(c: Queryable, t: TriageInput): Promise<void> {
  await c.query(SQL.DELETE_TRIAGES_OF, [t.sourceKey]);
  for (const r of t.reports) {
    const patterns = JSON.stringify(r.patterns);
    await c.query(SQL.INSERT_TRIAGE, [
      t.scope,
      t.sourceKey,
      t.link,
      t.postedAt,
      r.signature,
      r.title,
      r.kind,
      patterns,
    ]);
  }
}

async function finishGivenUp(c: Queryable, f: OutboxFailure): Promise<boolean> {
  const r = await c.query(SQL.GIVE_UP_OUTBOX, [f.now, f.error, f.id, f.worker]);
  return (r.rowCount ?? 0) > 0;
}

const plus = (d: Date, ms: number): Date => new Date(d.getTime() + ms);
