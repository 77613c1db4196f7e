import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Yaml from 'yaml';
import { DOCS_INDEX_FILE, DocsIndex } from './docs-index.js';
import { EntryFrontMatter, describeIssues, knowledgeBase, type Entry, type ExampleText, type KnowledgeBase } from './entry.js';
import { addVocabulary, emptyVocabulary } from './vocabulary.js';

/** `knowledge/` of the package: two levels up from both `src/knowledge/` and `dist/knowledge/`. */
export const BUILTIN_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

export const VOCABULARY_FILE = 'vocabulary.yaml';

/**
 * The YAML parser, loaded the first time a folder is compiled: a start on compiled folders (the
 * package's own, a team's unchanged since the last run) never needs it, and it is a sixth of the
 * code a one-shot `ktriage triage` would otherwise compile.
 */
let yamlModule: typeof Yaml | null = null;
function yaml(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

export interface LoadedKnowledge extends KnowledgeBase {
  /** One line per file that could not be used, naming the file and field. */
  problems: string[];
}

/**
 * Loads the built-in knowledge and then each folder of `dirs`: a later entry with the same id replaces
 * the earlier one, new ids join. A bad file is reported in `problems` and skipped; loading never throws
 * for one file.
 */
export function loadKnowledge(
  dirs: readonly string[],
  options: { builtin?: boolean; /** false: parse every folder, as on a first start. */ cache?: boolean } = {},
): LoadedKnowledge {
  const all = options.builtin === false ? [...dirs] : [BUILTIN_KNOWLEDGE_DIR, ...dirs];
  const vocabulary = emptyVocabulary();
  const problems: string[] = [];
  const byId = new Map<string, Entry>();
  for (const dir of all) {
    const cache = options.cache === false ? null : dir === BUILTIN_KNOWLEDGE_DIR ? BUILTIN_COMPILED : teamCache(dir);
    const folder = compiledFolder(dir, cache);
    if (folder === null) {
      problems.push(...folderProblems(dir));
      continue;
    }
    if (folder.vocabulary !== null) problems.push(...addVocabulary(vocabulary, join(dir, VOCABULARY_FILE), folder.vocabulary));
    problems.push(...folder.problems);
    for (const entry of folder.entries) byId.set(entry.id, entry);
  }
  return { ...knowledgeBase([...byId.values()], vocabulary), problems };
}

/** One folder read and checked: what loading it gives, without the vocabulary merged in. */
export interface CompiledFolder {
  /** Hash of every file the result depends on: reuse it only while the folder still has this stamp. */
  stamp: string;
  /** The parsed vocabulary.yaml, or null when the folder has none. */
  vocabulary: unknown;
  entries: Entry[];
  problems: string[];
}

/** Where `npm run build` leaves the built-in folder compiled (scripts/kb-compile.ts). */
export const BUILTIN_COMPILED = fileURLToPath(new URL('../../dist/knowledge.json', import.meta.url));

/** A team folder's compiled copy, kept between runs so it is parsed again only when it changed. */
function teamCache(dir: string): string {
  return join(tmpdir(), `ktriage-kb-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16)}.json`);
}

/**
 * The folder as compiled at `cache` when its stamp still matches the files, else read and checked
 * again (and the cache rewritten, when it can be). Null when the folder cannot be listed.
 */
export function compiledFolder(dir: string, cache: string | null): CompiledFolder | null {
  const stamp = folderStamp(dir);
  if (stamp === null) return null;
  if (cache !== null) {
    try {
      const cached = JSON.parse(readFileSync(cache, 'utf8')) as CompiledFolder;
      if (cached.stamp === stamp) return cached;
    } catch {
      // No cache yet, or one we cannot read: compile below.
    }
  }
  const compiled = compileFolder(dir, stamp);
  if (cache !== null && cache !== BUILTIN_COMPILED) {
    try {
      writeFileSync(cache, JSON.stringify(compiled));
    } catch {
      // A read-only temporary folder only costs the next start a parse.
    }
  }
  return compiled;
}

/** Reads and checks every file of a folder: the slow part that the compiled copy saves. */
export function compileFolder(dir: string, stamp: string): CompiledFolder {
  const problems: string[] = [];
  const files = listFiles(dir);
  let vocabulary: unknown = null;
  if (files.includes(VOCABULARY_FILE)) {
    const path = join(dir, VOCABULARY_FILE);
    try {
      vocabulary = yaml().parse(readFileSync(path, 'utf8')) ?? {};
    } catch (err) {
      problems.push(`${path}: (file): ${errorText(err)}`);
    }
  }
  const entries: Entry[] = [];
  const ids = new Set<string>();
  for (const file of files.filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')) {
    const entry = loadEntry(dir, file, problems);
    if (entry) entries.push(entry);
    ids.add(basename(file, '.md'));
  }
  for (const folder of listFiles(join(dir, 'examples')).filter((f) => !ids.has(f))) {
    problems.push(`${join(dir, 'examples', folder)}: (folder): no entry ${folder}.md lists these examples`);
  }
  return { stamp, vocabulary, entries, problems };
}

/**
 * Hash of the names, sizes and modification times of the folder's entries, vocabulary and examples;
 * null when it cannot be listed. Stat only, as make does: reading every example on each start cost
 * more than the compiled copy saved.
 */
export function folderStamp(dir: string): string | null {
  try {
    if (!statSync(dir).isDirectory()) return null;
  } catch {
    return null;
  }
  const hash = createHash('sha256').update(`${STAMP_VERSION}\0`);
  const add = (path: string, name: string) => {
    try {
      const stat = statSync(path);
      hash.update(`${name}\0${stat.size}\0${stat.mtimeMs}\0`);
    } catch {
      hash.update(`${name}\0unreadable\0`);
    }
  };
  for (const name of listFiles(dir).filter((f) => f.endsWith('.md') || f === VOCABULARY_FILE)) add(join(dir, name), name);
  const examples = join(dir, 'examples');
  for (const sub of listFiles(examples)) {
    for (const name of listFiles(join(examples, sub))) add(join(examples, sub, name), `examples/${sub}/${name}`);
  }
  return hash.digest('hex');
}

/** Bumped when the compiled shape changes, so no older copy is reused. */
const STAMP_VERSION = 'kb-2';

/** Why a folder gives nothing: it is missing or not a folder. */
function folderProblems(dir: string): string[] {
  try {
    return statSync(dir).isDirectory() ? [] : [`${dir}: (folder): not a folder`];
  } catch (err) {
    return [`${dir}: (folder): ${errorText(err)}`];
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
  const doc = yaml().parseDocument(split.yaml);
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
function trailingComments(doc: Yaml.Document): string[] {
  const cuts: string[] = [];
  const { isScalar, visit } = yaml();
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
