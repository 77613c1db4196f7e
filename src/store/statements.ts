/**
 * The SQL both stores run, written once. Parameters are `$1`, `$2`, ...: PostgreSQL's own syntax,
 * and a named parameter to SQLite, which the SQLite store binds by number. Only statements whose
 * text truly differs stay in a store: claiming outbox items (`FOR UPDATE SKIP LOCKED` against an
 * IMMEDIATE transaction) and reading a locked item back. Column types live in migrations.ts.
 */

/** $1 source, $2 key, $3 received at, $4 expires at. No row comes back when the key was claimed before. */
export const CLAIM_EVENT = `
  INSERT INTO events (source, key, received_at, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT DO NOTHING RETURNING 1`;

/** $1 target, $2 action, $3 payload JSON, $4 reply key, $5 now (created, and due at once). */
export const ENQUEUE_REPLY = `
  INSERT INTO outbox (target, action, payload, reply_key, created_at, next_attempt_at)
  VALUES ($1, $2, $3, $4, $5, $5)`;

/** $1 source key. */
export const DELETE_TRIAGES_OF = 'DELETE FROM triages WHERE source_key = $1';

/** $1 scope, $2 source key, $3 link, $4 posted at, $5 signature, $6 title, $7 kind, $8 patterns JSON. */
export const INSERT_TRIAGE = `
  INSERT INTO triages (scope, source_key, link, posted_at, signature, title, kind, patterns)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/**
 * Outbox rows with our reply's ref for their reply key, read from `source`: the table, or the rows a
 * statement's `items` step just locked or leased.
 */
export const selectOutboxItems = (source: 'outbox' | 'items'): string =>
  `SELECT o.*, r.ref AS reply_ref FROM ${source} o LEFT JOIN reply_refs r ON r.source_key = o.reply_key`;

/** $1 now, $2 id, $3 worker. Returns the item's reply key as `value`; no row once the lease was lost. */
export const COMPLETE_OUTBOX = `
  UPDATE outbox SET state = 'delivered', finished_at = $1, leased_by = NULL, lease_until = NULL
  WHERE id = $2 AND state = 'pending' AND leased_by = $3 RETURNING reply_key AS value`;

/** $1 next attempt at, $2 error, $3 id. */
export const RESCHEDULE_OUTBOX = `
  UPDATE outbox SET next_attempt_at = $1, last_error = $2, leased_by = NULL, lease_until = NULL WHERE id = $3`;

/** $1 now, $2 error, $3 id, $4 worker. */
export const GIVE_UP_OUTBOX = `
  UPDATE outbox SET state = 'given_up', finished_at = $1, last_error = $2, leased_by = NULL, lease_until = NULL
  WHERE id = $3 AND state = 'pending' AND leased_by = $4`;

/** $1 now. */
export const OUTBOX_STATS = `
  SELECT
    COUNT(*) FILTER (WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= $1)) AS pending,
    COUNT(*) FILTER (WHERE state = 'pending' AND lease_until > $1) AS leased,
    COUNT(*) FILTER (WHERE state = 'pending' AND last_error IS NOT NULL) AS failed,
    COUNT(*) FILTER (WHERE state = 'given_up') AS given_up,
    MIN(created_at) FILTER (WHERE state = 'pending') AS oldest_pending_at
  FROM outbox`;

/** $1 scope, $2 signature, $3 title, $4 posted before, $5 source key to leave out (or null), $6 limit. */
export const FIND_SIMILAR = `
  SELECT * FROM triages
  WHERE scope = $1 AND (signature = $2 OR title = $3) AND posted_at < $4
    AND (CAST($5 AS text) IS NULL OR source_key <> $5)
  ORDER BY posted_at DESC, id DESC LIMIT $6`;

/** $1 scope, $2 limit. */
export const LATEST_TRIAGES =
  'SELECT * FROM triages WHERE scope = $1 ORDER BY posted_at DESC, id DESC LIMIT $2';

/** $1 posted since, $2 limit: every scope, for the operators' trends page. */
export const RECENT_TRIAGES =
  'SELECT * FROM triages WHERE posted_at >= $1 ORDER BY posted_at DESC, id DESC LIMIT $2';

/** $1 source key. */
export const TRIAGES_OF = 'SELECT * FROM triages WHERE source_key = $1 ORDER BY id';

/** $1 source key, $2 pattern, $3 user, $4 vote, $5 now. */
export const RECORD_FEEDBACK = `
  INSERT INTO feedback (source_key, pattern, user_id, vote, recorded_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (source_key, pattern, user_id) DO UPDATE SET vote = excluded.vote, recorded_at = excluded.recorded_at`;

/** $1 pattern. */
export const FEEDBACK_TALLY = `
  SELECT COUNT(*) FILTER (WHERE vote = 'up') AS up, COUNT(*) FILTER (WHERE vote = 'down') AS down
  FROM feedback WHERE pattern = $1`;

/** $1 key. */
export const GET_CURSOR = 'SELECT value FROM cursors WHERE key = $1';

/** $1 key, $2 value, $3 now. */
export const SET_CURSOR = `
  INSERT INTO cursors (key, value, updated_at) VALUES ($1, $2, $3)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

/**
 * $1 key, $2 holder, $3 held until, $4 now. Takes a free or run-out lease, or renews the holder's own;
 * no row comes back while another holder's lease runs. A second INSERT of the key waits for the
 * first one's row lock, then sees its row: one of two wins.
 */
export const TRY_LEASE = `
  INSERT INTO leases (key, holder, held_until) VALUES ($1, $2, $3)
  ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until
  WHERE leases.holder = excluded.holder OR leases.held_until <= $4
  RETURNING 1`;

/** $1 key, $2 holder. */
export const RELEASE_LEASE = 'DELETE FROM leases WHERE key = $1 AND holder = $2';

/** $1 source key. */
export const GET_REPLY_REF = 'SELECT ref AS value FROM reply_refs WHERE source_key = $1';

/** $1 source key, $2 ref, $3 now. */
export const SET_REPLY_REF = `
  INSERT INTO reply_refs (source_key, ref, updated_at) VALUES ($1, $2, $3)
  ON CONFLICT (source_key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`;

/** $1 ref. */
export const FIND_REPLY_SOURCE = 'SELECT source_key AS value FROM reply_refs WHERE ref = $1 LIMIT 1';

/** $1 now. */
export const FORGET_EVENTS = 'DELETE FROM events WHERE expires_at <= $1';

/** $1 now, $2 created at or before this: past the give-up age. Leased items are left to their holder. */
export const GIVE_UP_STALE_OUTBOX = `
  UPDATE outbox SET state = 'given_up', finished_at = $1, leased_by = NULL, lease_until = NULL,
    last_error = COALESCE(last_error, 'not delivered within the give-up age')
  WHERE state = 'pending' AND created_at <= $2 AND (lease_until IS NULL OR lease_until <= $1)`;

/** $1 finished at or before this: past the retention time. */
export const FORGET_FINISHED_OUTBOX = `DELETE FROM outbox WHERE state <> 'pending' AND finished_at <= $1`;

export const PING = 'SELECT 1';

/** $1 now. The write probe: one row of its own in `cursors`, rewritten each time. */
export const WRITE_PROBE = `
  INSERT INTO cursors (key, value, updated_at) VALUES ('store:write-probe', '', $1)
  ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at`;

/** $1 signature, $2 prompt version, $3 model. */
export const GET_EXPLANATION =
  'SELECT explanation AS value FROM explanations WHERE signature = $1 AND prompt = $2 AND model = $3';

/** $1 signature, $2 prompt version, $3 model, $4 explanation JSON, $5 now. */
export const PUT_EXPLANATION = `
  INSERT INTO explanations (signature, prompt, model, explanation, created_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (signature, prompt, model) DO UPDATE SET explanation = excluded.explanation, created_at = excluded.created_at`;
