import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/env.js';
import { readDotenv } from '../config/read-dotenv.js';
import type { Explanation } from '../explain/explanation.js';
import { explainInput } from '../explain/input.js';
import { DailyTokenBudget } from '../llm/budget.js';
import { createChatClient } from '../llm/chat-client.js';
import { createExplainer } from '../llm/explainer.js';
import { loadExplainPrompt } from '../llm/load-prompts.js';
import type { KbEntry, Triage } from '../usecase/core.js';
import { UsageError } from './errors.js';

/**
 * `triage --explain`: asks the configured model about the first report. Loaded only with the flag, so
 * `triage` alone never loads the provider SDK. No answer is a line on stderr, not a failure.
 */
export async function explainLead(
  triage: Triage,
  entries: readonly KbEntry[],
  io: { env: Record<string, string | undefined>; cwd: string; stderr: { write(s: string): unknown } },
): Promise<Explanation | undefined> {
  const config = loadConfig(io.env, readDotenv(io.cwd), {
    cwd: io.cwd,
    stdoutIsTTY: false,
    readFile: (path) => readFileSync(path, 'utf8'),
  });
  if (config.llm === null)
    throw new UsageError('--explain needs LLM_BASE_URL and LLM_MODEL, in the environment or ./.env');
  const lead = triage.notes.notes[0];
  if (lead === undefined) return undefined;
  const explainer = createExplainer({
    client: createChatClient(config.llm),
    prompt: loadExplainPrompt(),
    budget: new DailyTokenBudget(config.llm.dailyTokens),
    now: () => new Date(),
  });
  const entry = entries.find((e) => e.id === lead.matches[0]?.id);
  const outcome = await explainer.explain(explainInput(lead, triage.lineText, entry));
  if (outcome.ok) return outcome.explanation;
  io.stderr.write(`ktriage: no explanation: ${outcome.reason}\n`);
  return undefined;
}
