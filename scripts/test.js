// `npm test`: the static checks (format, lint, types) and the vitest suite, side by side. Much of the
// suite waits (on lease timers, child processes, the browser, the database), and the checks fill that
// time: run one after the other they added over a minute to every run on two cores. The checks' output
// is held and printed after the suite's, so the two never interleave. Exits non-zero if either failed.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const CHECKS = [
  ['prettier', '--check', '--log-level', 'warn', '.'],
  ['eslint', '--max-warnings', '0', '.'],
  ['tsc', '-p', 'tsconfig.json', '--noEmit'],
];

/** Runs `args` from node_modules/.bin; resolves with its exit status and, when `capture`, its output. */
function run(args, capture) {
  return new Promise((resolve) => {
    const child = spawn(`node_modules/.bin/${args[0]}`, args.slice(1), {
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (err) => resolve({ status: 1, output: `${output}${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), output }));
  });
}

async function checks() {
  const results = [];
  for (const args of CHECKS) {
    const started = performance.now();
    const { status, output } = await run(args, true);
    results.push({ name: args[0], status, output, seconds: (performance.now() - started) / 1000 });
  }
  return results;
}

const [checked, suite] = await Promise.all([checks(), run(['vitest', 'run'], false)]);
process.stdout.write('\nStatic checks (run beside the suite):\n');
for (const { name, status, output, seconds } of checked) {
  process.stdout.write(`  ${status === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds.toFixed(1)} s)\n`);
  if (status !== 0 || output.trim() !== '') process.stdout.write(output.replace(/^/gm, '    '));
}
const failed = checked.some((c) => c.status !== 0) || suite.status !== 0;
process.exitCode = failed ? 1 : 0;
