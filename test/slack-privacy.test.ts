/**
 * Who sees which pastes: a paste in a private channel never shows, as a "seen before" link or an App
 * Home row, to readers outside that channel; members see it, and everyone sees public channels' pastes.
 * The service runs against the local fake Web API, which says who is in which channel.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANNEL,
  envelope,
  HUMAN,
  nextTs,
  slackEscape,
  startSlackStack,
  type RecordedCall,
  type SlackStack,
} from './slack-harness.js';

const BRCTL = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');
const PRIVATE = 'C0PRIVATE1';
const OUTSIDER = 'U0OUTSIDE';

let stack: SlackStack;

beforeAll(async () => {
  stack = await startSlackStack();
  stack.fake.privateChannel(PRIVATE, [HUMAN]);
  stack.fake.publicChannel(CHANNEL, [HUMAN, OUTSIDER]);
  // Permalinks are built from the workspace URL that auth.test gives.
  await stack.fake.waitFor('auth.test');
});

afterAll(async () => {
  await stack.stop();
});

/** Posts the paste in `channel` and resolves with ktriage's reply in its thread. */
async function paste(channel: string): Promise<RecordedCall> {
  const ts = nextTs();
  const res = await stack.postEvent(
    envelope({
      type: 'message',
      channel,
      user: HUMAN,
      text: slackEscape(BRCTL),
      ts,
      event_ts: ts,
      channel_type: channel === PRIVATE ? 'group' : 'channel',
    }),
  );
  expect(res.status).toBe(200);
  const count = stack.fake.callsOf('chat.postMessage').length;
  const replies = await stack.fake.waitFor('chat.postMessage', count + 1, 20_000);
  const reply = replies.find((c) => c.body.thread_ts === ts);
  if (reply === undefined) throw new Error(`no reply in thread ${ts}`);
  return reply;
}

/** The App Home published for `user` after it opened the tab. */
async function home(user: string): Promise<string> {
  const count = stack.fake.callsOf('views.publish').length;
  await stack.postEvent(
    envelope({ type: 'app_home_opened', user, channel: 'D0HOME001', tab: 'home', event_ts: nextTs() }),
  );
  const views = await stack.fake.waitFor('views.publish', count + 1, 20_000);
  const view = views.filter((c) => c.body.user_id === user).at(-1);
  return JSON.stringify(view?.body.view);
}

const linksInto = (channel: string): string => `/archives/${channel}/p`;

describe('Slack privacy', () => {
  it('links earlier pastes only where the readers of the note may open them', async () => {
    const first = await paste(PRIVATE);
    expect(JSON.stringify(first.body.blocks)).not.toContain('/archives/');

    // The same crash in a public channel: its readers are not all in the private channel.
    const second = await paste(CHANNEL);
    expect(JSON.stringify(second.body.blocks)).not.toContain(linksInto(PRIVATE));

    // Back in the private channel: its members may open the public channel's paste, and their own.
    const third = await paste(PRIVATE);
    const blocks = JSON.stringify(third.body.blocks);
    expect(blocks).toContain(linksInto(CHANNEL));
    expect(blocks).toContain(linksInto(PRIVATE));
  });

  it("shows a member's App Home the pastes of their channels, and others only the public ones", async () => {
    const outsider = await home(OUTSIDER);
    expect(outsider).toContain(linksInto(CHANNEL));
    expect(outsider).not.toContain(linksInto(PRIVATE));

    const member = await home(HUMAN);
    expect(member).toContain(linksInto(CHANNEL));
    expect(member).toContain(linksInto(PRIVATE));
  });
});
