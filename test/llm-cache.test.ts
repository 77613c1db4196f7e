import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainInputs } from '../src/explain/input.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { DailyTokenBudget } from '../src/llm/budget.js';
import { createChatClient } from '../src/llm/chat-client.js';
import { explainNote } from '../src/llm/explain-note.js';
import { createExplainer } from '../src/llm/explainer.js';
import { loadExplainPrompt } from '../src/llm/load-prompts.js';
import { parsePaste } from '../src/parse/index.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { buildNoteSet } from '../src/triage/note-set.js';
import { recorded, startFakeLlm, type FakeLlm } from './support/fake-llm.js';
import { freshSchema, PG_URL } from './support/postgres.js';

const SEED = readFileSync(new URL('./fixtures/seeds/brctl-get-cpu-var-leak.txt', import.meta.url), 'utf8');
const kb = loadKnowledge([]);
const NOW = new Date('2026-12-02T10:00:00Z');

function firstNote(text: string) {
  const { result, lineText } = parsePaste(text);
  const paste = buildNoteSet(
    result,
    result.reports.map((r) => matchReport(kb, r, lineText)),
  );
  const note = paste.notes[0];
  const input = explainInputs(paste.notes, lineText, kb.entries)[0];
  if (note === undefined || input === undefined) throw new Error('no report');
  return { note, input };
}

const dir = mkdtempSync(join(tmpdir(), 'ktriage-llm-cache-'));
let store: Store;
let fake: FakeLlm;
beforeAll(async () => {
  store = await openStore({ sqlitePath: join(dir, 'ktriage.db'), now: NOW, onError: () => {} });
  fake = await startFakeLlm([recorded('brctl-grounded')]);
});
afterAll(async () => {
  await store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('explanations cached by report signature, prompt version and model', () => {
  const deps = () => ({
    explainer: createExplainer({
      client: createChatClient({
        baseUrl: fake.url,
        model: 'qwen2.5-14b-instruct',
        apiKey: null,
        timeoutMs: 5000,
        maxRetries: 0,
      }),
      prompt: loadExplainPrompt(),
      budget: new DailyTokenBudget(1_000_000),
      now: () => NOW,
    }),
    store,
    now: () => NOW,
  });

  it('asks once, then answers the same report pasted again at other lines from the store', async () => {
    const first = firstNote(SEED);
    const one = await explainNote(deps(), first.note, first.input);
    expect(one).toMatchObject({ ok: true, cached: false, explanation: { status: 'grounded' } });
    expect(fake.requests).toHaveLength(1);

    // The same report with three lines of chat before it: same signature, every line moved by 3.
    const again = firstNote(`Seen again on the test rig:\n\n\n${SEED}`);
    expect(again.note.signature).toBe(first.note.signature);
    expect(again.note.lines.start).toBe(20);
    const two = await explainNote(deps(), again.note, again.input);
    expect(two).toMatchObject({
      ok: true,
      cached: true,
      explanation: { status: 'grounded', prompt: 'explain-report@1' },
    });
    if (!two.ok || two.explanation.status !== 'grounded') throw new Error('not grounded');
    expect(two.explanation.statements[0]?.cites).toEqual([
      { line: 20, quote: 'BUG: scheduling while atomic: brctl/3988/0x00000002' },
    ]);
    expect(fake.requests).toHaveLength(1);
  });

  it('asks again when the cached answer no longer fits the new paste', async () => {
    // Another task hit the same bug: same signature, but the quoted `brctl/3988` is not on its lines.
    const other = firstNote(SEED.replaceAll('brctl/3988', 'ip/4120').replaceAll('brctl', 'ip'));
    const before = fake.requests.length;
    const outcome = await explainNote(deps(), other.note, other.input);
    expect(fake.requests).toHaveLength(before + 1);
    // The recorded answer quotes brctl lines, so this time it is withheld, and cached as such.
    expect(outcome).toMatchObject({
      ok: true,
      cached: false,
      explanation: { status: 'withheld', rule: 'misquoted' },
    });
  });
});

describe('the explanation cache on PostgreSQL', () => {
  let admin: pg.Client | undefined;
  let drop: (() => Promise<void>) | undefined;
  let pgStore: Store | undefined;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const schema = await freshSchema(admin);
    drop = schema.drop;
    pgStore = await openStore({
      databaseUrl: schema.databaseUrl,
      sqlitePath: '',
      now: NOW,
      onError: () => {},
    });
  });
  afterAll(async () => {
    await pgStore?.close();
    await drop?.();
    await admin?.end();
  });

  it('keeps one explanation per key, the newest winning', async () => {
    if (pgStore === undefined) throw new Error('no store');
    const key = {
      signature: 'scheduling-while-atomic:__wait_for_common:83ec7529',
      prompt: 'explain-report@1',
      model: 'm',
    };
    expect(await pgStore.getExplanation(key)).toBeNull();
    await pgStore.putExplanation(key, { status: 'withheld', reason: 'first' }, NOW);
    await pgStore.putExplanation(key, { status: 'withheld', reason: 'second' }, NOW);
    expect(await pgStore.getExplanation(key)).toEqual({ status: 'withheld', reason: 'second' });
    expect(await pgStore.getExplanation({ ...key, prompt: 'explain-report@2' })).toBeNull();
  });
});
