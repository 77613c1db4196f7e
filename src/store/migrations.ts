import type { Database } from 'better-sqlite3';
import type { PoolClient } from 'pg';

/**
 * The schema, one numbered step per change, each written for both dialects. A step is never edited
 * once released: a change is a new step. SQLite keeps times as epoch milliseconds; PostgreSQL as
 * timestamptz, so an operator reading the tables sees dates.
 */
interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, outbox, triages, feedback, cursors, reply refs',
    sqlite: `
      CREATE TABLE events (
        source TEXT NOT NULL,
        key TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (source, key)
      ) WITHOUT ROWID;
      CREATE INDEX events_expires ON events (expires_at);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target TEXT NOT NULL,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        reply_key TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'given_up')),
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        finished_at INTEGER,
        last_error TEXT,
        leased_by TEXT,
        lease_until INTEGER
      );
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
      CREATE INDEX outbox_reply_key ON outbox (reply_key, id) WHERE state = 'pending';

      CREATE TABLE triages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL,
        source_key TEXT NOT NULL,
        link TEXT NOT NULL,
        posted_at INTEGER NOT NULL,
        signature TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        patterns TEXT NOT NULL
      );
      CREATE INDEX triages_signature ON triages (scope, signature, posted_at);
      CREATE INDEX triages_title ON triages (scope, title, posted_at);
      CREATE INDEX triages_latest ON triages (scope, posted_at);
      CREATE INDEX triages_source ON triages (source_key);

      CREATE TABLE feedback (
        source_key TEXT NOT NULL,
        pattern TEXT NOT NULL,
        user_id TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (source_key, pattern, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX feedback_pattern ON feedback (pattern);

      CREATE TABLE cursors (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE reply_refs (
        source_key TEXT PRIMARY KEY,
        ref TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX reply_refs_ref ON reply_refs (ref);
    `,
    postgres: `
      CREATE TABLE events (
        source text NOT NULL,
        key text NOT NULL,
        received_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (source, key)
      );
      CREATE INDEX events_expires ON events (expires_at);

      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        target text NOT NULL,
        action text NOT NULL,
        payload text NOT NULL,
        reply_key text,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'given_up')),
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        finished_at timestamptz,
        last_error text,
        leased_by text,
        lease_until timestamptz
      );
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
      CREATE INDEX outbox_reply_key ON outbox (reply_key, id) WHERE state = 'pending';

      CREATE TABLE triages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        scope text NOT NULL,
        source_key text NOT NULL,
        link text NOT NULL,
        posted_at timestamptz NOT NULL,
        signature text NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        patterns text NOT NULL
      );
      CREATE INDEX triages_signature ON triages (scope, signature, posted_at);
      CREATE INDEX triages_title ON triages (scope, title, posted_at);
      CREATE INDEX triages_latest ON triages (scope, posted_at);
      CREATE INDEX triages_source ON triages (source_key);

      CREATE TABLE feedback (
        source_key text NOT NULL,
        pattern text NOT NULL,
        user_id text NOT NULL,
        vote text NOT NULL CHECK (vote IN ('up', 'down')),
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (source_key, pattern, user_id)
      );
      CREATE INDEX feedback_pattern ON feedback (pattern);

      CREATE TABLE cursors (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE reply_refs (
        source_key text PRIMARY KEY,
        ref text NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX reply_refs_ref ON reply_refs (ref);
    `,
  },
  {
    version: 2,
    name: 'leases',
    sqlite: `
      CREATE TABLE leases (
        key TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        held_until INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE leases (
        key text PRIMARY KEY,
        holder text NOT NULL,
        held_until timestamptz NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'explanations',
    sqlite: `
      CREATE TABLE explanations (
        signature TEXT NOT NULL,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        explanation TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (signature, prompt, model)
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE explanations (
        signature text NOT NULL,
        prompt text NOT NULL,
        model text NOT NULL,
        explanation text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (signature, prompt, model)
      );
    `,
  },
  {
    version: 4,
    name: 'outbox claim index in due order',
    // The claim walks pending items in due order and stops at its limit: the partial index holds only
    // pending rows (delivered ones stay a week), so a claim reads about `limit` entries at any backlog.
    sqlite: `
      DROP INDEX outbox_due;
      CREATE INDEX outbox_claim ON outbox (next_attempt_at, id) WHERE state = 'pending';
    `,
    postgres: `
      DROP INDEX outbox_due;
      CREATE INDEX outbox_claim ON outbox (next_attempt_at, id) WHERE state = 'pending';
    `,
  },
];

const CREATE_SCHEMA_MIGRATIONS = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at text NOT NULL
  )`;

/** Applies the steps this database lacks, in one transaction. Returns the versions applied. */
export function migrateSqlite(db: Database, now: Date): number[] {
  const apply = db.transaction((): number[] => {
    db.exec(CREATE_SCHEMA_MIGRATIONS);
    const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all());
    const insert = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const m of MIGRATIONS.filter((step) => !done.has(step.version))) {
      db.exec(m.sqlite);
      insert.run(m.version, m.name, now.toISOString());
      applied.push(m.version);
    }
    return applied;
  });
  // IMMEDIATE takes the write lock first, so two processes opening one file apply each step once.
  return apply.immediate();
}

/**
 * Any fixed 64-bit number shared by every replica. Replicas starting together queue on this lock,
 * and the second one then finds the steps applied.
 */
const MIGRATION_LOCK = 0x6b74726961676501n;

/** Applies the steps this database lacks, in one transaction, under an advisory lock. */
export async function migratePostgres(client: PoolClient, now: Date): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query(CREATE_SCHEMA_MIGRATIONS);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS.filter((step) => !done.has(step.version))) {
      await client.query(m.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        now.toISOString(),
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
