/**
 * `npm run eval:llm -- --base-url URL --model M [--api-key K] DIR`: runs the explain prompt over every
 * report in the `*.txt` files of DIR (test/fixtures/real/reports holds real ones) and prints how many
 * answers were grounded, how many were withheld and why, so an operator can judge a model before
 * turning it on. The key may also come from LLM_API_KEY. Each report's lines go to that provider.
 */
import { parseArgs } from 'node:util';
import { knowledgeDirsFromEnv, loadKnowledge } from '../src/knowledge/load.js';
import { DailyTokenBudget } from '../src/llm/budget.js';
import { createChatClient } from '../src/llm/chat-client.js';
import { describeTally, evalFolder } from '../src/llm/eval.js';
import { createExplainer } from '../src/llm/explainer.js';
import { loadExplainPrompt } from '../src/llm/load-prompts.js';

const USAGE = 'usage: npm run eval:llm -- --base-url URL --model MODEL [--api-key KEY] [--timeout-ms N] DIR';

const { values, positionals } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    model: { type: 'string' },
    'api-key': { type: 'string' },
    'timeout-ms': { type: 'string', default: '60000' },
    quiet: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const dir = positionals[0];
const timeoutMs = Number(values['timeout-ms']);
if (values['base-url'] === undefined || values.model === undefined || dir === undefined || !(timeoutMs > 0)) {
  console.error(USAGE);
  process.exit(2);
}

const explainer = createExplainer({
  client: createChatClient({
    baseUrl: values['base-url'],
    model: values.model,
    apiKey: values['api-key'] ?? process.env.LLM_API_KEY ?? null,
    timeoutMs,
    maxRetries: 2,
  }),
  prompt: loadExplainPrompt(),
  budget: new DailyTokenBudget(Number.MAX_SAFE_INTEGER),
  now: () => new Date(),
});
const tally = await evalFolder(dir, loadKnowledge(knowledgeDirsFromEnv(process.env)), explainer, (line) => {
  if (!values.quiet) console.error(line);
});
console.log(describeTally(tally, explainer.model, explainer.prompt));
