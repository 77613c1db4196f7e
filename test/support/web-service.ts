import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCore } from '../../src/usecase/core.js';
import { startService, type Service } from '../../src/server/serve.js';
import { webPages } from '../../src/web/routes.js';
import { LogSink } from './log-sink.js';

export interface WebService {
  service: Service;
  /** A scratch folder of this service (its SQLite file lives here), removed by `stop`. */
  dir: string;
  stop(): Promise<void>;
}

/** `ktriage serve` with the web page, on a free loopback port and a SQLite file of its own. */
export async function startWebService(env: Record<string, string> = {}): Promise<WebService> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-web-'));
  const service = await startService(
    {
      env: { PORT: '0', HOST: '127.0.0.1', KTRIAGE_DB: join(dir, 'ktriage.db'), LOG_FORMAT: 'json', ...env },
      cwd: dir,
      stdout: new LogSink(),
      loadCore,
      pages: webPages,
    },
    new AbortController().signal,
  );
  if (service === null) throw new Error('the service did not start');
  return {
    service,
    dir,
    async stop() {
      await service.shutdown('done');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
