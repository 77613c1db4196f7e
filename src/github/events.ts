import {
  IssueCommentPayload,
  IssuesPayload,
  type Comment,
  type Issue,
  type RepoName,
  type User,
} from './schemas.js';
import { isKtriageText } from './sticky-comment.js';

/** What happened to an issue, from a webhook delivery or a poll, in the terms ktriage acts on. */
export interface IssueEvent {
  /** The dedup key: `X-GitHub-Delivery`, or the poller's key for the item and its version. */
  key: string;
  repo: RepoName;
  /** The App installation the delivery came through; null for the polling token. */
  installationId: number | null;
  issue: Issue;
  trigger:
    { type: 'issue'; author: User | null } | { type: 'comment'; author: User | null; comment: Comment };
}

/**
 * `forced`: `/ktriage`, the note is written even when no report is found. `report`: the new text
 * holds kernel output. `if-known`: the body changed without kernel output; only an issue that
 * already has a note is triaged again (its report may be gone, or live on in a comment).
 */
export type TriageMode = 'forced' | 'report' | 'if-known';

export type AnswerCommand = { name: 'kb'; words: string } | { name: 'help'; asked: string };

export type Decision =
  | { do: 'ignore'; reason: string }
  | { do: 'triage'; mode: TriageMode }
  | { do: 'answer'; command: AnswerCommand };

/** The deliveries ktriage acts on; the App subscribes to `issues` and `issue_comment` and gets other actions too. */
const HANDLED: ReadonlyMap<string, readonly string[]> = new Map([
  ['issues', ['opened', 'edited']],
  ['issue_comment', ['created', 'edited']],
]);

/**
 * A verified delivery as an issue event, or why it needs nothing. Throws a ZodError when a handled
 * event's payload lacks what ktriage reads.
 */
export function eventFromDelivery(
  name: string,
  delivery: string,
  payload: unknown,
): IssueEvent | { ignored: string } {
  const action =
    typeof payload === 'object' && payload !== null && 'action' in payload ? String(payload.action) : '';
  if (!HANDLED.get(name)?.includes(action))
    return { ignored: `${name}${action === '' ? '' : `.${action}`} is not an event ktriage acts on` };
  const common = (p: IssuesPayload) => ({
    key: delivery,
    repo: { owner: p.repository.owner.login, repo: p.repository.name },
    installationId: p.installation?.id ?? null,
    issue: p.issue,
  });
  if (name === 'issue_comment') {
    const p = IssueCommentPayload.parse(payload);
    return { ...common(p), trigger: { type: 'comment', author: p.sender, comment: p.comment } };
  }
  const p = IssuesPayload.parse(payload);
  return { ...common(p), trigger: { type: 'issue', author: p.sender } };
}

/**
 * What to do with an event. `hasReport` is the core's judgement whether a text holds kernel output;
 * everything else here is about who wrote what.
 */
export async function decide(
  event: IssueEvent,
  hasReport: (text: string) => Promise<boolean>,
): Promise<Decision> {
  if (event.issue.pull_request !== undefined) return { do: 'ignore', reason: 'pull request' };
  const { trigger } = event;
  if (trigger.type === 'comment') return decideComment(trigger.comment, trigger.author, hasReport);
  // Other bots (and ours, by the App's bot account) are never answered: two bots can talk forever.
  if (trigger.author?.type === 'Bot')
    return { do: 'ignore', reason: `written by the bot ${trigger.author.login}` };
  return { do: 'triage', mode: (await hasReport(event.issue.body)) ? 'report' : 'if-known' };
}

/** What a comment asks for, judged without its issue (the poller fetches the issue only when it matters). */
export async function decideComment(
  comment: Comment,
  author: User | null,
  hasReport: (text: string) => Promise<boolean>,
): Promise<Decision> {
  if (author?.type === 'Bot' || comment.user?.type === 'Bot' || comment.performed_via_github_app != null) {
    return { do: 'ignore', reason: 'comment written by a bot or an app' };
  }
  // With a token, our own comments carry a person's account: the marker tells them apart.
  if (isKtriageText(comment.body)) return { do: 'ignore', reason: "ktriage's own comment" };
  const command = parseCommand(comment.body);
  if (command === null) {
    return (await hasReport(comment.body))
      ? { do: 'triage', mode: 'report' }
      : { do: 'ignore', reason: 'comment without kernel output' };
  }
  if (command.name === 'triage') return { do: 'triage', mode: 'forced' };
  return { do: 'answer', command };
}

/** `/ktriage` on the first line of a comment: triage again; `/ktriage kb <words>`: look the words up. */
export function parseCommand(body: string): { name: 'triage' } | AnswerCommand | null {
  const first = body.trimStart().split(/\r?\n/, 1)[0]?.trim() ?? '';
  const match = /^\/ktriage(?:\s+(.*))?$/i.exec(first);
  if (match === null) return null;
  const rest = (match[1] ?? '').trim();
  if (rest === '') return { name: 'triage' };
  const kb = /^kb(?:\s+(.*))?$/i.exec(rest);
  const words = kb?.[1]?.trim() ?? '';
  return kb !== null && words !== '' ? { name: 'kb', words } : { name: 'help', asked: rest };
}
