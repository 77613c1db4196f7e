import { z } from 'zod';
import type { SlackMessage } from '../render/slack.js';
import { parseJsonValue } from '../store/json-text.js';
import type { JsonValue, OutboxItemInput } from '../store/store.js';
import { ExplainRequest } from '../usecase/explain-paste.js';

/*
 * The Slack replies ktriage queues, as outbox items: built here when an event is recorded, parsed
 * again by the deliverer. The payload holds what the Web API call needs, nothing of the triage.
 */

/** Block Kit blocks, checked as far as the Web API types need; their content was built by the renderers. */
const Blocks = z.array(z.looseObject({ type: z.string() }));

/** A note in a message's thread. `chat.update` edits our reply named by the item's `replyRef`. */
export const ThreadReply = z.object({
  channel: z.string(),
  thread_ts: z.string(),
  text: z.string(),
  blocks: Blocks,
});
export type ThreadReply = z.infer<typeof ThreadReply>;

/**
 * The model's explanation of a note, edited into our reply in the thread (`chat.update`, as an edit
 * of the paste is) once the explanation is in. Queued under the paste's reply key right after the
 * note, so it is delivered only after the note is posted, and never holds up the note.
 */
export const ThreadExplanation = z.object({
  channel: z.string(),
  thread_ts: z.string(),
  request: ExplainRequest,
});
export type ThreadExplanation = z.infer<typeof ThreadExplanation>;

/** The outbox action of a ThreadExplanation: it ends in the `chat.update` of our reply. */
export const EXPLAIN_ACTION = 'chat.update:explanation';

export const HomePublish = z.object({
  user_id: z.string(),
  view: z.looseObject({ type: z.literal('home'), blocks: Blocks }),
});

export type ThreadAction = 'chat.postMessage' | 'chat.update';

/**
 * The payload as the store keeps it: plain JSON, as a JSON round trip makes it (what is not JSON,
 * such as an undefined field, is left out as the store would leave it out). `z.json()` checked the
 * same but walked every block of the note in the thread that acknowledges events.
 */
const json = (value: unknown): JsonValue => parseJsonValue(JSON.stringify(value));

export function threadReply(
  action: ThreadAction,
  channel: string,
  threadTs: string,
  replyKey: string,
  message: SlackMessage,
): OutboxItemInput {
  return {
    target: 'slack',
    action,
    payload: json({ channel, thread_ts: threadTs, text: message.text, blocks: message.blocks }),
    replyKey,
  };
}

export function threadExplanation(
  channel: string,
  threadTs: string,
  replyKey: string,
  request: ExplainRequest,
): OutboxItemInput {
  return {
    target: 'slack',
    action: EXPLAIN_ACTION,
    payload: json({ channel, thread_ts: threadTs, request }),
    replyKey,
  };
}

export function homePublish(user: string, view: unknown, replyKey: string): OutboxItemInput {
  return { target: 'slack', action: 'views.publish', payload: json({ user_id: user, view }), replyKey };
}
