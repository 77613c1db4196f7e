import type { z } from 'zod';
import { kbHitsSlack } from '../render/kb-hits.js';
import type { SlackMessage } from '../render/slack.js';
import type { AdapterContext } from '../server/adapter.js';
import { recordReplies } from '../server/record-replies.js';
import type { OutboxItemInput, TriageRecord, Vote } from '../store/store.js';
import type { Triage } from '../usecase/core.js';
import type { PastTriages } from '../usecase/triage-paste.js';
import { isBotMessage, messageWork, type MessageWork } from './events.js';
import type { FileReader } from './files.js';
import { HOME_LATEST, HOME_SEARCH_ACTION, homeView } from './home.js';
import type { IdentitySource } from './identity.js';
import {
  editClaim,
  eventClaim,
  homeReplyKey,
  messageClaim,
  messageSourceKey,
  parseSourceKey,
  permalink,
  replyRef,
  tsDate,
  workspaceScope,
} from './keys.js';
import { helpMessage } from './messages.js';
import { homePublish, threadExplanation, threadReply } from './outbox.js';
import {
  AppMentionEvent,
  BlockActions,
  EventEnvelope,
  HomeOpenedEvent,
  MessageEvent,
  ReactionAddedEvent,
  SlashCommand,
  type MessageBody,
} from './payloads.js';
import { messageText } from './paste-text.js';
import { parseRequest } from './requests.js';
import { triageNote, type SlackNote } from './triage-note.js';
import type { ChannelVisibility } from './visibility.js';

/**
 * Rows read per row shown, where some may be hidden from the reader: past this many hidden ones in a
 * row, fewer are shown than could be.
 */
const HIDDEN_HEADROOM = 5;

/** Files read from one message; more than this is not one paste. */
const MAX_FILES = 5;

/** What a message holds to read: the typed text, the text files, and what could not be read. */
interface Paste {
  typed: string;
  text: string;
  unread: string[];
  hasFileText: boolean;
}

/** The slash command's immediate answer, which only the person who typed it sees. */
export interface EphemeralResponse {
  response_type: 'ephemeral';
  text: string;
  blocks: SlackMessage['blocks'];
}

/**
 * The translation between Slack and the core: each method takes one inbound payload (as Bolt hands
 * it over, after the ack), asks the core, and records the reply in the outbox together with the
 * claim of the message, so every message is answered once whichever replica or retry gets here first.
 */
export class SlackHandlers {
  constructor(
    private readonly context: AdapterContext,
    private readonly identity: IdentitySource,
    private readonly files: FileReader,
    private readonly visibility: ChannelVisibility,
  ) {}

  /** A message in a channel ktriage is in: a paste gets a note in its thread, anything else nothing. */
  async message(body: unknown): Promise<void> {
    const envelope = this.parse(EventEnvelope, body, 'event envelope');
    const event = envelope && this.parse(MessageEvent, envelope.event, 'message event');
    if (!envelope || !event) return;
    const work = messageWork(event, await this.identity.get());
    if (work === null) return;
    const paste = await this.read(work.message, null);
    if (work.kind === 'new') await this.answerPaste(envelope.team_id, work, paste, false);
    else await this.answerEdit(envelope.team_id, work, paste);
  }

  /** `@ktriage kb <words>`, `@ktriage help`, or `@ktriage` with a paste; always answered in the thread. */
  async mention(body: unknown): Promise<void> {
    const envelope = this.parse(EventEnvelope, body, 'event envelope');
    const event = envelope && this.parse(AppMentionEvent, envelope.event, 'app_mention event');
    if (!envelope || !event) return;
    const me = await this.identity.get();
    if (isBotMessage(event, me)) return;
    const work: MessageWork = {
      kind: 'new',
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      message: event,
    };
    const paste = await this.read(event, me.userId);
    const request = parseRequest(paste.typed);
    if (request.kind === 'paste' || paste.hasFileText) {
      await this.answerPaste(envelope.team_id, work, paste, true);
      return;
    }
    const reply =
      request.kind === 'kb'
        ? kbHitsSlack(request.words, this.context.core.searchKb(request.words))
        : helpMessage();
    const key = messageSourceKey(work.channel, work.ts);
    await this.record(messageClaim(envelope.team_id, work.channel, work.ts), [
      threadReply('chat.postMessage', work.channel, work.threadTs, key, reply),
    ]);
  }

  /** `/ktriage ...`: answered in the command's HTTP response (or Socket Mode ack), privately. */
  async command(body: unknown): Promise<EphemeralResponse> {
    const command = this.parse(SlashCommand, body, 'slash command');
    if (!command) return ephemeral(helpMessage());
    const request = parseRequest(command.text);
    if (request.kind === 'help') return ephemeral(helpMessage());
    if (request.kind === 'kb')
      return ephemeral(kbHitsSlack(request.words, this.context.core.searchKb(request.words)));
    const origin = {
      team: command.team_id,
      channel: command.channel_id,
      sourceKey: null,
      postedAt: this.context.now(),
      link: '',
    };
    const { message, triage } = await triageNote(this.notes(origin.channel), origin, request.text, []);
    this.context.metrics.triaged('slack', triage.tallies, triage.seconds);
    return ephemeral(message);
  }

  /** The Home tab was opened: publish it with the workspace's latest triages. */
  async homeOpened(body: unknown): Promise<void> {
    const envelope = this.parse(EventEnvelope, body, 'event envelope');
    const event = envelope && this.parse(HomeOpenedEvent, envelope.event, 'app_home_opened event');
    if (!envelope || !event || (event.tab !== undefined && event.tab !== 'home')) return;
    const view = homeView({ search: null, latest: await this.latest(envelope.team_id, event.user) });
    await this.record(eventClaim(envelope.event_id), [
      homePublish(event.user, view, homeReplyKey(envelope.team_id, event.user)),
    ]);
  }

  /** Enter in the Home tab's search box: publish the Home tab again with the hits. */
  async homeSearch(body: unknown): Promise<void> {
    const actions = this.parse(BlockActions, body, 'block_actions payload');
    const action = actions?.actions.find((a) => a.action_id === HOME_SEARCH_ACTION);
    const team = actions?.team?.id ?? actions?.user.team_id;
    if (!actions || !action || team === undefined) return;
    const words = (action.value ?? '').trim();
    const search = words === '' ? null : { words, hits: this.context.core.searchKb(words) };
    const user = actions.user.id;
    const view = homeView({ search, latest: await this.latest(team, user) });
    // Block actions are not retried by Slack; the trigger id only keeps the claim unique.
    await this.record(
      eventClaim(
        `home-search:${team}:${user}:${action.action_ts ?? actions.trigger_id ?? this.context.now().getTime()}`,
      ),
      [homePublish(user, view, homeReplyKey(team, user))],
    );
  }

  /** :+1: or :-1: on one of our notes: a vote on the pattern the note proposed first. */
  async reaction(body: unknown): Promise<void> {
    const envelope = this.parse(EventEnvelope, body, 'event envelope');
    const event = envelope && this.parse(ReactionAddedEvent, envelope.event, 'reaction_added event');
    const vote = event ? voteOf(event.reaction) : null;
    if (!event || vote === null || event.item.type !== 'message' || !event.item.channel || !event.item.ts)
      return;
    const me = await this.identity.get();
    if (me.userId !== null && event.item_user !== undefined && event.item_user !== me.userId) return;
    const { store, now, log } = this.context;
    const sourceKey = await this.replySource(event.item.channel, event.item.ts);
    if (sourceKey === null) return;
    const [lead] = await store.triagesOf(sourceKey);
    const pattern = lead?.patterns[0];
    if (pattern === undefined) return;
    await store.recordFeedback({ sourceKey, pattern, user: event.user, vote, now: now() });
    log.info({ sourceKey, pattern, vote }, 'feedback recorded');
  }

  /** The source message our reply `ts` in `channel` answers; null when that message is not a reply of ours. */
  private async replySource(channel: string, ts: string): Promise<string | null> {
    const { store } = this.context;
    const sourceKey = await store.findReplySource(replyRef(channel, ts));
    if (sourceKey !== null) return sourceKey;
    // A store written before refs named the channel holds the bare ts, until the reply is next edited.
    const legacy = await store.findReplySource(ts);
    return legacy !== null && parseSourceKey(legacy)?.channel === channel ? legacy : null;
  }

  /** A new message (or one that mentions us): a note when it holds a report, a mention always. */
  private async answerPaste(
    team: string,
    work: MessageWork,
    paste: Paste,
    mentioned: boolean,
  ): Promise<void> {
    const sourceKey = messageSourceKey(work.channel, work.ts);
    const note = await this.note(team, work, sourceKey, paste);
    if (!mentioned && note.triage.parsed.reports.length === 0 && paste.unread.length === 0) return;
    // An edit that arrived first has answered this message already (with its newer text).
    if ((await this.context.store.triagesOf(sourceKey)).length > 0) {
      this.context.metrics.eventDeduplicated('slack');
      return;
    }
    await this.record(
      messageClaim(team, work.channel, work.ts),
      [
        threadReply('chat.postMessage', work.channel, work.threadTs, sourceKey, note.message),
        ...this.explanation(work, sourceKey, note),
      ],
      note.triage,
    );
  }

  /**
   * A new version of a message: our reply is edited in place (`chat.update` of the reply remembered
   * for this message, queued under the same reply key so it never overtakes the post). A message that
   * never held a report and still does not stays unanswered.
   */
  private async answerEdit(
    team: string,
    work: Extract<MessageWork, { kind: 'edit' }>,
    paste: Paste,
  ): Promise<void> {
    const sourceKey = messageSourceKey(work.channel, work.ts);
    const note = await this.note(team, work, sourceKey, paste);
    if (note.triage.parsed.reports.length === 0 && paste.unread.length === 0) {
      if ((await this.context.store.triagesOf(sourceKey)).length === 0) return;
    }
    await this.record(
      editClaim(team, work.channel, work.ts, work.editedTs),
      [
        threadReply('chat.update', work.channel, work.threadTs, sourceKey, note.message),
        ...this.explanation(work, sourceKey, note),
      ],
      note.triage,
    );
  }

  /** The reply that edits the model's explanation into the note, when explanations are on and there is a report. */
  private explanation(work: MessageWork, sourceKey: string, note: SlackNote): OutboxItemInput[] {
    const request = this.context.explain?.requestFor(note.triage) ?? null;
    return request === null ? [] : [threadExplanation(work.channel, work.threadTs, sourceKey, request)];
  }

  private async note(team: string, work: MessageWork, sourceKey: string, paste: Paste): Promise<SlackNote> {
    const me = this.identity.current();
    const origin = {
      team,
      channel: work.channel,
      sourceKey,
      postedAt: tsDate(work.ts),
      link: permalink(me.teamUrl, work.channel, work.ts, work.threadTs),
    };
    return triageNote(this.notes(work.channel), origin, paste.text, paste.unread);
  }

  /**
   * The core, with the workspace's history as the readers of a note in `channel` may see it: earlier
   * pastes of that conversation or of public channels, never a link into a private channel or a DM.
   */
  private notes(channel: string): { core: AdapterContext['core']; history: PastTriages } {
    const { core, store } = this.context;
    const history: PastTriages = {
      findSimilar: async (query) => {
        // Some rows may be hidden: read more, keep what may be shown, up to the limit asked.
        const rows = await store.findSimilar({ ...query, limit: query.limit * HIDDEN_HEADROOM });
        const shown = await this.shown(rows, (at) => this.visibility.visibleFrom(channel, at));
        return shown.slice(0, query.limit);
      },
    };
    return { core, history };
  }

  /** The rows whose conversation `visible` allows, in order; a row of no known conversation is hidden. */
  private async shown(
    rows: readonly TriageRecord[],
    visible: (channel: string) => Promise<boolean>,
  ): Promise<TriageRecord[]> {
    const allowed = await Promise.all(
      rows.map(async (row) => {
        const at = parseSourceKey(row.sourceKey)?.channel;
        return at !== undefined && (await visible(at));
      }),
    );
    return rows.filter((_, i) => allowed[i]);
  }

  /** Claims, enqueues and records in one step; false when another delivery of it got there first. */
  private record(key: string, replies: OutboxItemInput[], triage?: Triage): Promise<boolean> {
    return recordReplies(this.context, 'slack', [key], replies, triage);
  }

  private async read(message: MessageBody, skipUser: string | null): Promise<Paste> {
    const typed = messageText(message, skipUser);
    const files = message.files ?? [];
    const reads = await Promise.all(files.slice(0, MAX_FILES).map((f) => this.files.read(f)));
    const texts: string[] = [];
    const unread: string[] = [];
    for (const r of reads) {
      if (r === null) continue;
      if ('text' in r) texts.push(r.text);
      else unread.push(r.problem);
    }
    if (files.length > MAX_FILES)
      unread.push(`only the first ${MAX_FILES} of ${files.length} files were read`);
    // A fence line between the parts: the parser ends a report block there.
    const text = [typed, ...texts].filter((t) => t.trim() !== '').join('\n```\n');
    return { typed, text, unread, hasFileText: texts.length > 0 };
  }

  /** The workspace's newest triages that `user` may see: from conversations they are in, or public channels. */
  private async latest(team: string, user: string): Promise<TriageRecord[]> {
    const rows = await this.context.store.latestTriages(workspaceScope(team), HOME_LATEST * HIDDEN_HEADROOM);
    const shown = await this.shown(rows, (at) => this.visibility.visibleTo(user, at));
    return shown.slice(0, HOME_LATEST);
  }

  private parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> | null {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    this.context.log.warn(
      { issues: parsed.error.issues.slice(0, 5) },
      `ignored a Slack ${what} of an unexpected shape`,
    );
    return null;
  }
}

function ephemeral(message: SlackMessage): EphemeralResponse {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

/** Reactions that vote; skin tones (`+1::skin-tone-3`) count as the plain one. */
function voteOf(reaction: string): Vote | null {
  const name = reaction.split('::')[0];
  if (name === '+1' || name === 'thumbsup') return 'up';
  if (name === '-1' || name === 'thumbsdown') return 'down';
  return null;
}
