import { z } from 'zod';
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
} as const;

/** Items of one issue share this reply key: delivered in order, and the note's id is remembered under it. */
export function issueReplyKey(target: Pick<IssueTarget, 'owner' | 'repo' | 'issueNumber'>): string {
  return `github:${target.owner}/${target.repo}#${target.issueNumber}`;
}
