import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { testDir } from './support/temp-dir.js';

/** `ktriage serve` in this process with these settings, as a person starting it would see it. */
async function serve(env: Record<string, string>) {
  let out = '';
  let err = '';
  const cwd = testDir('ktriage-start-');
  const code = await main(['serve'], {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    log: new PassThrough(),
    cwd,
    env: { LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...env },
  });
  return { code, out, err, cwd };
}

const oneLine = (text: string): void => {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).toMatch(/^ktriage: /);
  expect(text).not.toMatch(/\n\s+at /);
};

describe('ktriage serve refuses to start in one line, naming the setting to change', () => {
  it('when its port is taken', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    const { code, err } = await serve({ PORT: String(port), KTRIAGE_DB: ':memory:' });
    other.close();
    expect(code).toBe(1);
    oneLine(err);
    expect(err).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(err).toContain('set PORT');
  });

  it('when the SQLite file cannot be created where KTRIAGE_DB points', async () => {
    const folder = testDir('ktriage-ro-');
    // A file where the data folder should be: as a bind mount gone wrong, and unwritable even for root.
    writeFileSync(join(folder, 'data'), 'not a folder');
    const { code, err } = await serve({ PORT: '0', KTRIAGE_DB: join(folder, 'data', 'ktriage.db') });
    expect(code).toBe(1);
    oneLine(err);
    expect(err).toContain('(KTRIAGE_DB)');
    expect(err).toContain(join(folder, 'data', 'ktriage.db'));
  });

  it('when DATABASE_URL names a database that does not exist', async () => {
    const { code, err } = await serve({
      PORT: '0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ktriage_no_such_database',
    });
    expect(code).toBe(1);
    oneLine(err);
    expect(err).toContain(
      'PostgreSQL at 127.0.0.1:5432/ktriage_no_such_database as postgres refused ktriage (DATABASE_URL)',
    );
    expect(err).toContain('does not exist');
  });
});
