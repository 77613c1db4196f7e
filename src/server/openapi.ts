import { z } from 'zod';
import { OutputFormat } from '../render/formats.js';
import { NoteSet, ParseResult, SearchHit } from '../usecase/core.js';

/** `POST /api/triage` with JSON: `{ "text": "<the paste>" }`. */
export const TriageRequest = z.object({ text: z.string() });

/** The answer of `GET /api/kb`: the hits, best first. */
export const KbAnswer = z.object({ query: z.string(), hits: z.array(SearchHit) });

export const ApiError = z.object({ error: z.string() });

type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema (2020-12, the dialect of OpenAPI 3.1). Objects stay open: the contract
 * says keys may be added, and the answer of `/api/triage` is a ParseResult and a NoteSet at once.
 */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const out: JsonSchema = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
    },
  });
  delete out.$schema;
  return out;
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const text = { type: 'string' };
const error = (description: string) => ({ description, content: json(ref('Error')) });
const UNAUTHORIZED = error('API_TOKEN is set and the request does not carry it as `Authorization: Bearer`');

/**
 * The HTTP API as OpenAPI 3.1, served at `/api/openapi.json`. The schemas are generated from the
 * zod schemas the routes use, so the description cannot drift from what they send.
 */
export function openApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ktriage HTTP API',
      version: '1',
      description: 'Triage pasted Linux kernel reports; search the knowledge base; probe the service.',
    },
    paths: {
      '/api/triage': {
        post: {
          summary: 'Triage a paste: every report found, the knowledge entries that fit it, and its note',
          parameters: [
            {
              name: 'format',
              in: 'query',
              required: false,
              description:
                'The answer, as `ktriage triage --format` gives it. Without it, `Accept: text/markdown` or `text/plain` choose; JSON otherwise.',
              schema: { type: 'string', enum: OutputFormat.options },
            },
          ],
          requestBody: {
            required: true,
            description:
              'The paste as text (any content type but JSON is read as text, so `curl --data-binary @file` works), or JSON `{"text": ...}`.',
            content: {
              'text/plain': { schema: text },
              'application/x-www-form-urlencoded': { schema: text },
              ...json(ref('TriageRequest')),
            },
          },
          responses: {
            200: {
              description:
                'The triage: the JSON contract (`format=json`), the Slack message (`format=slack`), Markdown or text',
              content: {
                ...json({ anyOf: [ref('Triage'), ref('SlackMessage')] }),
                'text/markdown': { schema: text },
                'text/plain': { schema: text },
              },
            },
            400: error('an empty paste, unreadable JSON, or an unknown format'),
            401: UNAUTHORIZED,
            413: error('the body is over the size limit'),
          },
        },
      },
      '/api/kb': {
        get: {
          summary: 'Knowledge entries ranked for words, function names or error text',
          parameters: [
            { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
            },
          ],
          responses: {
            200: { description: 'The hits, best first', content: json(ref('KbAnswer')) },
            400: error('no q, or a limit out of range'),
            401: UNAUTHORIZED,
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This description',
          responses: {
            200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) },
            401: UNAUTHORIZED,
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'The process answers',
          responses: { 200: { description: '`{"status": "ok"}`', content: json({ type: 'object' }) } },
        },
      },
      '/readyz': {
        get: {
          summary: 'The store answers and the process is not draining',
          responses: {
            200: { description: 'ready', content: json({ type: 'object' }) },
            503: { description: 'draining, or the store is unreachable', content: json({ type: 'object' }) },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: {
            200: { description: 'Prometheus text exposition', content: { 'text/plain': { schema: text } } },
            401: UNAUTHORIZED,
          },
        },
      },
    },
    components: {
      schemas: {
        TriageRequest: jsonSchema(TriageRequest),
        Triage: { allOf: [ref('ParseResult'), ref('NoteSet')] },
        ParseResult: jsonSchema(ParseResult),
        NoteSet: jsonSchema(NoteSet),
        SlackMessage: {
          type: 'object',
          description: 'A Block Kit message: `chat.postMessage` arguments without the channel',
          properties: { text: text, blocks: { type: 'array', items: { type: 'object' } } },
          required: ['text', 'blocks'],
        },
        KbAnswer: jsonSchema(KbAnswer),
        Error: jsonSchema(ApiError),
      },
    },
  };
}
