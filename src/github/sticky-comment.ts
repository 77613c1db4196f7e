import { RequestError } from 'octokit';
import { GITHUB_MAX_COMMENT } from '../render/limits.js';
import { renderMarkdown } from '../render/markdown.js';
import type { NoteSet } from '../usecase/core.js';
import type { GitHubClient } from './auth.js';
import { Comment } from './schemas.js';
import type { Duplicate, IssueTarget } from './outbox-items.js';

/*
 * ktriage keeps one triage note per issue and edits it on re-triage. The note starts with a hidden
 * marker, so the note is found again by listing the issue's comments when its id was never stored
 * (a delivery that created it but died before recording it), instead of a second note being added.
 */

/** Every comment ktriage writes starts with `<!-- ktriage:`; it never reads such a comment as input. */
const MARKER_PREFIX = '<!-- ktriage:';
export const NOTE_MARKER = `${MARKER_PREFIX}triage-note -->`;
/**
 * An answer to a command carries its outbox item's id, so an attempt after one that may have posted it
 * (its process died before recording the outcome) finds it instead of answering twice.
 */
export const answerMarker = (outboxId: number): string => `${MARKER_PREFIX}answer ${outboxId} -->`;

/** A comment ktriage wrote, by its marker: the guard that also works with a token, where our comments look like a person's. */
export function isKtriageText(body: string): boolean {
  return body.trimStart().startsWith(MARKER_PREFIX);
}

/**
 * The note's body: marker, the duplicate line when there is one, then the note, rendered within what
 * GitHub's comment limit leaves after those, so the renderer shows less instead of the end being cut.
 */
export function noteBody(paste: NoteSet, duplicates: readonly Duplicate[]): string {
  const lines = [NOTE_MARKER];
  if (duplicates.length > 0) {
    const links = duplicates.map((d) => `[#${d.number}](${d.url})`).join(', ');
    const why = duplicates.every((d) => d.same === 'title')
      ? 'the same report title'
      : 'the same kernel report';
    lines.push(`> **Possible duplicate of ${links}**: an earlier issue of this repository has ${why}.`);
  }
  const head = `${lines.join('\n')}\n\n`;
  return head + renderMarkdown(paste, { maxChars: GITHUB_MAX_COMMENT - head.length });
}

/**
 * Edits the note, or creates it when the issue has none; resolves to its comment id. `knownRef` is
 * the id the store remembers: one PATCH when it still exists. Without it, the issue's comments are
 * searched for our marker first.
 */
export async function upsertNote(
  client: GitHubClient,
  target: IssueTarget,
  body: string,
  knownRef: string | null,
  signal: AbortSignal,
): Promise<string> {
  const { octokit } = client;
  const { owner, repo, issueNumber } = target;
  if (knownRef !== null && /^\d+$/.test(knownRef)) {
    try {
      await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: Number(knownRef),
        body,
        request: { signal },
      });
      return knownRef;
    } catch (err) {
      // Someone deleted the note: look for another, or write a new one.
      if (!(err instanceof RequestError && err.status === 404)) throw err;
    }
  }
  const existing = await findComment(client, target, NOTE_MARKER, signal);
  if (existing !== null) {
    if (existing.body !== body) {
      await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing.id,
        body,
        request: { signal },
      });
    }
    return String(existing.id);
  }
  const created = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body,
    request: { signal },
  });
  return String(created.data.id);
}

/**
 * Our comment on the issue starting with `marker`, by marker and author (a person quoting or copying
 * the marker does not count); `since` skips comments last updated before it.
 */
export async function findComment(
  client: GitHubClient,
  target: IssueTarget,
  marker: string,
  signal: AbortSignal,
  since?: Date,
): Promise<Comment | null> {
  const pages = client.octokit.paginate.iterator(client.octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
    ...(since === undefined ? {} : { since: since.toISOString() }),
    request: { signal },
  });
  for await (const page of pages) {
    for (const comment of Comment.array().parse(page.data)) {
      if (comment.body.startsWith(marker) && (await client.wrote(comment))) return comment;
    }
  }
  return null;
}
