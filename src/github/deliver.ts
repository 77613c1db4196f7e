import { RequestError } from 'octokit';
import type { DeliveryResult } from '../server/adapter.js';
import type { OutboxItem } from '../store/store.js';
import type { PasteExplainer } from '../usecase/explain-paste.js';
import type { GitHubClient, GitHubClients } from './auth.js';
import { ACTIONS, AnswerItem, ExplainItem, LabelsItem, NoteItem } from './outbox-items.js';
import { deliveryFailure } from './request-failure.js';
import { IssueEvent } from './schemas.js';
import { answerMarker, findComment, noteBody, upsertNote } from './sticky-comment.js';

/** Our clock and GitHub's may differ; an answer is looked for from this long before its item was queued. */
const CLOCK_SKEW_MS = 10 * 60_000;

/** Performs GitHub outbox items; one per adapter, so the labels it created are remembered across items. */
export class Deliverer {
  /**
   * Labels created (or found existing) by this process, by `owner/repo` and lower-case name, so each
   * is created once, also by deliveries running at the same time. A restart or another replica
   * creates it once more and gets 422 "already_exists", which is fine.
   */
  private readonly labelsMade = new Map<string, Promise<void>>();

  /** `explain` is null when this process has no language model configured. */
  constructor(
    private readonly clients: GitHubClients,
    private readonly explain: PasteExplainer | null,
  ) {}

  async deliver(item: OutboxItem, signal: AbortSignal): Promise<DeliveryResult> {
    try {
      switch (item.action) {
        case ACTIONS.note: {
          const note = NoteItem.parse(item.payload);
          const ref = await upsertNote(
            await this.clients.forInstallation(note.installationId),
            note,
            note.body,
            item.replyRef,
            signal,
          );
          return { ok: true, ref };
        }
        case ACTIONS.explain:
          return await this.explainNote(ExplainItem.parse(item.payload), item, signal);
        case ACTIONS.labels: {
          const labels = LabelsItem.parse(item.payload);
          await this.syncLabels(await this.clients.forInstallation(labels.installationId), labels, signal);
          return { ok: true };
        }
        case ACTIONS.answer:
          return await this.answer(AnswerItem.parse(item.payload), item, signal);
        default:
          return { ok: false, retryable: false, error: `unknown GitHub outbox action ${item.action}` };
      }
    } catch (err) {
      return deliveryFailure(err);
    }
  }

  /**
   * Comments the answer to a command, unless an earlier attempt of the same item did: its marker names
   * the item, and is looked for among comments written since a little before the item was queued.
   * No ref: the answer is not the note, whose id the store keeps under the same reply key.
   */
  private async answer(answer: AnswerItem, item: OutboxItem, signal: AbortSignal): Promise<DeliveryResult> {
    const client = await this.clients.forInstallation(answer.installationId);
    const marker = answerMarker(item.id);
    if (item.attempts > 1) {
      const since = new Date(item.createdAt.getTime() - CLOCK_SKEW_MS);
      if ((await findComment(client, answer, marker, signal, since)) !== null) return { ok: true };
    }
    await client.octokit.rest.issues.createComment({
      owner: answer.owner,
      repo: answer.repo,
      issue_number: answer.issueNumber,
      body: `${marker}\n${answer.body}`,
      // Not retried inside this attempt: a POST that reached GitHub and lost its answer would post twice.
      // The next attempt looks for the marker first.
      request: { signal, retries: 0 },
    });
    return { ok: true };
  }

  /**
   * Asks the model about the note, then edits the note with the explanation (or the line saying why
   * it is withheld) beside it. No answer leaves the note as it was posted.
   */
  private async explainNote(
    explainItem: ExplainItem,
    item: OutboxItem,
    signal: AbortSignal,
  ): Promise<DeliveryResult> {
    if (this.explain === null)
      return { ok: false, retryable: false, error: 'LLM_BASE_URL and LLM_MODEL are not set in this replica' };
    const explained = await this.explain.explain(explainItem.request, item.attempts);
    if (!explained.ok) return explained;
    signal.throwIfAborted();
    const body = noteBody(explained.notes, explainItem.duplicates);
    const client = await this.clients.forInstallation(explainItem.installationId);
    return { ok: true, ref: await upsertNote(client, explainItem, body, item.replyRef, signal) };
  }

  private async syncLabels(client: GitHubClient, item: LabelsItem, signal: AbortSignal): Promise<void> {
    const { octokit } = client;
    const { owner, repo, issueNumber } = item;
    const labels = await withoutRemovedByPeople(client, item, signal);
    for (const label of labels.ensure) {
      const key = `${owner}/${repo}\n${label.name.toLowerCase()}`;
      let made = this.labelsMade.get(key);
      if (made === undefined) {
        made = octokit.rest.issues.createLabel({ owner, repo, ...label, request: { signal } }).then(
          () => undefined,
          (err: unknown) => {
            // 422 "already_exists": someone (or we, earlier) made it; its colour is theirs to keep.
            if (err instanceof RequestError && err.status === 422 && alreadyExists(err)) return;
            this.labelsMade.delete(key);
            throw err;
          },
        );
        this.labelsMade.set(key, made);
      }
      await made;
    }
    if (labels.add.length > 0) {
      await octokit.rest.issues.addLabels({
        owner,
        repo,
        issue_number: issueNumber,
        labels: labels.add,
        request: { signal },
      });
    }
    for (const name of labels.remove) {
      try {
        await octokit.rest.issues.removeLabel({
          owner,
          repo,
          issue_number: issueNumber,
          name,
          request: { signal },
        });
      } catch (err) {
        // 404: a person removed it already, which is what we wanted.
        if (!(err instanceof RequestError && err.status === 404)) throw err;
      }
    }
  }
}

/**
 * The plan less the labels a person took off the issue (an `unlabeled` event not made by ktriage): a
 * re-triage, also one of a delivery GitHub sent again, never puts back a label someone removed.
 */
async function withoutRemovedByPeople(
  client: GitHubClient,
  item: LabelsItem,
  signal: AbortSignal,
): Promise<LabelsItem['labels']> {
  const { labels } = item;
  if (labels.add.length === 0) return labels;
  const removed = new Set<string>();
  const pages = client.octokit.paginate.iterator(client.octokit.rest.issues.listEvents, {
    owner: item.owner,
    repo: item.repo,
    issue_number: item.issueNumber,
    per_page: 100,
    request: { signal },
  });
  for await (const page of pages) {
    for (const e of IssueEvent.array().parse(page.data)) {
      if (e.event !== 'unlabeled' || !e.label) continue;
      if (!(await client.wrote({ user: e.actor, performed_via_github_app: e.performed_via_github_app })))
        removed.add(e.label.name.toLowerCase());
    }
  }
  const kept = (name: string): boolean => !removed.has(name.toLowerCase());
  return {
    ensure: labels.ensure.filter((l) => kept(l.name)),
    add: labels.add.filter(kept),
    remove: labels.remove,
  };
}

function alreadyExists(err: RequestError): boolean {
  const data = err.response?.data;
  if (typeof data !== 'object' || data === null || !('errors' in data) || !Array.isArray(data.errors))
    return false;
  return data.errors.some(
    (e: unknown) => typeof e === 'object' && e !== null && 'code' in e && e.code === 'already_exists',
  );
}
