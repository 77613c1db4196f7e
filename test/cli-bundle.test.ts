import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN_DIR } from '../scripts/bundle-cli.js';
import { startServeProcess, stopServeProcess } from './support/serve-process.js';
import { testDir } from './support/temp-dir.js';

const run = promisify(execFile);
const BIN = join(BIN_DIR, 'ktriage.js');

// The package's `bin` is the bundle (built for the tests by test/support/build-bin.ts), not the modules
// the other tests import: check that what ships finds its knowledge and triages, and that it starts the
// service with the dependencies it leaves external.
describe('the bundled ktriage command', () => {
  it('triages the sample with the built-in knowledge', async () => {
    const { stdout } = await run(process.execPath, [
      BIN,
      'triage',
      'samples/brctl-scheduling-while-atomic.txt',
      '--format',
      'json',
    ]);
    const note = JSON.parse(stdout) as { reports: { kind: string }[] };
    expect(note.reports[0]?.kind).toBe('sleep-in-atomic');
    expect(JSON.stringify(note)).toContain('get-cpu-var-leak');
  });

  it('starts the service, whose modules it loads from node_modules', async () => {
    const serve = await startServeProcess('bundle', {
      KTRIAGE_DB: join(testDir('ktriage-bundle-'), 'k.db'),
    });
    try {
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    } finally {
      await stopServeProcess(serve);
    }
  });
});
