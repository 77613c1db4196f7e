import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/*
 * A local OpenAI-compatible server: `POST /v1/chat/completions` answers from a list of recorded HTTP
 * responses, one per request in order (the last one repeats), and records every request body. The
 * real `openai` SDK talks to it as it would to a provider.
 */

export const RecordedResponse = z.object({
  /** What the recording shows, for people reading the fixture. */
  about: z.string().optional(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).default({}),
  /** JSON bodies are sent as JSON; a string body is sent as is. */
  body: z.unknown(),
  /** Hold the answer this long: longer than the client's timeout, it is a timeout. */
  delayMs: z.number().int().default(0),
});
export type RecordedResponse = z.infer<typeof RecordedResponse>;

export function recorded(name: string): RecordedResponse {
  const url = new URL(`../fixtures/llm/${name}.json`, import.meta.url);
  return RecordedResponse.parse(JSON.parse(readFileSync(url, 'utf8')));
}

export interface FakeLlm {
  /** Base URL as LLM_BASE_URL takes it: `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** Request bodies of `/v1/chat/completions`, parsed, in arrival order. */
  requests: unknown[];
  /** Authorization headers as they arrived. */
  auth: Array<string | undefined>;
  close(): Promise<void>;
}

export async function startFakeLlm(responses: readonly RecordedResponse[]): Promise<FakeLlm> {
  const requests: unknown[] = [];
  const auth: Array<string | undefined> = [];
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const index = Math.min(requests.length, responses.length - 1);
      requests.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      auth.push(req.headers.authorization);
      const answer = responses[index];
      if (answer === undefined) throw new Error('startFakeLlm needs at least one response');
      const send = (): void => {
        held.delete(res);
        if (res.destroyed) return;
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(text);
      };
      held.add(res);
      if (answer.delayMs > 0) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    auth,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
