import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SLACK_MAX_BLOCKS,
  SLACK_MAX_FALLBACK_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_FIELDS,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_SECTION_TEXT,
  SLACK_MAX_TOTAL_TEXT,
} from '../src/render/limits.js';
import { MAX_FILE_BYTES } from '../src/slack/files.js';
import { HOME_MAX_BLOCKS } from '../src/slack/home.js';
import {
  BOT_ID,
  BOT_USER,
  CHANNEL,
  envelope,
  HUMAN,
  nextTs,
  slackEscape,
  startSlackStack,
  TEAM,
  TEAM_URL,
  type RecordedCall,
  type SlackStack,
} from './slack-harness.js';

const seed = (name: string): string =>
  readFileSync(new URL(`./fixtures/seeds/${name}`, import.meta.url), 'utf8');
const BRCTL = readFileSync(new URL('../samples/brctl-scheduling-while-atomic.txt', import.meta.url), 'utf8');
const TECHVEDA = seed('techveda-kmalloc-under-spinlock.txt');
const INVALID_WAIT = seed('invalid-wait-context-novalidate.txt');

const BRCTL_HEADLINE = 'BUG: sleeping function called from invalid context at kernel/rseq.c:132';

let stack: SlackStack;

beforeAll(async () => {
  stack = await startSlackStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** A person's message event in the test channel. */
function message(ts: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    channel: CHANNEL,
    user: HUMAN,
    text,
    ts,
    event_ts: ts,
    channel_type: 'channel',
    ...extra,
  };
}

/** The replies the fake received in the thread of `ts`. */
function repliesTo(ts: string): RecordedCall[] {
  return stack.fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === ts);
}

/** The edits of our reply whose ts is `ref`. */
function updatesOf(ref: string): RecordedCall[] {
  return stack.fake.callsOf('chat.update').filter((c) => c.body.ts === ref);
}

async function until<T>(what: string, found: () => T[], count = 1): Promise<T[]> {
  const deadline = Date.now() + 5_000;
  while (found().length < count) {
    if (Date.now() > deadline) throw new Error(`waited 5 s for ${what}`);
    await sleep(10);
  }
  return found();
}

const waitForReply = (ts: string, count = 1): Promise<RecordedCall[]> =>
  until(`a reply to ${ts}`, () => repliesTo(ts), count);

/** The ts Slack gave our reply. */
const replyTs = (call: RecordedCall): string => String(call.response.ts);

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
}

/** A chat.postMessage/chat.update body checked against Block Kit's published limits. */
function expectSlackMessage(body: Record<string, unknown>): Block[] {
  expect(typeof body.text).toBe('string');
  const text = String(body.text);
  expect(text.length).toBeGreaterThan(0);
  expect(text.length).toBeLessThanOrEqual(SLACK_MAX_FALLBACK_TEXT);
  expect(Array.isArray(body.blocks)).toBe(true);
  const blocks = body.blocks as Block[];
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
  let total = 0;
  for (const b of blocks) {
    expect(['header', 'section', 'divider']).toContain(b.type);
    if (b.type === 'header') {
      expect(b.text?.type).toBe('plain_text');
      expect(b.text?.text.length).toBeLessThanOrEqual(SLACK_MAX_HEADER_TEXT);
      total += b.text?.text.length ?? 0;
    }
    if (b.type === 'section') {
      expect(b.text !== undefined || (b.fields ?? []).length > 0).toBe(true);
      expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_MAX_SECTION_TEXT);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_MAX_FIELDS);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_MAX_FIELD_TEXT);
      total += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    }
  }
  expect(total).toBeLessThanOrEqual(SLACK_MAX_TOTAL_TEXT);
  return blocks;
}

/** A thread reply: in the message's thread, with previews off, from the bot token. */
function expectThreadReply(call: RecordedCall, ts: string): Block[] {
  expect(call.authorization).toMatch(/^Bearer xoxb-/);
  expect(call.body.channel).toBe(CHANNEL);
  expect(call.body.thread_ts).toBe(ts);
  expect(call.body.unfurl_links).toBe('false');
  expect(call.body.unfurl_media).toBe('false');
  return expectSlackMessage(call.body);
}

const headerOf = (blocks: Block[]): string | undefined => blocks.find((b) => b.type === 'header')?.text?.text;
const allText = (blocks: Block[]): string =>
  blocks.map((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)].join('\n')).join('\n');

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${stack.service.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{source="slack"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('a paste in a channel', () => {
  it('is acked at once and answered in its thread with the note, leading with the first report', async () => {
    const ts = nextTs();
    const started = performance.now();
    const res = await stack.postEvent(envelope(message(ts, slackEscape(BRCTL))));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(performance.now() - started).toBeLessThan(3_000);

    const [reply] = await waitForReply(ts);
    const blocks = expectThreadReply(reply!, ts);
    expect(headerOf(blocks)).toBe(BRCTL_HEADLINE);
    expect(String(reply!.body.text)).toContain('(+1 more report in this paste)');
    expect(allText(blocks)).toContain('Other reports in this paste (1)');
    expect(allText(blocks)).toContain('BUG: scheduling while atomic');
    // The fallback text and blocks never carry raw markup from the log: no mention or link can open.
    expect(String(reply!.body.text)).not.toMatch(/<(?!https?:)/);
  });

  it('answers a paste sent to the bot in a direct message, in the same way', async () => {
    const ts = nextTs();
    const dm = 'D0KTRIAGE1';
    const res = await stack.postEvent(
      envelope(message(ts, slackEscape(BRCTL), { channel: dm, channel_type: 'im' })),
    );
    expect(res.status).toBe(200);
    const [reply] = await waitForReply(ts);
    expect(reply!.body.channel).toBe(dm);
    expect(headerOf(expectSlackMessage(reply!.body))).toBe(BRCTL_HEADLINE);
  });

  it('reads a fenced paste whose text arrives entity-encoded, and the raw rich_text code block next to it', async () => {
    const tsText = nextTs();
    const fenced = `here is what dmesg said:\n\`\`\`${slackEscape(TECHVEDA)}\`\`\``;
    expect(fenced).toContain('&amp;dev-&gt;lock');
    await stack.postEvent(envelope(message(tsText, fenced)));

    const tsBlocks = nextTs();
    const blocks = [
      {
        type: 'rich_text',
        block_id: 'Xy1z',
        elements: [
          { type: 'rich_text_section', elements: [{ type: 'text', text: 'here is what dmesg said:' }] },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: TECHVEDA }], border: 0 },
        ],
      },
    ];
    await stack.postEvent(envelope(message(tsBlocks, fenced, { blocks })));

    const [fromText] = await waitForReply(tsText);
    const [fromBlocks] = await waitForReply(tsBlocks);
    const textBlocks = expectThreadReply(fromText!, tsText);
    expect(headerOf(textBlocks)).toBe(
      'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333',
    );
    expect(allText(textBlocks)).toContain('sensor_set_config');
    const richBlocks = expectThreadReply(fromBlocks!, tsBlocks);
    expect(headerOf(richBlocks)).toBe(headerOf(textBlocks));
    expect(allText(richBlocks)).toContain('sensor_set_config');
  });

  it('reads an uploaded .log file (via files.info and an authenticated download)', async () => {
    const ts = nextTs();
    stack.fake.addFile('F0LOG00001', 'dmesg-brctl.log', BRCTL);
    const event = message(ts, 'crash from last night', {
      subtype: 'file_share',
      files: [{ id: 'F0LOG00001', mode: 'hidden_by_limit', file_access: 'check_file_info' }],
      upload: true,
    });
    await stack.postEvent(envelope(event));
    const [reply] = await waitForReply(ts);
    expect(headerOf(expectThreadReply(reply!, ts))).toBe(BRCTL_HEADLINE);
    expect(stack.fake.callsOf('files.info').some((c) => c.body.file === 'F0LOG00001')).toBe(true);
  });

  it('does not download a file over the size limit, and says so in the reply', async () => {
    const ts = nextTs();
    const info = stack.fake.addFile('F0BIG00001', 'journal.txt', Buffer.alloc(MAX_FILE_BYTES + 1, 'a'));
    await stack.postEvent(envelope(message(ts, '', { subtype: 'file_share', files: [info] })));
    const [reply] = await waitForReply(ts);
    const text = allText(expectThreadReply(reply!, ts));
    expect(text).toContain('journal.txt is 1.0 MiB, over the 1 MiB limit for files: not downloaded');
  });

  it('links an earlier report of the same signature in the workspace', async () => {
    const first = nextTs();
    await stack.postEvent(envelope(message(first, slackEscape(INVALID_WAIT))));
    await waitForReply(first);
    const second = nextTs();
    await stack.postEvent(envelope(message(second, slackEscape(INVALID_WAIT))));
    const [reply] = await waitForReply(second);
    const text = allText(expectThreadReply(reply!, second));
    expect(text).toContain('*Seen before*');
    expect(text).toContain(
      `<${TEAM_URL}archives/${CHANNEL}/p${first.replace('.', '')}|earlier in this channel>`,
    );
  });
});

describe('edits', () => {
  it('update the reply in place with chat.update, never a second reply', async () => {
    const ts = nextTs();
    await stack.postEvent(envelope(message(ts, slackEscape(BRCTL))));
    const [post] = await waitForReply(ts);

    const edited = message(ts, slackEscape(TECHVEDA), { edited: { user: HUMAN, ts: nextTs() } });
    await stack.postEvent(
      envelope({
        type: 'message',
        subtype: 'message_changed',
        hidden: true,
        channel: CHANNEL,
        ts: nextTs(),
        event_ts: nextTs(),
        message: edited,
        previous_message: message(ts, slackEscape(BRCTL)),
      }),
    );
    const [update] = await until('the update', () => updatesOf(replyTs(post!)));
    expect(update!.body.channel).toBe(CHANNEL);
    expect(update!.body.thread_ts).toBeUndefined();
    await sleep(200);
    expect(repliesTo(ts)).toHaveLength(1);
    expect(headerOf(expectSlackMessage(update!.body))).toBe(
      'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333',
    );
  });

  it('ignore an unfurl (message_changed with the same text) and our own edited replies', async () => {
    const ts = nextTs();
    const text = slackEscape(INVALID_WAIT);
    await stack.postEvent(envelope(message(ts, text)));
    const [post] = await waitForReply(ts);
    const unfurl = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: CHANNEL,
      ts: nextTs(),
      message: message(ts, text, { attachments: [{ id: 1 }] }),
      previous_message: message(ts, text),
    };
    const own = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: CHANNEL,
      ts: nextTs(),
      message: {
        type: 'message',
        bot_id: BOT_ID,
        user: BOT_USER,
        text: 'BUG: scheduling while atomic',
        ts: nextTs(),
        thread_ts: ts,
        edited: { user: BOT_USER, ts: nextTs() },
      },
      previous_message: { type: 'message', bot_id: BOT_ID, user: BOT_USER, text: 'old', ts: nextTs() },
    };
    await stack.postEvent(envelope(unfurl));
    await stack.postEvent(envelope(own));
    await sleep(300);
    expect(updatesOf(replyTs(post!))).toHaveLength(0);
    expect(repliesTo(ts)).toHaveLength(1);
  });
});

describe('duplicates', () => {
  it('answers a message once across Slack retries and the app_mention of the same message', async () => {
    const ts = nextTs();
    const text = `<@${BOT_USER}> ${slackEscape(BRCTL)}`;
    const body = envelope(message(ts, text));
    const dedupBefore = await metric('ktriage_events_deduplicated_total');
    await stack.postEvent(body);
    await stack.postEvent(body, { retryNum: 1 });
    await stack.postEvent(
      envelope({ type: 'app_mention', channel: CHANNEL, user: HUMAN, text, ts, event_ts: ts }),
    );
    await waitForReply(ts);
    await sleep(300);
    expect(repliesTo(ts)).toHaveLength(1);
    expect(await metric('ktriage_events_deduplicated_total')).toBeGreaterThanOrEqual(dedupBefore + 2);
  });
});

describe('requests that are not from Slack', () => {
  it('are rejected: a forged signature, a stale timestamp, no signature', async () => {
    const ts = nextTs();
    const body = envelope(message(ts, slackEscape(BRCTL)));
    expect((await stack.postEvent(body, { secret: 'not-the-signing-secret' })).status).toBe(401);
    const stale = Math.floor(stack.clock.now().getTime() / 1000) - 6 * 60;
    expect((await stack.postEvent(body, { timestamp: stale })).status).toBe(401);
    const ahead = Math.floor(stack.clock.now().getTime() / 1000) + 6 * 60;
    expect((await stack.postEvent(body, { timestamp: ahead })).status).toBe(401);
    const unsigned = await fetch(`${stack.service.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(unsigned.status).toBe(401);
    await sleep(200);
    expect(repliesTo(ts)).toHaveLength(0);
  });

  it('answers the url_verification handshake', async () => {
    const res = await stack.postEvent({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });
});

describe('messages that get no reply', () => {
  it('ignores bots, ordinary chat and user-space crash logs', async () => {
    const bot = nextTs();
    const otherApp = nextTs();
    const chat = nextTs();
    const userspace = nextTs();
    await stack.postEvent(
      envelope({
        type: 'message',
        subtype: 'bot_message',
        bot_id: 'B0CIBOT01',
        username: 'ci',
        text: slackEscape(BRCTL),
        ts: bot,
        channel: CHANNEL,
      }),
    );
    await stack.postEvent(
      envelope(message(otherApp, slackEscape(BRCTL), { bot_id: 'B0OTHER01', app_id: 'A0OTHER01' })),
    );
    await stack.postEvent(
      envelope(
        message(chat, 'the kernel build failed again, can someone check the spinlock patch? `make -j8`'),
      ),
    );
    const segfault = [
      'Program received signal SIGSEGV, Segmentation fault.',
      '0x000055555555513d in main () at crash.c:5',
      '[1]    12345 segmentation fault (core dumped)  ./a.out',
    ].join('\n');
    await stack.postEvent(envelope(message(userspace, `\`\`\`${segfault}\`\`\``)));
    await sleep(300);
    for (const ts of [bot, otherApp, chat, userspace]) expect(repliesTo(ts)).toHaveLength(0);
  });
});

describe('delivery failures', () => {
  it('retries after a 429, honouring Retry-After, then succeeds', async () => {
    const ts = nextTs();
    stack.fake.script('chat.postMessage', { status: 429, retryAfter: 1 });
    await stack.postEvent(envelope(message(ts, slackEscape(TECHVEDA))));
    const deadline = Date.now() + 5_000;
    while (!stack.out.messages().includes('reply delivery failed; will retry')) {
      if (Date.now() > deadline) throw new Error('no retry was scheduled');
      await sleep(10);
    }
    expect(repliesTo(ts)).toHaveLength(1);
    // The outbox waits at least 30 s after a first failure: move the clock past it.
    stack.clock.advance(31_000);
    const replies = await waitForReply(ts, 2);
    expectThreadReply(replies[1]!, ts);
    const retried = stack.out.records().find((r) => r.msg === 'Slack reply failed; the outbox retries it');
    expect(retried).toMatchObject({
      channel: CHANNEL,
      threadTs: ts,
      error: 'ratelimited (HTTP 429, Retry-After 1 s)',
    });
  });

  it('falls back to text only when Slack refuses the blocks', async () => {
    const ts = nextTs();
    stack.fake.script('chat.postMessage', { error: 'invalid_blocks' });
    await stack.postEvent(envelope(message(ts, slackEscape(TECHVEDA))));
    const [refused, textOnly] = await waitForReply(ts, 2);
    expect(refused!.body.blocks).toBeDefined();
    expect(textOnly!.body.blocks).toBeUndefined();
    expect(String(textOnly!.body.text)).toContain('BUG: sleeping function called from invalid context');
  });

  it('gives up on a permanent error and logs the channel and ts', async () => {
    const ts = nextTs();
    stack.fake.script('chat.postMessage', { error: 'channel_not_found' });
    await stack.postEvent(envelope(message(ts, slackEscape(TECHVEDA))));
    const deadline = Date.now() + 5_000;
    let given: Record<string, unknown> | undefined;
    while (given === undefined) {
      if (Date.now() > deadline) throw new Error('not given up');
      given = stack.out
        .records()
        .find((r) => r.msg.startsWith('reply given up') && r.replyKey === `slack:${CHANNEL}:${ts}`);
      await sleep(10);
    }
    expect(given).toMatchObject({ error: 'channel_not_found' });
    expect(
      stack.out.records().find((r) => r.msg === 'Slack reply failed for good' && r.threadTs === ts),
    ).toMatchObject({ channel: CHANNEL });
    expect(repliesTo(ts)).toHaveLength(1);
  });
});

describe('/ktriage', () => {
  const command = (text: string): Record<string, string> => ({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: TEAM,
    team_domain: 'kernel-team',
    channel_id: CHANNEL,
    channel_name: 'kernel',
    user_id: HUMAN,
    user_name: 'ana',
    command: '/ktriage',
    text,
    api_app_id: 'A0KTRIAGE',
    response_url: 'https://hooks.slack.com/commands/T024BE7LD/1234567890/abcdef',
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  });

  it('triages a paste privately in the command response, posting nothing', async () => {
    const posted = stack.fake.calls.length;
    const res = await stack.postForm(command(slackEscape(TECHVEDA)));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.response_type).toBe('ephemeral');
    expect(headerOf(expectSlackMessage(body))).toBe(
      'BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333',
    );
    expect(stack.fake.calls.slice(posted).filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('searches the knowledge base, and explains itself', async () => {
    const kb = (await (
      await stack.postForm(command('kb kmalloc GFP_KERNEL under spinlock'))
    ).json()) as Record<string, unknown>;
    expect(kb.response_type).toBe('ephemeral');
    expect(allText(expectSlackMessage(kb))).toContain('`spinlock-gfp-kernel`');
    const help = (await (await stack.postForm(command('help'))).json()) as Record<string, unknown>;
    expect(allText(expectSlackMessage(help))).toContain('/ktriage kb &lt;words&gt;');
  });
});

describe('@ktriage', () => {
  it('answers `kb <words>` in the thread', async () => {
    const ts = nextTs();
    const text = `<@${BOT_USER}> kb get_cpu_var without put_cpu_var`;
    await stack.postEvent(
      envelope({ type: 'app_mention', channel: CHANNEL, user: HUMAN, text, ts, event_ts: ts }),
    );
    await stack.postEvent(envelope(message(ts, text)));
    const [reply] = await waitForReply(ts);
    expect(allText(expectThreadReply(reply!, ts))).toContain('`get-cpu-var-leak`');
    await sleep(200);
    expect(repliesTo(ts)).toHaveLength(1);
  });

  it('triages a paste that mentions it, and says when there is no report', async () => {
    const ts = nextTs();
    const blocks = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'user', user_id: BOT_USER },
              { type: 'text', text: ' what is this?' },
            ],
          },
        ],
      },
    ];
    await stack.postEvent(
      envelope({
        type: 'app_mention',
        channel: CHANNEL,
        user: HUMAN,
        text: `<@${BOT_USER}> what is this?`,
        ts,
        blocks,
      }),
    );
    const [reply] = await waitForReply(ts);
    expect(headerOf(expectThreadReply(reply!, ts))).toBe('No kernel report found in the paste');
  });
});

describe('App Home and feedback', () => {
  it('publishes the Home tab with the latest triages, and search results on Enter', async () => {
    const user = 'U0HOMEUSR';
    await stack.postEvent(
      envelope({ type: 'app_home_opened', user, channel: 'D0HOME001', tab: 'home', event_ts: nextTs() }),
    );
    const [home] = (await stack.fake.waitFor('views.publish')).filter((c) => c.body.user_id === user);
    const view = home!.body.view as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    expect(allText(view.blocks)).toContain(
      'BUG: sleeping function called from invalid context in sensor_set_config',
    );
    expect(view.blocks.some((b) => b.type === 'input')).toBe(true);

    const action = {
      type: 'block_actions',
      user: { id: user, username: 'ana', team_id: TEAM },
      api_app_id: 'A0KTRIAGE',
      team: { id: TEAM, domain: 'kernel-team' },
      trigger_id: '13345224609.738474920.8088930838d88f008e1',
      view: { id: 'V0HOME0001', type: 'home' },
      actions: [
        {
          type: 'plain_text_input',
          block_id: 'kb_search',
          action_id: 'kb_search',
          value: 'invalid wait context',
          action_ts: '1741082600.000001',
        },
      ],
    };
    const res = await stack.postForm({ payload: JSON.stringify(action) });
    expect(res.status).toBe(200);
    const views = await stack.fake.waitFor('views.publish', 2);
    const searched = views.filter((c) => c.body.user_id === user).at(-1)!.body.view as { blocks: Block[] };
    expect(allText(searched.blocks)).toContain('`novalidate-aliasing`');
  });

  it('records a thumbs-up on our reply against the pattern the note proposed', async () => {
    const ts = nextTs();
    await stack.postEvent(envelope(message(ts, slackEscape(TECHVEDA))));
    const [post] = await waitForReply(ts);
    const ref = replyTs(post!);
    const deadline = Date.now() + 5_000;
    while (
      (await stack.service.store.getReplyRef(`slack:${CHANNEL}:${ts}`)) !== `${CHANNEL}:${ref}` &&
      Date.now() < deadline
    )
      await sleep(10);
    const before = await stack.service.store.feedbackTally('spinlock-gfp-kernel');
    await stack.postEvent(
      envelope({
        type: 'reaction_added',
        user: HUMAN,
        reaction: '+1::skin-tone-3',
        item: { type: 'message', channel: CHANNEL, ts: ref },
        item_user: BOT_USER,
        event_ts: nextTs(),
      }),
    );
    while (
      (await stack.service.store.feedbackTally('spinlock-gfp-kernel')).up === before.up &&
      Date.now() < deadline
    )
      await sleep(10);
    expect(await stack.service.store.feedbackTally('spinlock-gfp-kernel')).toEqual({
      up: before.up + 1,
      down: before.down,
    });
  });

  it('tells our replies in two channels apart when Slack gave them the same ts', async () => {
    const { store } = stack.service;
    const pastes = [
      { channel: 'C0SENSORS', ts: nextTs(), text: TECHVEDA, pattern: 'spinlock-gfp-kernel', reaction: '+1' },
      {
        channel: 'C0LOCKDEP',
        ts: nextTs(),
        text: INVALID_WAIT,
        pattern: 'novalidate-aliasing',
        reaction: '-1',
      },
    ];
    const refs: string[] = [];
    for (const p of pastes) {
      await stack.postEvent(envelope({ ...message(p.ts, slackEscape(p.text)), channel: p.channel }));
      refs.push(replyTs((await waitForReply(p.ts))[0]!));
    }
    expect(refs[1]).toBe(refs[0]);
    const deadline = Date.now() + 5_000;
    for (const p of pastes) {
      while ((await store.getReplyRef(`slack:${p.channel}:${p.ts}`)) === null && Date.now() < deadline)
        await sleep(10);
    }
    const tally = () => Promise.all(pastes.map((p) => store.feedbackTally(p.pattern)));
    const before = await tally();

    for (const p of pastes) {
      await stack.postEvent(
        envelope({
          type: 'reaction_added',
          user: HUMAN,
          reaction: p.reaction,
          item: { type: 'message', channel: p.channel, ts: refs[0] },
          item_user: BOT_USER,
          event_ts: nextTs(),
        }),
      );
    }
    const expected = [
      { up: before[0]!.up + 1, down: before[0]!.down },
      { up: before[1]!.up, down: before[1]!.down + 1 },
    ];
    while (JSON.stringify(await tally()) !== JSON.stringify(expected) && Date.now() < deadline)
      await sleep(10);
    expect(await tally()).toEqual(expected);
  });
});
