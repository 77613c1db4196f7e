import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** `DATABASE_URL`: PostgreSQL, shared by every replica. Unset or empty: the SQLite file. */
  databaseUrl?: string;
  sqlitePath: string;
  /** Recorded against the migrations applied now. */
  now: Date;
  /** Connection losses the store recovers from on its own; worth a log line. */
  onError: (err: Error) => void;
}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    return openPostgresStore({ url: options.databaseUrl, now: options.now, onError: options.onError });
  }
  mkdirSync(dirname(options.sqlitePath), { recursive: true });
  return openSqliteStore(options.sqlitePath, options.now);
}
