import type { PagesFactory } from '../server/adapter.js';
import { kbRoutes } from './kb-pages.js';
import { operatorGate } from './operator.js';
import { pasteRoutes } from './paste-pages.js';
import { recentRoutes } from './recent-page.js';
import { staticFiles } from './static-files.js';

/**
 * The web page: paste → note and the knowledge base for everyone who reaches the service; recent
 * triages and trends for its operators; the page's own static files.
 */
export const webPages: PagesFactory = ({ core, metrics, store, config, now }) => {
  const files = staticFiles();
  const gate = operatorGate(config.apiToken, files, now);
  return [
    ...files.routes,
    ...pasteRoutes(core, metrics, files, { store, keepDays: config.keepPastesDays, now }),
    ...kbRoutes(core, files),
    ...gate.routes,
    ...recentRoutes(store, gate, files, now),
  ];
};
