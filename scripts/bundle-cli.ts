/**
 * Bundles the `ktriage` command into dist/bin/ (part of `npm run build`). A one-shot command spends
 * most of its start resolving and linking modules one by one (zod alone is 95 files), so the code a
 * triage runs is bundled into a few files. Dependencies that only `serve` and `--explain` load, and
 * the native module, stay in node_modules: they are loaded on demand, as before.
 *
 * dist/bin/ is two levels below the package root, like src/<dir>/ and dist/<dir>/, so the
 * `new URL('../../knowledge/', import.meta.url)` lookups of the bundled modules find the same folders.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Pure-JS dependencies on the triage path; every other dependency stays external. */
const BUNDLED = new Set(['zod', 'yaml', 'minisearch']);

export const BIN_DIR = `${ROOT}dist/bin`;

export async function bundleCli(): Promise<void> {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const external = Object.keys(pkg.dependencies)
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
  await build({
    // `serve` starts its triage workers from this file beside the chunks (src/server/core-pool.ts).
    entryPoints: { ktriage: `${ROOT}src/cli/main.ts`, 'core-worker': `${ROOT}src/server/core-worker.ts` },
    outdir: BIN_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    // yaml is CommonJS and requires Node's modules; an ES module bundle has no `require` of its own.
    banner: {
      js: "import { createRequire as __ktriageRequire } from 'node:module';\nconst require = __ktriageRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
