import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Logger } from '../log/logger.js';
import type { OutputFormat } from '../render/formats.js';
import type { Core, Triage } from '../usecase/core.js';
import type { PasteOrigin, PastTriages, PasteRequest } from '../usecase/triage-paste.js';
import {
  fromWire,
  type FromWorker,
  type Job,
  type ToWorker,
  type WireRequest,
  type WorkerSettings,
} from './core-messages.js';
import type { RenderedTriage } from './rendered-triage.js';

/** A worker that stops before it is ready is started again after this long, not in a tight loop. */
const RESTART_DELAY_MS = 1_000;

/** A paste the core could not triage: its worker threw or stopped. Other pastes are not affected. */
export class TriageFailed extends Error {
  override readonly name = 'TriageFailed';
}

export interface CorePoolOptions {
  /** The core on the service's thread: what reads no paste (search, the entry list) stays there. */
  core: Core;
  knowledgeDirs: readonly string[];
  workers: number;
  /** Each worker's heap limit (MiB): a paste that needs more fails alone, with its worker. */
  heapMiB?: number;
  log: Logger;
}

type Done = Extract<FromWorker, { type: 'triaged' | 'rendered' | 'has-report' }>;

interface Task {
  id: number;
  job: Job;
  /** The paste's size, for the log when it fails. */
  bytes: number;
  /** Where earlier pastes are listed and how their places are named, for a triage with history. */
  history?: { past: PastTriages; placeOf: (sourceKey: string) => string };
  /** The store's error, when listing earlier pastes failed: the paste fails with it. */
  storeError?: unknown;
  resolve: (done: Done) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  /** What the worker threw last, to say why it stopped. */
  error?: unknown;
}

/**
 * The triage core on worker threads: parsing, matching and building the note run there, one paste
 * per worker at a time, so the service's thread stays free to acknowledge Slack and GitHub within
 * their limits. Each worker loads the knowledge base once. A paste that throws fails alone; a worker
 * that stops (a crash, its heap limit) fails the paste it held and is replaced.
 */
export class CorePool implements Core {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closing = false;

  private constructor(private readonly options: CorePoolOptions) {}

  /** Resolves once every worker has loaded the knowledge base; rejects when one cannot. */
  static async start(options: CorePoolOptions): Promise<CorePool> {
    const pool = new CorePool(options);
    try {
      await Promise.all(Array.from({ length: options.workers }, () => pool.spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  async triagePaste(request: PasteRequest, history?: PastTriages): Promise<Triage> {
    const { origin, ...rest } = request;
    // `placeOf` stays here: a function does not cross to a worker.
    const placeOf = origin?.placeOf ?? ((key: string) => key);
    const wire: WireRequest = origin === undefined ? rest : { ...rest, origin: withoutPlaceOf(origin) };
    const done = await this.submit(
      { type: 'triage', request: wire, withHistory: history !== undefined },
      request.text.length,
      history === undefined ? undefined : { past: history, placeOf },
    );
    if (done.type !== 'triaged') throw new Error(`a triage worker answered ${done.type}`);
    return fromWire(done.triage);
  }

  /** `triageAs` on a worker: the note is rendered there too, and only its text comes back. */
  async triageAs(text: string, format: OutputFormat): Promise<RenderedTriage> {
    const done = await this.submit({ type: 'render', text, format }, text.length);
    if (done.type !== 'rendered') throw new Error(`a triage worker answered ${done.type}`);
    return done.rendered;
  }

  async hasReport(text: string): Promise<boolean> {
    const done = await this.submit({ type: 'has-report', text }, text.length);
    if (done.type !== 'has-report') throw new Error(`a triage worker answered ${done.type}`);
    return done.found;
  }

  searchKb(query: string): ReturnType<Core['searchKb']> {
    return this.options.core.searchKb(query);
  }

  listKb(): ReturnType<Core['listKb']> {
    return this.options.core.listKb();
  }

  /** Pastes still waiting fail; workers stop at once (a paste being read fails with them). */
  async close(): Promise<void> {
    this.closing = true;
    for (const task of this.queue.splice(0)) task.reject(new TriageFailed('the service is shutting down'));
    await Promise.all([...this.slots].map((slot) => slot.worker.terminate()));
  }

  private submit(job: Job, bytes: number, history?: Task['history']): Promise<Done> {
    if (this.closing) return Promise.reject(new TriageFailed('the service is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, bytes, ...(history ? { history } : {}), resolve, reject });
      this.dispatch();
    });
  }

  /** Starts one worker; resolves when it is ready, rejects when it stops first. */
  private spawn(): Promise<void> {
    const settings: WorkerSettings = { knowledgeDirs: [...this.options.knowledgeDirs] };
    const heap = this.options.heapMiB;
    const worker = startWorker({
      workerData: settings,
      ...(heap === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heap } }),
    });
    const slot: Slot = { worker, ready: false, task: null };
    this.slots.add(slot);
    return new Promise((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          slot.ready = true;
          resolve();
          this.dispatch();
        } else this.answer(slot, message);
      });
      worker.on('error', (err) => {
        slot.error = err;
      });
      worker.once('exit', (code) => {
        this.slots.delete(slot);
        const why = slot.error instanceof Error ? slot.error.message : `exit code ${code}`;
        const task = slot.task;
        slot.task = null;
        if (!slot.ready) reject(new Error(`a triage worker could not start: ${why}`));
        if (this.closing) {
          task?.reject(new TriageFailed('the service is shutting down'));
          return;
        }
        if (task !== null) {
          this.options.log.error(
            { err: slot.error, bytes: task.bytes },
            'a triage worker stopped while reading a paste; starting another',
          );
          task.reject(new TriageFailed(`the triage worker stopped while reading this paste (${why})`));
        }
        const respawn = (): void => {
          if (!this.closing) void this.spawn().catch(() => undefined);
        };
        if (slot.ready) respawn();
        else setTimeout(respawn, RESTART_DELAY_MS).unref();
      });
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task !== null) continue;
      const task = this.queue.shift();
      if (task === undefined) return;
      slot.task = task;
      const message: ToWorker = { ...task.job, id: task.id };
      slot.worker.postMessage(message);
    }
  }

  private answer(slot: Slot, message: Exclude<FromWorker, { type: 'ready' }>): void {
    const task = slot.task;
    if (task === null || task.id !== message.id) return;
    if (message.type === 'similar') {
      void this.similar(slot, task, message.call, message.query);
      return;
    }
    slot.task = null;
    this.dispatch();
    if (message.type !== 'failed') {
      task.resolve(message);
      return;
    }
    if (task.storeError !== undefined) {
      task.reject(task.storeError);
      return;
    }
    const why = message.error instanceof Error ? message.error.message : String(message.error);
    this.options.log.error({ err: message.error, bytes: task.bytes }, 'a paste could not be triaged');
    task.reject(new TriageFailed(`this paste could not be triaged: ${why}`));
  }

  /** Lists earlier pastes for the worker, and names the place of each as the paste's origin does. */
  private async similar(
    slot: Slot,
    task: Task,
    call: number,
    query: Parameters<PastTriages['findSimilar']>[0],
  ): Promise<void> {
    let answer: ToWorker;
    try {
      const rows = (await task.history?.past.findSimilar(query)) ?? [];
      const placeOf = task.history?.placeOf ?? ((key: string) => key);
      answer = { type: 'similar', id: task.id, call, rows, places: rows.map((r) => placeOf(r.sourceKey)) };
    } catch (err) {
      task.storeError = err;
      answer = { type: 'similar-failed', id: task.id, call };
    }
    if (slot.task === task) slot.worker.postMessage(answer);
  }
}

function withoutPlaceOf({ placeOf: _placeOf, ...rest }: PasteOrigin): WireRequest['origin'] {
  return rest;
}

/**
 * The worker's module beside this one: `.js` in the package (dist/server/, or dist/bin/ where the
 * bundle puts it as its own entry). From the sources (tests, benches) it is the `.ts` file, and the
 * worker registers tsx itself: Node 20 does not apply a parent's `--import tsx` to worker threads.
 */
function startWorker(options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./core-worker.js', import.meta.url), options);
  const source = JSON.stringify(new URL('./core-worker.ts', import.meta.url).href);
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); });`;
  return new Worker(code, { ...options, eval: true });
}
