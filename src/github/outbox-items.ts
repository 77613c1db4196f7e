import { z } from 'zod';
import { ExplainRequest } from '../usecase/explain-paste.js';
import { LabelPlan } from './labels.js';

/*
 * The GitHub replies as the outbox holds them. An item carries everything its call needs, because
 * it may be delivered later or by another replica than the one that received the event.
 */

export const IssueTarget = z.object({
  owner: z.string(),
  repo: z.string(),
  issueNumber: z.number().int().positive(),
  /** The App installation to act as; null for the polling token. */
  installationId: z.number().int().positive().nullable(),
});
export type IssueTarget = z.infer<typeof IssueTarget>;

/** Create or edit the issue's one triage note; delivered with the note's comment id as the ref. */
export const NoteItem = IssueTarget.extend({ body: z.string() });
export type NoteItem = z.infer<typeof NoteItem>;

/** An earlier issue of the repository with the same kernel report. */
export const Duplicate = z.object({
  number: z.number().int().positive(),
  url: z.string(),
  /** What matched: the report's signature, or only its title. */
  same: z.enum(['signature', 'title']),
});
export type Duplicate = z.infer<typeof Duplicate>;

/**
 * Edit the model's explanation into the issue's note, once it is in: the note is rendered again from
 * the notes it was posted from, with its duplicate line. Queued right after the note under the same
 * reply key, so it edits the note only once the note is there.
 */
export const ExplainItem = IssueTarget.extend({
  duplicates: z.array(Duplicate),
  request: ExplainRequest,
});
export type ExplainItem = z.infer<typeof ExplainItem>;

/** Bring ktriage's labels on the issue in line with the note. */
export const LabelsItem = IssueTarget.extend({ labels: LabelPlan });
export type LabelsItem = z.infer<typeof LabelsItem>;

/** A new comment answering a command (`/ktriage kb ...`); its id is not the note's, so no ref. */
export const AnswerItem = IssueTarget.extend({ body: z.string() });
export type AnswerItem = z.infer<typeof AnswerItem>;

/** Outbox `action` names, as octokit names the calls they end in. */
export const ACTIONS = {
  note: 'issues.upsertTriageNote',
  labels: 'issues.syncLabels',
  answer: 'issues.createComment',
  explain: 'issues.upsertTriageNote:explanation',
} as const;

/** Items of one issue share this reply key: delivered in order, and the note's id is remembered under it. */
export function issueReplyKey(target: Pick<IssueTarget, 'owner' | 'repo' | 'issueNumber'>): string {
  return `github:${target.owner}/${target.repo}#${target.issueNumber}`;
}
