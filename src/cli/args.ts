import { parseArgs } from 'node:util';
import { z } from 'zod';
import { REPO } from '../config/env.js';
import { UsageError } from './errors.js';

export const USAGE = `usage: ktriage <command> [options]

commands:
  serve                   run the service: HTTP API, Slack app, GitHub webhooks and pollers (see README)
  watch <owner/repo...>   serve, polling these GitHub repositories with GITHUB_TOKEN
  triage [FILE|-] [--format text|json|markdown|slack]
                          read kernel reports from FILE or standard input and explain them
  kb search <words...>    rank knowledge entries by relevance to words, function names or an error
  kb show <id>            print one knowledge entry
  kb lint                 check every knowledge entry, its links and its examples
  help                    print this text

environment:
  KTRIAGE_KNOWLEDGE_DIRS  extra knowledge folders (separated by ':'); their entries join or replace the built-in ones
  serve and watch read every setting from the environment or .env: see the README's table`;

export const OutputFormat = z.enum(['text', 'json', 'markdown', 'slack']);
export type OutputFormat = z.infer<typeof OutputFormat>;

export type Command =
  | { name: 'help' }
  | { name: 'serve' }
  | { name: 'watch'; repos: string[] }
  | { name: 'triage'; input: string; format: OutputFormat }
  | { name: 'kb-search'; words: string }
  | { name: 'kb-show'; id: string }
  | { name: 'kb-lint' };

/** Turns argv (without `node` and the script) into a command, or throws a UsageError naming the problem. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const [name, ...rest] = parsed.positionals;
  if (parsed.values.help || name === undefined || name === 'help') return { name: 'help' };
  if (parsed.values.format !== undefined && name !== 'triage') {
    throw new UsageError(`--format applies to triage only`);
  }
  switch (name) {
    case 'triage': {
      if (rest.length > 1)
        throw new UsageError(`triage reads one input, got ${rest.length}: ${rest.join(' ')}`);
      const format = OutputFormat.safeParse(parsed.values.format ?? 'text');
      if (!format.success) {
        throw new UsageError(
          `--format must be one of ${OutputFormat.options.join(', ')}, got '${parsed.values.format}'`,
        );
      }
      return { name: 'triage', input: rest[0] ?? '-', format: format.data };
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
    default:
      throw new UsageError(`unknown command '${name}' (try 'ktriage help')`);
  }
}

function parseKbCommand(rest: readonly string[]): Command {
  const [sub, ...args] = rest;
  switch (sub) {
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
      throw new UsageError(`kb needs search, show or lint${sub === undefined ? '' : `, got '${sub}'`}`);
  }
}
