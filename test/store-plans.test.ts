/**
 * Claiming outbox items costs the same at any backlog: with 10,000 replies queued, each store's claim
 * walks the partial index `outbox_claim` in due order and stops at its limit, with no sort of the
 * queue and no scan of the table (before, it sorted or scanned every queued reply on every claim).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLAIM_OUTBOX, openPostgresStore, outboxConnectionUrl } from '../src/store/postgres-store.js';
import { CLAIM_DUE, openSqliteStore } from '../src/store/sqlite-store.js';
import type { OutboxItemInput, Store } from '../src/store/store.js';
import { freshSchema, PG_URL } from './support/postgres.js';

const QUEUED = 10_000;
const now = new Date('2026-03-04T10:00:00Z');

/** Replies to as many different messages, all due now. */
function backlog(count: number): OutboxItemInput[] {
  return Array.from({ length: count }, (_, i) => ({
    target: 'slack',
    action: 'chat.postMessage',
    payload: { channel: 'C024BE91L', thread_ts: `1741082500.${String(i).padStart(6, '0')}`, text: 'note' },
    replyKey: `slack:C024BE91L:1741082500.${String(i).padStart(6, '0')}`,
  }));
}

async function fill(store: Store): Promise<void> {
  await store.recordEvent({ source: 'slack', key: 'backlog', now, replies: backlog(QUEUED) });
}

describe('the SQLite claim', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ktriage-plan-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads outbox_claim in due order, without a temporary B-tree', async () => {
    const path = join(dir, 'ktriage.db');
    const store = openSqliteStore(path, now);
    await fill(store);
    await store.close();
    const db = new Database(path);
    try {
      db.exec('ANALYZE');
      const plan = z
        .array(z.looseObject({ detail: z.string() }))
        .parse(
          db
            .prepare(`EXPLAIN QUERY PLAN ${CLAIM_DUE}`)
            .all({ now: now.getTime(), limit: 10, targets: '["slack"]' }),
        )
        .map((row) => row.detail);
      expect(plan).toContainEqual(
        expect.stringMatching(/^SEARCH o USING INDEX outbox_claim \(next_attempt_at<\?\)/),
      );
      expect(plan.filter((d) => /TEMP B-TREE|^SCAN o\b/.test(d))).toEqual([]);
    } finally {
      db.close();
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const PlanNode: z.ZodType<PlanNode> = z.lazy(() =>
  z.looseObject({
    'Node Type': z.string(),
    'Relation Name': z.string().optional(),
    'Index Name': z.string().optional(),
    Plans: z.array(PlanNode).optional(),
  }),
);

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

describe('the PostgreSQL claim', () => {
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });

  // Statistics are stale after a burst of replies until autovacuum's next ANALYZE (a minute or more).
  // On them, once part of the burst was delivered, the planner expected one due row and read and
  // sorted every due row on each claim.
  it('reads outbox_claim in due order, without a sort or a scan of the table, on stale statistics and analyzed', async () => {
    const schema = await freshSchema(admin);
    const store = await openPostgresStore({ url: schema.databaseUrl, now, onError: () => undefined });
    const client = new pg.Client({ connectionString: outboxConnectionUrl(schema.databaseUrl) });
    try {
      await fill(store);
      await deliverSome(store, 500);
      await client.connect();
      for (const statistics of ['stale', 'analyzed']) {
        if (statistics === 'analyzed') await client.query('ANALYZE outbox');
        const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${CLAIM_OUTBOX}`, [
          now,
          10,
          'worker',
          new Date(now.getTime() + 60_000),
          ['slack'],
        ]);
        const [explained] = z
          .array(z.object({ 'QUERY PLAN': z.array(z.object({ Plan: PlanNode })) }))
          .parse(rows)
          .flatMap((row) => row['QUERY PLAN']);
        const nodes = explained === undefined ? [] : flatten(explained.Plan);
        expect(nodes, statistics).toContainEqual(
          expect.objectContaining({ 'Node Type': 'Index Scan', 'Index Name': 'outbox_claim' }),
        );
        expect(nodes.filter((n) => n['Node Type'] === 'Sort')).toEqual([]);
        expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'outbox')).toEqual(
          [],
        );
      }
    } finally {
      await client.end();
      await store.close();
      await schema.drop();
    }
  });
});

/** Claims and completes `count` items as an outbox worker does, ten at a time. */
async function deliverSome(store: Store, count: number): Promise<void> {
  for (let done = 0; done < count;) {
    const items = await store.claimOutbox({
      worker: 'w',
      now,
      leaseMs: 60_000,
      limit: 10,
      targets: ['slack'],
    });
    await store.completeOutbox(items.map((i) => ({ id: i.id, worker: 'w', now })));
    done += items.length;
  }
}
