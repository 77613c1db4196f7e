import {
  HTTPModuleFunctions as http,
  HTTPResponseAck,
  type App,
  type Logger as BoltLogger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { Route } from '../server/adapter.js';
import { HttpError } from '../server/http-server.js';
import { boltLogger } from './bolt-logger.js';
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
  private readonly boltLog: BoltLogger;

  constructor(
    private readonly signingSecret: string,
    private readonly log: Logger,
    private readonly nowMs: () => number,
  ) {
    this.boltLog = boltLogger(log);
  }

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
      http.buildSSLCheckResponse(res);
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
    const body = parseBody(req, raw);
    if (body === null) throw new HttpError(400, 'unreadable Slack payload');
    if (UrlVerification.safeParse(body).success) {
      http.buildUrlVerificationResponse(res, body);
      return;
    }
    if (this.app === undefined) throw new HttpError(503, 'the Slack app is not ready');

    const boltAck = new HTTPResponseAck({
      logger: this.boltLog,
      processBeforeResponse: false,
      unhandledRequestHandler: ({ response }) => {
        if (!response.headersSent) http.buildNoBodyResponse(response, 200);
      },
      unhandledRequestTimeoutMillis: UNANSWERED_ACK_MS,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    }).bind();
    // Acked at most once: by a listener, by the event's own ack below, or empty once nothing answered.
    const ack = async (response?: unknown): Promise<void> => {
      if (!res.headersSent) await boltAck(response);
    };
    // The Events API expects no content: answer before any work, whatever Bolt's authorize does.
    if (body.type === 'event_callback') await ack();
    const retryNum = http.extractRetryNumFromHTTPRequest(req);
    const retryReason = http.extractRetryReasonFromHTTPRequest(req);
    const event: ReceiverEvent = {
      body,
      ack,
      ...(retryNum === undefined || Number.isNaN(retryNum) ? {} : { retryNum }),
      ...(retryReason === undefined ? {} : { retryReason }),
    };
    try {
      await this.app.processEvent(event);
    } finally {
      await ack();
    }
  }
}

/**
 * Bolt's parsing: JSON for events; form fields for commands, with block actions as JSON in
 * `payload`. Null when it is not an object.
 */
function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = http.parseHTTPRequestBody(Object.assign(req, { rawBody: raw }));
  } catch {
    return null;
  }
  const body = Json.safeParse(parsed);
  return body.success ? body.data : null;
}
