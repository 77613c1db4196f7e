import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import { renderSlack } from '../render/slack.js';
import type { DeliveryResult } from '../server/adapter.js';
import type { OutboxItem } from '../store/store.js';
import type { PasteExplainer } from '../usecase/explain-paste.js';
import { replyRef, replyTsOf } from './keys.js';
import { EXPLAIN_ACTION, HomePublish, ThreadExplanation, ThreadReply } from './outbox.js';

/**
 * Platform errors that another attempt cannot fix: the channel is gone or closed to us, or the
 * payload itself is refused. Anything else (`internal_error`, `fatal_error`, `service_unavailable`,
 * `request_timeout`, and auth errors a person can fix within the outbox's give-up age) is retried.
 * Names from the chat.postMessage, chat.update and views.publish reference pages.
 */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_blocks_too_long',
  'invalid_arguments',
  'too_many_attachments',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  'user_not_found',
  'not_enabled',
]);

/** Refusals of the blocks (bolt-js #2509, #2867): the same note is sent again as text only. */
const BLOCK_REFUSALS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long']);

/** Our reply is gone (deleted by someone) or cannot be edited: the new version is posted instead. */
const REPLY_GONE = new Set(['message_not_found', 'cant_update_message']);

const Posted = z.looseObject({ ts: z.string() });

/**
 * Every thread reply carries its outbox item's id in the message metadata ("Using message metadata",
 * docs.slack.dev/messaging/message-metadata), so a re-sent item can find the reply an earlier attempt
 * posted before its outcome was recorded (a crash, a lease that ran out, a cut-off answer).
 */
export const REPLY_EVENT_TYPE = 'ktriage_reply';

const ThreadMessage = z.looseObject({
  ts: z.string(),
  metadata: z
    .looseObject({ event_type: z.string(), event_payload: z.looseObject({ outbox_id: z.unknown() }) })
    .optional(),
});
const RepliesPage = z.looseObject({ messages: z.array(ThreadMessage).optional() });

/** Which outbox item a post is, and whether an earlier attempt of it may have reached Slack. */
interface Sending {
  id: number;
  /** Attempts started, this one included: above 1, an earlier one may have posted. */
  attempts: number;
  /** When the item was queued: no reply of it can be older. */
  createdAt: Date;
}

/**
 * Performs one Slack outbox item. Never throws: every failure is a DeliveryResult. `explain` is null
 * when this process has no language model configured.
 */
export async function deliverSlack(
  client: WebClient,
  item: OutboxItem,
  signal: AbortSignal,
  log: Logger,
  explain: PasteExplainer | null,
): Promise<DeliveryResult> {
  const at = { outboxId: item.id, action: item.action, replyKey: item.replyKey, attempt: item.attempts };
  try {
    switch (item.action) {
      case 'chat.postMessage':
        return await post(client, ThreadReply.parse(item.payload), item, signal, log);
      case 'chat.update':
        return await update(client, ThreadReply.parse(item.payload), item, signal, log);
      case EXPLAIN_ACTION:
        return await explainReply(client, ThreadExplanation.parse(item.payload), item, signal, log, explain);
      case 'views.publish': {
        const { user_id, view } = HomePublish.parse(item.payload);
        await client.views.publish({ user_id, view });
        return { ok: true };
      }
      default:
        return { ok: false, retryable: false, error: `unknown Slack action ${item.action}` };
    }
  } catch (err) {
    const result = failure(err);
    const where = target(item.payload);
    if (result.retryable)
      log.warn({ ...at, ...where, error: result.error }, 'Slack reply failed; the outbox retries it');
    else log.error({ ...at, ...where, error: result.error }, 'Slack reply failed for good');
    return result;
  }
}

/** Posts the reply in its thread, unless an earlier attempt of the same item already did. */
async function post(
  client: WebClient,
  reply: ThreadReply,
  sending: Sending,
  signal: AbortSignal,
  log: Logger,
): Promise<DeliveryResult> {
  if (sending.attempts > 1) {
    signal.throwIfAborted();
    const ts = await findPosted(client, reply, sending);
    if (ts !== null) {
      log.info(
        { outboxId: sending.id, channel: reply.channel, threadTs: reply.thread_ts, ts },
        'Slack reply already in its thread from an earlier attempt; not posted again',
      );
      return { ok: true, ref: replyRef(reply.channel, ts) };
    }
  }
  return postOnce(client, reply, sending, signal);
}

async function postOnce(
  client: WebClient,
  reply: ThreadReply,
  sending: Sending,
  signal: AbortSignal,
  textOnly = false,
): Promise<DeliveryResult> {
  signal.throwIfAborted();
  try {
    const res = await client.chat.postMessage({
      channel: reply.channel,
      thread_ts: reply.thread_ts,
      ...message(reply, textOnly),
      metadata: { event_type: REPLY_EVENT_TYPE, event_payload: { outbox_id: sending.id } },
      // A note quotes file paths and URLs from the log; previews of them would bury the note.
      unfurl_links: false,
      unfurl_media: false,
    });
    return { ok: true, ref: replyRef(reply.channel, Posted.parse(res).ts) };
  } catch (err) {
    if (!textOnly && platformError(err, BLOCK_REFUSALS))
      return postOnce(client, reply, sending, signal, true);
    throw err;
  }
}

/**
 * The ts of the thread message that carries this item's id, or null. `include_all_metadata` makes
 * conversations.replies return each message's metadata; only messages from a little before the item
 * was queued are read (the parent always comes back), so a long thread costs one page.
 */
async function findPosted(client: WebClient, reply: ThreadReply, sending: Sending): Promise<string | null> {
  const oldest = ((sending.createdAt.getTime() - CLOCK_SKEW_MS) / 1000).toFixed(6);
  try {
    const pages = client.paginate('conversations.replies', {
      channel: reply.channel,
      ts: reply.thread_ts,
      oldest,
      include_all_metadata: true,
      limit: 200,
    });
    for await (const page of pages) {
      for (const m of RepliesPage.parse(page).messages ?? []) {
        if (m.metadata?.event_type === REPLY_EVENT_TYPE && m.metadata.event_payload.outbox_id === sending.id)
          return m.ts;
      }
    }
  } catch (err) {
    // The thread's parent was deleted: nothing of ours can be in it, and the post tells what Slack thinks.
    if (platformError(err, THREAD_GONE)) return null;
    throw err;
  }
  return null;
}

/** Our clock and Slack's may differ; a reply is looked for from this long before the item was queued. */
const CLOCK_SKEW_MS = 10 * 60_000;

const THREAD_GONE = new Set(['thread_not_found']);

async function update(
  client: WebClient,
  reply: ThreadReply,
  item: OutboxItem,
  signal: AbortSignal,
  log: Logger,
  textOnly = false,
): Promise<DeliveryResult> {
  // No reply of ours yet (the paste only now holds a report, or the post was given up): post it.
  if (item.replyRef === null) return post(client, reply, item, signal, log);
  signal.throwIfAborted();
  try {
    const ts = replyTsOf(item.replyRef);
    await client.chat.update({ channel: reply.channel, ts, ...message(reply, textOnly) });
    return { ok: true, ref: replyRef(reply.channel, ts) };
  } catch (err) {
    if (platformError(err, REPLY_GONE)) return post(client, reply, item, signal, log);
    if (!textOnly && platformError(err, BLOCK_REFUSALS))
      return update(client, reply, item, signal, log, true);
    throw err;
  }
}

/**
 * Asks the model about the note, then edits the note in the thread with the explanation (or the line
 * saying why it is withheld) beside it. No answer leaves the note as it was posted.
 */
async function explainReply(
  client: WebClient,
  reply: ThreadExplanation,
  item: OutboxItem,
  signal: AbortSignal,
  log: Logger,
  explain: PasteExplainer | null,
): Promise<DeliveryResult> {
  if (explain === null)
    return { ok: false, retryable: false, error: 'LLM_BASE_URL and LLM_MODEL are not set in this replica' };
  const explained = await explain.explain(reply.request, item.attempts);
  if (!explained.ok) return explained;
  signal.throwIfAborted();
  const { text, blocks } = renderSlack(explained.notes);
  const edit = ThreadReply.parse({ channel: reply.channel, thread_ts: reply.thread_ts, text, blocks });
  return update(client, edit, item, signal, log);
}

/**
 * The message fields. Text only means the blocks' own mrkdwn as `text`: the whole note, less layout,
 * rather than the one-line notification fallback.
 */
function message(reply: ThreadReply, textOnly: boolean): { text: string; blocks?: ThreadReply['blocks'] } {
  if (!textOnly) return { text: reply.text, blocks: reply.blocks };
  const parts = reply.blocks.flatMap((b) => blockTexts(b));
  return { text: parts.length > 0 ? parts.join('\n\n') : reply.text };
}

const TextObject = z.looseObject({ text: z.string() });
const BlockTexts = z.looseObject({
  type: z.string(),
  text: TextObject.optional(),
  fields: z.array(TextObject).optional(),
});

function blockTexts(block: unknown): string[] {
  const parsed = BlockTexts.safeParse(block);
  if (!parsed.success) return [];
  const { type, text, fields } = parsed.data;
  const own = text === undefined ? [] : [type === 'header' ? `*${text.text}*` : text.text];
  return [...own, ...(fields ?? []).map((f) => f.text)];
}

function platformError(err: unknown, codes: ReadonlySet<string>): boolean {
  return err instanceof WebAPIPlatformError && codes.has(err.data.error);
}

/** A Web API error as a delivery outcome. */
export function failure(err: unknown): Extract<DeliveryResult, { ok: false }> {
  if (err instanceof WebAPIRateLimitedError) {
    return {
      ok: false,
      retryable: true,
      error: `ratelimited (HTTP 429, Retry-After ${err.retryAfter} s)`,
      retryAfterMs: err.retryAfter * 1000,
    };
  }
  if (err instanceof WebAPIPlatformError) {
    return { ok: false, retryable: !PERMANENT.has(err.data.error), error: err.data.error };
  }
  if (err instanceof WebAPIHTTPError) {
    return {
      ok: false,
      retryable: err.statusCode >= 500 || err.statusCode === 408,
      error: `HTTP ${err.statusCode} ${err.statusMessage}`,
    };
  }
  if (err instanceof WebAPIRequestError)
    return { ok: false, retryable: true, error: `request failed: ${err.original.message}` };
  if (err instanceof z.ZodError)
    return { ok: false, retryable: false, error: `bad outbox payload: ${z.prettifyError(err)}` };
  return { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
}

/** Where a failed reply was going, for the log line a person reads when it is given up. */
function target(payload: unknown): Record<string, string> {
  const reply = ThreadReply.safeParse(payload);
  if (reply.success) return { channel: reply.data.channel, threadTs: reply.data.thread_ts };
  const home = HomePublish.safeParse(payload);
  return home.success ? { user: home.data.user_id } : {};
}
