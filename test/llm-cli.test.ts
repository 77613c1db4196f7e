import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { recorded, startFakeLlm, type FakeLlm } from './support/fake-llm.js';

/**
 * The brctl seed up to its second report: the recorded answers were written for its
 * scheduling-while-atomic report (L17-L41), which leads only when the earlier sleeping-function
 * report (L49) is not in the paste.
 */
const dir = mkdtempSync(join(tmpdir(), 'ktriage-explain-'));
const SEED = join(dir, 'brctl-scheduling.txt');
writeFileSync(
  SEED,
  readFileSync('test/fixtures/seeds/brctl-get-cpu-var-leak.txt', 'utf8').split('\n').slice(0, 45).join('\n'),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fake: FakeLlm | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function triage(fixture: string | null, extra: string[] = []) {
  fake = fixture === null ? null : await startFakeLlm([recorded(fixture)]);
  let out = '';
  let err = '';
  const env: Record<string, string> =
    fake === null ? {} : { LLM_BASE_URL: fake.url, LLM_MODEL: 'qwen2.5-14b-instruct', LLM_MAX_RETRIES: '0' };
  const code = await main(['triage', SEED, '--explain', ...extra], {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    log: process.stdout,
    cwd: '/nonexistent-so-no-dotenv',
    env,
  });
  return { code, out, err };
}

describe('ktriage triage --explain', () => {
  it('adds the grounded explanation under a heading naming the model, after the deterministic note', async () => {
    const { code, out } = await triage('brctl-grounded');
    expect(code).toBe(0);
    expect(out).toContain(
      [
        'Explanation written by the language model qwen2.5-14b-instruct (not checked by a person):',
        '  - brctl (pid 3988) called schedule() while preempt_count was still raised, so the kernel reported scheduling while atomic on its way out of a core dump. No lock is held, which points to a get_cpu_var() or preempt_disable() earlier in the same task that was never paired with its put or enable.',
        '  - The task scheduled with preempt_count 0x00000002, one level above what schedule() itself accounts for. (L17: "BUG: scheduling while atomic: brctl/3988/0x00000002")',
      ].join('\n'),
    );
    expect(out.indexOf('Explanation written by')).toBeGreaterThan(out.indexOf('Next steps:'));
    expect(out).toContain('Title: BUG: scheduling while atomic in __wait_for_common');
  });

  it('says in one line why an answer was withheld', async () => {
    const { out } = await triage('brctl-hallucinated-line', ['--format', 'markdown']);
    expect(out).toContain(
      "**Explanation written by the language model qwen2.5-14b-instruct (not checked by a person)**\n- The model's explanation was withheld: it cites L96, which is not a line of the report (L17-L41).",
    );
  });

  it('prints the note alone, and says why on stderr, when the model does not answer', async () => {
    const { code, out, err } = await triage('rate-limited');
    expect(code).toBe(0);
    expect(out).not.toContain('Explanation written by');
    expect(err).toBe('ktriage: no explanation: rate limited (429) on all 1 tries\n');
  });

  it('needs a provider to be configured', async () => {
    const { code, err } = await triage(null);
    expect(code).toBe(2);
    expect(err).toBe('ktriage: --explain needs LLM_BASE_URL and LLM_MODEL, in the environment or ./.env\n');
  });
});
