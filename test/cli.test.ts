import { writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { ParseResult } from '../src/parse/report.js';
import { testDir } from './support/temp-dir.js';

const SAMPLE = 'samples/brctl-scheduling-while-atomic.txt';

async function run(
  argv: string[],
  { stdin = '', env = {} }: { stdin?: string; env?: Record<string, string> } = {},
) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    log: process.stdout,
    cwd: process.cwd(),
    env,
  });
  return { code, out, err };
}

describe('ktriage triage', () => {
  it('prints the essentials first for people', async () => {
    const { code, out } = await run(['triage', SAMPLE]);
    expect(code).toBe(0);
    const [headline, culprit, kind, title] = out.split('\n');
    expect(headline).toBe('BUG: sleeping function called from invalid context at kernel/rseq.c:132');
    expect(culprit).toMatch(/^Look first at: __rseq_handle_notify_resume /);
    expect(kind).toContain('sleep-in-atomic');
    expect(title).toBe(
      'Title: BUG: sleeping function called from invalid context in __rseq_handle_notify_resume',
    );
    expect(out).toContain('get_cpu_var');
    expect(out).toContain('L3: preempt_count: 1, expected: 0');
    expect(out).toContain('BUG: scheduling while atomic: brctl/3988/0x00000002');
  });

  it('prints the JSON contract with the parsed reports and their matches', async () => {
    const { code, out } = await run(['triage', SAMPLE, '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { reports: unknown[] };
    const parsed = ParseResult.parse(json);
    expect(parsed.reports.map((r) => r.kind)).toEqual(['sleep-in-atomic', 'scheduling-while-atomic']);
    const first = json.reports[0] as {
      matches: Array<{ id: string; confidence: number; evidence: Array<{ line: number; text: string }> }>;
    };
    expect(first.matches[0]?.id).toBe('get-cpu-var-leak');
    expect(first.matches[0]?.evidence).toContainEqual({ line: 4, text: 'no locks held by brctl/3988.' });
  });

  it('reads standard input and renders Markdown and Slack blocks', async () => {
    const paste = '```\n' + (await import('node:fs')).readFileSync(SAMPLE, 'utf8') + '```\n';
    const md = await run(['triage', '-', '--format', 'markdown'], { stdin: paste });
    expect(md.code).toBe(0);
    expect(md.out).toContain('<details>');
    const slack = await run(['triage', '--format', 'slack'], { stdin: paste });
    const message = JSON.parse(slack.out) as { text: string; blocks: unknown[] };
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });

  it('says so when the input holds no report, and exits 0', async () => {
    const { code, out } = await run(['triage'], { stdin: 'lgtm, merging after CI\n' });
    expect(code).toBe(0);
    expect(out).toContain('No kernel report found');
  });

  it('fails with one line and status 2 on a missing file, a bad flag or a bad format', async () => {
    const bad = [
      ['triage', '/no/such/file'],
      ['triage', '--colour'],
      ['triage', '--format', 'xml'],
      ['frobnicate'],
      ['watch'],
      ['watch', 'linux'],
    ];
    for (const argv of bad) {
      const { code, out, err } = await run(argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(/^ktriage: /);
    }
  });
});

describe('ktriage serve', () => {
  it('prints a bad setting as one line and exits 2, as it does a bad flag', async () => {
    const { code, err } = await run(['serve'], { env: { PORT: '-1' } });
    expect(code).toBe(2);
    expect(err).toBe('ktriage: configuration: PORT expects a TCP port number from 0 to 65535 (got "-1")\n');
  });
});

describe('ktriage kb', () => {
  it('searches by words and by function name', async () => {
    const words = await run(['kb', 'search', 'kmalloc', 'GFP_KERNEL', 'spinlock']);
    expect(words.code).toBe(0);
    expect(words.out.split('\n')[0]).toMatch(/^spinlock-gfp-kernel /);
    const fn = await run(['kb', 'search', 'get_cpu_var']);
    expect(fn.out.split('\n')[0]).toMatch(/^get-cpu-var-leak /);
  });

  it('shows an entry and refuses an unknown id', async () => {
    const shown = await run(['kb', 'show', 'novalidate-aliasing']);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('lockdep_set_novalidate_class');
    const missing = await run(['kb', 'show', 'no-such-entry']);
    expect(missing.code).toBe(2);
  });

  it('lints the built-in knowledge clean, and names the file and field of a broken team entry', async () => {
    const clean = await run(['kb', 'lint']);
    expect(clean.out).toMatch(/no problems/);
    expect(clean.code).toBe(0);

    const team = testDir('ktriage-team-');
    writeFileSync(
      join(team, 'broken.md'),
      '---\nid: broken\ntitle: Broken\nkinds: [no-such-kind]\n---\nBody.\n',
    );
    const broken = await run(['kb', 'lint'], { env: { KTRIAGE_KNOWLEDGE_DIRS: team } });
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/broken\.md: kinds\.0: /);
  });

  it('lets a team folder replace a built-in entry by id', async () => {
    const team = testDir('ktriage-team-');
    mkdirSync(join(team, 'examples'), { recursive: true });
    cpSync('knowledge/examples/get-cpu-var-leak', join(team, 'examples', 'get-cpu-var-leak'), {
      recursive: true,
    });
    const original = (await import('node:fs')).readFileSync('knowledge/get-cpu-var-leak.md', 'utf8');
    writeFileSync(
      join(team, 'get-cpu-var-leak.md'),
      original.replace(/^title: .*$/m, 'title: Our own preempt leak entry'),
    );
    const shown = await run(['kb', 'show', 'get-cpu-var-leak'], { env: { KTRIAGE_KNOWLEDGE_DIRS: team } });
    expect(shown.out).toContain('Our own preempt leak entry');
  });
});

describe('ktriage help', () => {
  it('lists the commands', async () => {
    const { code, out } = await run(['help']);
    expect(code).toBe(0);
    expect(out).toContain('triage [FILE|-]');
  });
});
