import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WithholdRule } from '../explain/explanation.js';
import type { UnavailableCause } from '../explain/outcome.js';
import { explainInputs } from '../explain/input.js';
import type { KnowledgeBase } from '../knowledge/entry.js';
import { parseKnowledgeDirs } from '../config/env.js';
import { loadKnowledge } from '../knowledge/load.js';
import { matchReport } from '../knowledge/matcher.js';
import { parsePaste } from '../parse/index.js';
import { buildNoteSet } from '../triage/note-set.js';
import { DailyTokenBudget } from './budget.js';
import { createChatClient } from './chat-client.js';
import { createExplainer, type Explainer } from './explainer.js';
import { loadExplainPrompt } from './load-prompts.js';

/** How a model did over a folder of pastes: what an operator reads before turning it on. */
export interface EvalTally {
  files: number;
  reports: number;
  grounded: number;
  withheld: Map<WithholdRule, number>;
  unavailable: Map<UnavailableCause, number>;
  /** `file: report title: reason`, one per withheld answer, for reading. */
  withheldLines: string[];
}

/** Explains every report of every `*.txt` in `dir`, one call at a time. */
export async function evalFolder(
  dir: string,
  kb: KnowledgeBase,
  explainer: Explainer,
  progress: (line: string) => void = () => {},
): Promise<EvalTally> {
  const tally: EvalTally = {
    files: 0,
    reports: 0,
    grounded: 0,
    withheld: new Map(),
    unavailable: new Map(),
    withheldLines: [],
  };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  for (const file of files) {
    tally.files++;
    const { result, lineText } = parsePaste(readFileSync(join(dir, file), 'utf8'));
    const paste = buildNoteSet(
      result,
      result.reports.map((r) => matchReport(kb, r, lineText)),
    );
    const inputs = explainInputs(paste.notes, lineText, kb.entries);
    for (const [i, input] of inputs.entries()) {
      tally.reports++;
      const outcome = await explainer.explain(input);
      const title = paste.notes[i]?.title ?? '';
      if (!outcome.ok) {
        tally.unavailable.set(outcome.cause, (tally.unavailable.get(outcome.cause) ?? 0) + 1);
        progress(`${file}: ${title}: unavailable: ${outcome.reason}`);
      } else if (outcome.explanation.status === 'grounded') {
        tally.grounded++;
        progress(`${file}: ${title}: grounded`);
      } else {
        const { rule, reason } = outcome.explanation;
        tally.withheld.set(rule, (tally.withheld.get(rule) ?? 0) + 1);
        tally.withheldLines.push(`${file}: ${title}: ${reason}`);
        progress(`${file}: ${title}: withheld: ${reason}`);
      }
    }
  }
  return tally;
}

/** The summary `npm run eval:llm` prints: shares of answered reports, withheld ones by reason. */
export function describeTally(tally: EvalTally, model: string, prompt: string): string {
  const answered = tally.grounded + sum(tally.withheld);
  const pct = (n: number, of: number): string => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)} %`);
  const lines = [
    `${model}, ${prompt}: ${tally.reports} reports in ${tally.files} files`,
    `  answered     ${answered}`,
    `  grounded     ${tally.grounded} (${pct(tally.grounded, answered)} of answered)`,
    `  withheld     ${sum(tally.withheld)} (${pct(sum(tally.withheld), answered)} of answered)`,
    ...[...tally.withheld].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `    ${rule.padEnd(13)}${n}`),
  ];
  if (tally.unavailable.size > 0) {
    lines.push(`  unavailable  ${sum(tally.unavailable)} (no answer: not counted above)`);
    for (const [cause, n] of tally.unavailable) lines.push(`    ${cause.padEnd(13)}${n}`);
  }
  if (tally.withheldLines.length > 0)
    lines.push('', 'Withheld:', ...tally.withheldLines.map((l) => `  ${l}`));
  return lines.join('\n');
}

function sum(counts: Map<string, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

const USAGE =
  'usage: npm run eval:llm -- --base-url URL --model MODEL [--api-key KEY] [--timeout-ms N] [--quiet] DIR';

/**
 * `npm run eval:llm`: explains every report of a folder with the configured provider and prints the
 * tally on `out`, each report's outcome on `err` (unless --quiet). The key may come from LLM_API_KEY.
 * Resolves to the exit status.
 */
export async function runEval(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: { out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'base-url': { type: 'string' },
        model: { type: 'string' },
        'api-key': { type: 'string' },
        'timeout-ms': { type: 'string', default: '60000' },
        quiet: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const dir = positionals[0];
  const timeoutMs = Number(values['timeout-ms']);
  const baseUrl = values['base-url'];
  const model = values.model;
  if (baseUrl === undefined || model === undefined || dir === undefined || !(timeoutMs > 0)) {
    io.err(USAGE);
    return 2;
  }
  const explainer = createExplainer({
    client: createChatClient({
      baseUrl,
      model,
      apiKey: values['api-key'] ?? env.LLM_API_KEY ?? null,
      timeoutMs,
      maxRetries: 2,
    }),
    prompt: loadExplainPrompt(),
    budget: new DailyTokenBudget(Number.MAX_SAFE_INTEGER),
    now: () => new Date(),
  });
  const kb = loadKnowledge(parseKnowledgeDirs(env.KTRIAGE_KNOWLEDGE_DIRS, process.cwd()));
  const tally = await evalFolder(dir, kb, explainer, (line) => {
    if (!values.quiet) io.err(line);
  });
  io.out(describeTally(tally, explainer.model, explainer.prompt));
  return 0;
}
