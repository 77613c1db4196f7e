import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/env.js';

export type { Logger };

const REDACTED = '[redacted]';

/**
 * Values that are credentials whatever field holds them: they also turn up inside error messages,
 * URLs and request dumps, where no field name gives them away.
 */
const SECRET_VALUES: readonly [RegExp, string][] = [
  // PEM blocks, also cut-off ones; inside a JSON line their newlines are the two characters \n.
  [/-----BEGIN [A-Z0-9 ]+-----(?:(?!-----END)[\s\S])*(?:-----END [A-Z0-9 ]+-----)?/g, REDACTED],
  // Slack tokens: xoxb- bot, xoxp- user, xoxe- refresh, ...; xapp- app-level.
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  // GitHub tokens: ghp_ classic, gho_ OAuth, ghu_/ghs_ App user/installation, ghr_ refresh; fine-grained PATs.
  [/\bgh[pousr]_[A-Za-z0-9_]+/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]+/g, REDACTED],
  [/\bBearer [A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`],
  // The password of a URL such as DATABASE_URL.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@"]*:)[^@\s/"]+@/gi, `$1${REDACTED}@`],
];

/**
 * A string field whose name says it holds a credential, at any depth of a JSON log line (pino's own
 * `redact` paths reach one wildcard level, and a token field can sit deeper, in an error's request).
 */
const SECRET_FIELD =
  /"([^"]*(?:token|secret|password|passwd|authorization|cookie|private_?key|api_?key|credential)[^"]*)":"(?:[^"\\]|\\.)*"/gi;

/** Replaces every credential in one serialized log line. */
export function redactSecrets(line: string): string {
  let out = line.replace(SECRET_FIELD, `"$1":"${REDACTED}"`);
  for (const [pattern, replacement] of SECRET_VALUES) out = out.replace(pattern, replacement);
  return out;
}

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  destination: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The process's one logger: JSON lines, or readable lines for a terminal; credentials redacted either way. */
export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, hooks: { streamWrite: redactSecrets } };
  if (options.format === 'json') return pino(base, options.destination);
  return pino(
    base,
    pretty({
      destination: options.destination,
      sync: true,
      colorize: options.destination.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      // The startup lines say it all in their message; their fields are for JSON readers.
      ignore: 'pid,hostname,startup',
    }),
  );
}
