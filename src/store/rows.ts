import { z } from 'zod';
import { anyJsonText, jsonText } from './json-text.js';
import type { OutboxItem, OutboxStats, TriageRecord } from './store.js';

/**
 * Rows read back from either database. SQLite hands back times as epoch milliseconds and counts as
 * numbers; PostgreSQL hands back `timestamptz` as Date and `bigint` as string. The coercions below
 * accept both, and JSON columns are parsed and checked here, once, where they leave the database.
 */

const time = z.coerce.date();
const count = z.coerce.number().int().nonnegative();

const OutboxRow = z
  .object({
    id: count,
    target: z.enum(['slack', 'github']),
    action: z.string(),
    payload: anyJsonText,
    reply_key: z.string().nullable(),
    state: z.enum(['pending', 'delivered', 'given_up']),
    attempts: count,
    created_at: time,
    next_attempt_at: time,
    last_error: z.string().nullable(),
    leased_by: z.string().nullable(),
    lease_until: time.nullable(),
    reply_ref: z.string().nullable(),
  })
  .transform((r): OutboxItem => ({
    id: r.id,
    target: r.target,
    action: r.action,
    payload: r.payload,
    replyKey: r.reply_key,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    leasedBy: r.leased_by,
    leaseUntil: r.lease_until,
    replyRef: r.reply_ref,
  }));

const TriageRow = z
  .object({
    scope: z.string(),
    source_key: z.string(),
    link: z.string(),
    posted_at: time,
    signature: z.string(),
    title: z.string(),
    kind: z.string(),
    patterns: jsonText(z.array(z.string())),
  })
  .transform((r): TriageRecord => ({
    scope: r.scope,
    sourceKey: r.source_key,
    link: r.link,
    postedAt: r.posted_at,
    signature: r.signature,
    title: r.title,
    kind: r.kind,
    patterns: r.patterns,
  }));

const StatsRow = z
  .object({
    pending: count,
    leased: count,
    failed: count,
    given_up: count,
    oldest_pending_at: time.nullable(),
  })
  .transform((r): OutboxStats => ({
    pending: r.pending,
    leased: r.leased,
    failed: r.failed,
    givenUp: r.given_up,
    oldestPendingAt: r.oldest_pending_at,
  }));

export const TallyRow = z.object({ up: count, down: count });

/** A single text column read as `value`; undefined when there was no row. */
export const ValueRow = z.object({ value: z.string().nullable() }).optional();

/** A single JSON text column read as `value`; undefined when there was no row. */
export const JsonValueRow = z.object({ value: anyJsonText }).optional();

export const parseOutboxRows = (rows: unknown[]): OutboxItem[] => rows.map((row) => OutboxRow.parse(row));
export const parseTriageRows = (rows: unknown[]): TriageRecord[] => rows.map((row) => TriageRow.parse(row));
export const parseStatsRow = (row: unknown): OutboxStats => StatsRow.parse(row);
