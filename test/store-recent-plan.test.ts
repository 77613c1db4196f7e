import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { RECENT_TRIAGES } from '../src/store/statements.js';

/** The operators' recent page reads every scope's triages by time: an index serves it, not a scan. */
describe('recent triages on SQLite', () => {
  it('walk the triages_posted index, without a scan or a sort of the whole table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-plan-'));
    try {
      const path = join(dir, 'k.db');
      await openSqliteStore(path, new Date('2026-12-01T00:00:00Z')).close();
      const db = new Database(path, { readonly: true });
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${RECENT_TRIAGES.replace(/\$\d/g, '?')}`)
        .all(0, 10)
        .map((row) => (row as { detail: string }).detail);
      db.close();
      expect(plan.join('\n')).toMatch(/USING INDEX triages_posted/);
      expect(plan.join('\n')).not.toMatch(/SCAN triages(?! USING)|USE TEMP B-TREE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
