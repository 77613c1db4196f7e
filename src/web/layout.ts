import type { ServerResponse } from 'node:http';
import { html, type Html } from '../render/html-text.js';
import type { StaticFiles } from './static-files.js';

/**
 * Only the page's own files run or style it: no inline script or style, nothing from another origin,
 * no framing, forms post back here only. Inline SVG charts are markup, so `img-src` need not allow data.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type Section = 'paste' | 'kb' | 'recent';

export interface PageParts {
  title: string;
  section: Section;
  body: Html;
  /** Extra class on `<main>`, for pages laid out differently (the note beside its paste). */
  mainClass?: string;
}

const NAV: ReadonlyArray<{ section: Section; href: string; label: string }> = [
  { section: 'paste', href: '/', label: 'Paste' },
  { section: 'kb', href: '/kb', label: 'Knowledge' },
  { section: 'recent', href: '/recent', label: 'Recent' },
];

export function layout(files: StaticFiles, parts: PageParts): Html {
  const nav = NAV.map(
    (n) =>
      html`<a href="${n.href}" ${n.section === parts.section ? html` aria-current="page"` : ''}
        >${n.label}</a
      >`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title} · ktriage</title>
<link rel="icon" href="${files.href('icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${files.href('web.css')}">
<script src="${files.href('web.js')}" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="/">ktriage</a><nav>${nav}</nav></header>
<main${parts.mainClass === undefined ? '' : html` class="${parts.mainClass}"`}>
${parts.body}
</main>
</body>
</html>
`;
}

/** Sends a page with the headers every page carries. Pages can hold a paste: never stored by caches. */
export function sendPage(
  res: ServerResponse,
  status: number,
  page: Html,
  headers: Record<string, string> = {},
): void {
  const body = page.text;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}
