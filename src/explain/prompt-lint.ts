import { z } from 'zod';
import { parsePrompt, type Prompt } from './prompt.js';

/**
 * `prompts/versions.json` records the hash of every version of every prompt. A prompt whose text (or
 * answer schema) changed while its version did not fails the lint, so each stored explanation's
 * `<id>@<version>` names exactly the words the model was given.
 */
export const PromptVersions = z.record(z.string(), z.record(z.string().regex(/^\d+$/), z.string()));
export type PromptVersions = z.infer<typeof PromptVersions>;

export const VERSIONS_FILE = 'versions.json';

export interface PromptSource {
  /** File name within the prompts folder (`explain-report.md`). */
  file: string;
  text: string;
}

/** Every prompt checked; problems read `file: field: message`. */
export function lintPrompts(
  sources: readonly PromptSource[],
  versionsText: string | null,
): { prompts: Prompt[]; problems: string[] } {
  const problems: string[] = [];
  const prompts: Prompt[] = [];
  let versions: PromptVersions = {};
  if (versionsText === null) problems.push(`${VERSIONS_FILE}: (file): missing`);
  else {
    try {
      const parsed = PromptVersions.safeParse(JSON.parse(versionsText));
      if (parsed.success) versions = parsed.data;
      else problems.push(`${VERSIONS_FILE}: (file): expects {"<id>": {"<version>": "sha256:<hex>"}}`);
    } catch {
      problems.push(`${VERSIONS_FILE}: (file): not valid JSON`);
    }
  }
  for (const source of sources) {
    const parsed = parsePrompt(source.file, source.text);
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      continue;
    }
    const p = parsed.prompt;
    if (`${p.id}.md` !== source.file) {
      problems.push(`${source.file}: id: "${p.id}" must match the file name`);
      continue;
    }
    const recorded = versions[p.id]?.[String(p.version)];
    if (recorded === undefined) {
      problems.push(
        `${source.file}: version: ${p.version} is not in ${VERSIONS_FILE}; record "${p.version}": "${p.hash}" under "${p.id}"`,
      );
    } else if (recorded !== p.hash) {
      problems.push(
        `${source.file}: version: the prompt changed but its version is still ${p.version}; raise the version and record "${p.hash}" for it in ${VERSIONS_FILE}`,
      );
    } else prompts.push(p);
  }
  return { prompts, problems };
}
