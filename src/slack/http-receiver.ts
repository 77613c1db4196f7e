import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { Route } from '../server/adapter.js';
import { HttpError, sendJson } from '../server/http-server.js';
import { UrlVerification } from './payloads.js';
import { verifySignature } from './signing.js';

/**
 * A command or action that no listener answered gets an empty 200 before Slack's 3-second limit
 * ("Responding to slash commands"), so the user sees no timeout error.
 */
const UNANSWERED_ACK_MS = 2_500;

const Json = z.record(z.string(), z.unknown());

/**
 * Bolt's receiver for the Events API on the service's own HTTP server (Bolt's HTTPReceiver runs its
 * own server and does not let the caller wait for the work after the ack). It verifies the request,
 * answers `url_verification` and `ssl_check`, acks events at once, then hands the payload to Bolt
 * and resolves once the listeners finish, so a draining server waits for them.
 */
export class HttpReceiver implements Receiver {
  private app: App | undefined;

  constructor(
    private readonly signingSecret: string,
    private readonly log: Logger,
    private readonly nowMs: () => number,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  route(path: string): Route {
    return { method: 'POST', path, handle: (req, res, body) => this.handle(req, res, body) };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const text = raw.toString('utf8');
    const form =
      (req.headers['content-type'] ?? '').split(';')[0]?.trim() === 'application/x-www-form-urlencoded';
    const fields = form ? new URLSearchParams(text) : null;
    // Slack's certificate check carries no signature ("Verifying requests from Slack").
    if (fields?.get('ssl_check') === '1') {
      res.writeHead(200).end();
      return;
    }
    try {
      verifySignature(this.signingSecret, req.headers, text, this.nowMs());
    } catch (err) {
      this.log.warn(
        { reason: err instanceof Error ? err.message : String(err) },
        'rejected a Slack request: bad signature',
      );
      throw new HttpError(401, 'invalid Slack request signature');
    }
    const body = parseBody(text, fields);
    if (body === null) throw new HttpError(400, 'unreadable Slack payload');
    const challenge = UrlVerification.safeParse(body);
    if (challenge.success) {
      sendJson(res, 200, { challenge: challenge.data.challenge });
      return;
    }
    if (this.app === undefined) throw new HttpError(503, 'the Slack app is not ready');

    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) return;
      acked = true;
      if (response === undefined || response === '') res.writeHead(200).end();
      else if (typeof response === 'string')
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(response);
      else sendJson(res, 200, response);
    };
    // The Events API expects no content: answer before any work, whatever Bolt's authorize does.
    if (body.type === 'event_callback') await ack();
    const timer = setTimeout(() => void ack(), UNANSWERED_ACK_MS);
    const event: ReceiverEvent = { body, ack, ...retry(req) };
    try {
      await this.app.processEvent(event);
    } finally {
      clearTimeout(timer);
      await ack();
    }
  }
}

/** JSON for events; form fields for commands, with block actions as JSON in `payload`. */
function parseBody(text: string, fields: URLSearchParams | null): Record<string, unknown> | null {
  try {
    if (fields === null) return Json.parse(JSON.parse(text));
    const payload = fields.get('payload');
    return payload === null ? Object.fromEntries(fields) : Json.parse(JSON.parse(payload));
  } catch {
    return null;
  }
}

/** `X-Slack-Retry-Num` / `-Reason`, for Bolt's `context.retryNum`; dedup does not depend on them. */
function retry(req: IncomingMessage): { retryNum?: number; retryReason?: string } {
  const num = req.headers['x-slack-retry-num'];
  const reason = req.headers['x-slack-retry-reason'];
  return {
    ...(typeof num === 'string' && /^\d+$/.test(num) ? { retryNum: Number(num) } : {}),
    ...(typeof reason === 'string' ? { retryReason: reason } : {}),
  };
}
