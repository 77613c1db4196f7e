import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The text of `.env` in `cwd`, or undefined when there is none; `loadConfig` parses it. */
export function readDotenv(cwd: string): string | undefined {
  try {
    return readFileSync(join(cwd, '.env'), 'utf8');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return undefined;
    throw err;
  }
}
