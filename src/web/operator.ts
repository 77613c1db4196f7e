import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { html, type Html } from '../render/html-text.js';
import type { Route } from '../server/adapter.js';
import { layout, sendPage } from './layout.js';
import type { StaticFiles } from './static-files.js';

const COOKIE = 'ktriage_operator';
/** A sign-in lasts a working day; then the operator gives the token again. */
const SESSION_S = 12 * 3600;

/**
 * Who may see the operators' pages. With `API_TOKEN` set: a request that presents it as a bearer
 * token, or a browser that signed in with it (a cookie holding an expiry and an HMAC of it keyed by
 * the token, so rotating the token signs everybody out). Without `API_TOKEN` the service listens on
 * loopback only (src/config/env.ts insists), so whoever reaches it is on this host or came through
 * the operator's reverse proxy, which does its own sign-in: everyone is let in.
 */
export interface OperatorGate {
  allows(req: IncomingMessage, nowMs: number): boolean;
  /** The sign-in form for a page that needs it. */
  signInForm(message: string | null): Html;
  routes: Route[];
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

function cookieOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return null;
}

export function operatorGate(apiToken: string | null, files: StaticFiles, now: () => Date): OperatorGate {
  const expected = apiToken === null ? null : digest(apiToken);
  const sign = (expires: number): string =>
    createHmac('sha256', apiToken ?? '')
      .update(`ktriage operator until ${expires}`)
      .digest('base64url');

  const signInForm = (message: string | null): Html =>
    html`<form class="signin" method="post" action="/signin">
      <p>This page is for the operators of this ktriage: sign in with its <code>API_TOKEN</code>.</p>
      ${message === null ? null : html`<p class="error" role="alert">${message}</p>`}
      <label for="token">API token</label>
      <input type="password" id="token" name="token" autocomplete="current-password" required />
      <button type="submit">Sign in</button>
    </form>`;

  const allows = (req: IncomingMessage, nowMs: number): boolean => {
    if (expected === null) return true;
    const bearer = /^Bearer +(\S{1,1024})$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && sameSecret(bearer, expected)) return true;
    const cookie = cookieOf(req);
    const [until, mac] = (cookie ?? '').split('.');
    const expires = Number(until);
    if (mac === undefined || !Number.isSafeInteger(expires) || expires * 1000 <= nowMs) return false;
    return sameSecret(mac, digest(sign(expires)));
  };

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/signin',
      async handle(_req, res) {
        const body =
          expected === null
            ? html`<h1>Sign in</h1>
                <p>
                  No <code>API_TOKEN</code> is set: the operators' pages are open to whoever reaches this
                  address. <a href="/recent">Recent triages</a>.
                </p>`
            : html`<h1>Sign in</h1>
                ${signInForm(null)}`;
        sendPage(res, 200, layout(files, { title: 'Sign in', section: 'recent', body }));
      },
    },
    {
      method: 'POST',
      path: '/signin',
      limited: true,
      async handle(req, res, body) {
        const token = new URLSearchParams(body.toString('utf8')).get('token') ?? '';
        if (expected === null || !sameSecret(token, expected)) {
          const page = html`<h1>Sign in</h1>
            ${signInForm('That is not the API token of this service.')}`;
          sendPage(res, 401, layout(files, { title: 'Sign in', section: 'recent', body: page }));
          return;
        }
        const expires = Math.floor(now().getTime() / 1000) + SESSION_S;
        // Secure whenever the operator's proxy says the browser came over HTTPS.
        const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
        res.writeHead(303, {
          location: '/recent',
          'set-cookie': `${COOKIE}=${expires}.${sign(expires)}; Path=/; Max-Age=${SESSION_S}; HttpOnly; SameSite=Strict${secure}`,
          'cache-control': 'no-store',
        });
        res.end();
      },
    },
    {
      method: 'POST',
      path: '/signout',
      async handle(_req, res) {
        res.writeHead(303, {
          location: '/',
          'set-cookie': `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`,
        });
        res.end();
      },
    },
  ];
  return { allows, signInForm, routes };
}
