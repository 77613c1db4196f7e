import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { splitFrontMatter } from '../knowledge/load.js';
import { describeIssues } from '../knowledge/entry.js';
import { answerJsonSchema, isAnswerSchemaName, type AnswerSchemaName } from './answer.js';

/**
 * A prompt is a file, `prompts/<id>.md`: YAML front matter (id, version, purpose, the answer schema's
 * name) and two sections, `## system` and `## user`, that become the chat messages. The user section
 * carries `{{data}}` where the report's data goes; `{{schema}}` optionally shows the answer schema.
 */
export const PromptFrontMatter = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
  version: z.number().int().min(1),
  purpose: z.string().min(1),
  schema: z.string().refine(isAnswerSchemaName, 'must name an answer schema (kernel_report_explanation)'),
});

export interface Prompt {
  id: string;
  version: number;
  purpose: string;
  schema: AnswerSchemaName;
  system: string;
  user: string;
  /** `sha256:<hex>` of what the model sees: both sections and the answer schema. */
  hash: string;
}

/** `<id>@<version>`: stored with each explanation and part of the cache key. */
export function promptVersion(p: Pick<Prompt, 'id' | 'version'>): string {
  return `${p.id}@${p.version}`;
}

export const PLACEHOLDERS = ['data', 'schema'] as const;
const PLACEHOLDER = /\{\{([^{}\n]{0,40})\}\}/g;

/** Parses one prompt file; problems read `file: field: message`, like `kb lint`'s. */
export function parsePrompt(file: string, text: string): { prompt: Prompt } | { problems: string[] } {
  const split = splitFrontMatter(text);
  if (split === null) {
    return {
      problems: [`${file}: (front matter): the file must start with a --- fenced YAML front matter block`],
    };
  }
  let yaml: unknown;
  try {
    yaml = parseYaml(split.yaml);
  } catch (err) {
    return {
      problems: [
        `${file}: (front matter): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      ],
    };
  }
  const fm = PromptFrontMatter.safeParse(yaml);
  if (!fm.success) return { problems: describeIssues(file, fm.error) };
  const sections = readSections(split.body);
  const problems: string[] = [];
  for (const name of ['system', 'user'] as const) {
    const count = sections.counts.get(name) ?? 0;
    if (count !== 1) problems.push(`${file}: ## ${name}: needs exactly one such section, found ${count}`);
  }
  for (const name of sections.counts.keys()) {
    if (name !== 'system' && name !== 'user')
      problems.push(`${file}: ## ${name}: unknown section (system, user)`);
  }
  const system = sections.text.get('system') ?? '';
  const user = sections.text.get('user') ?? '';
  problems.push(
    ...placeholderProblems(file, 'system', system, 0),
    ...placeholderProblems(file, 'user', user, 1),
  );
  if (problems.length > 0) return { problems };
  const schema = fm.data.schema;
  const hash = createHash('sha256')
    .update(JSON.stringify({ system, user, schema: fm.data.schema, answer: answerJsonSchema(schema) }))
    .digest('hex');
  return { prompt: { ...fm.data, schema, system, user, hash: `sha256:${hash}` } };
}

/** `## name` headings split the body; text before the first heading is a note for people. */
function readSections(body: string): { text: Map<string, string>; counts: Map<string, number> } {
  const text = new Map<string, string>();
  const counts = new Map<string, number>();
  let current: string | null = null;
  let buf: string[] = [];
  const flush = (): void => {
    if (current !== null) text.set(current, buf.join('\n').trim());
  };
  for (const line of body.split('\n')) {
    if (line.startsWith('## ')) {
      flush();
      current = line.slice(3).trim().toLowerCase();
      counts.set(current, (counts.get(current) ?? 0) + 1);
      buf = [];
    } else if (current !== null) buf.push(line);
  }
  flush();
  return { text, counts };
}

function placeholderProblems(file: string, section: string, text: string, dataCount: number): string[] {
  const problems: string[] = [];
  let data = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (name === 'data') data++;
    else if (!(PLACEHOLDERS as readonly string[]).includes(name))
      problems.push(`${file}: ## ${section}: unknown placeholder {{${name}}} (${PLACEHOLDERS.join(', ')})`);
  }
  if (data !== dataCount) {
    problems.push(
      dataCount === 0
        ? `${file}: ## ${section}: {{data}} belongs in the user section only`
        : `${file}: ## ${section}: needs {{data}} exactly once, found ${data}`,
    );
  }
  return problems;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * The chat messages for one report. Values are put in once and never scanned again, so a paste that
 * contains `{{schema}}` or a closing tag stays plain data.
 */
export function promptMessages(prompt: Prompt, data: string): ChatMessage[] {
  const values: Record<string, string> = {
    data,
    schema: JSON.stringify(answerJsonSchema(prompt.schema)),
  };
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
  return [
    { role: 'system', content: fill(prompt.system) },
    { role: 'user', content: fill(prompt.user) },
  ];
}
