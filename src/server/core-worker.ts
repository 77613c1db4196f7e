/**
 * A triage worker thread of the service (`core-pool.ts`): it loads the knowledge base once, then runs
 * the core's `triagePaste` on the pastes it is given (and renders the API's answers), asking the service's thread for the earlier
 * pastes a note links (the store lives there).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TriageRecord } from '../store/store.js';
import { createCore } from '../usecase/core.js';
import type { PastTriages } from '../usecase/triage-paste.js';
import { toWire, type FromWorker, type ToWorker, type WireRequest, WorkerSettings } from './core-messages.js';
import { triageAs } from './rendered-triage.js';

interface Asked {
  resolve: (answer: { rows: TriageRecord[]; places: string[] }) => void;
  reject: (err: Error) => void;
}

const port = parentPort;
if (port === null) throw new Error('core-worker.js runs as a worker thread of ktriage serve');
const settings = WorkerSettings.parse(workerData);
const core = createCore(settings.knowledgeDirs);
const post = (message: FromWorker): void => port.postMessage(message);

/** `findSimilar` questions waiting for the service's thread, by `<task>:<call>`. */
const asked = new Map<string, Asked>();

port.on('message', (message: ToWorker) => {
  if (message.type === 'triage') {
    void triage(message.id, message.request, message.withHistory);
    return;
  }
  if (message.type === 'has-report') {
    core.hasReport(message.text).then(
      (found) => post({ type: 'has-report', id: message.id, found }),
      (error: unknown) => post({ type: 'failed', id: message.id, error }),
    );
    return;
  }
  if (message.type === 'render') {
    triageAs(core, message.text, message.format).then(
      (rendered) => post({ type: 'rendered', id: message.id, rendered }),
      (error: unknown) => post({ type: 'failed', id: message.id, error }),
    );
    return;
  }
  const key = `${message.id}:${message.call}`;
  const waiting = asked.get(key);
  asked.delete(key);
  if (message.type === 'similar') waiting?.resolve(message);
  else waiting?.reject(new Error('the store could not list earlier pastes'));
});

async function triage(id: number, request: WireRequest, withHistory: boolean): Promise<void> {
  // How the note names the place of each earlier paste, as the service's thread answered it.
  const places = new Map<string, string>();
  let calls = 0;
  const history: PastTriages = {
    findSimilar: async (query) => {
      const call = calls++;
      const answer = await new Promise<{ rows: TriageRecord[]; places: string[] }>((resolve, reject) => {
        asked.set(`${id}:${call}`, { resolve, reject });
        post({ type: 'similar', id, call, query });
      });
      answer.rows.forEach((row, i) => places.set(row.sourceKey, answer.places[i] ?? row.sourceKey));
      return answer.rows;
    },
  };
  try {
    const { origin, ...rest } = request;
    const placeOf = (key: string): string => places.get(key) ?? key;
    const triaged = await core.triagePaste(
      origin === undefined ? rest : { ...rest, origin: { ...origin, placeOf } },
      withHistory ? history : undefined,
    );
    post({ type: 'triaged', id, triage: toWire(triaged) });
  } catch (error) {
    post({ type: 'failed', id, error });
  }
}

post({ type: 'ready' });
