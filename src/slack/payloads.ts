import { z } from 'zod';

/*
 * What ktriage reads of Slack's inbound payloads (Events API envelopes, slash commands, block actions),
 * parsed once where they enter. Objects are loose: Slack adds fields over time, and a field we do not
 * read must never reject an event.
 */

/** One node of a `rich_text` block: a section, list, quote or preformatted run, or an inline element. */
export interface RichTextNode {
  type: string;
  text?: string | undefined;
  url?: string | undefined;
  user_id?: string | undefined;
  channel_id?: string | undefined;
  usergroup_id?: string | undefined;
  name?: string | undefined;
  range?: string | undefined;
  fallback?: string | undefined;
  value?: string | undefined;
  elements?: RichTextNode[] | undefined;
}

export const RichTextNode: z.ZodType<RichTextNode> = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  url: z.string().optional(),
  user_id: z.string().optional(),
  channel_id: z.string().optional(),
  usergroup_id: z.string().optional(),
  name: z.string().optional(),
  range: z.string().optional(),
  fallback: z.string().optional(),
  value: z.string().optional(),
  get elements() {
    return z.array(RichTextNode).optional();
  },
});

/** A message block; only `rich_text` blocks carry what the user typed. */
const MessageBlock = z.looseObject({ type: z.string(), elements: z.array(RichTextNode).optional() });

/**
 * A file attached to a message. With `file_access: "check_file_info"` Slack sends only the id and
 * the rest comes from `files.info`.
 */
export const SlackFile = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  mimetype: z.string().nullish(),
  filetype: z.string().nullish(),
  size: z.number().nullish(),
  mode: z.string().nullish(),
  url_private: z.string().nullish(),
  url_private_download: z.string().nullish(),
  file_access: z.string().nullish(),
});
export type SlackFile = z.infer<typeof SlackFile>;

/** The message itself: a `message` event, an `app_mention`, or the `message` of a `message_changed`. */
const messageFields = {
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().nullish(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  blocks: z.array(MessageBlock).optional(),
  files: z.array(SlackFile).optional(),
  edited: z.looseObject({ ts: z.string() }).optional(),
};

export const MessageBody = z.looseObject(messageFields);
export type MessageBody = z.infer<typeof MessageBody>;

/** A `message` event of any subtype; `message`/`previous_message` are set for `message_changed`. */
export const MessageEvent = z.looseObject({
  ...messageFields,
  type: z.literal('message'),
  channel: z.string(),
  event_ts: z.string().optional(),
  message: MessageBody.optional(),
  previous_message: MessageBody.optional(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

export const AppMentionEvent = z.looseObject({
  ...messageFields,
  type: z.literal('app_mention'),
  channel: z.string(),
});

export const HomeOpenedEvent = z.looseObject({
  type: z.literal('app_home_opened'),
  user: z.string(),
  tab: z.string().optional(),
});

export const ReactionAddedEvent = z.looseObject({
  type: z.literal('reaction_added'),
  user: z.string(),
  reaction: z.string(),
  item_user: z.string().optional(),
  item: z.looseObject({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
});

/** The Events API wrapper around every event (`type: "event_callback"`). */
export const EventEnvelope = z.looseObject({
  type: z.literal('event_callback'),
  team_id: z.string(),
  event_id: z.string(),
  event: z.looseObject({ type: z.string() }),
});

/** A slash command invocation (form fields). */
export const SlashCommand = z.looseObject({
  command: z.string(),
  text: z.string().default(''),
  team_id: z.string(),
  channel_id: z.string(),
  user_id: z.string(),
});

/** A block action from the App Home search box (`dispatch_action` on Enter). */
export const BlockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string(), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullish(),
  trigger_id: z.string().optional(),
  actions: z.array(
    z.looseObject({ action_id: z.string(), value: z.string().nullish(), action_ts: z.string().optional() }),
  ),
});

/** Slack's check of the request URL when it is saved in the app settings. */
export const UrlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });
