import pg from 'pg';
import { z } from 'zod';
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
  const openPool = (url: string, max?: number): pg.Pool => {
    const pool = new pg.Pool({
      connectionString: url,
      // Fail a request instead of queueing it forever while the server is away; /readyz then fails.
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      ...(max === undefined ? {} : { max }),
    });
    // An idle client whose server went away emits 'error' on the pool; unheard, Node would exit.
    pool.on('error', options.onError);
    return pool;
  };
  const pool = openPool(options.url);
  // One worker claims, and writes one group of completions, at a time: two connections suffice.
  const outboxPool = openPool(outboxConnectionUrl(options.url), 2);
  const store = new PostgresStore(pool, outboxPool, options.onError);
  try {
    await store.withClient(pool, (client) => migratePostgres(client, options.now));
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/**
 * The settings of the connections that claim and finish outbox items.
 *
 * Commits do not wait for the disk ("Asynchronous Commit" in the PostgreSQL manual): a server crash
 * can lose the last fraction of a second of these commits, never corrupt them. A claim lost so is
 * claimed again; a completion lost so delivers its item again once its lease runs out, and the
 * deliverers look for an earlier delivery first (README, "What is delivered, and how often"). Waiting
 * for the disk cost a flush per claim and per group of completions (about 3 ms each here).
 *
 * No bitmap scans: CLAIM_OUTBOX's plan must not rest on the table's statistics. A burst of replies
 * makes them stale until autovacuum's next ANALYZE (a minute or more), and on stale statistics the
 * planner expected one due row, so it read every due row with a bitmap scan and sorted them: 56 ms
 * per claim at 10,000 queued instead of 1 ms, and the drain slowed as the backlog grew. Without
 * bitmap scans, `outbox_claim` read in due order (no sort, stopping at the limit) is the cheapest
 * plan left. (Turning sorts off instead made COMPLETE_OUTBOX's join take 100 ms.)
 */
export const OUTBOX_SESSION = '-c synchronous_commit=off -c enable_bitmapscan=off';

/**
 * The URL of the outbox's connections: OUTBOX_SESSION added to the `options` (settings sent when a
 * connection starts) the URL may have, such as a search_path.
 */
export function outboxConnectionUrl(url: string): string {
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  parsed.searchParams.set('options', own === null ? OUTBOX_SESSION : `${own} ${OUTBOX_SESSION}`);
  return parsed.toString();
}

export class PostgresStore implements Store {
  readonly dialect = 'postgres';

  /** `outboxPool`: connections with OUTBOX_SESSION's settings, for the outbox's own steps only. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly outboxPool: pg.Pool,
    private readonly onError: (err: Error) => void,
  ) {}

  /**
   * Lends one connection to `work`. A checked-out client that loses its server emits 'error' with no
   * listener of the pool's, so one is attached while it is out; after a failure the connection is
   * dropped rather than returned, since it may be the broken one.
   */
  async withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
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

  private async transaction<T>(
    work: (client: pg.PoolClient) => Promise<T>,
    pool: pg.Pool = this.pool,
  ): Promise<T> {
    return this.withClient(pool, async (client) => {
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
    const { rows } = await this.outboxPool.query(CLAIM_OUTBOX, [
      claim.now,
      claim.limit,
      claim.worker,
      plus(claim.now, claim.leaseMs),
      [...claim.targets],
    ]);
    // The update returns the leased rows in no particular order; the worker starts them as queued.
    return parseOutboxRows(rows).sort((a, b) => a.id - b.id);
  }

  async completeOutbox(done: readonly OutboxDone[]): Promise<boolean[]> {
    if (done.length === 0) return [];
    const { rows } = await this.outboxPool.query(COMPLETE_OUTBOX, [
      done.map((d) => d.id),
      done.map((d) => d.worker),
      done.map((d) => d.now),
      done.map((d) => d.ref ?? null),
    ]);
    const completed = new Set(IdRows.parse(rows).map((r) => r.id));
    return done.map((d) => completed.has(d.id));
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
    }, this.outboxPool);
  }

  async giveUpOutbox(failure: OutboxFailure): Promise<boolean> {
    return finishGivenUp(this.outboxPool, failure);
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

  async getPaste(hash: string, now: Date): Promise<string | null> {
    const { rows } = await this.pool.query(SQL.GET_PASTE, [hash, now]);
    return ValueRow.parse(rows[0])?.value ?? null;
  }

  async putPaste(hash: string, text: string, keptUntil: Date): Promise<void> {
    await this.pool.query(SQL.PUT_PASTE, [hash, text, keptUntil]);
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
      const pastes = await c.query(SQL.FORGET_PASTES, [now]);
      return {
        eventsForgotten: events.rowCount ?? 0,
        givenUp: givenUp.rowCount ?? 0,
        outboxForgotten: outbox.rowCount ?? 0,
        pastesForgotten: pastes.rowCount ?? 0,
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
    await Promise.all([this.pool, this.outboxPool].filter((p) => !p.ended).map((p) => p.end()));
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

/**
 * $1 ids, $2 workers, $3 times, $4 refs (or nulls), one of each per item. Marks the items still leased
 * by their worker delivered and remembers their refs (SET_REPLY_REF's upsert, for many rows), and
 * returns the ids it marked: one statement, so a group of completions costs one round trip. One key
 * cannot come twice (an item is claimed only once the earlier items of its key are finished), but
 * should it, the newest item's ref wins rather than the upsert failing.
 */
export const COMPLETE_OUTBOX = `
  WITH done AS (
    UPDATE outbox o SET state = 'delivered', finished_at = d.at, leased_by = NULL, lease_until = NULL
    FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[]) AS d(id, worker, at, ref)
    WHERE o.id = d.id AND o.state = 'pending' AND o.leased_by = d.worker
    RETURNING o.id, o.reply_key, d.ref, d.at
  ), refs AS (
    INSERT INTO reply_refs (source_key, ref, updated_at)
    SELECT DISTINCT ON (reply_key) reply_key, ref, at FROM done
    WHERE reply_key IS NOT NULL AND ref IS NOT NULL
    ORDER BY reply_key, id DESC
    ON CONFLICT (source_key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at
  )
  SELECT id FROM done`;

const IdRows = z.array(z.object({ id: z.coerce.number().int() }));

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
