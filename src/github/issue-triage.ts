import type { Logger } from '../log/logger.js';
import type { Metrics } from '../server/metrics.js';
import { recordReplies } from '../server/record-replies.js';
import type { OutboxItemInput, Store } from '../store/store.js';
import type { Core, Triage } from '../usecase/core.js';
import type { PasteExplainer } from '../usecase/explain-paste.js';
import type { EarlierPaste } from '../usecase/triage-paste.js';
import type { GitHubClients } from './auth.js';
import type { AnswerCommand, TriageMode } from './events.js';
import { issueText } from './issue-text.js';
import { answerBody } from './kb-answer.js';
import { desiredLabels, isEmptyPlan, planLabels, type LabelSettings } from './labels.js';
import {
  ACTIONS,
  issueReplyKey,
  type AnswerItem,
  type Duplicate,
  type ExplainItem,
  type IssueTarget,
  type LabelsItem,
  type NoteItem,
} from './outbox-items.js';
import { Comment, type Issue, type RepoName } from './schemas.js';
import { noteBody } from './sticky-comment.js';

/** Earlier issues linked per report of the issue; the note lists them under "Seen before". */
const SIMILAR_PER_REPORT = 5;
/** Issues named on the "possible duplicate" line. */
const DUPLICATES_SHOWN = 3;

export interface TriageDeps {
  store: Store;
  core: Core;
  metrics: Metrics;
  log: Logger;
  now: () => Date;
  wakeOutbox: () => void;
  clients: GitHubClients;
  labels: LabelSettings;
  /** Null unless a language model is configured: the note is then followed by its explanation. */
  explain: PasteExplainer | null;
}

export interface IssueRequest {
  /**
   * The events this triage answers. The first one not yet handled carries the replies; the others are
   * only marked handled (a poll can bring a body edit and a comment of one issue at once).
   */
  keys: readonly string[];
  repo: RepoName;
  installationId: number | null;
  issue: Issue;
}

export interface TriageRequest extends IssueRequest {
  mode: TriageMode;
  /** The comment that triggered it, as the delivery carries it: fresher than a listing may be. */
  comment?: Comment;
}

export interface AnswerRequest extends IssueRequest {
  command: AnswerCommand;
}

/** `recorded`: replies enqueued. `duplicate`: another delivery or replica had it. `ignored`: nothing to say. */
export type Outcome = 'recorded' | 'duplicate' | 'ignored';

const targetOf = (r: IssueRequest): IssueTarget => ({
  ...r.repo,
  issueNumber: r.issue.number,
  installationId: r.installationId,
});

/** The repository's history scope: duplicates are looked for within one repository. */
const scopeOf = (repo: RepoName): string => `github:${repo.owner}/${repo.repo}`;

/**
 * Triages an issue (body and people's comments), and enqueues the note and the label changes, with
 * the triage recorded for later duplicate searches, in one step with claiming the event.
 */
export async function triageIssue(
  deps: TriageDeps,
  req: TriageRequest,
  signal: AbortSignal,
): Promise<Outcome> {
  const { store, core, labels } = deps;
  const target = targetOf(req);
  const sourceKey = issueReplyKey(target);
  // An issue ktriage answered before: its note may need correcting even when no report is left.
  let noted: Promise<boolean> | undefined;
  const known = (): Promise<boolean> =>
    (noted ??= (async () =>
      (await store.getReplyRef(sourceKey)) !== null || (await store.triagesOf(sourceKey)).length > 0)());
  if (req.mode === 'if-known' && !(await known())) return 'ignored';

  const comments = await commentsOf(deps, req, signal);
  const triage = await core.triagePaste(
    {
      text: issueText(req.issue, comments),
      origin: {
        scope: scopeOf(req.repo),
        postedAt: new Date(req.issue.created_at),
        sourceKey,
        link: req.issue.html_url,
        placeOf: (key) => {
          const n = issueNumberOfKey(key);
          return n === null ? key : `#${n}`;
        },
        similarPerReport: SIMILAR_PER_REPORT,
      },
    },
    store,
  );
  // Issues without kernel output get nothing, unless asked or unless an earlier note must be corrected.
  if (triage.parsed.reports.length === 0 && req.mode !== 'forced' && !(await known())) return 'ignored';

  const duplicates = issuesOf(triage.duplicates);
  const body = noteBody(triage.notes, duplicates);
  const desired = desiredLabels(labels, {
    kind: triage.tallies[0]?.kind ?? null,
    pattern: triage.tallies[0]?.pattern ?? null,
    duplicate: duplicates.length > 0,
  });
  const plan = planLabels(
    labels,
    desired,
    req.issue.labels.map((l) => l.name),
  );

  const note: NoteItem = { ...target, body };
  const replies: OutboxItemInput[] = [
    { target: 'github', action: ACTIONS.note, payload: note, replyKey: sourceKey },
  ];
  if (!isEmptyPlan(plan)) {
    const labelsItem: LabelsItem = { ...target, labels: plan };
    replies.push({ target: 'github', action: ACTIONS.labels, payload: labelsItem, replyKey: sourceKey });
  }
  const request = deps.explain?.requestFor(triage) ?? null;
  if (request !== null) {
    // After the labels: they are the deterministic triage too, and must not wait on the model.
    const explainItem: ExplainItem = { ...target, duplicates, request };
    replies.push({ target: 'github', action: ACTIONS.explain, payload: explainItem, replyKey: sourceKey });
  }
  return record(deps, req.keys, replies, triage);
}

/** Answers a command comment with a comment of its own. */
export async function answerCommand(deps: TriageDeps, req: AnswerRequest): Promise<Outcome> {
  const target = targetOf(req);
  const hits = req.command.name === 'kb' ? deps.core.searchKb(req.command.words) : [];
  const answer: AnswerItem = { ...target, body: answerBody(req.command, hits) };
  return record(deps, req.keys, [
    { target: 'github', action: ACTIONS.answer, payload: answer, replyKey: issueReplyKey(target) },
  ]);
}

async function record(
  deps: TriageDeps,
  keys: readonly string[],
  replies: OutboxItemInput[],
  triage?: Triage,
): Promise<Outcome> {
  return (await recordReplies(deps, 'github', keys, replies, triage)) ? 'recorded' : 'duplicate';
}

/**
 * The issue's comments. A delivery carries the one that triggered it; the others are listed only
 * when the issue has any, so a new issue or its first comment costs no call.
 */
async function commentsOf(deps: TriageDeps, req: TriageRequest, signal: AbortSignal): Promise<Comment[]> {
  const fresh = req.comment;
  if (req.issue.comments <= (fresh === undefined ? 0 : 1)) return fresh === undefined ? [] : [fresh];
  const { octokit } = await deps.clients.forInstallation(req.installationId);
  const listed = Comment.array().parse(
    await octokit.paginate(octokit.rest.issues.listComments, {
      owner: req.repo.owner,
      repo: req.repo.repo,
      issue_number: req.issue.number,
      per_page: 100,
      request: { signal },
    }),
  );
  if (fresh === undefined) return listed;
  return listed.some((c) => c.id === fresh.id)
    ? listed.map((c) => (c.id === fresh.id ? fresh : c))
    : [...listed, fresh];
}

function issueNumberOfKey(sourceKey: string): number | null {
  const n = /#(\d+)$/.exec(sourceKey)?.[1];
  return n === undefined ? null : Number(n);
}

/** The earlier issues named on the "possible duplicate" line. */
function issuesOf(earlier: readonly EarlierPaste[]): Duplicate[] {
  return earlier
    .flatMap(({ sourceKey, link, same }) => {
      const number = issueNumberOfKey(sourceKey);
      return number === null ? [] : [{ number, url: link, same }];
    })
    .slice(0, DUPLICATES_SHOWN);
}
