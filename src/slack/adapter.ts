import { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Adapter, AdapterContext, AdapterFactory } from '../server/adapter.js';
import { boltLogger } from './bolt-logger.js';
import { deliverSlack } from './deliver.js';
import { DeliveryClients } from './delivery-clients.js';
import { FileReader } from './files.js';
import { SlackHandlers } from './handlers.js';
import { HOME_SEARCH_ACTION } from './home.js';
import { HttpReceiver } from './http-receiver.js';
import { GuardedSocketReceiver } from './socket-receiver.js';
import { IdentitySource } from './identity.js';
import { ChannelVisibility } from './visibility.js';

/** Where Slack posts events, commands and Home actions in HTTP mode (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

export const SLASH_COMMAND = '/ktriage';

/**
 * What the app subscribes to and the bot scopes its calls need: slack/manifest*.yaml list exactly
 * these (test/slack-manifest.test.ts). `message.channels`/`message.groups` arrive as `message`.
 */
export const BOT_EVENTS = [
  'app_home_opened',
  'app_mention',
  'message.channels',
  'message.groups',
  'message.im',
  'reaction_added',
] as const;
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'im:history',
  'channels:read',
  'groups:read',
  'im:read',
  'chat:write',
  'commands',
  'files:read',
  'reactions:read',
] as const;

/**
 * Web API calls retry network and 5xx errors twice within a few seconds; 429s are not retried here
 * (`rejectRateLimitedCalls`): web-api would pause every call of the process for the Retry-After, and
 * the outbox already waits it out per item. The outbox does the long retries.
 */
const RETRY = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true };

/** One Web API call never holds a delivery longer than this; web-api has no timeout by default. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * The Slack adapter: Bolt dispatches Events API payloads (over `/slack/events` or Socket Mode) to
 * the handlers, which queue replies in the outbox; `deliver` performs them with the Web API.
 */
export const createSlackAdapter: AdapterFactory = (context: AdapterContext): Adapter => {
  const settings = context.config.slack;
  if (settings === null) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN');
  const { log } = context;
  const logger = boltLogger(log);
  const clientOptions = {
    slackApiUrl: settings.apiUrl,
    logger,
    retryConfig: RETRY,
    rejectRateLimitedCalls: true,
    timeout: CALL_TIMEOUT_MS,
    allowAbsoluteUrls: false,
  } satisfies WebClientOptions;
  const client = new WebClient(settings.botToken, clientOptions);
  const deliveryClients = new DeliveryClients(settings.botToken, clientOptions);
  const identity = new IdentitySource(client, log);
  const files = new FileReader({ client, botToken: settings.botToken, apiUrl: settings.apiUrl, log });
  const handlers = new SlackHandlers(context, identity, files, new ChannelVisibility(client, log));

  const socket = settings.mode === 'socket' && settings.appToken !== null;
  const receiver =
    socket || settings.signingSecret === null
      ? null
      : new HttpReceiver(settings.signingSecret, log, () => context.now().getTime());
  // Bolt's own clients only open the Socket Mode connection; replies go through `client` above.
  const socketReceiver = () =>
    new GuardedSocketReceiver(
      {
        appToken: settings.appToken ?? '',
        logger,
        installerOptions: { clientOptions: { slackApiUrl: settings.apiUrl } },
      },
      context.storeWritable,
      log,
    );
  const app = new App({
    ...(receiver === null ? { socketMode: true, receiver: socketReceiver() } : { receiver }),
    // Never `auth.test` before an ack: the identity is whatever is known when the event arrives.
    authorize: async () => {
      const me = identity.current();
      return {
        botToken: settings.botToken,
        ...(me.botId ? { botId: me.botId } : {}),
        ...(me.userId ? { botUserId: me.userId } : {}),
      };
    },
    logger,
    clientOptions: { slackApiUrl: settings.apiUrl, logger },
    convoStore: false,
  });
  // Logged, not rethrown: a failed handler must neither crash the process nor fail the ack.
  app.error(async (error) => {
    log.error({ err: error }, 'a Slack event handler failed');
  });

  const inFlight = new Set<Promise<unknown>>();
  const track = async <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    try {
      return await work;
    } finally {
      inFlight.delete(work);
    }
  };
  app.use(async ({ next }) => {
    context.metrics.eventReceived('slack');
    await next();
  });
  app.message(({ body }) => track(handlers.message(body)));
  app.event('app_mention', ({ body }) => track(handlers.mention(body)));
  app.event('app_home_opened', ({ body }) => track(handlers.homeOpened(body)));
  app.event('reaction_added', ({ body }) => track(handlers.reaction(body)));
  app.command(SLASH_COMMAND, async ({ body, ack }) => {
    await ack(await track(handlers.command(body)));
  });
  app.action(HOME_SEARCH_ACTION, async ({ body, ack }) => {
    await ack();
    await track(handlers.homeSearch(body));
  });

  return {
    name: socket ? 'slack (Socket Mode)' : 'slack (Events API)',
    target: 'slack',
    routes: receiver === null ? [] : [receiver.route(SLACK_EVENTS_PATH)],
    deliver: (item, signal) =>
      deliveryClients.with(signal, (client) => deliverSlack(client, item, signal, log, context.explain)),
    async start() {
      // Looked up now so the first event finds it; start-up does not wait for Slack to answer.
      void identity.get();
      if (!socket) {
        await app.start();
        return;
      }
      // Bolt retries a Socket Mode connection for minutes when Slack is unreachable: connect in the
      // background, so the HTTP API and the outbox worker run meanwhile.
      app.start().catch((err: unknown) => log.error({ err }, 'Slack Socket Mode could not connect'));
    },
    async stop() {
      await app.stop();
      // Socket Mode work is invisible to the HTTP server's drain: wait for it here.
      const deadline = AbortSignal.timeout(context.config.shutdownTimeoutMs);
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => deadline.addEventListener('abort', resolve, { once: true })),
      ]);
    },
  };
};
