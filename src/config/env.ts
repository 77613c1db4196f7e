import { availableParallelism } from 'node:os';
import { delimiter, isAbsolute, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/**
 * Every setting of `ktriage serve`, read from the environment and an optional `.env` file. The file
 * is read by the caller; this module only parses. A value set in the environment wins over the file,
 * as with `process.loadEnvFile` and `node --env-file`.
 */

/** Where the parser looks outside its arguments: the working directory, the terminal, key files. */
export interface ConfigEdge {
  /** Relative paths (KTRIAGE_DB, KTRIAGE_KNOWLEDGE_DIRS, a GITHUB_PRIVATE_KEY path) resolve against it. */
  cwd: string;
  /** LOG_FORMAT defaults to `pretty` when logs go to a terminal. */
  stdoutIsTTY: boolean;
  /** Reads GITHUB_PRIVATE_KEY when it names a file instead of holding the PEM text. */
  readFile: (path: string) => string;
}

/** Variables whose values are never echoed in an error message. */
const SECRETS = new Set([
  'API_TOKEN',
  'DATABASE_URL',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'GITHUB_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'GITHUB_TOKEN',
  'LLM_API_KEY',
]);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number, expects: string) =>
  z
    .string()
    .regex(/^\d+$/, expects)
    .transform(Number)
    .refine((n) => n >= min && n <= max, expects);

const httpUrl = (expects: string) => z.url({ protocol: /^https?$/, error: expects });

const noSpaces = (expects: string) => z.string().regex(/^\S+$/, expects);

/** GitHub refuses label names over 50 characters (422); a prefix leaves room for the kind or pattern id. */
const labelText = (expects: string) => z.string().refine((t) => t.trim() !== '' && t.length <= 30, expects);

const hexColor = z.string().regex(/^[0-9a-fA-F]{6}$/, 'expects a hex colour without #, such as b60205');

/** GitHub owner names are letters, digits and hyphens; repository names add '.' and '_'. */
export const REPO = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

const PEM = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * Addresses only this host can reach: 127.0.0.0/8 (RFC 1122 section 3.2.1.3), ::1 and its IPv4-mapped
 * form, and `localhost`, which Node resolves to one of them.
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The variables, each with what it expects; empty values count as unset. */
const Variables = z.object({
  PORT: integer(0, 65535, 'expects a TCP port number from 0 to 65535').optional(),
  HOST: noSpaces('expects an address to listen on, such as 0.0.0.0 or 127.0.0.1').optional(),
  API_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{32,}$/, 'expects a random token of at least 32 printable characters, no spaces')
    .optional(),
  KTRIAGE_DB: z.string().optional(),
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: 'expects a PostgreSQL URL, postgres://user:password@host:5432/database',
    })
    .optional(),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'expects json or pretty' }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expects one of ${LOG_LEVELS.join(', ')}` }).optional(),
  KTRIAGE_KNOWLEDGE_DIRS: z.string().optional(),

  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-\S+$/, 'expects a bot token, starting with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: noSpaces(
    "expects the signing secret from the Slack app's Basic Information page",
  ).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-\S+$/, 'expects an app-level token, starting with xapp-')
    .optional(),
  SLACK_API_URL: httpUrl(
    'expects an http(s) URL of the Slack Web API, such as https://slack.com/api/',
  ).optional(),

  GITHUB_APP_ID: integer(
    1,
    Number.MAX_SAFE_INTEGER,
    'expects the numeric App ID from the GitHub App settings',
  ).optional(),
  GITHUB_PRIVATE_KEY: z.string().optional(),
  GITHUB_WEBHOOK_SECRET: z.string().optional(),
  GITHUB_TOKEN: noSpaces('expects a GitHub token (ghp_..., github_pat_...)').optional(),
  GITHUB_API_URL: httpUrl(
    'expects an http(s) URL of the GitHub REST API, such as https://api.github.com',
  ).optional(),
  GITHUB_WATCH_REPOS: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter((r) => r !== ''))
    .refine((repos) => repos.length > 0 && repos.every((r) => REPO.test(r)), {
      error: 'expects owner/repo names separated by commas or spaces',
    })
    .optional(),
  GITHUB_POLL_INTERVAL_MS: integer(10_000, 86_400_000, 'expects milliseconds, at least 10000').optional(),
  GITHUB_LABEL_KIND_PREFIX: labelText(
    'expects a non-empty prefix for report-kind labels, such as "kernel: "',
  ).optional(),
  GITHUB_LABEL_PATTERN_PREFIX: labelText(
    'expects a non-empty prefix for pattern labels, such as "triage: "',
  ).optional(),
  GITHUB_LABEL_DUPLICATE: labelText(
    'expects the name of the duplicate label, such as "possible duplicate"',
  ).optional(),
  GITHUB_LABEL_KIND_COLOR: hexColor.optional(),
  GITHUB_LABEL_PATTERN_COLOR: hexColor.optional(),
  GITHUB_LABEL_DUPLICATE_COLOR: hexColor.optional(),

  OUTBOX_POLL_MS: integer(10, 60_000, 'expects milliseconds from 10 to 60000').optional(),
  OUTBOX_LEASE_MS: integer(5_000, 3_600_000, 'expects milliseconds from 5000 to 3600000').optional(),
  OUTBOX_BATCH: integer(1, 100, 'expects a number of items from 1 to 100').optional(),
  SWEEP_INTERVAL_MS: integer(1_000, 86_400_000, 'expects milliseconds, at least 1000').optional(),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000, 'expects milliseconds from 0 to 600000').optional(),
  KEEP_PASTES_DAYS: integer(0, 3_650, 'expects a number of days from 0 to 3650, 0 to keep none').optional(),
  RATE_LIMIT_PER_MINUTE: integer(0, 100_000, 'expects requests per minute, 0 for no limit').optional(),
  TRIAGE_CONCURRENCY: integer(1, 1_000, 'expects a number of requests from 1 to 1000').optional(),
  TRIAGE_WORKERS: integer(0, 256, 'expects a number of worker threads from 0 to 256').optional(),
  TRIAGE_WORKER_HEAP_MB: integer(16, 65_536, 'expects megabytes from 16 to 65536').optional(),

  LLM_BASE_URL: httpUrl(
    'expects the http(s) base URL of an OpenAI-compatible API, such as http://127.0.0.1:11434/v1',
  ).optional(),
  LLM_MODEL: noSpaces('expects a model name as the provider spells it, such as qwen2.5:14b').optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_TIMEOUT_MS: integer(1_000, 600_000, 'expects milliseconds from 1000 to 600000').optional(),
  LLM_MAX_RETRIES: integer(0, 10, 'expects a number of retries from 0 to 10').optional(),
  LLM_DAILY_TOKENS: integer(1, 1_000_000_000, 'expects a number of tokens per day, at least 1').optional(),
});
type Variables = z.output<typeof Variables>;

type VariableName = keyof typeof Variables.shape;

/** Every variable the service reads; `.env.example` documents each of them. */
export const VARIABLE_NAMES = Object.keys(Variables.shape) as readonly VariableName[];

/** The ways to enable a feature, in the words the startup lines and errors use. */
const ENABLE_WITH = {
  slack: 'SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (Events API over HTTP) or SLACK_APP_TOKEN (Socket Mode)',
  githubApp: 'GITHUB_APP_ID, GITHUB_PRIVATE_KEY and GITHUB_WEBHOOK_SECRET',
  githubPolling: 'GITHUB_TOKEN and GITHUB_WATCH_REPOS',
} as const;

function configSchema(edge: ConfigEdge) {
  const path = (p: string): string => (isAbsolute(p) ? p : resolve(edge.cwd, p));

  return Variables.transform((v, ctx) => {
    const missing = (variable: VariableName, why: string): void => {
      ctx.issues.push({ code: 'custom', path: [variable], message: `is required ${why}`, input: undefined });
    };
    const requireAll = (group: readonly VariableName[], feature: string): void => {
      if (!group.some((name) => v[name] !== undefined)) return;
      const set = group.filter((name) => v[name] !== undefined);
      for (const name of group) {
        if (v[name] === undefined) missing(name, `for ${feature} (set: ${set.join(', ')})`);
      }
    };

    if (
      v.SLACK_BOT_TOKEN === undefined &&
      (v.SLACK_SIGNING_SECRET !== undefined || v.SLACK_APP_TOKEN !== undefined)
    ) {
      missing('SLACK_BOT_TOKEN', 'for Slack (SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set)');
    }
    if (
      v.SLACK_BOT_TOKEN !== undefined &&
      v.SLACK_SIGNING_SECRET === undefined &&
      v.SLACK_APP_TOKEN === undefined
    ) {
      ctx.issues.push({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'or SLACK_APP_TOKEN is required with SLACK_BOT_TOKEN: the signing secret for Events API over HTTP, the app token for Socket Mode',
        input: undefined,
      });
    }
    if (v.API_TOKEN === undefined && v.HOST !== undefined && !isLoopback(v.HOST)) {
      missing(
        'API_TOKEN',
        `when HOST (${v.HOST}) is not a loopback address: without it anyone who reaches the port could use /api/triage and read /metrics`,
      );
    }
    requireAll(['GITHUB_APP_ID', 'GITHUB_PRIVATE_KEY', 'GITHUB_WEBHOOK_SECRET'], 'the GitHub App');
    requireAll(['GITHUB_TOKEN', 'GITHUB_WATCH_REPOS'], 'GitHub polling');
    requireAll(['LLM_BASE_URL', 'LLM_MODEL'], 'LLM explanations');
    if (v.LLM_API_KEY !== undefined && v.LLM_BASE_URL === undefined && v.LLM_MODEL === undefined) {
      missing('LLM_BASE_URL', 'with LLM_MODEL for LLM explanations (LLM_API_KEY is set)');
    }

    const privateKey =
      v.GITHUB_PRIVATE_KEY === undefined ? undefined : readPrivateKey(v.GITHUB_PRIVATE_KEY, path, edge);
    if (typeof privateKey === 'object') {
      ctx.issues.push({
        code: 'custom',
        path: ['GITHUB_PRIVATE_KEY'],
        message: privateKey.error,
        input: undefined,
      });
    }
    if (ctx.issues.length > 0) return z.NEVER;

    return settings(v, typeof privateKey === 'string' ? privateKey : undefined, path, edge);
  });
}

/** PEM text as is, or the content of the file it names; an `{ error }` says what went wrong. */
function readPrivateKey(
  value: string,
  path: (p: string) => string,
  edge: ConfigEdge,
): string | { error: string } {
  // A PEM pasted into one line of an env file or a container's environment often carries literal \n.
  const inline = value.includes('\n') ? value : value.replaceAll('\\n', '\n');
  if (PEM.test(inline.trim())) return inline.trim();
  if (value.trim().startsWith('-----BEGIN'))
    return { error: 'expects a private key PEM (-----BEGIN ... PRIVATE KEY-----)' };
  let text: string;
  try {
    text = edge.readFile(path(value));
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : 'unreadable';
    return {
      error: `expects the PEM text or the path of a .pem file; cannot read ${path(value)} (${reason})`,
    };
  }
  return PEM.test(text.trim())
    ? text.trim()
    : { error: `expects a private key PEM; ${path(value)} does not hold one` };
}

function settings(
  v: Variables,
  privateKey: string | undefined,
  path: (p: string) => string,
  edge: ConfigEdge,
) {
  const slack =
    v.SLACK_BOT_TOKEN === undefined
      ? null
      : {
          botToken: v.SLACK_BOT_TOKEN,
          signingSecret: v.SLACK_SIGNING_SECRET ?? null,
          appToken: v.SLACK_APP_TOKEN ?? null,
          /** Socket Mode when an app token is given: no public URL needed. */
          mode: v.SLACK_APP_TOKEN === undefined ? ('http' as const) : ('socket' as const),
          apiUrl: v.SLACK_API_URL ?? 'https://slack.com/api/',
        };
  const githubApiUrl = v.GITHUB_API_URL ?? 'https://api.github.com';
  const githubApp =
    v.GITHUB_APP_ID === undefined || privateKey === undefined || v.GITHUB_WEBHOOK_SECRET === undefined
      ? null
      : { appId: v.GITHUB_APP_ID, privateKey, webhookSecret: v.GITHUB_WEBHOOK_SECRET, apiUrl: githubApiUrl };
  const githubPolling =
    v.GITHUB_TOKEN === undefined || v.GITHUB_WATCH_REPOS === undefined
      ? null
      : {
          token: v.GITHUB_TOKEN,
          repos: v.GITHUB_WATCH_REPOS,
          intervalMs: v.GITHUB_POLL_INTERVAL_MS ?? 60_000,
          apiUrl: githubApiUrl,
        };
  /** Unset fields take the GitHub adapter's defaults (`kernel: `, `triage: `, `possible duplicate`). */
  const githubLabels = {
    kindPrefix: v.GITHUB_LABEL_KIND_PREFIX,
    patternPrefix: v.GITHUB_LABEL_PATTERN_PREFIX,
    duplicate: v.GITHUB_LABEL_DUPLICATE,
    colors: {
      kind: v.GITHUB_LABEL_KIND_COLOR,
      pattern: v.GITHUB_LABEL_PATTERN_COLOR,
      duplicate: v.GITHUB_LABEL_DUPLICATE_COLOR,
    },
  };
  return {
    port: v.PORT ?? 3000,
    /** Loopback unless told otherwise: a fresh `npm start` is not reachable from the network. */
    host: v.HOST ?? '127.0.0.1',
    /** The bearer token `/api/*` and `/metrics` require; null leaves them open (loopback only). */
    apiToken: v.API_TOKEN ?? null,
    store: v.DATABASE_URL
      ? { kind: 'postgres' as const, url: v.DATABASE_URL }
      : { kind: 'sqlite' as const, path: path(v.KTRIAGE_DB ?? 'data/ktriage.db') },
    log: {
      format: v.LOG_FORMAT ?? (edge.stdoutIsTTY ? ('pretty' as const) : ('json' as const)),
      level: v.LOG_LEVEL ?? 'info',
    },
    knowledgeDirs: parseKnowledgeDirs(v.KTRIAGE_KNOWLEDGE_DIRS, edge.cwd),
    slack,
    githubApp,
    githubPolling,
    githubLabels,
    outbox: {
      pollMs: v.OUTBOX_POLL_MS ?? 1_000,
      /** Longer than one delivery takes with the platform clients' own retries. */
      leaseMs: v.OUTBOX_LEASE_MS ?? 120_000,
      batchSize: v.OUTBOX_BATCH ?? 10,
    },
    /** Off unless a provider and model are named: the paste then goes to that provider. */
    llm:
      v.LLM_BASE_URL === undefined || v.LLM_MODEL === undefined
        ? null
        : {
            baseUrl: v.LLM_BASE_URL,
            model: v.LLM_MODEL,
            apiKey: v.LLM_API_KEY ?? null,
            timeoutMs: v.LLM_TIMEOUT_MS ?? 30_000,
            maxRetries: v.LLM_MAX_RETRIES ?? 2,
            dailyTokens: v.LLM_DAILY_TOKENS ?? 1_000_000,
          },
    sweepIntervalMs: v.SWEEP_INTERVAL_MS ?? 600_000,
    /** Docker's `stop` waits 10 s before SIGKILL; draining stays inside that. */
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS ?? 8_000,
    /** How long the web page keeps a paste for its shareable link; 0 keeps none (the default). */
    keepPastesDays: v.KEEP_PASTES_DAYS ?? 0,
    /** Per client, on triage and sign-in requests (API, web form); see ClientLimits. */
    clientLimits: {
      perMinute: v.RATE_LIMIT_PER_MINUTE ?? 60,
      inFlight: v.TRIAGE_CONCURRENCY ?? 2 * availableParallelism(),
    },
    /**
     * Worker threads that parse, match and note pastes, so the thread that acknowledges Slack and
     * GitHub never waits behind a paste; 0 triages on that thread.
     */
    triageWorkers: v.TRIAGE_WORKERS ?? availableParallelism(),
    /**
     * Each worker's heap: a paste that needs more fails alone and its worker is replaced, where on
     * the service's thread it would end the process. The largest paste read (8 MiB) needs about 128.
     */
    triageWorkerHeapMiB: v.TRIAGE_WORKER_HEAP_MB ?? 512,
  };
}

export type Config = ReturnType<typeof settings>;
export type LogLevel = Config['log']['level'];
export type LogFormat = Config['log']['format'];

/**
 * A configuration that cannot start the service; the message names every variable at fault. The
 * command prints it as one line, as it does a bad flag.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1 ? `configuration: ${problems[0]}` : `configuration:\n  ${problems.join('\n  ')}`,
    );
  }
}

/**
 * Parses the environment (and the text of a `.env` file) into the service's settings, or throws a
 * ConfigError naming each variable at fault and what it expects. Secret values are never echoed.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  dotenvText: string | undefined,
  edge: ConfigEdge,
): Config {
  const merged: Record<string, string> = {};
  for (const source of [dotenvText === undefined ? {} : parseEnv(dotenvText), env]) {
    for (const [name, value] of Object.entries(source)) {
      if (value !== undefined) merged[name] = value;
    }
  }
  // `FOO=` in a compose file or .env means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(merged).filter(([, value]) => value.trim() !== ''));
  const parsed = configSchema(edge).safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = present[name];
      const shown = value === undefined || SECRETS.has(name) ? '' : ` (got ${JSON.stringify(value)})`;
      return `${name} ${issue.message}${shown}`;
    }),
  );
}

export interface FeatureState {
  name: string;
  /** The adapter that serves it. */
  target: 'slack' | 'github';
  enabled: boolean;
  /** How it runs when enabled; the variables that enable it when not. */
  detail: string;
}

/** What this configuration turns on, and for what is off, the variables that turn it on. */
export function featureStates(config: Config): FeatureState[] {
  const { slack, githubApp, githubPolling } = config;
  return [
    {
      name: 'Slack',
      target: 'slack',
      enabled: slack !== null,
      detail:
        slack === null
          ? `set ${ENABLE_WITH.slack}`
          : slack.mode === 'socket'
            ? 'Socket Mode'
            : 'Events API over HTTP',
    },
    {
      name: 'GitHub App webhooks',
      target: 'github',
      enabled: githubApp !== null,
      detail: githubApp === null ? `set ${ENABLE_WITH.githubApp}` : `App ${githubApp.appId}`,
    },
    {
      name: 'GitHub polling',
      target: 'github',
      enabled: githubPolling !== null,
      detail:
        githubPolling === null
          ? `set ${ENABLE_WITH.githubPolling}`
          : `${githubPolling.repos.join(', ')} every ${githubPolling.intervalMs / 1000} s`,
    },
  ];
}

/** The store for the startup line: a PostgreSQL URL without its password. */
export function describeStore(store: Config['store']): string {
  if (store.kind === 'sqlite') return `SQLite at ${store.path}`;
  const url = new URL(store.url);
  url.password = '';
  url.search = '';
  return `PostgreSQL at ${url.toString()}`;
}

/** `KTRIAGE_KNOWLEDGE_DIRS`: folders separated by the path delimiter, relative ones resolved against `cwd`. */
export function parseKnowledgeDirs(raw: string | undefined, cwd: string): string[] {
  return (raw ?? '')
    .split(delimiter)
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map((d) => (isAbsolute(d) ? d : resolve(cwd, d)));
}
