import { parseArgs } from 'node:util';
import { REPO } from '../config/env.js';
import { OutputFormat } from '../render/formats.js';
import { UsageError } from './errors.js';

export type Command =
  | { name: 'help'; topic: HelpTopic | null }
  | { name: 'version' }
  | { name: 'serve' }
  | { name: 'watch'; repos: string[] }
  | { name: 'triage'; input: string; format: OutputFormat; explain: boolean }
  | { name: 'kb-list' }
  | { name: 'kb-search'; words: string }
  | { name: 'kb-show'; id: string }
  | { name: 'kb-lint' }
  | {
      name: 'github-app-create';
      owner: string | null;
      port: number;
      envFile: string;
      webhookUrl: string | null;
    };

/** A command's own help page: `ktriage <topic> --help` or `ktriage help <topic>`. */
export type HelpTopic = 'serve' | 'watch' | 'triage' | 'kb' | 'github-app';

/** The flags each command accepts besides --help; anything else is refused with the nearest of these. */
const FLAGS: Record<HelpTopic | 'top', readonly string[]> = {
  top: ['--help', '--version'],
  serve: [],
  watch: [],
  triage: ['--format', '--explain'],
  kb: [],
  'github-app': ['--org', '--port', '--env-file', '--webhook-url'],
};

const HELP: Record<HelpTopic, string> = {
  serve: `usage: ktriage serve

Runs the service: the HTTP API (/api/triage, /api/kb), Slack (Events API or Socket Mode), GitHub App
webhooks and pollers, probes and metrics. Every setting comes from the environment or ./.env; the
README's settings table and .env.example list them with their defaults. With none set it serves the
HTTP API on 127.0.0.1:3000 with a SQLite store under ./data.`,
  watch: `usage: ktriage watch <owner/repo...>

Runs the service and polls these GitHub repositories' issues with GITHUB_TOKEN (a personal access
token with read/write access to issues). Each repository is polled by one replica at a time.`,
  triage: `usage: ktriage triage [FILE|-] [--format text|json|markdown|slack] [--explain]

Reads kernel reports from FILE, or from standard input for '-' or no FILE, and explains them.
  -f, --format   text (default, for people), json (the contract in the README), markdown (the GitHub
                 comment) or slack (Block Kit)
  --explain      also ask the language model named by LLM_BASE_URL and LLM_MODEL (environment or
                 ./.env) to explain the first report; its answer is shown only when every line it
                 cites and every name it uses is in the evidence. The report's lines go to that provider.`,
  kb: `usage: ktriage kb <list | search <words...> | show <id> | lint>

  list             every knowledge entry: id, kinds and title
  search <words>   entries ranked for words, function names or an error line; says when nothing fits
  show <id>        one entry: summary, fixes, next steps, configs, docs and explanation
  lint             checks every entry, its links and its examples (exit 1 on a problem)
KTRIAGE_KNOWLEDGE_DIRS adds team folders (separated by ':'); their entries join or replace ours by id.`,
  'github-app': `usage: ktriage github-app create [--webhook-url URL] [--org ORG] [--port PORT] [--env-file FILE]

Creates ktriage's GitHub App with GitHub's manifest flow: opens a page on http://localhost:PORT
(default 3030) that sends github/app.yml to GitHub; after you confirm there, GitHub redirects back,
and the App's id, private key and webhook secret are written to FILE (default .env).
  --webhook-url URL  where GitHub reaches ktriage serve (https://host, or a smee.io channel while
                   testing locally); without it the App starts with webhooks off
  --org ORG        create the App under an organisation instead of your account
  --port PORT      the local port for the redirect (default 3030)
  --env-file FILE  where to write the settings (default .env; existing lines for them are replaced)`,
};

export const USAGE = `usage: ktriage <command> [options]

commands:
  serve                   run the service: HTTP API, Slack app, GitHub webhooks and pollers
  watch <owner/repo...>   serve, polling these GitHub repositories with GITHUB_TOKEN
  triage [FILE|-] [--format text|json|markdown|slack] [--explain]
                          read kernel reports from FILE or standard input and explain them
  kb list                 list every knowledge entry
  kb search <words...>    rank knowledge entries by relevance to words, function names or an error
  kb show <id>            print one knowledge entry
  kb lint                 check every knowledge entry, its links and its examples
  github-app create       create the GitHub App with GitHub's manifest flow and write .env
  help [command]          print this text, or one command's help

options:
  -h, --help              help for ktriage or for a command (ktriage triage --help)
  -v, --version           print the version

environment:
  KTRIAGE_KNOWLEDGE_DIRS  extra knowledge folders (separated by ':'); their entries join or replace the built-in ones
  serve and watch read every setting from the environment or .env: see .env.example`;

/** The help text for a topic, or the overview. */
export function helpText(topic: HelpTopic | null): string {
  return topic === null ? USAGE : HELP[topic];
}

const TOPICS = Object.keys(HELP) as HelpTopic[];
const isTopic = (word: string | undefined): word is HelpTopic =>
  word !== undefined && (TOPICS as string[]).includes(word);

/** Turns argv (without `node` and the script) into a command, or throws a UsageError naming the problem. */
export function parseCommand(argv: readonly string[]): Command {
  const first = argv.find((a) => !a.startsWith('-'));
  const topic: HelpTopic | 'top' = isTopic(first) ? first : 'top';
  refuseUnknownFlags(argv, topic);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        explain: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        org: { type: 'string' },
        port: { type: 'string' },
        'env-file': { type: 'string' },
        'webhook-url': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  const [name, ...rest] = parsed.positionals;
  if (values.version === true) return { name: 'version' };
  if (values.help === true) return { name: 'help', topic: isTopic(name) ? name : null };
  if (name === undefined) throw new UsageError(`a command is needed\n\n${USAGE}`);
  switch (name) {
    case 'help':
      if (rest.length > 0 && !isTopic(rest[0])) {
        throw new UsageError(`no help for '${rest[0]}'; commands: ${TOPICS.join(', ')}`);
      }
      return { name: 'help', topic: isTopic(rest[0]) ? rest[0] : null };
    case 'triage': {
      if (rest.length > 1)
        throw new UsageError(`triage reads one input, got ${rest.length}: ${rest.join(' ')}`);
      const format = OutputFormat.safeParse(values.format ?? 'text');
      if (!format.success) {
        throw new UsageError(
          `--format must be one of ${OutputFormat.options.join(', ')}, got '${values.format}'`,
        );
      }
      return { name: 'triage', input: rest[0] ?? '-', format: format.data, explain: values.explain === true };
    }
    case 'kb':
      return parseKbCommand(rest);
    case 'serve':
      if (rest.length > 0)
        throw new UsageError(`serve takes no arguments; it reads its settings from the environment`);
      return { name: 'serve' };
    case 'watch':
      if (rest.length === 0 || !rest.every((r) => REPO.test(r))) {
        throw new UsageError(
          `watch needs GitHub repositories as owner/repo${rest.length === 0 ? '' : `, got ${rest.join(' ')}`}`,
        );
      }
      return { name: 'watch', repos: rest };
    case 'github-app':
      return parseGitHubAppCommand(rest, values);
    default: {
      const near = nearest(name, [...TOPICS, 'help']);
      throw new UsageError(`unknown command '${name}'${near === null ? '' : ` (did you mean '${near}'?)`}`);
    }
  }
}

/**
 * parseArgs would accept `--format` after `kb` and name no alternative for `--fromat`; checking each
 * command's own flags first gives one line that says what was meant.
 */
function refuseUnknownFlags(argv: readonly string[], topic: HelpTopic | 'top'): void {
  const allowed = [...FLAGS.top, ...FLAGS[topic]];
  for (const arg of argv) {
    if (arg === '--') return;
    if (!arg.startsWith('--')) continue;
    const flag = arg.split('=', 1)[0] ?? arg;
    if (allowed.includes(flag)) continue;
    const near = nearest(flag, allowed);
    const scope = topic === 'top' ? 'ktriage' : `ktriage ${topic}`;
    throw new UsageError(
      `unknown option '${flag}' for ${scope}${near === null ? '' : ` (did you mean '${near}'?)`}`,
    );
  }
}

function parseKbCommand(rest: readonly string[]): Command {
  const [sub, ...args] = rest;
  switch (sub) {
    case 'list':
      if (args.length > 0) throw new UsageError('kb list takes no arguments');
      return { name: 'kb-list' };
    case 'search':
      if (args.length === 0) throw new UsageError('kb search needs words to look for');
      return { name: 'kb-search', words: args.join(' ') };
    case 'show':
      if (args.length !== 1) throw new UsageError('kb show needs exactly one entry id');
      return { name: 'kb-show', id: args[0] ?? '' };
    case 'lint':
      if (args.length > 0) throw new UsageError('kb lint takes no arguments');
      return { name: 'kb-lint' };
    default:
      throw new UsageError(`kb needs list, search, show or lint${sub === undefined ? '' : `, got '${sub}'`}`);
  }
}

function parseGitHubAppCommand(
  rest: readonly string[],
  values: {
    org?: string | undefined;
    port?: string | undefined;
    'env-file'?: string | undefined;
    'webhook-url'?: string | undefined;
  },
): Command {
  if (rest[0] !== 'create' || rest.length > 1) {
    throw new UsageError(`github-app needs 'create'${rest.length === 0 ? '' : `, got '${rest.join(' ')}'`}`);
  }
  const port = Number(values.port ?? '3030');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--port expects a TCP port from 1 to 65535, got '${values.port}'`);
  }
  if (values.org !== undefined && !/^[A-Za-z0-9-]{1,39}$/.test(values.org)) {
    throw new UsageError(`--org expects a GitHub organisation name, got '${values.org}'`);
  }
  const webhookUrl = values['webhook-url'] ?? null;
  if (webhookUrl !== null && !URL.canParse(webhookUrl)) {
    throw new UsageError(`--webhook-url expects an http(s) URL, got '${webhookUrl}'`);
  }
  return {
    name: 'github-app-create',
    owner: values.org ?? null,
    port,
    envFile: values['env-file'] ?? '.env',
    webhookUrl,
  };
}

/** The candidate within two edits of `word` (Levenshtein), nearest first; null when none is close. */
function nearest(word: string, candidates: readonly string[]): string | null {
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
