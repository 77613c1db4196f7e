import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BIN_DIR } from '../../scripts/bundle-cli.js';

/**
 * The bundled command, as the package ships it: test/support/build-bin.ts bundles it from the current
 * sources before any test runs. Started through tsx instead, each process spent over a second of CPU
 * compiling and linking its modules, and the suite starts about a dozen of them.
 */
const BIN = join(BIN_DIR, 'ktriage.js');

/** A `ktriage serve` process of its own, as an operator runs it. */
export interface ServeProcess {
  name: string;
  url: string;
  process: ChildProcess;
  /** Its log lines so far (LOG_FORMAT=json: one record per line). */
  lines: string[];
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `ktriage serve` with exactly `env` (plus PATH, loopback and a free port) and resolves once it
 * listens. Its stderr passes through, so a crash shows in the test output.
 */
export async function startServeProcess(name: string, env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const found = /listening on (http:\/\/[\d.:]+)/.exec(line)?.[1];
      if (found === undefined) return;
      clearTimeout(timer);
      resolve(found);
    });
    void exited.then(({ code }) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
  return { name, url, process: child, lines, exited };
}

/** Ends the process with `signal` unless it already ended, and waits for it. */
export async function stopServeProcess(p: ServeProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.process.exitCode === null && p.process.signalCode === null) p.process.kill(signal);
  await p.exited;
}

/** Resolves once `count` of `p`'s log lines contain `text`, or rejects after `timeoutMs`. */
export async function waitForLines(
  p: ServeProcess,
  text: string,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (p.lines.filter((l) => l.includes(text)).length < count) {
    if (Date.now() > deadline) throw new Error(`${p.name}: waited ${timeoutMs} ms for ${count} × "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
