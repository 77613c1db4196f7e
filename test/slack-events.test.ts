import { describe, expect, it } from 'vitest';
import { messageWork, type BotIdentity } from '../src/slack/events.js';
import { messageText } from '../src/slack/paste-text.js';
import { MessageEvent } from '../src/slack/payloads.js';
import { parseRequest } from '../src/slack/requests.js';

const me: BotIdentity = {
  userId: 'U0KTRIAGE',
  botId: 'B0KTRIAGE',
  teamUrl: 'https://kernel-team.slack.com/',
};
const event = (fields: Record<string, unknown>) =>
  MessageEvent.parse({ type: 'message', channel: 'C024BE91L', ts: '1741082400.000100', ...fields });

describe('which message events are read', () => {
  it("reads a person's message, a file share and a thread broadcast, replying in the right thread", () => {
    expect(messageWork(event({ user: 'U061F7AUR', text: 'x' }), me)).toMatchObject({
      kind: 'new',
      threadTs: '1741082400.000100',
    });
    expect(
      messageWork(event({ subtype: 'file_share', user: 'U061F7AUR', files: [{ id: 'F1' }] }), me),
    ).toMatchObject({ kind: 'new' });
    expect(
      messageWork(
        event({ subtype: 'thread_broadcast', user: 'U061F7AUR', thread_ts: '1741082300.000001' }),
        me,
      ),
    ).toMatchObject({
      threadTs: '1741082300.000001',
    });
  });

  it('drops bots (ours, other apps without the bot_message subtype) and housekeeping subtypes', () => {
    expect(messageWork(event({ subtype: 'bot_message', bot_id: 'B0CIBOT01' }), me)).toBeNull();
    expect(messageWork(event({ user: 'U0OTHER01', bot_id: 'B0OTHER01' }), me)).toBeNull();
    expect(messageWork(event({ user: me.userId }), me)).toBeNull();
    for (const subtype of ['message_deleted', 'message_replied', 'channel_join', 'channel_topic']) {
      expect(messageWork(event({ subtype, user: 'U061F7AUR' }), me)).toBeNull();
    }
  });

  it('reads an edit by its edit time, but not our own edits nor unfurls', () => {
    const edit = (message: Record<string, unknown>, previous: Record<string, unknown>) =>
      messageWork(
        event({
          subtype: 'message_changed',
          ts: '1741082500.000200',
          message: { ts: '1741082400.000100', ...message },
          previous_message: { ts: '1741082400.000100', ...previous },
        }),
        me,
      );
    expect(
      edit(
        { user: 'U061F7AUR', text: 'new', edited: { ts: '1741082450.000000' } },
        { user: 'U061F7AUR', text: 'old' },
      ),
    ).toMatchObject({
      kind: 'edit',
      ts: '1741082400.000100',
      editedTs: '1741082450.000000',
    });
    expect(
      edit({ bot_id: me.botId, user: me.userId, text: 'note v2' }, { bot_id: me.botId, text: 'note v1' }),
    ).toBeNull();
    expect(
      edit({ user: 'U061F7AUR', text: 'same', attachments: [{}] }, { user: 'U061F7AUR', text: 'same' }),
    ).toBeNull();
  });
});

describe('message text', () => {
  it('prefers rich_text blocks (raw code blocks) and drops the mention of the bot', () => {
    const blocks = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'user', user_id: me.userId },
              { type: 'text', text: ' look:' },
            ],
          },
          {
            type: 'rich_text_preformatted',
            elements: [{ type: 'text', text: ' <TASK>\n  dump_stack_lvl+0x76/0xaa' }],
          },
          {
            type: 'rich_text_list',
            elements: [
              { type: 'rich_text_section', elements: [{ type: 'link', url: 'https://lore.kernel.org/x' }] },
            ],
          },
        ],
      },
    ];
    const m = event({
      text: `<@${me.userId}> look:\n\`\`\` &lt;TASK&gt;\n  dump_stack_lvl+0x76/0xaa\`\`\``,
      blocks,
    });
    expect(messageText(m, me.userId)).toBe(
      ' look:\n```\n <TASK>\n  dump_stack_lvl+0x76/0xaa\n```\n• https://lore.kernel.org/x',
    );
    expect(messageText(event({ text: `<@${me.userId}> kb rcu stall` }), me.userId)).toBe(' kb rcu stall');
  });
});

describe('what /ktriage and @ktriage are asked', () => {
  it('tells help, a knowledge search and a paste apart', () => {
    expect(parseRequest('')).toEqual({ kind: 'help' });
    expect(parseRequest(' help ')).toEqual({ kind: 'help' });
    expect(parseRequest('kb')).toEqual({ kind: 'help' });
    expect(parseRequest('KB  sleeping in atomic ')).toEqual({ kind: 'kb', words: 'sleeping in atomic' });
    expect(parseRequest('[  320.681589] BUG: sleeping function called')).toMatchObject({ kind: 'paste' });
    expect(parseRequest('kbuild failed')).toMatchObject({ kind: 'paste' });
  });
});
