import { z } from 'zod';

/** The committed index of the kernel's rendered documentation, next to the built-in entries. */
export const DOCS_INDEX_FILE = 'kernel-docs.json';

/** `knowledge/kernel-docs.json`, written by `npm run kb-docs-index`. */
export const DocsIndex = z.strictObject({
  /** The kernel release the pages were read from, `6.12`. */
  release: z.string().min(1),
  /** The tree they were read from, `linux-source-6.12`. */
  source: z.string().min(1),
  /** Page path (`locking/lockdep-design`) → the anchors it has. */
  pages: z.record(z.string(), z.array(z.string())),
});
export type DocsIndex = z.infer<typeof DocsIndex>;

/** Section and label ids as docutils' make_id() builds them: `What Functions Are Safe To Call From Interrupts?` → `what-functions-are-safe-to-call-from-interrupts`. */
export function sectionAnchor(title: string): string {
  const plain = title
    .replace(/:[a-z:]+:`([^`<]*?)(?:\s*<[^>]*>)?`/g, '$1')
    .replace(/[`*|]/g, '')
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .toLowerCase();
  return plain.replace(/[^a-z0-9]+/g, '-').replace(/^[-0-9]+|-+$/g, '');
}

const DOCS_URL = /^https:\/\/docs\.kernel\.org\/([A-Za-z0-9_\-/.]+)\.html(?:#([A-Za-z0-9_-]+))?$/;

/** Why a docs.kernel.org link is not in the index, or null when its page and anchor exist. */
export function deadDocsLink(index: DocsIndex, url: string): string | null {
  const m = DOCS_URL.exec(url);
  if (m === null) return `${url} is not a https://docs.kernel.org/<path>.html link`;
  const [, page = '', anchor] = m;
  const anchors = index.pages[page];
  if (anchors === undefined) return `${url}: no page Documentation/${page}.rst in Linux ${index.release}`;
  if (anchor !== undefined && !anchors.includes(anchor)) {
    return `${url}: Documentation/${page}.rst in Linux ${index.release} has no section "#${anchor}"`;
  }
  return null;
}
