import type { PagesFactory } from '../server/adapter.js';
import { kbRoutes } from './kb-pages.js';
import { pasteRoutes } from './paste-pages.js';
import { staticFiles } from './static-files.js';

/** The web page: paste → note, the knowledge base, and the page's own static files. */
export const webPages: PagesFactory = ({ core, metrics }) => {
  const files = staticFiles();
  return [...files.routes, ...pasteRoutes(core, metrics, files), ...kbRoutes(core, files)];
};
