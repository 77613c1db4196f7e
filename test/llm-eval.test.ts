import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { recorded, startFakeLlm } from './support/fake-llm.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ktriage-eval-'));
copyFileSync(new URL('./fixtures/seeds/brctl-get-cpu-var-leak.txt', import.meta.url), join(dir, 'brctl.txt'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run eval:llm', () => {
  it('prints the share of answers withheld and why, over a folder of pastes', async () => {
    // The same recorded answer for both reports of the seed: it fits the first (L17-L41) and cites
    // lines the second (L49-L69) does not have.
    const fake = await startFakeLlm([recorded('brctl-grounded')]);
    try {
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/eval-llm.ts',
          '--quiet',
          '--base-url',
          fake.url,
          '--model',
          'qwen2.5-14b-instruct',
          dir,
        ],
        { env: { ...process.env, LLM_API_KEY: 'sk-eval' } },
      );
      expect(stdout).toBe(
        [
          'qwen2.5-14b-instruct, explain-report@1: 2 reports in 1 files',
          '  answered     2',
          '  grounded     1 (50.0 % of answered)',
          '  withheld     1 (50.0 % of answered)',
          '    no-such-line 1',
          '',
          'Withheld:',
          '  brctl.txt: BUG: sleeping function called from invalid context in __rseq_handle_notify_resume: it cites L17, which is not a line of the report (L49-L69)',
          '',
        ].join('\n'),
      );
      expect(fake.auth).toEqual(['Bearer sk-eval', 'Bearer sk-eval']);
    } finally {
      await fake.close();
    }
  });
});
