import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Adapter, AdapterContext, AdapterFactory } from '../server/adapter.js';
import { createClients, DEFAULT_TUNING, type ClientTuning } from './auth.js';
import { Deliverer } from './deliver.js';
import { decide, type Decision, type IssueEvent } from './events.js';
import { answerCommand, triageIssue, type Outcome, type TriageDeps } from './issue-triage.js';
import { LabelSettings, type LabelSettingsInput } from './labels.js';
import { RepoPoller } from './poller.js';
import { webhookRoute } from './webhook.js';

/**
 * The longest an accepted delivery's work may take (listing the issue's comments, octokit's retries
 * included). Shutdown lets it finish rather than abort it: an event not yet recorded would be lost.
 */
const EVENT_WORK_TIMEOUT_MS = 120_000;

export interface GitHubAdapterOptions {
  /** Label prefixes and colours; by default the GITHUB_LABEL_* settings, then `kernel: `, `triage: ` and `possible duplicate`. */
  labels?: LabelSettingsInput;
  /** Octokit pacing and wait unit, for tests and benches that talk to a local fake API. */
  client?: Partial<ClientTuning>;
}

/** The GitHub adapter, with its pollers in reach (tests, the bench, a one-shot `watch`). */
export interface GitHubAdapter extends Adapter {
  /** One poller per watched repository (empty without GITHUB_TOKEN and GITHUB_WATCH_REPOS). */
  readonly pollers: readonly RepoPoller[];
}

/**
 * GitHub as ktriage serves it: App webhooks on `/github/webhooks` when GITHUB_APP_ID, GITHUB_PRIVATE_KEY
 * and GITHUB_WEBHOOK_SECRET are set, pollers when GITHUB_TOKEN and GITHUB_WATCH_REPOS are, and one
 * deliverer for both. Events become outbox items here; the calls to GitHub happen in `deliver`.
 */
export function createGitHubAdapter(
  context: AdapterContext,
  options: GitHubAdapterOptions = {},
): GitHubAdapter {
  const { config, log: parentLog } = context;
  const { core } = context;
  const log = parentLog.child({ adapter: 'github' });
  const clients = createClients(config, log, { ...DEFAULT_TUNING, ...options.client });
  const deps: TriageDeps = {
    store: context.store,
    core,
    metrics: context.metrics,
    log,
    now: context.now,
    wakeOutbox: context.wakeOutbox,
    clients,
    labels: LabelSettings.parse(options.labels ?? config.githubLabels),
    explain: context.explain,
  };
  const hasReport = (text: string): Promise<boolean> => core.hasReport(text);
  const deliverer = new Deliverer(clients, context.explain);
  const stopping = new AbortController();

  const handleEvent = async (event: IssueEvent): Promise<Outcome> => {
    const decision: Decision =
      event.installationId === null && config.githubPolling === null
        ? {
            do: 'ignore',
            reason:
              'the delivery names no App installation (a repository webhook?) and no GITHUB_TOKEN is set',
          }
        : await decide(event, hasReport);
    const request = {
      keys: [event.key],
      repo: event.repo,
      installationId: event.installationId,
      issue: event.issue,
    };
    let outcome: Outcome = 'ignored';
    if (decision.do === 'triage') {
      const comment = event.trigger.type === 'comment' ? { comment: event.trigger.comment } : {};
      outcome = await triageIssue(
        deps,
        { ...request, ...comment, mode: decision.mode },
        AbortSignal.timeout(EVENT_WORK_TIMEOUT_MS),
      );
    } else if (decision.do === 'answer') {
      outcome = await answerCommand(deps, { ...request, command: decision.command });
    }
    log[decision.do === 'ignore' ? 'debug' : 'info'](
      {
        delivery: event.key,
        repo: `${event.repo.owner}/${event.repo.repo}`,
        issue: event.issue.number,
        outcome,
        ...(decision.do === 'ignore' ? { reason: decision.reason } : {}),
      },
      'GitHub event handled',
    );
    return outcome;
  };

  const polling = config.githubPolling;
  // One holder per adapter, so the pollers of two replicas (or two adapters in one test) never share a lease.
  const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollers =
    polling === null
      ? []
      : polling.repos.map((full) => {
          const [owner = '', repo = ''] = full.split('/');
          return new RepoPoller(
            { ...deps, intervalMs: polling.intervalMs, hasReport, holder },
            { owner, repo },
          );
        });
  let running: Promise<void>[] = [];

  const app = config.githubApp;
  return {
    name: 'github',
    target: 'github',
    routes:
      app === null
        ? []
        : [
            webhookRoute({
              secret: app.webhookSecret,
              log,
              metrics: context.metrics,
              handle: async (event) => {
                await handleEvent(event);
              },
            }),
          ],
    deliver: (item, signal) => deliverer.deliver(item, signal),
    pollers,
    async start() {
      if (running.length === 0) running = pollers.map((p) => p.run(stopping.signal));
    },
    async stop() {
      stopping.abort();
      await Promise.all(running);
      // Another replica takes over at its next round; a lease left behind would hold it off for a few intervals.
      const released = await Promise.allSettled(pollers.map((p) => p.releaseLease()));
      for (const r of released) {
        if (r.status === 'rejected')
          log.warn(
            { err: r.reason },
            'could not release a poll lease; another replica takes over once it runs out',
          );
      }
    },
  };
}

export const githubAdapterFactory =
  (options: GitHubAdapterOptions = {}): AdapterFactory =>
  (context) =>
    createGitHubAdapter(context, options);
