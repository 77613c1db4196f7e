import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, parse as parseYaml, parseDocument, visit } from 'yaml';
import { DOCS_INDEX_FILE, DocsIndex } from './docs-index.js';
import { EntryFrontMatter, describeIssues, type Entry, type ExampleText, type KnowledgeBase } from './entry.js';
import { addVocabulary, emptyVocabulary } from './vocabulary.js';

/** `knowledge/` of the package: two levels up from both `src/knowledge/` and `dist/knowledge/`. */
export const BUILTIN_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

export const VOCABULARY_FILE = 'vocabulary.yaml';

export interface LoadedKnowledge extends KnowledgeBase {
  /** One line per file that could not be used, naming the file and field. */
  problems: string[];
}

/**
 * Loads the built-in knowledge and then each folder of `dirs`: a later entry with the same id replaces
 * the earlier one, new ids join. A bad file is reported in `problems` and skipped; loading never throws
 * for one file.
 */
export function loadKnowledge(dirs: readonly string[], options: { builtin?: boolean } = {}): LoadedKnowledge {
  const all = options.builtin === false ? [...dirs] : [BUILTIN_KNOWLEDGE_DIR, ...dirs];
  const vocabulary = emptyVocabulary();
  const problems: string[] = [];
  const byId = new Map<string, Entry>();
  for (const dir of all) {
    const files = listDir(dir, problems);
    if (files === null) continue;
    if (files.includes(VOCABULARY_FILE)) {
      const path = join(dir, VOCABULARY_FILE);
      try {
        problems.push(...addVocabulary(vocabulary, path, parseYaml(readFileSync(path, 'utf8'))));
      } catch (err) {
        problems.push(`${path}: (file): ${errorText(err)}`);
      }
    }
    const ids = new Set<string>();
    for (const file of files.filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md').sort()) {
      const entry = loadEntry(dir, file, problems);
      if (entry) byId.set(entry.id, entry);
      ids.add(basename(file, '.md'));
    }
    for (const folder of listFiles(join(dir, 'examples')).filter((f) => !ids.has(f))) {
      problems.push(`${join(dir, 'examples', folder)}: (folder): no entry ${folder}.md lists these examples`);
    }
  }
  return { entries: [...byId.values()], vocabulary, problems };
}

function listDir(dir: string, problems: string[]): string[] | null {
  try {
    if (!statSync(dir).isDirectory()) {
      problems.push(`${dir}: (folder): not a folder`);
      return null;
    }
    return readdirSync(dir);
  } catch (err) {
    problems.push(`${dir}: (folder): ${errorText(err)}`);
    return null;
  }
}

function loadEntry(dir: string, file: string, problems: string[]): Entry | null {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push(`${path}: (file): ${errorText(err)}`);
    return null;
  }
  const split = splitFrontMatter(text);
  if (split === null) {
    problems.push(`${path}: (front matter): the file must start with a --- fenced YAML front matter block`);
    return null;
  }
  const doc = parseDocument(split.yaml);
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    problems.push(`${path}: (front matter): YAML: ${errorText(yamlError)}`);
    return null;
  }
  problems.push(...trailingComments(doc).map((cut) => `${path}: (front matter): ${cut}`));
  const data: unknown = doc.toJS();
  const parsed = EntryFrontMatter.safeParse(data);
  if (!parsed.success) {
    problems.push(...describeIssues(path, parsed.error));
    return null;
  }
  const fm = parsed.data;
  if (basename(file, '.md') !== fm.id) {
    problems.push(`${path}: id: "${fm.id}" must match the file name (${basename(file, '.md')})`);
    return null;
  }
  const examplesDir = join(dir, 'examples', fm.id);
  const readExample = (name: string, expect: string | null): ExampleText => {
    const full = join(examplesDir, name);
    try {
      return { file: name, path: full, text: readFileSync(full, 'utf8'), expect };
    } catch {
      return { file: name, path: full, text: null, expect };
    }
  };
  const listed = new Set([...fm.examples.positive, ...fm.examples.negative.map((n) => (typeof n === 'string' ? n : n.file))]);
  return {
    ...fm,
    unlistedExamples: listFiles(examplesDir).filter((f) => !listed.has(f)),
    body: split.body.trim(),
    source: path,
    positives: fm.examples.positive.map((f) => readExample(f, fm.id)),
    negatives: fm.examples.negative.map((n) => (typeof n === 'string' ? readExample(n, null) : readExample(n.file, n.expect))),
  };
}

/**
 * Text cut by a YAML comment: in a plain scalar, ` #` starts a comment, so `` `-> #0` `` silently ends
 * the sentence before it. Whole-line comments between items are fine; a comment after a value is not.
 */
function trailingComments(doc: ReturnType<typeof parseDocument>): string[] {
  const cuts: string[] = [];
  visit(doc, {
    Node(_key, node) {
      if (node.comment !== undefined && node.comment !== null) {
        const text = isScalar(node) ? String(node.value) : '(a collection)';
        cuts.push(`"${text}" is cut by a YAML comment "#${node.comment}": quote the text`);
      }
    },
  });
  return cuts;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
  } catch {
    return [];
  }
}

/** `---\n<yaml>\n---\n<markdown>` → its two parts, or null without a front matter block. */
export function splitFrontMatter(text: string): { yaml: string; body: string } | null {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (!src.startsWith('---\n')) return null;
  const end = src.indexOf('\n---', 3);
  if (end < 0) return null;
  const after = src.indexOf('\n', end + 4);
  return { yaml: src.slice(4, end + 1), body: after < 0 ? '' : src.slice(after + 1) };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
}

/** The committed index of the kernel's Documentation/ pages (`npm run kb-docs-index` writes it). */
export function loadDocsIndex(): DocsIndex {
  return DocsIndex.parse(JSON.parse(readFileSync(join(BUILTIN_KNOWLEDGE_DIR, DOCS_INDEX_FILE), 'utf8')));
}
