import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_TOKEN,
  CHANNEL,
  envelope,
  HUMAN,
  nextTs,
  slackEscape,
  startSlackStack,
  TEAM,
  type SlackStack,
} from './slack-harness.js';

const BRCTL = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');

let stack: SlackStack;

beforeAll(async () => {
  stack = await startSlackStack({ mode: 'socket' });
  // The adapter connects in the background, so that an unreachable Slack never holds up start-up.
  await until('the Socket Mode connection', () => (stack.fake.socketCount > 0 ? true : undefined));
});

afterAll(async () => {
  await stack?.stop();
});

async function until<T>(what: string, found: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited 5 s for ${what}`);
    await sleep(10);
  }
}

const ackOf = (id: string) => () =>
  stack.fake.socketFrames.find((f) => (f as { envelope_id?: string }).envelope_id === id) as
    { envelope_id: string; payload?: Record<string, unknown> } | undefined;

describe('Socket Mode', () => {
  it('opens the connection with the app-level token and exposes no HTTP route', async () => {
    const open = stack.fake.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(stack.fake.socketCount).toBe(1);
    expect((await fetch(`${stack.service.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
  });

  it('acks an events_api envelope and answers the paste in its thread, once across a redelivery', async () => {
    const ts = nextTs();
    const frame = {
      envelope_id: '4e5b8f0c-0c1e-4a7a-9d8b-1f3a0d9e2c11',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: envelope({
        type: 'message',
        channel: CHANNEL,
        user: HUMAN,
        text: slackEscape(BRCTL),
        ts,
        event_ts: ts,
        channel_type: 'channel',
      }),
    };
    stack.fake.sendSocket(frame);
    await until('the ack', ackOf(frame.envelope_id));
    const reply = await until('the reply', () =>
      stack.fake.callsOf('chat.postMessage').find((c) => c.body.thread_ts === ts),
    );
    expect(reply.body.channel).toBe(CHANNEL);
    expect(reply.body.unfurl_links).toBe('false');

    // Slack redelivers an envelope it saw no ack for, possibly to another connection.
    const again = {
      ...frame,
      envelope_id: '9a1c2b3d-0000-4a7a-9d8b-1f3a0d9e2c12',
      retry_attempt: 1,
      retry_reason: 'timeout',
    };
    stack.fake.sendSocket(again);
    await until('the second ack', ackOf(again.envelope_id));
    await sleep(200);
    expect(stack.fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === ts)).toHaveLength(1);
  });

  it('answers /ktriage in the ack payload', async () => {
    const frame = {
      envelope_id: '1d2e3f40-1111-4a7a-9d8b-1f3a0d9e2c13',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'gIkuvaNzQIHg97ATvDxqgjtO',
        team_id: TEAM,
        channel_id: CHANNEL,
        user_id: HUMAN,
        command: '/ktriage',
        text: 'kb scheduling while atomic',
        api_app_id: 'A0KTRIAGE',
        response_url: 'https://hooks.slack.com/commands/T024BE7LD/1234567890/abcdef',
        trigger_id: '13345224609.738474920.8088930838d88f008e2',
      },
    };
    stack.fake.sendSocket(frame);
    const ack = await until('the ack', ackOf(frame.envelope_id));
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(ack.payload?.blocks)).toContain('get-cpu-var-leak');
  });
});
