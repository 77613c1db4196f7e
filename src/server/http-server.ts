import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';
import type { Route } from './adapter.js';
import type { ClientLimits } from './client-limits.js';
import type { Metrics } from './metrics.js';

/**
 * Largest request body read: a long kernel log (the parser reads up to 8 MiB of characters) fits;
 * Slack event payloads and GitHub webhooks stay far below (GitHub caps payloads at 25 MB, and an issue
 * body at 65,536 characters).
 */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** An answer other than success, raised by a route: the server sends `{ "error": message }` with `status`. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The client went away before its body arrived: its own doing (a dropped connection, a cancelled
 * upload), so it is logged briefly, without a stack; anyone could otherwise fill the logs at error level.
 */
class ClientGone extends Error {
  override readonly name = 'ClientGone';
}

/**
 * Reads the whole body, up to `limit` bytes. Past the limit it rejects with 413 but keeps reading and
 * dropping the rest, so the client finishes sending and reads the answer instead of a reset.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = new HttpError(413, `request body is larger than ${limit} bytes`, { connection: 'close' });
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.reject(tooLarge);
  }
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size - chunk.length <= limit) {
        chunks = [];
        reject(tooLarge);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (err) => reject(new ClientGone(`${err.message} after ${size} bytes`)));
  });
}

export interface HttpServerOptions {
  routes: readonly Route[];
  log: Logger;
  metrics: Metrics;
  maxBodyBytes?: number;
  /** Admits the requests of `limited` routes; without it they are not limited. */
  limits?: ClientLimits;
  /** Milliseconds now, for the limits; `Date.now` unless a test drives the clock. */
  clock?: () => number;
}

/**
 * The one HTTP server: an exact-path routes table, a bounded body, JSON errors, and a drain that stops
 * taking requests and waits for the ones in flight (adapter work after the response included).
 */
export class HttpServer {
  private readonly server: Server;
  private readonly table = new Map<string, Map<string, Route>>();
  /** Paths of prefix routes, longest first, so the most specific one answers. */
  private readonly prefixes: string[];
  private readonly inFlight = new Set<Promise<void>>();
  private draining = false;

  constructor(private readonly options: HttpServerOptions) {
    for (const route of options.routes) {
      const methods = this.table.get(route.path) ?? new Map<string, Route>();
      if (methods.has(route.method)) throw new Error(`two routes for ${route.method} ${route.path}`);
      methods.set(route.method, route);
      this.table.set(route.path, methods);
    }
    this.prefixes = [...new Set(options.routes.filter((r) => r.prefix === true).map((r) => r.path))].sort(
      (a, b) => b.length - a.length,
    );
    this.server = createServer((req, res) => {
      const handled = this.dispatch(req, res);
      this.inFlight.add(handled);
      void handled.finally(() => this.inFlight.delete(handled));
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
    return address;
  }

  /** Stops accepting connections; requests still arriving on open connections get 503. */
  stopAccepting(): void {
    this.draining = true;
    this.server.close();
    this.server.closeIdleConnections();
  }

  /** Waits until no request is in flight, or `deadline`; true when all finished. */
  async settle(deadline: number): Promise<boolean> {
    while (this.inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
    return true;
  }

  /** Closes every remaining connection and resolves once the server is closed. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
    this.server.closeAllConnections();
    await closed;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    let path = req.url ?? '/';
    let route: Route | undefined;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.metrics.request(method, route?.path ?? 'unmatched', res.statusCode, seconds);
      this.options.log.debug(
        { method, path, status: res.statusCode, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    try {
      path = new URL(path, 'http://localhost').pathname;
      const methods =
        this.table.get(path) ?? this.table.get(this.prefixes.find((p) => path.startsWith(p)) ?? '');
      if (methods === undefined) throw new HttpError(404, `no route for ${path}`);
      // HEAD is GET without the body (RFC 9110 section 9.3.2); Node drops the body of a HEAD answer.
      route = methods.get(method) ?? (method === 'HEAD' ? methods.get('GET') : undefined);
      if (route === undefined) {
        const allowed = [...methods.keys()].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
        throw new HttpError(405, `${path} accepts ${allowed}`, { allow: allowed });
      }
      if (this.draining && !route.servesWhileDraining) {
        throw new HttpError(503, 'shutting down', { connection: 'close', 'retry-after': '1' });
      }
      const release = this.admit(route, req);
      try {
        const body = await readBody(req, this.options.maxBodyBytes ?? MAX_BODY_BYTES);
        await route.handle(req, res, body);
      } finally {
        release();
      }
    } catch (err) {
      this.fail(res, err, method, path);
    }
  }

  /** A limited route's slot for this client, or 429 before the body is read; `release` frees it. */
  private admit(route: Route, req: IncomingMessage): () => void {
    const limits = this.options.limits;
    if (route.limited !== true || limits === undefined) return () => undefined;
    const client = req.socket.remoteAddress ?? 'unknown';
    const admission = limits.admit(client, (this.options.clock ?? Date.now)());
    if (!admission.ok) {
      req.resume();
      throw new HttpError(429, `too many requests: ${admission.why}; retry in ${admission.retryAfterS} s`, {
        'retry-after': String(admission.retryAfterS),
      });
    }
    return admission.release;
  }

  private fail(res: ServerResponse, err: unknown, method: string, path: string): void {
    if (err instanceof ClientGone) {
      this.options.log.info(
        { method, path, reason: err.message },
        'client disconnected before its body ended',
      );
      res.destroy();
      return;
    }
    if (res.writableEnded) {
      this.options.log.error({ err, method, path }, 'work after the response failed');
      return;
    }
    if (res.headersSent) {
      this.options.log.error({ err, method, path }, 'request failed after its response began');
      res.destroy();
      return;
    }
    if (err instanceof HttpError) {
      for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
      sendJson(res, err.status, { error: err.message });
      return;
    }
    this.options.log.error({ err, method, path }, 'request failed');
    sendJson(res, 500, { error: 'internal error' });
  }
}
