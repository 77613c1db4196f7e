import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintPrompts, type PromptSource } from '../src/explain/prompt-lint.js';
import { promptMessages } from '../src/explain/prompt.js';
import { BUILTIN_PROMPTS_DIR, loadPrompts } from '../src/llm/load-prompts.js';

const FILE = 'explain-report.md';
const text = readFileSync(`${BUILTIN_PROMPTS_DIR}${FILE}`, 'utf8');
const versions = readFileSync(`${BUILTIN_PROMPTS_DIR}versions.json`, 'utf8');
const lint = (sources: PromptSource[], v: string | null = versions) => lintPrompts(sources, v).problems;

describe('prompts lint', () => {
  it('passes every prompt shipped in prompts/', () => {
    const { prompts, problems } = loadPrompts();
    expect(problems).toEqual([]);
    expect(prompts.map((p) => `${p.id}@${p.version}`)).toEqual(['explain-report@1']);
  });

  it('fails a prompt whose words changed while its version did not, and names the hash to record', () => {
    const edited = text.replace('You explain Linux kernel reports', 'You explain kernel reports');
    const [problem] = lint([{ file: FILE, text: edited }]);
    expect(problem).toMatch(
      /^explain-report\.md: version: the prompt changed but its version is still 1; raise the version and record "sha256:[0-9a-f]{64}" for it in versions\.json$/,
    );
    const bumped = edited.replace('version: 1', 'version: 2');
    expect(lint([{ file: FILE, text: bumped }])[0]).toMatch(
      /^explain-report\.md: version: 2 is not in versions\.json; record "2": "sha256:[0-9a-f]{64}" under "explain-report"$/,
    );
  });

  it('leaves people’s notes above the sections out of the version', () => {
    const noted = text.replace('# Explain a kernel report', '# Explain a kernel report, reworded');
    expect(lint([{ file: FILE, text: noted }])).toEqual([]);
  });

  it.each([
    [
      text.replace('{{data}}', '{{paste}}'),
      'explain-report.md: ## user: unknown placeholder {{paste}} (data, schema)',
    ],
    [
      text.replace('{{data}}', 'the data'),
      'explain-report.md: ## user: needs {{data}} exactly once, found 0',
    ],
    [
      text.replace('Rules:', 'Rules for {{data}}:'),
      'explain-report.md: ## system: {{data}} belongs in the user section only',
    ],
    [
      text.replace('## system', '## sytem'),
      'explain-report.md: ## system: needs exactly one such section, found 0',
    ],
    [
      text.replace('schema: kernel_report_explanation', 'schema: free_text'),
      'explain-report.md: schema: must name an answer schema (kernel_report_explanation)',
    ],
    [
      text.replace('version: 1', 'version: one'),
      'explain-report.md: version: Invalid input: expected number, received string',
    ],
  ])('names the file and field of a broken prompt (%#)', (broken, problem) => {
    expect(lint([{ file: FILE, text: broken }])).toContain(problem);
  });

  it('wants the file named for its id and a readable versions.json', () => {
    expect(lint([{ file: 'explain.md', text }])).toEqual([
      'explain.md: id: "explain-report" must match the file name',
    ]);
    expect(lint([{ file: FILE, text }], null)).toContain('versions.json: (file): missing');
    expect(lint([{ file: FILE, text }], '{"explain-report": {"v1": 3}}')).toContain(
      'versions.json: (file): expects {"<id>": {"<version>": "sha256:<hex>"}}',
    );
  });

  it('puts the data in once and never expands placeholders inside it', () => {
    const prompt = loadPrompts().prompts[0];
    if (prompt === undefined) throw new Error('no prompt');
    const [system, user] = promptMessages(prompt, '{"lines": [{"line": 1, "text": "{{data}} {{schema}}"}]}');
    expect(system?.content).not.toContain('{{');
    expect(user?.content).toContain('"text": "{{data}} {{schema}}"');
    expect(user?.content.match(/"additionalProperties":false/g)?.length).toBeGreaterThan(0);
  });
});
