import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports run one way (STYLE.md, "The shape we aim for"): the core (parse → knowledge → triage →
 * render) knows nothing of the edges, the edges reach the core only through the use case's port
 * and render/, and no adapter imports another. A folder may import only the folders listed here.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  parse: [],
  knowledge: ['parse'],
  // The note carries the model's explanation beside it, and the explainer reads the note.
  triage: ['parse', 'knowledge', 'explain'],
  explain: ['parse', 'knowledge', 'triage'],
  render: ['parse', 'knowledge', 'triage', 'explain'],
  config: [],
  log: ['config'],
  store: [],
  // The explanation that follows a note is a use case too: it reads the note and builds the model's input.
  usecase: ['parse', 'knowledge', 'triage', 'explain', 'store'],
  llm: ['config', 'parse', 'knowledge', 'triage', 'explain', 'store'],
  server: ['config', 'log', 'store', 'usecase', 'render'],
  slack: ['config', 'log', 'store', 'usecase', 'render', 'server'],
  github: ['config', 'log', 'store', 'usecase', 'render', 'server'],
  web: ['config', 'log', 'store', 'usecase', 'render', 'server'],
  // The command wires the service together, so it may import every folder.
  cli: ['*'],
  // The package's entry: the core's exports.
  'index.ts': ['parse', 'knowledge', 'triage', 'render', 'usecase'],
};

const SRC = resolve(import.meta.dirname, '..', 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every file of src/ with the files of src/ it imports (type-only imports too: a circle of types is still a circle). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2] ?? '')
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

const folderOf = (path: string): string => path.split('/')[0] ?? path;

/** Each circle once, as the path that closes it. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe('imports', () => {
  const graph = importGraph();

  it('resolve to files of src/', () => {
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !graph.has(t)).map((t) => `${file} -> ${t}`),
    );
    expect(missing).toEqual([]);
  });

  it('run one way: no folder imports one above it, no adapter imports another', () => {
    const wrong = [...graph].flatMap(([file, targets]) => {
      const from = folderOf(file);
      const allowed = MAY_IMPORT[from];
      if (allowed === undefined) return [`${file}: src/${from} has no place in MAY_IMPORT`];
      return targets
        .filter((t) => folderOf(t) !== from && !allowed.includes('*') && !allowed.includes(folderOf(t)))
        .map((t) => `${file} -> ${t}`);
    });
    expect(wrong).toEqual([]);
  });

  it('form no circle', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('are found by this test: a circle and an upward import are caught', () => {
    const planted = new Map([
      ['parse/a.ts', ['parse/b.ts']],
      ['parse/b.ts', ['slack/c.ts']],
      ['slack/c.ts', ['parse/a.ts']],
    ]);
    expect(cycles(planted)).toEqual([['parse/a.ts', 'parse/b.ts', 'slack/c.ts', 'parse/a.ts']]);
    expect(MAY_IMPORT.parse).not.toContain('slack');
    expect(graph.get('slack/handlers.ts')).toContain('usecase/core.ts');
  });
});
