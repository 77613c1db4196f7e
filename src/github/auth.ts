import { App, Octokit } from 'octokit';
import type { Config } from '../config/env.js';
import type { Logger } from '../log/logger.js';
import type { Comment } from './schemas.js';

/** Who made a comment or an issue event: its user (an event's `actor`) and the App it went through. */
export type Authorship = Pick<Comment, 'user' | 'performed_via_github_app'>;

/** An authenticated octokit, and how to tell the comments and events it made. */
export interface GitHubClient {
  octokit: Octokit;
  /** True for what this identity made: the App (by `performed_via_github_app`) or the token's user. */
  wrote(by: Authorship): Promise<boolean>;
}

export interface ClientTuning {
  /**
   * Pace requests as GitHub asks (plugin-throttling: writes 1 s apart, new comments 3 s apart, shared
   * by all installations of the process). Off only where no GitHub is involved, such as the bench.
   */
  throttle: boolean;
  /** The unit of the octokit plugins' waits (their Retry-After and backoff are in seconds); tests shorten it. */
  waitUnitMs: number;
  /**
   * A rate limit that lifts within this many seconds is waited out inside the call (once); a longer
   * one fails the call, and the outbox or the poller comes back when it lifts.
   */
  maxInlineWaitS: number;
}

export const DEFAULT_TUNING: ClientTuning = { throttle: true, waitUnitMs: 1_000, maxInlineWaitS: 60 };

/** The clients of both modes: the App's, per installation, and the polling token's. */
export interface GitHubClients {
  /** The installation's client (App webhooks), or the token's for `null` (polling). */
  forInstallation(installationId: number | null): Promise<GitHubClient>;
}

type GitHubSettings = Pick<Config, 'githubApp' | 'githubPolling'>;

export function createClients(config: GitHubSettings, log: Logger, tuning: ClientTuning): GitHubClients {
  const apiUrl = config.githubApp?.apiUrl ?? config.githubPolling?.apiUrl ?? 'https://api.github.com';
  const octokitLog = {
    debug: (message: string, info?: object) => log.debug({ octokit: info }, message),
    info: (message: string, info?: object) => log.info({ octokit: info }, message),
    warn: (message: string, info?: object) => log.warn({ octokit: info }, message),
    error: (message: string, info?: object) => log.error({ octokit: info }, message),
  };
  const waitOrFail =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const inline = retryCount === 0 && retryAfter <= tuning.maxInlineWaitS;
      log.warn(
        { method: options.method, url: options.url, retryAfterS: retryAfter, retryCount },
        inline ? `${kind}: waiting` : `${kind}: giving the call up`,
      );
      return inline;
    };
  const clientClass = (throttleId: string) =>
    Octokit.defaults({
      baseUrl: apiUrl.replace(/\/+$/, ''),
      userAgent: 'ktriage',
      log: octokitLog,
      retry: { retryAfterBaseValue: tuning.waitUnitMs },
      throttle: {
        enabled: tuning.throttle,
        id: throttleId,
        retryAfterBaseValue: tuning.waitUnitMs,
        onRateLimit: waitOrFail('GitHub rate limit'),
        onSecondaryRateLimit: waitOrFail('GitHub secondary rate limit'),
      },
    });

  const installations = new Map<number, Promise<GitHubClient>>();
  const app =
    config.githubApp === null
      ? null
      : new App({
          appId: config.githubApp.appId,
          privateKey: config.githubApp.privateKey,
          Octokit: clientClass('app'),
          log: octokitLog,
        });
  const appId = config.githubApp?.appId;

  let tokenClient: GitHubClient | null = null;
  const tokenClientOf = (token: string): GitHubClient => {
    const octokit = new (clientClass('token'))({ auth: token });
    // One `GET /user` per process, when a note is first searched for: whom the token writes as.
    let login: Promise<string> | null = null;
    const tokenLogin = (): Promise<string> =>
      (login ??= octokit.rest.users.getAuthenticated().then(
        (r) => r.data.login,
        (err: unknown) => {
          login = null;
          throw err;
        },
      ));
    return { octokit, wrote: async (by) => by.user?.login === (await tokenLogin()) };
  };

  return {
    async forInstallation(installationId) {
      if (installationId === null) {
        if (config.githubPolling === null)
          throw new Error('no GITHUB_TOKEN is configured for a polled repository');
        tokenClient ??= tokenClientOf(config.githubPolling.token);
        return tokenClient;
      }
      if (app === null)
        throw new Error('a delivery names a GitHub App installation, but GITHUB_APP_ID is not configured');
      let client = installations.get(installationId);
      if (client === undefined) {
        // auth-app fetches the installation token on first use, caches it and renews it before its hour runs out.
        client = app.getInstallationOctokit(installationId).then((installed) => ({
          octokit: installed,
          wrote: async (by: Authorship) => by.performed_via_github_app?.id === appId,
        }));
        installations.set(installationId, client);
        client.catch(() => installations.delete(installationId));
      }
      return client;
    },
  };
}
