import type { IncomingMessage } from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import { ZodError } from 'zod';
import type { Logger } from '../log/logger.js';
import type { Route } from '../server/adapter.js';
import { HttpError, sendJson } from '../server/http-server.js';
import type { Metrics } from '../server/metrics.js';
import { eventFromDelivery, type IssueEvent } from './events.js';

export const WEBHOOK_PATH = '/github/webhooks';

/**
 * GitHub's `X-Hub-Signature-256` (`sha256=` and the hex HMAC-SHA256 of the body as sent, keyed with
 * the webhook secret), checked by `@octokit/webhooks` in constant time on the body as received (a
 * re-serialised JSON body never matches). It refuses an empty body or signature by throwing.
 */
export function signatureVerifier(
  secret: string,
): (body: Buffer, header: string | undefined) => Promise<boolean> {
  const webhooks = new Webhooks({ secret });
  return async (body, header) =>
    header !== undefined &&
    header !== '' &&
    body.length > 0 &&
    webhooks.verify(body.toString('utf8'), header);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export interface WebhookRouteOptions {
  secret: string;
  log: Logger;
  metrics: Metrics;
  /** Works on one accepted event after GitHub has its answer; a throw is logged here. */
  handle: (event: IssueEvent) => Promise<void>;
}

/**
 * `POST /github/webhooks`: 401 unless signed with the secret, then 202 at once (GitHub waits 10 s at
 * most) and the work after it; the request stays in flight until the work is done, so a shutdown
 * drains it. Events ktriage does not act on get 200 and a reason.
 */
export function webhookRoute(options: WebhookRouteOptions): Route {
  const verify = signatureVerifier(options.secret);
  return {
    method: 'POST',
    path: WEBHOOK_PATH,
    async handle(req, res, body) {
      if (!(await verify(body, header(req, 'x-hub-signature-256')))) {
        throw new HttpError(
          401,
          'X-Hub-Signature-256 does not match the body signed with GITHUB_WEBHOOK_SECRET',
        );
      }
      const delivery = header(req, 'x-github-delivery');
      const name = header(req, 'x-github-event');
      if (delivery === undefined || name === undefined)
        throw new HttpError(400, 'X-GitHub-Delivery and X-GitHub-Event are required');
      if ((header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
        throw new HttpError(415, 'set the webhook content type to application/json');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'the body is not JSON');
      }
      options.metrics.eventReceived('github');
      let event: IssueEvent | { ignored: string };
      try {
        event = eventFromDelivery(name, delivery, payload);
      } catch (err) {
        if (!(err instanceof ZodError)) throw err;
        const where = err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new HttpError(400, `the ${name} payload lacks what ktriage reads (${where})`);
      }
      if ('ignored' in event) {
        sendJson(res, 200, { ignored: event.ignored });
        return;
      }
      sendJson(res, 202, { accepted: delivery });
      try {
        await options.handle(event);
      } catch (err) {
        // Not claimed in the store, so a redelivery, the next event on the issue or `/ktriage` triages it.
        options.log.error(
          { err, delivery, event: name, issue: event.issue.number },
          'GitHub delivery could not be handled',
        );
      }
    },
  };
}
