import pg from 'pg';
import { migratePostgres } from './migrations.js';
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

const SELECT_ITEMS = `
  SELECT o.*, r.ref AS reply_ref FROM items o LEFT JOIN reply_refs r ON r.source_key = o.reply_key ORDER BY o.id`;

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
      const claimed = await c.query(
        `INSERT INTO events (source, key, received_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [event.source, event.key, event.now, new Date(event.now.getTime() + EVENT_TTL_MS)],
      );
      if (claimed.rowCount === 0) return false;
      for (const r of event.replies) {
        await c.query(
          `INSERT INTO outbox (target, action, payload, reply_key, created_at, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $5)`,
          [r.target, r.action, JSON.stringify(r.payload), r.replyKey ?? null, event.now],
        );
      }
      if (event.triage) await replaceTriage(c, event.triage);
      return true;
    });
  }

  async claimOutbox(claim: OutboxClaim): Promise<OutboxItem[]> {
    const { rows } = await this.pool.query(
      `WITH due AS (
         SELECT o.id FROM outbox o
         WHERE o.state = 'pending' AND o.next_attempt_at <= $1
           AND o.target = ANY($5::text[])
           AND (o.lease_until IS NULL OR o.lease_until <= $1)
           AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.reply_key = o.reply_key AND e.state = 'pending' AND e.id < o.id)
         ORDER BY o.id LIMIT $2
         FOR UPDATE SKIP LOCKED
       ), items AS (
         UPDATE outbox o SET leased_by = $3, lease_until = $4, attempts = o.attempts + 1
         FROM due WHERE o.id = due.id
         RETURNING o.*
       )
       ${SELECT_ITEMS}`,
      [
        claim.now,
        claim.limit,
        claim.worker,
        new Date(claim.now.getTime() + claim.leaseMs),
        [...claim.targets],
      ],
    );
    return parseOutboxRows(rows);
  }

  async completeOutbox(done: OutboxDone): Promise<boolean> {
    return this.transaction(async (c) => {
      const { rows } = await c.query(
        `UPDATE outbox SET state = 'delivered', finished_at = $1, leased_by = NULL, lease_until = NULL
         WHERE id = $2 AND state = 'pending' AND leased_by = $3 RETURNING reply_key AS value`,
        [done.now, done.id, done.worker],
      );
      const row = ValueRow.parse(rows[0]);
      if (row === undefined) return false;
      if (done.ref !== undefined && row.value !== null)
        await upsertReplyRef(c, row.value, done.ref, done.now);
      return true;
    });
  }

  async retryOutbox(failure: OutboxFailure): Promise<RetryOutcome> {
    return this.transaction(async (c): Promise<RetryOutcome> => {
      const { rows } = await c.query(
        `WITH items AS (
           SELECT * FROM outbox WHERE id = $1 AND state = 'pending' AND leased_by = $2 FOR UPDATE
         )
         ${SELECT_ITEMS}`,
        [failure.id, failure.worker],
      );
      const [item] = parseOutboxRows(rows);
      if (!item) return { outcome: 'lease_lost' };
      const next = outboxRetryAt(item.attempts, item.createdAt, failure.now, failure.retryAfterMs);
      if (next === null) {
        await finishGivenUp(c, failure);
        return { outcome: 'given_up' };
      }
      await c.query(
        `UPDATE outbox SET next_attempt_at = $1, last_error = $2, leased_by = NULL, lease_until = NULL WHERE id = $3`,
        [next, failure.error, failure.id],
      );
      return { outcome: 'retry', nextAttemptAt: next };
    });
  }

  async giveUpOutbox(failure: OutboxFailure): Promise<boolean> {
    return finishGivenUp(this.pool, failure);
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    const { rows } = await this.pool.query(
      `SELECT
         COUNT(*) FILTER (WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= $1)) AS pending,
         COUNT(*) FILTER (WHERE state = 'pending' AND lease_until > $1) AS leased,
         COUNT(*) FILTER (WHERE state = 'pending' AND last_error IS NOT NULL) AS failed,
         COUNT(*) FILTER (WHERE state = 'given_up') AS given_up,
         MIN(created_at) FILTER (WHERE state = 'pending') AS oldest_pending_at
       FROM outbox`,
      [now],
    );
    return parseStatsRow(rows[0]);
  }

  async findSimilar(q: SimilarQuery): Promise<TriageRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM triages
       WHERE scope = $1 AND (signature = $2 OR title = $3) AND posted_at < $4
         AND ($5::text IS NULL OR source_key <> $5)
       ORDER BY posted_at DESC, id DESC LIMIT $6`,
      [q.scope, q.signature, q.title, q.before, q.excludeSourceKey ?? null, q.limit],
    );
    return parseTriageRows(rows);
  }

  async latestTriages(scope: string, limit: number): Promise<TriageRecord[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM triages WHERE scope = $1 ORDER BY posted_at DESC, id DESC LIMIT $2',
      [scope, limit],
    );
    return parseTriageRows(rows);
  }

  async triagesOf(sourceKey: string): Promise<TriageRecord[]> {
    const { rows } = await this.pool.query('SELECT * FROM triages WHERE source_key = $1 ORDER BY id', [
      sourceKey,
    ]);
    return parseTriageRows(rows);
  }

  async recordFeedback(f: FeedbackInput): Promise<void> {
    await this.pool.query(
      `INSERT INTO feedback (source_key, pattern, user_id, vote, recorded_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source_key, pattern, user_id) DO UPDATE SET vote = excluded.vote, recorded_at = excluded.recorded_at`,
      [f.sourceKey, f.pattern, f.user, f.vote, f.now],
    );
  }

  async feedbackTally(pattern: string): Promise<FeedbackTally> {
    const { rows } = await this.pool.query(
      `SELECT COUNT(*) FILTER (WHERE vote = 'up') AS up, COUNT(*) FILTER (WHERE vote = 'down') AS down
       FROM feedback WHERE pattern = $1`,
      [pattern],
    );
    return TallyRow.parse(rows[0]);
  }

  async getCursor(key: string): Promise<string | null> {
    const { rows } = await this.pool.query('SELECT value FROM cursors WHERE key = $1', [key]);
    return ValueRow.parse(rows[0])?.value ?? null;
  }

  async setCursor(key: string, value: string, now: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO cursors (key, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, value, now],
    );
  }

  async tryLease(lease: LeaseRequest): Promise<boolean> {
    // A second INSERT of the key waits for the first one's row lock, then sees its row: one of two wins.
    const taken = await this.pool.query(
      `INSERT INTO leases (key, holder, held_until) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until
       WHERE leases.holder = excluded.holder OR leases.held_until <= $4
       RETURNING 1`,
      [lease.key, lease.holder, new Date(lease.now.getTime() + lease.ttlMs), lease.now],
    );
    return (taken.rowCount ?? 0) > 0;
  }

  async releaseLease(lease: LeaseRelease): Promise<void> {
    await this.pool.query('DELETE FROM leases WHERE key = $1 AND holder = $2', [lease.key, lease.holder]);
  }

  async getReplyRef(sourceKey: string): Promise<string | null> {
    const { rows } = await this.pool.query('SELECT ref AS value FROM reply_refs WHERE source_key = $1', [
      sourceKey,
    ]);
    return ValueRow.parse(rows[0])?.value ?? null;
  }

  async setReplyRef(sourceKey: string, ref: string, now: Date): Promise<void> {
    await upsertReplyRef(this.pool, sourceKey, ref, now);
  }

  async findReplySource(ref: string): Promise<string | null> {
    const { rows } = await this.pool.query(
      'SELECT source_key AS value FROM reply_refs WHERE ref = $1 LIMIT 1',
      [ref],
    );
    return ValueRow.parse(rows[0])?.value ?? null;
  }

  async sweep(now: Date): Promise<SweepResult> {
    return this.transaction(async (c) => {
      const events = await c.query('DELETE FROM events WHERE expires_at <= $1', [now]);
      const givenUp = await c.query(
        `UPDATE outbox SET state = 'given_up', finished_at = $1, leased_by = NULL, lease_until = NULL,
           last_error = COALESCE(last_error, 'not delivered within the give-up age')
         WHERE state = 'pending' AND created_at <= $2 AND (lease_until IS NULL OR lease_until <= $1)`,
        [now, new Date(now.getTime() - OUTBOX_GIVE_UP_MS)],
      );
      const outbox = await c.query(`DELETE FROM outbox WHERE state <> 'pending' AND finished_at <= $1`, [
        new Date(now.getTime() - OUTBOX_RETENTION_MS),
      ]);
      return {
        eventsForgotten: events.rowCount ?? 0,
        givenUp: givenUp.rowCount ?? 0,
        outboxForgotten: outbox.rowCount ?? 0,
      };
    });
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** Anything that runs a query: the pool, or a client inside a transaction. */
type Queryable = Pick<pg.Pool, 'query'>;

async function replaceTriage(c: Queryable, t: TriageInput): Promise<void> {
  await c.query('DELETE FROM triages WHERE source_key = $1', [t.sourceKey]);
  for (const r of t.reports) {
    await c.query(
      `INSERT INTO triages (scope, source_key, link, posted_at, signature, title, kind, patterns)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [t.scope, t.sourceKey, t.link, t.postedAt, r.signature, r.title, r.kind, JSON.stringify(r.patterns)],
    );
  }
}

async function upsertReplyRef(c: Queryable, sourceKey: string, ref: string, now: Date): Promise<void> {
  await c.query(
    `INSERT INTO reply_refs (source_key, ref, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (source_key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
    [sourceKey, ref, now],
  );
}

async function finishGivenUp(c: Queryable, failure: OutboxFailure): Promise<boolean> {
  const r = await c.query(
    `UPDATE outbox SET state = 'given_up', finished_at = $1, last_error = $2, leased_by = NULL, lease_until = NULL
     WHERE id = $3 AND state = 'pending' AND leased_by = $4`,
    [failure.now, failure.error, failure.id, failure.worker],
  );
  return (r.rowCount ?? 0) > 0;
}
