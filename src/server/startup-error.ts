import type { Config } from '../config/env.js';

/**
 * A reason `ktriage serve` cannot start that the operator fixes by changing a setting or the
 * machine: printed as one line naming the setting, never as a stack.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

const codeOf = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/** Why listening on `host:port` failed, in the words of the settings that change it. */
export function listenFailure(err: unknown, host: string, port: number): Error {
  switch (codeOf(err)) {
    case 'EADDRINUSE':
      return new StartupError(
        `port ${port} on ${host} is in use by another process; set PORT to a free port (PORT=0 picks one)`,
      );
    case 'EACCES':
      return new StartupError(
        `no permission to listen on port ${port}: ports below 1024 need privileges; set PORT to 1024 or above`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(
        `HOST ${host} is not an address of this machine; set HOST to one (127.0.0.1, 0.0.0.0)`,
      );
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

/** Why the SQLite file could not be opened, with the bind-mount case spelt out. */
export function sqliteFailure(err: unknown, path: string): StartupError {
  const reason = err instanceof Error ? err.message : String(err);
  const code = codeOf(err);
  const unwritable =
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    /read-?only|permission denied|unable to open/i.test(reason);
  const uid = typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '';
  return new StartupError(
    unwritable
      ? `cannot write the SQLite store at ${path} (KTRIAGE_DB): ${reason}; the folder must be writable by this user${uid}, ` +
          'which a bind mount owned by another user is not: chown it, or set KTRIAGE_DB to a writable path'
      : `cannot open the SQLite store at ${path} (KTRIAGE_DB): ${reason}`,
    { cause: err },
  );
}

/**
 * PostgreSQL errors that waiting will not cure (SQLSTATE classes 28, 3D and 42501: wrong role or
 * password, no such database, no privilege); a refused or lost connection is worth waiting for.
 */
export function permanentPostgresFailure(
  err: unknown,
  store: Extract<Config['store'], { kind: 'postgres' }>,
): StartupError | null {
  const code = codeOf(err);
  if (code === undefined || !(code.startsWith('28') || code === '3D000' || code === '42501')) return null;
  const url = new URL(store.url);
  const where = `${url.hostname}:${url.port || '5432'}/${url.pathname.replace(/^\//, '')} as ${decodeURIComponent(url.username) || '(default user)'}`;
  const reason = err instanceof Error ? err.message : String(err);
  return new StartupError(`PostgreSQL at ${where} refused ktriage (DATABASE_URL): ${reason}`, { cause: err });
}
