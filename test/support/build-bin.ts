import { bundleCli } from '../../scripts/bundle-cli.js';

/**
 * vitest global setup: bundles dist/bin/ktriage.js from the current sources once, before any test
 * file runs, so the tests that start `ktriage serve` processes run what the package ships and never a
 * stale build (esbuild takes about a second).
 */
export default async function setup(): Promise<void> {
  await bundleCli();
}
