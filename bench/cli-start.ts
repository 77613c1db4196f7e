/**
 * `npm run bench:cli`: how long `ktriage triage` takes from process start to exit on the shipped
 * sample, and its peak memory, against `node -e 0` measured in the same run, alternating, so the
 * machine's load weighs on both alike. Runs the built command (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt, percentile } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${ROOT}dist/bin/ktriage.js`;
const ROUNDS = 15;

/** Preloaded into each child: prints its peak RSS (KiB) on fd 2 as the last line, as it exits. */
const REPORT_RSS =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss "+process.resourceUsage().maxRSS+"\\n"))';

interface Sample {
  ms: number;
  rssMiB: number;
}

function runOnce(args: readonly string[]): Sample {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--import', REPORT_RSS, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const rss = /maxrss (\d+)\s*$/.exec(child.stderr)?.[1];
  return { ms, rssMiB: Number(rss) / 1024 };
}

if (!existsSync(CLI)) {
  process.stderr.write('bench:cli needs the built command: run `npm run build` first\n');
  process.exit(2);
}

const commands = {
  'node -e 0': ['-e', '0'],
  'ktriage triage sample': [CLI, 'triage', 'samples/brctl-scheduling-while-atomic.txt'],
  'ktriage triage --format json': [
    CLI,
    'triage',
    'samples/brctl-scheduling-while-atomic.txt',
    '--format',
    'json',
  ],
  'ktriage kb search': [CLI, 'kb', 'search', 'hung', 'task'],
} as const;
const samples = new Map<string, Sample[]>(Object.keys(commands).map((name) => [name, []]));
for (const args of Object.values(commands)) runOnce(args);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, args] of Object.entries(commands)) samples.get(name)?.push(runOnce(args));
}

const baseline = percentile(samples.get('node -e 0')?.map((s) => s.ms) ?? [], 50);
process.stdout.write(`\nCLI start to exit (${ROUNDS} alternating rounds, median; peak RSS median)\n`);
process.stdout.write(
  `${'command'.padEnd(30)} ${'ms'.padStart(8)} ${'× node -e 0'.padStart(12)} ${'RSS MiB'.padStart(8)}\n`,
);
for (const [name, list] of samples) {
  const ms = percentile(
    list.map((s) => s.ms),
    50,
  );
  const rss = percentile(
    list.map((s) => s.rssMiB),
    50,
  );
  process.stdout.write(
    `${name.padEnd(30)} ${fmt(ms, 0).padStart(8)} ${fmt(ms / baseline, 2).padStart(12)} ${fmt(rss, 0).padStart(8)}\n`,
  );
}
