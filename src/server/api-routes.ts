import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Route } from './adapter.js';
import { MEDIA_TYPES, OutputFormat } from '../render/formats.js';
import type { Core } from '../usecase/core.js';
import { CorePool, TriageFailed } from './core-pool.js';
import { triageAs } from './rendered-triage.js';
import { HttpError, sendJson, sendText } from './http-server.js';
import { KbAnswer, openApiDocument, TriageRequest } from './openapi.js';
import type { Metrics } from './metrics.js';

const Q_EXPECTS = 'q is required: the words, function names or error text to look for';
const LIMIT_EXPECTS = 'limit must be a whole number from 1 to 50';

const KbQuery = z.object({
  q: z.string({ error: Q_EXPECTS }).trim().min(1, Q_EXPECTS),
  limit: z.coerce
    .number({ error: LIMIT_EXPECTS })
    .int(LIMIT_EXPECTS)
    .min(1, LIMIT_EXPECTS)
    .max(50, LIMIT_EXPECTS)
    .default(10),
});

function query<T extends z.ZodType>(schema: T, req: IncomingMessage): z.output<T> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/**
 * The paste, from JSON `{ text }` or from any other body taken as text: `curl --data-binary @oops.txt`
 * sends form encoding by default, and rejecting what people type first helps nobody.
 */
function pasteOf(req: IncomingMessage, body: Buffer): string {
  const type = (req.headers['content-type'] ?? 'text/plain').split(';')[0]?.trim().toLowerCase();
  // Invalid UTF-8 becomes U+FFFD, as in the CLI: a paste with a stray byte is still worth reading.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (type !== 'application/json') return text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not valid JSON; send {"text": "<kernel log>"}');
  }
  const parsed = TriageRequest.safeParse(json);
  if (!parsed.success)
    throw new HttpError(400, 'the JSON body needs a string field "text" holding the kernel log');
  return parsed.data.text;
}

const FORMAT_EXPECTS = `format must be one of ${OutputFormat.options.join(', ')}`;

/** What `Accept` may name, and the format that answers it; anything else, a wildcard too, gets JSON. */
const ACCEPTED: ReadonlyMap<string, OutputFormat> = new Map([
  ['application/json', 'json'],
  ['text/markdown', 'markdown'],
  ['text/plain', 'text'],
]);

/** `?format=` wins; otherwise the first format `Accept` prefers (by its q-values), JSON by default. */
function formatOf(req: IncomingMessage): OutputFormat {
  const asked = new URL(req.url ?? '/', 'http://localhost').searchParams.get('format');
  if (asked !== null) {
    const format = OutputFormat.safeParse(asked);
    if (!format.success) throw new HttpError(400, FORMAT_EXPECTS);
    return format.data;
  }
  let best: { format: OutputFormat; q: number } | null = null;
  for (const range of (req.headers.accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const format = ACCEPTED.get(type);
    if (format === undefined) continue;
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    if (q > 0 && (best === null || q > best.q)) best = { format, q };
  }
  return best?.format ?? 'json';
}

/** The HTTP API: triage a paste, search the knowledge base, and the description of both. */
export function apiRoutes(core: Core, metrics: Metrics): Route[] {
  let description: string | undefined;
  return [
    {
      method: 'POST',
      path: '/api/triage',
      limited: true,
      async handle(req, res, body) {
        const format = formatOf(req);
        const paste = pasteOf(req, body);
        if (paste.trim() === '') throw new HttpError(400, 'nothing to triage: the body holds no text');
        // On worker threads the note is rendered there as well: a long answer costs this thread nothing.
        const answer = await (
          core instanceof CorePool ? core.triageAs(paste, format) : triageAs(core, paste, format)
        ).catch((err: unknown) => {
          throw err instanceof TriageFailed ? new HttpError(500, err.message) : err;
        });
        metrics.triaged('api', answer.tallies, answer.seconds);
        sendText(res, 200, MEDIA_TYPES[format], answer.body);
      },
    },
    {
      method: 'GET',
      path: '/api/kb',
      async handle(req, res) {
        const { q, limit } = query(KbQuery, req);
        const answer: z.output<typeof KbAnswer> = { query: q, hits: core.searchKb(q).slice(0, limit) };
        sendJson(res, 200, answer);
      },
    },
    {
      method: 'GET',
      path: '/api/openapi.json',
      async handle(_req, res) {
        // Built at the first request: a service nobody asks for it never pays for it.
        description ??= `${JSON.stringify(openApiDocument(), null, 2)}\n`;
        sendText(res, 200, 'application/json; charset=utf-8', description);
      },
    },
  ];
}
