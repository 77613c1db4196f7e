import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Route } from './adapter.js';
import { HttpError } from './http-server.js';

/**
 * Routes that need `Authorization: Bearer <API_TOKEN>` when a token is configured (RFC 6750); with
 * none (the loopback default) they are returned as they are. Slack and GitHub routes carry their own
 * signatures and probes stay open, so only the API and the metrics go through here.
 */
export function behindToken(token: string | null, routes: readonly Route[]): Route[] {
  if (token === null) return [...routes];
  const expected = digest(token);
  return routes.map((route) => ({
    ...route,
    async handle(req, res, body) {
      if (!presents(req, expected)) {
        throw new HttpError(401, 'this route needs Authorization: Bearer <API_TOKEN>', {
          'www-authenticate': 'Bearer realm="ktriage"',
        });
      }
      await route.handle(req, res, body);
    },
  }));
}

/** Digests of equal length, so the comparison takes the same time whatever was sent. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function presents(req: IncomingMessage, expected: Buffer): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer +(\S{1,1024})$/i.exec(header);
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}
