import type { MessageBody, MessageEvent } from './payloads.js';

/** Who ktriage is in the workspace, from `auth.test`; null fields while it is not known yet. */
export interface BotIdentity {
  userId: string | null;
  botId: string | null;
  /** `https://<workspace>.slack.com/`, the base of message permalinks. */
  teamUrl: string | null;
}

/** A message worth reading for a paste: a new one, or a new version of an edited one. */
export type MessageWork =
  | { kind: 'new'; channel: string; ts: string; threadTs: string; message: MessageBody }
  | { kind: 'edit'; channel: string; ts: string; threadTs: string; editedTs: string; message: MessageBody };

/**
 * Subtypes that are a person posting something new. `file_share` is an upload or a snippet (long
 * pastes become snippets in the client), `thread_broadcast` a thread reply also sent to the channel.
 * Everything else (`bot_message`, `message_deleted`, `message_replied`, `channel_join`, ...) is
 * housekeeping or another app talking.
 */
const NEW_MESSAGE_SUBTYPES = new Set<string | undefined>([undefined, 'file_share', 'thread_broadcast']);

/**
 * Whether a message was written by a bot: ours or another app's. Bolt's `ignoreSelf` misses other apps
 * (their messages carry `bot_id` without the `bot_message` subtype, bolt-js #580) and never looks
 * inside `message_changed`, where our own `chat.update`s and link unfurls come back.
 */
export function isBotMessage(m: MessageBody, me: BotIdentity): boolean {
  return (
    (m.bot_id !== undefined && m.bot_id !== null) ||
    m.subtype === 'bot_message' ||
    (me.userId !== null && m.user === me.userId)
  );
}

/** What a `message` event asks of ktriage, or null when it asks nothing. */
export function messageWork(event: MessageEvent, me: BotIdentity): MessageWork | null {
  if (NEW_MESSAGE_SUBTYPES.has(event.subtype)) {
    if (isBotMessage(event, me)) return null;
    return {
      kind: 'new',
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      message: event,
    };
  }
  if (event.subtype !== 'message_changed' || event.message === undefined) return null;
  const message = event.message;
  if (isBotMessage(message, me)) return null;
  // Unfurls and attachment changes also arrive as message_changed, with the text untouched.
  if (event.previous_message !== undefined && sameContent(event.previous_message, message)) return null;
  return {
    kind: 'edit',
    channel: event.channel,
    ts: message.ts,
    threadTs: message.thread_ts ?? message.ts,
    editedTs: message.edited?.ts ?? event.event_ts ?? event.ts,
    message,
  };
}

function sameContent(a: MessageBody, b: MessageBody): boolean {
  const files = (m: MessageBody): string => (m.files ?? []).map((f) => f.id).join(',');
  return a.text === b.text && files(a) === files(b);
}
