import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own for one test, reached through `search_path` in the URL, on the server at
 * `port` (the real one, or a proxy in front of it). `drop` removes it.
 */
export async function freshSchema(
  admin: pg.Client,
  port?: number,
): Promise<{ databaseUrl: string; drop: () => Promise<void> }> {
  const schema = `ktriage_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  if (port !== undefined) url.port = String(port);
  url.searchParams.set('options', `-c search_path=${schema}`);
  url.searchParams.set('application_name', schema);
  return {
    databaseUrl: url.toString(),
    drop: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

/**
 * A TCP proxy in front of PostgreSQL that a test can cut and restore on the same port: to the store
 * it is the database going away (connections reset, new ones refused) and coming back.
 */
export class PostgresProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const target = new URL(PG_URL);
    const server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    this.port = address.port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  restore(): Promise<void> {
    return this.start();
  }
}

export interface ProxiedDatabase {
  /** A URL for a fresh schema, reached through `proxy`. */
  databaseUrl: string;
  proxy: PostgresProxy;
}

/**
 * For the tests of one describe block: `fresh()` gives a schema of its own behind a proxy of its own;
 * both are removed after the test (after the test's own afterEach hooks, which vitest runs first).
 */
export function postgresBehindProxy(): { fresh(): Promise<ProxiedDatabase> } {
  let admin: pg.Client | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async fresh() {
      if (!admin) throw new Error('no PostgreSQL admin connection');
      const proxy = new PostgresProxy();
      await proxy.start();
      cleanups.push(() => proxy.cut());
      const { databaseUrl, drop } = await freshSchema(admin, proxy.port);
      cleanups.push(drop);
      return { databaseUrl, proxy };
    },
  };
}
