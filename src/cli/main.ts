#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, parseKnowledgeDirs } from '../config/env.js';
import { loadDocsIndex, loadKnowledge, type LoadedKnowledge } from '../knowledge/load.js';
import { lintKnowledge } from '../knowledge/lint.js';
import { searchKnowledge } from '../knowledge/search.js';
import { parsePaste } from '../parse/index.js';
import { renderAs } from '../render/formats.js';
import { kbHitsText } from '../render/kb-hits.js';
import { createCore } from '../usecase/core.js';
import { helpText, parseCommand, type Command } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { readInput } from './read-input.js';
import type { AdapterContext } from '../server/adapter.js';
import type { ExplainerLoader } from '../server/serve.js';

/** Runs one command; resolves to the exit status (0 fine, 1 lint found problems, 2 usage or input error). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(parseCommand(argv), io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.stderr.write(`ktriage: ${err.message}\n`);
      return 2;
    }
    // Checked by name: the service's modules are only loaded by `serve`.
    if (err instanceof Error && err.name === 'StartupError') {
      io.stderr.write(`ktriage: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

async function run(command: Command, io: CliIo): Promise<number> {
  switch (command.name) {
    case 'help':
      io.stdout.write(`${helpText(command.topic)}\n`);
      return 0;
    case 'version':
      io.stdout.write(`ktriage ${packageVersion()}\n`);
      return 0;
    case 'serve':
      return serve(io, io.env);
    case 'watch':
      return serve(io, { ...io.env, GITHUB_WATCH_REPOS: command.repos.join(' ') });
    case 'triage': {
      const core = createCore(knowledgeDirs(io));
      const triage = await core.triagePaste({ text: await readInput(command.input, io.stdin) });
      if (command.explain) {
        // Imported here: only --explain needs the provider SDK.
        const { explainLead } = await import('./explain.js');
        const explanation = await explainLead(triage, core.listKb(), io);
        if (explanation !== undefined) triage.notes.explanation = explanation;
      }
      io.stdout.write(renderAs(command.format, triage));
      return 0;
    }
    case 'kb-list':
      io.stdout.write(kbList(knowledge(io)));
      return 0;
    case 'kb-search':
      io.stdout.write(kbSearch(knowledge(io), command.words));
      return 0;
    case 'kb-show':
      io.stdout.write(kbShow(knowledge(io), command.id));
      return 0;
    case 'kb-lint':
      return kbLint(knowledge(io), io);
    case 'github-app-create': {
      // Imported here: only this command needs the HTTP server and octokit.
      const { createGitHubApp } = await import('./github-app-create.js');
      return createGitHubApp(command, io);
    }
  }
}

/**
 * The service's modules (Bolt, octokit, pg, pino, prom-client) are loaded only here, so `triage` and
 * `kb` start without them.
 */
async function serve(io: CliIo, env: CliIo['env']): Promise<number> {
  const [{ runServe }, { loadCore }, { createSlackAdapter }, { createGitHubAdapter }, { webPages }] =
    await Promise.all([
      import('../server/serve.js'),
      import('../usecase/core.js'),
      import('../slack/adapter.js'),
      import('../github/adapter.js'),
      import('../web/routes.js'),
    ]);
  const adapters = {
    slack: createSlackAdapter,
    github: (context: AdapterContext) => createGitHubAdapter(context),
  };
  // The provider SDK is loaded only when LLM_BASE_URL and LLM_MODEL ask for it.
  const loadExplainer: ExplainerLoader = async (parts) =>
    (await import('../llm/note-explainer.js')).createNoteExplainer(parts);
  return runServe({
    env,
    cwd: io.cwd,
    stdout: io.log,
    loadCore,
    triageOnWorkers: true,
    adapters,
    pages: webPages,
    loadExplainer,
  });
}

function knowledgeDirs(io: CliIo): string[] {
  return parseKnowledgeDirs(io.env.KTRIAGE_KNOWLEDGE_DIRS, io.cwd);
}

function knowledge(io: CliIo): LoadedKnowledge {
  return loadKnowledge(knowledgeDirs(io));
}

function kbList(kb: LoadedKnowledge): string {
  const width = Math.max(...kb.entries.map((e) => e.id.length));
  return kb.entries.map((e) => `${e.id.padEnd(width)}  ${e.kinds.join(',')}  ${e.title}\n`).join('');
}

/** package.json sits two levels above this file in src/cli, dist/cli and the bundle in dist/bin. */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}

function kbSearch(kb: LoadedKnowledge, words: string): string {
  return kbHitsText(words, searchKnowledge(kb, words));
}

function kbShow(kb: LoadedKnowledge, id: string): string {
  const entry = kb.entries.find((e) => e.id === id);
  if (entry === undefined) throw new UsageError(`no knowledge entry '${id}' (try 'ktriage kb search ${id}')`);
  const list = (items: readonly string[]): string => items.map((i) => `  - ${i}`).join('\n');
  return [
    `${entry.id}: ${entry.title}`,
    `kinds: ${entry.kinds.join(', ')}`,
    `source: ${entry.source}`,
    '',
    entry.summary,
    '',
    'Fixes:',
    list(entry.fixes),
    '',
    'Next steps:',
    list(entry.nextSteps),
    ...(entry.configs.length > 0 ? ['', `Configs: ${entry.configs.join(', ')}`] : []),
    '',
    'Docs:',
    list(entry.docs.map((d) => `${d.title}: ${d.url}`)),
    '',
    entry.body.trim(),
    '',
  ].join('\n');
}

function kbLint(kb: LoadedKnowledge, io: CliIo): number {
  const { problems } = lintKnowledge(kb, parsePaste, loadDocsIndex());
  const all = [...kb.problems, ...problems];
  for (const p of all) io.stdout.write(`${p}\n`);
  io.stdout.write(
    all.length === 0 ? `${kb.entries.length} entries, no problems\n` : `${all.length} problem(s)\n`,
  );
  return all.length === 0 ? 0 : 1;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const io: CliIo = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    log: process.stdout,
    cwd: process.cwd(),
    env: process.env,
  };
  const command = process.argv[2];
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      // A drained service has closed its store and its server; sockets of calls it cancelled close on
      // their own, but must not hold the process past SHUTDOWN_TIMEOUT_MS.
      if (command === 'serve' || command === 'watch') process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(
        `ktriage: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
