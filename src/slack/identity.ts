import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { BotIdentity } from './events.js';

const AuthTest = z.looseObject({
  user_id: z.string(),
  bot_id: z.string().optional(),
  url: z.string().optional(),
});

const UNKNOWN: BotIdentity = { userId: null, botId: null, teamUrl: null };

/** How long event handling waits for a first `auth.test`; the event is acked already. */
const WAIT_MS = 3_000;

/**
 * Who the bot is, from one `auth.test`. Asked at start without holding it up; acks never wait for it
 * (Bolt's `authorize` reads `current()`), handlers wait briefly. A failed lookup is tried again on
 * the next event; until then the bot guards rely on `bot_id`, which all of our messages carry.
 */
export class IdentitySource {
  private known: BotIdentity | null = null;
  private lookup: Promise<BotIdentity> | null = null;

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  current(): BotIdentity {
    return this.known ?? UNKNOWN;
  }

  async get(): Promise<BotIdentity> {
    if (this.known !== null) return this.known;
    this.lookup ??= this.resolve();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<BotIdentity>((resolve) => {
      timer = setTimeout(() => resolve(UNKNOWN), WAIT_MS);
    });
    try {
      return await Promise.race([this.lookup, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async resolve(): Promise<BotIdentity> {
    try {
      const me = AuthTest.parse(await this.client.auth.test());
      this.known = { userId: me.user_id, botId: me.bot_id ?? null, teamUrl: me.url ?? null };
      this.log.info({ botUserId: me.user_id, botId: me.bot_id }, 'Slack bot identity resolved');
      return this.known;
    } catch (err) {
      this.log.warn({ err }, 'auth.test failed; the bot identity is looked up again on the next event');
      this.lookup = null;
      return UNKNOWN;
    }
  }
}
