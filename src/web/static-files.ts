import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Route } from '../server/adapter.js';

/** `static/` of the package: two levels up from both `src/web/` and `dist/web/`, like `knowledge/`. */
const STATIC_DIR = new URL('../../static/', import.meta.url);

const TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** The page's own files; nothing is fetched from elsewhere, so the page works offline. */
const FILES = ['web.css', 'web.js', 'icon.svg'] as const;
export type StaticFile = (typeof FILES)[number];

export interface StaticFiles {
  routes: Route[];
  /** The file's URL with a digest of its content, so browsers cache it until it changes. */
  href(file: StaticFile): string;
}

/** Reads the files once at start-up and serves them from memory. */
export function staticFiles(): StaticFiles {
  const loaded = FILES.map((name) => {
    const body = readFileSync(fileURLToPath(new URL(name, STATIC_DIR)));
    const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    return { name, body, digest, type };
  });
  const byName = new Map(loaded.map((f) => [f.name, f]));
  return {
    href(file) {
      return `/static/${file}?v=${byName.get(file)?.digest ?? ''}`;
    },
    routes: loaded.map((f): Route => ({
      method: 'GET',
      path: `/static/${f.name}`,
      async handle(req, res) {
        const etag = `"${f.digest}"`;
        const headers = {
          'content-type': f.type,
          etag,
          // Pages link each file with its digest in the query: a new build links new URLs.
          'cache-control': 'public, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
        };
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers);
          res.end();
          return;
        }
        res.writeHead(200, { ...headers, 'content-length': f.body.length });
        res.end(f.body);
      },
    })),
  };
}
