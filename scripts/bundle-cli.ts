/**
 * Bundles the `ktriage` command into dist/bin/ (part of `npm run build`). A one-shot command spends
 * most of its start resolving and linking modules one by one (zod alone is 95 files), so the code a
 * triage runs is bundled into a few files. Dependencies that only `serve` and `--explain` load, and
 * the native module, stay in node_modules: they are loaded on demand, as before.
 *
 * dist/bin/ is two levels below the package root, like src/<dir>/ and dist/<dir>/, so the
 * `new URL('../../knowledge/', import.meta.url)` lookups of the bundled modules find the same folders.
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Pure-JS dependencies on the triage path; every other dependency stays external. */
const BUNDLED = new Set(['zod', 'minisearch']);

export const BIN_DIR = `${ROOT}dist/bin`;

/**
 * zod's namespace object re-exports its messages in some forty languages, so bundling `z` pulls all of
 * them in: half of zod's code, compiled on every start. ktriage reads its errors in English, zod's
 * default, so the bundle's `locales` holds English only.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) =>
      importer.includes('/node_modules/zod/')
        ? { path: join(dirname(importer), '../locales/index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    bundle.onLoad({ filter: /.*/, namespace: 'zod-locales' }, ({ path }) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(path),
    }));
  },
};

export async function bundleCli(): Promise<void> {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const external = Object.keys(pkg.dependencies)
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
  // Chunk names are content hashes: without this, each build would leave the last one's chunks behind.
  rmSync(BIN_DIR, { recursive: true, force: true });
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
    plugins: [zodEnglishOnly],
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
