import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestError } from 'octokit';
import { z } from 'zod';
import { jsonText } from '../store/json-text.js';
import type { GitHubClient } from './auth.js';
import { decide, decideComment, type AnswerCommand, type TriageMode } from './events.js';
import { answerCommand, triageIssue, type TriageDeps } from './issue-triage.js';
import { rateLimitWaitMs } from './request-failure.js';
import { Comment, Issue, issueNumberOf, repoKey, type RepoName } from './schemas.js';

/*
 * Polling mode, for repositories where no App can be installed: a token lists the issues and the
 * issue comments updated since the last poll, sorted by update time, with `If-None-Match`. An
 * unchanged repository answers 304 twice, which GitHub does not count against the rate limit.
 */

/** GitHub's largest page; a full page is followed by another poll at once. */
const PAGE = 100;
/** Body hashes remembered per repository (see `bodies`). */
const BODIES_KEPT = 1_000;
/** A failing API is tried again within 15 minutes at most. */
const MAX_BACKOFF_MS = 15 * 60_000;
/** A primary rate limit resets within the hour (REST docs); a longer wait would be a clock gone wrong. */
const MAX_WAIT_MS = 60 * 60_000;
/**
 * A repository's poll lease lasts this many poll intervals: its holder renews it while a round runs,
 * so a slow round keeps it, and a replica that died without releasing it is replaced within that time.
 */
const LEASE_INTERVALS = 3;
/**
 * A round renews the lease this often per lease time: one call can wait out a rate limit inline for
 * 60 s (`maxInlineWaitS`), longer than the 30 s lease of the shortest poll interval.
 */
const RENEWALS_PER_LEASE = 3;

const ListCursor = z.object({
  /** ISO time: `since` is inclusive, so the newest item of the last page is listed again (and skipped). */
  since: z.string(),
  /** The ETag of the answer for exactly this `since`: ETags are per URL. */
  etag: z.string().nullable(),
});

/** Where the poller stopped, stored as JSON under `github:poll:owner/repo`; it survives restarts. */
const PollCursor = z.object({
  issues: ListCursor,
  comments: ListCursor,
  /**
   * Recent issues' body hashes. A label, a comment or our own note also moves an issue's
   * `updated_at`; only a body that changed counts as an edit, and ours never change a body.
   */
  bodies: z.array(z.tuple([z.number().int(), z.string()])),
});
type PollCursor = z.infer<typeof PollCursor>;
/** The cursor as the store keeps it: text that may be cut short or hand-edited, read with recovery. */
const StoredPollCursor = jsonText(PollCursor);
type ListCursor = z.infer<typeof ListCursor>;

export interface PollResult {
  /** Both lists answered 304. */
  notModified: boolean;
  issuesListed: number;
  commentsListed: number;
  /** Issues whose note or answer was enqueued. */
  recorded: number;
  /** A page was full: poll again without waiting. */
  more: boolean;
  /** A rate limit was hit while working through the lists: wait this long. */
  waitMs: number | null;
}

export interface PollerDeps extends TriageDeps {
  intervalMs: number;
  /** The core's judgement whether a text holds kernel output. */
  hasReport: (text: string) => Promise<boolean>;
  /** Names this process on the poll leases; unique per process (hostname, pid, random). */
  holder: string;
}

/** Work found for one issue in a poll. */
interface IssueWork {
  number: number;
  issue: Issue | null;
  triage: { mode: TriageMode; keys: string[] } | null;
  answers: { key: string; command: AnswerCommand }[];
  /** `updated_at` of the listed items behind this work: where the lists resume if it fails. */
  issueUpdatedAt: string | null;
  commentUpdatedAts: string[];
  bodyHash: string | null;
}

const MODE_STRENGTH: Record<TriageMode, number> = { 'if-known': 0, report: 1, forced: 2 };

const hashBody = (body: string): string => createHash('sha256').update(body).digest('hex').slice(0, 16);

/**
 * Polls one repository: `pollOnce` for one round, `pollLeased` for one round unless another replica
 * polls the repository, `run` until stopped. Replicas sharing a store would each spend every call of
 * a round, for deliveries the store then deduplicates; a lease in the store lets one of them poll.
 */
export class RepoPoller {
  /** Names both the poll cursor and the poll lease. */
  readonly cursorKey: string;

  constructor(
    private readonly deps: PollerDeps,
    readonly repo: RepoName,
  ) {
    this.cursorKey = `github:poll:${repoKey(repo)}`;
  }

  /**
   * Polls until `signal` aborts: the interval after a quiet round, at once after a full page, longer
   * after failures. While another replica holds the repository's lease, only asks for it each interval.
   */
  async run(signal: AbortSignal): Promise<void> {
    const { log, intervalMs } = this.deps;
    let failures = 0;
    let leading: boolean | null = null;
    while (!signal.aborted) {
      let waitMs = intervalMs;
      try {
        const result = await this.pollLeased(signal);
        failures = 0;
        if (result !== null)
          waitMs =
            result.waitMs === null ? (result.more ? 0 : intervalMs) : Math.min(result.waitMs, MAX_WAIT_MS);
        if (leading !== (result !== null)) {
          leading = result !== null;
          log.info(
            { repo: repoKey(this.repo) },
            leading ? 'this replica polls the repository' : 'another replica polls the repository',
          );
        }
      } catch (err) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the signal aborts while the round awaits
        if (signal.aborted) break;
        failures += 1;
        const limited = err instanceof RequestError ? rateLimitWaitMs(err) : null;
        waitMs =
          limited === null
            ? Math.min(intervalMs * 2 ** failures, MAX_BACKOFF_MS)
            : Math.min(limited, MAX_WAIT_MS);
        log.warn(
          { err, repo: repoKey(this.repo), retryInMs: waitMs },
          limited === null ? 'GitHub poll failed' : 'GitHub poll rate-limited',
        );
      }
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /**
   * One round when this process holds, or now takes, the repository's poll lease; null when another
   * replica holds it, or takes it over during the round (the round then stops before moving the cursor).
   */
  async pollLeased(signal: AbortSignal): Promise<PollResult | null> {
    const { store, now, holder, intervalMs, log } = this.deps;
    const ttlMs = LEASE_INTERVALS * intervalMs;
    const lease = { key: this.cursorKey, holder, ttlMs };
    if (!(await store.tryLease({ ...lease, now: now() }))) return null;
    const lost = new AbortController();
    const renewal = setInterval(() => {
      store.tryLease({ ...lease, now: now() }).then(
        (held) => {
          if (!held) lost.abort(new Error('another replica took the poll lease'));
        },
        // The round's own store calls fail too while the store is unreachable; the next tick tries again.
        (err: unknown) => log.warn({ err, repo: repoKey(this.repo) }, 'could not renew the poll lease'),
      );
    }, ttlMs / RENEWALS_PER_LEASE);
    try {
      return await this.pollOnce(AbortSignal.any([signal, lost.signal]));
    } catch (err) {
      if (signal.aborted || !lost.signal.aborted) throw err;
      return null;
    } finally {
      clearInterval(renewal);
    }
  }

  /** Gives up the poll lease, so another replica takes over at its next round instead of after the lease runs out. */
  async releaseLease(): Promise<void> {
    await this.deps.store.releaseLease({ key: this.cursorKey, holder: this.deps.holder });
  }

  /** One round, whoever holds the lease. */
  async pollOnce(signal: AbortSignal): Promise<PollResult> {
    const { store, now } = this.deps;
    const cursor = await this.loadCursor();
    const client = await this.deps.clients.forInstallation(null);
    const issuesPage = await this.list(client, 'issues', cursor.issues, signal);
    const commentsPage = await this.list(client, 'comments', cursor.comments, signal);
    const issues = issuesPage === null ? [] : Issue.array().parse(issuesPage.items);
    const comments = commentsPage === null ? [] : Comment.array().parse(commentsPage.items);
    for (let i = 0; i < issues.length + comments.length; i++) this.deps.metrics.eventReceived('github');
    const bodies = new Map(cursor.bodies);

    const work = await this.findWork(issues, comments, bodies);
    const failedIssues: string[] = [];
    const failedComments: string[] = [];
    let recorded = 0;
    let waitMs: number | null = null;
    for (const w of work.values()) {
      try {
        signal.throwIfAborted();
        if (waitMs !== null) throw new Error('rate-limited earlier in this poll');
        if (await this.perform(client, w, signal)) recorded += 1;
        if (w.bodyHash !== null) {
          bodies.delete(w.number);
          bodies.set(w.number, w.bodyHash);
        }
      } catch (err) {
        if (signal.aborted) throw err;
        if (w.issueUpdatedAt !== null) failedIssues.push(w.issueUpdatedAt);
        failedComments.push(...w.commentUpdatedAts);
        if (waitMs === null) {
          waitMs = err instanceof RequestError ? rateLimitWaitMs(err) : null;
          this.deps.log.error(
            { err, repo: repoKey(this.repo), issue: w.number },
            'polled issue could not be triaged; the next poll tries again',
          );
        }
      }
    }

    const next: PollCursor = {
      issues: advance(
        cursor.issues,
        issuesPage,
        issues.map((i) => i.updated_at),
        failedIssues,
      ),
      comments: advance(
        cursor.comments,
        commentsPage,
        comments.map((c) => c.updated_at),
        failedComments,
      ),
      bodies: [...bodies].slice(-BODIES_KEPT),
    };
    // A replica that took the lease over polls from the cursor as it was; this round's work is deduplicated by its event keys.
    signal.throwIfAborted();
    await store.setCursor(this.cursorKey, JSON.stringify(next), now());
    return {
      notModified: issuesPage === null && commentsPage === null,
      issuesListed: issues.length,
      commentsListed: comments.length,
      recorded,
      more: issues.length === PAGE || comments.length === PAGE,
      waitMs,
    };
  }

  private async loadCursor(): Promise<PollCursor> {
    const text = await this.deps.store.getCursor(this.cursorKey);
    if (text !== null) {
      const parsed = StoredPollCursor.safeParse(text);
      if (parsed.success) return parsed.data;
      this.deps.log.warn({ repo: repoKey(this.repo) }, 'unreadable poll cursor; starting from now');
    }
    // A new watch starts now: old issues are not triaged in bulk.
    const since = `${this.deps.now().toISOString().slice(0, 19)}Z`;
    return { issues: { since, etag: null }, comments: { since, etag: null }, bodies: [] };
  }

  /** One page of a list, or null for 304 (octokit throws a RequestError for it). */
  private async list(
    client: GitHubClient,
    which: 'issues' | 'comments',
    at: ListCursor,
    signal: AbortSignal,
  ): Promise<{ items: unknown[]; etag: string | null } | null> {
    const { octokit } = client;
    const params = {
      ...this.repo,
      since: at.since,
      sort: 'updated' as const,
      direction: 'asc' as const,
      per_page: PAGE,
      headers: at.etag === null ? {} : { 'if-none-match': at.etag },
      request: { signal },
    };
    try {
      const res =
        which === 'issues'
          ? await octokit.request('GET /repos/{owner}/{repo}/issues', { ...params, state: 'all' })
          : await octokit.request('GET /repos/{owner}/{repo}/issues/comments', params);
      return { items: res.data, etag: res.headers.etag ?? null };
    } catch (err) {
      if (err instanceof RequestError && err.status === 304) return null;
      throw err;
    }
  }

  /** What the listed items ask for, by issue; skips pull requests, bots, our own comments and unchanged bodies. */
  private async findWork(
    issues: readonly Issue[],
    comments: readonly Comment[],
    bodies: ReadonlyMap<number, string>,
  ): Promise<Map<number, IssueWork>> {
    const { hasReport } = this.deps;
    const work = new Map<number, IssueWork>();
    const at = (number: number, issue: Issue | null): IssueWork => {
      let w = work.get(number);
      if (w === undefined) {
        w = {
          number,
          issue,
          triage: null,
          answers: [],
          issueUpdatedAt: null,
          commentUpdatedAts: [],
          bodyHash: null,
        };
        work.set(number, w);
      }
      w.issue ??= issue;
      return w;
    };
    const addTriage = (w: IssueWork, mode: TriageMode, key: string): void => {
      if (w.triage === null) w.triage = { mode, keys: [key] };
      else {
        w.triage.keys.push(key);
        if (MODE_STRENGTH[mode] > MODE_STRENGTH[w.triage.mode]) w.triage.mode = mode;
      }
    };
    const listed = new Map(issues.map((i) => [i.number, i]));

    for (const issue of issues) {
      if (issue.pull_request !== undefined) continue;
      const hash = hashBody(issue.body);
      const before = bodies.get(issue.number);
      if (before === hash) continue;
      const w = at(issue.number, issue);
      w.issueUpdatedAt = issue.updated_at;
      w.bodyHash = hash;
      // Keyed by the change of body, not by `updated_at` (our own writes move that): a poll repeated
      // after a crash finds the same key, and an edit back to an earlier body is still a new one.
      const key = `github:poll:${repoKey(this.repo)}#${issue.number}:${before ?? 'new'}->${hash}`;
      const decision = await decide(
        { key, repo: this.repo, installationId: null, issue, trigger: { type: 'issue', author: issue.user } },
        hasReport,
      );
      if (decision.do === 'triage') addTriage(w, decision.mode, key);
    }
    for (const comment of comments) {
      const number = issueNumberOf(comment);
      if (number === null || listed.get(number)?.pull_request !== undefined) continue;
      const decision = await decideComment(comment, comment.user, hasReport);
      if (decision.do === 'ignore') continue;
      const w = at(number, listed.get(number) ?? null);
      w.commentUpdatedAts.push(comment.updated_at);
      const key = `github:poll:${repoKey(this.repo)}/comment/${comment.id}@${comment.updated_at}`;
      if (decision.do === 'triage') addTriage(w, decision.mode, key);
      else w.answers.push({ key, command: decision.command });
    }
    return work;
  }

  /** Triages and answers for one issue; true when anything was enqueued. */
  private async perform(client: GitHubClient, w: IssueWork, signal: AbortSignal): Promise<boolean> {
    if (w.triage === null && w.answers.length === 0) return false;
    // A comment's issue that was not listed (rare: a comment moves its issue's `updated_at` too).
    const issue =
      w.issue ??
      Issue.parse(
        (await client.octokit.rest.issues.get({ ...this.repo, issue_number: w.number, request: { signal } }))
          .data,
      );
    if (issue.pull_request !== undefined) return false;
    const base = { repo: this.repo, installationId: null, issue };
    let recorded = false;
    if (w.triage !== null) {
      recorded =
        (await triageIssue(this.deps, { ...base, keys: w.triage.keys, mode: w.triage.mode }, signal)) ===
        'recorded';
    }
    for (const a of w.answers) {
      recorded =
        (await answerCommand(this.deps, { ...base, keys: [a.key], command: a.command })) === 'recorded' ||
        recorded;
    }
    return recorded;
  }
}

/**
 * The list's next cursor. Unchanged after a 304. After a page: `since` moves to its newest item and
 * the ETag is kept, unless some items failed: then `since` stays at the oldest failed one and the
 * ETag is dropped, so the next poll lists them again.
 */
function advance(
  at: ListCursor,
  page: { etag: string | null } | null,
  updatedAts: readonly string[],
  failed: readonly string[],
): ListCursor {
  if (page === null) return at;
  if (failed.length > 0) return { since: [...failed].sort()[0] ?? at.since, etag: null };
  const newest = [...updatedAts].sort().at(-1);
  if (newest === undefined || newest === at.since) return { since: at.since, etag: page.etag };
  return { since: newest, etag: null };
}
