import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintPrompts, VERSIONS_FILE, type PromptSource } from '../explain/prompt-lint.js';
import type { Prompt } from '../explain/prompt.js';

/** `prompts/` of the package: two levels up from both `src/llm/` and `dist/llm/`. */
export const BUILTIN_PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** The id of the prompt that explains one report. */
export const EXPLAIN_PROMPT_ID = 'explain-report';

/** Reads and checks every `*.md` prompt of `dir` against its `versions.json`. */
export function loadPrompts(dir = BUILTIN_PROMPTS_DIR): { prompts: Prompt[]; problems: string[] } {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
      .sort();
  } catch (err) {
    return {
      prompts: [],
      problems: [`${dir}: (folder): ${err instanceof Error ? err.message : String(err)}`],
    };
  }
  const sources: PromptSource[] = files.map((file) => ({
    file,
    text: readFileSync(join(dir, file), 'utf8'),
  }));
  return lintPrompts(sources, readVersions(dir));
}

/** The explain prompt, or an error naming every problem: the service does not start on a bad prompt. */
export function loadExplainPrompt(dir = BUILTIN_PROMPTS_DIR): Prompt {
  const { prompts, problems } = loadPrompts(dir);
  const prompt = prompts.find((p) => p.id === EXPLAIN_PROMPT_ID);
  if (problems.length > 0 || prompt === undefined) {
    const why = problems.length > 0 ? problems.join('; ') : `no ${EXPLAIN_PROMPT_ID}.md`;
    throw new Error(`prompts in ${dir}: ${why}`);
  }
  return prompt;
}

function readVersions(dir: string): string | null {
  try {
    return readFileSync(join(dir, VERSIONS_FILE), 'utf8');
  } catch {
    return null;
  }
}
