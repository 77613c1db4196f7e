import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';

/**
 * Who may see a paste: the members of the conversation it was posted in, and everyone in the
 * workspace when that is a public channel. ktriage shows an earlier paste (App Home rows, a note's
 * "seen before" links) only to readers who could open it in Slack themselves. Answers come from the
 * Web API (`users.conversations`, `conversations.info`) and are kept a few minutes; when Slack does not
 * answer, a paste counts as hidden.
 */

/** Memberships and channel kinds change rarely; a joined or left channel shows within this. */
const CACHE_MS = 5 * 60_000;

const ChannelInfo = z.looseObject({
  channel: z.looseObject({ is_private: z.boolean().optional(), is_channel: z.boolean().optional() }),
});
const Memberships = z.looseObject({ channels: z.array(z.looseObject({ id: z.string() })).optional() });

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

export class ChannelVisibility {
  private readonly publicChannels = new Map<string, Cached<boolean>>();
  private readonly memberships = new Map<string, Cached<ReadonlySet<string>>>();

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Whether everyone in the workspace can read `channel`: a public channel. DMs and private channels are not. */
  isPublic(channel: string): Promise<boolean> {
    return this.cached(
      this.publicChannels,
      channel,
      async () => {
        const res = ChannelInfo.parse(await this.client.conversations.info({ channel }));
        return res.channel.is_channel === true && res.channel.is_private !== true;
      },
      false,
    );
  }

  /** The conversations `user` is in that ktriage can see (channels, private channels, DMs). */
  channelsOf(user: string): Promise<ReadonlySet<string>> {
    return this.cached(
      this.memberships,
      user,
      async () => {
        const channels = new Set<string>();
        const pages = this.client.paginate('users.conversations', {
          user,
          types: 'public_channel,private_channel,im',
          limit: 200,
        });
        for await (const page of pages) {
          for (const c of Memberships.parse(page).channels ?? []) channels.add(c.id);
        }
        return channels;
      },
      new Set<string>(),
    );
  }

  /** Whether `user` can read what was posted in `channel`. */
  async visibleTo(user: string, channel: string): Promise<boolean> {
    return (await this.channelsOf(user)).has(channel) || this.isPublic(channel);
  }

  /**
   * Whether everyone who reads `here` can read what was posted in `channel`: the same conversation, or
   * a public channel. (Checking that every member of `here` is also in `channel` would cost a call per
   * member; a link the reader cannot open is not worth it.)
   */
  async visibleFrom(here: string, channel: string): Promise<boolean> {
    return channel === here || this.isPublic(channel);
  }

  private cached<T>(
    cache: Map<string, Cached<T>>,
    key: string,
    load: () => Promise<T>,
    hidden: T,
  ): Promise<T> {
    const now = this.nowMs();
    const hit = cache.get(key);
    if (hit !== undefined && now - hit.at < CACHE_MS) return hit.value;
    const value = load().catch((err: unknown) => {
      this.log.warn({ err, key }, 'Slack did not say who may see a conversation; its pastes stay hidden');
      cache.delete(key);
      return hidden;
    });
    cache.set(key, { at: now, value });
    return value;
  }
}
