import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEval } from '../src/llm/eval.js';
import { recorded, startFakeLlm } from './support/fake-llm.js';

async function evalLlm(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runEval(argv, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'ktriage-eval-'));
copyFileSync(new URL('./fixtures/seeds/brctl-get-cpu-var-leak.txt', import.meta.url), join(dir, 'brctl.txt'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run eval:llm', () => {
  it('prints the share of answers withheld and why, over a folder of pastes', async () => {
    // The same recorded answer for both reports of the seed: it fits the scheduling-while-atomic one
    // (L17-L41) and cites lines the sleeping-function one (L49-L69, printed earlier, so first) lacks.
    const fake = await startFakeLlm([recorded('brctl-grounded')]);
    try {
      const { status, stdout, stderr } = await evalLlm(
        ['--base-url', fake.url, '--model', 'qwen2.5-14b-instruct', dir],
        { LLM_API_KEY: 'sk-eval' },
      );
      expect(status).toBe(0);
      expect(stderr.split('\n')).toEqual([
        'brctl.txt: BUG: sleeping function called from invalid context in __rseq_handle_notify_resume: withheld: it cites L17, which is not a line of the report (L49-L69)',
        'brctl.txt: BUG: scheduling while atomic in __wait_for_common: grounded',
      ]);
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
        ].join('\n'),
      );
      expect(fake.auth).toEqual(['Bearer sk-eval', 'Bearer sk-eval']);
    } finally {
      await fake.close();
    }
  });

  it('says how to call it when an argument is missing', async () => {
    const { status, stderr } = await evalLlm(['--model', 'm', dir]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^usage: npm run eval:llm -- --base-url URL --model MODEL/);
  });
});
