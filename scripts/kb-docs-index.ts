/**
 * `npm run kb-docs-index -- <linux source tree>`: writes knowledge/kernel-docs.json, the pages of the
 * kernel's rendered documentation and the anchors each one has, so `kb lint` can reject a
 * docs.kernel.org link or anchor that does not exist without going online. Read from the Documentation/
 * folder of Debian's linux-source package (/usr/src/linux-source-<release>.tar.xz, unpacked).
 *
 * Page: `Documentation/<path>.rst` renders as `https://docs.kernel.org/<path>.html`. Anchors: Sphinx
 * gives each section title and each `.. _label:` target an id made by docutils' make_id(): lower case,
 * runs of other characters turned into one hyphen, leading digits and hyphens dropped.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { BUILTIN_KNOWLEDGE_DIR } from '../src/knowledge/load.js';
import { DOCS_INDEX_FILE, sectionAnchor } from '../src/knowledge/docs-index.js';

const tree = process.argv[2];
if (!tree) {
  console.error('usage: npm run kb-docs-index -- <linux source tree, e.g. /usr/src/linux-source-6.12>');
  process.exit(2);
}
const docs = join(tree, 'Documentation');
const release = readRelease(tree);

const pages: Record<string, string[]> = {};
for (const file of walk(docs)) {
  if (!file.endsWith('.rst')) continue;
  const page = relative(docs, file).replace(/\.rst$/, '');
  pages[page] = anchorsOf(readFileSync(file, 'utf8'));
}
const sorted = Object.fromEntries(Object.entries(pages).sort(([a], [b]) => a.localeCompare(b)));
const out = join(BUILTIN_KNOWLEDGE_DIR, DOCS_INDEX_FILE);
writeFileSync(out, `${JSON.stringify({ release, source: basename(tree), pages: sorted }, null, 0)}\n`);
console.log(`${Object.keys(sorted).length} pages of Linux ${release} written to ${out}`);

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** A title line followed by an underline of one repeated punctuation character at least as long. */
function anchorsOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const anchors = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const label = /^\.\. _([^:`]+):\s*$/.exec(line);
    if (label?.[1] !== undefined) anchors.add(sectionAnchor(label[1]));
    const title = line.trim();
    const under = lines[i + 1] ?? '';
    if (title === '' || !isAdornment(under) || isAdornment(line) || under.trimEnd().length < title.length)
      continue;
    const id = sectionAnchor(title);
    if (id !== '') anchors.add(id);
  }
  return [...anchors].sort();
}

function isAdornment(line: string): boolean {
  const t = line.trimEnd();
  return t.length >= 3 && /^([=\-~^"'`#*+:.])\1+$/.test(t);
}

function readRelease(root: string): string {
  const makefile = readFileSync(join(root, 'Makefile'), 'utf8');
  const field = (name: string) => new RegExp(`^${name} = (\\d*)`, 'm').exec(makefile)?.[1] ?? '';
  return `${field('VERSION')}.${field('PATCHLEVEL')}`;
}
