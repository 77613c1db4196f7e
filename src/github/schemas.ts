import { z } from 'zod';

/*
 * The parts of GitHub's objects ktriage reads. Webhook payloads and REST answers share these shapes
 * (an issue in `issues.opened` is the issue `GET /repos/{o}/{r}/issues` lists), so one schema serves
 * both boundaries. Unknown fields are dropped.
 */

export const User = z.object({
  login: z.string(),
  /** `User`, `Bot` or `Organization`. */
  type: z.string(),
});
export type User = z.infer<typeof User>;

export const Issue = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z
    .string()
    .nullish()
    .transform((b) => b ?? ''),
  /** Null for a deleted account (GitHub's "ghost"). */
  user: User.nullable(),
  labels: z.array(z.object({ name: z.string() })),
  /** How many comments the issue has. */
  comments: z.number().int().nonnegative(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  html_url: z.string(),
  /** Present on pull requests, which the issues endpoints list too. */
  pull_request: z.unknown().optional(),
});
export type Issue = z.infer<typeof Issue>;

export const Comment = z.object({
  id: z.number().int().positive(),
  body: z
    .string()
    .nullish()
    .transform((b) => b ?? ''),
  user: User.nullable(),
  updated_at: z.iso.datetime(),
  html_url: z.string(),
  /** `https://api.github.com/repos/{o}/{r}/issues/{n}`: the only link from a listed comment to its issue. */
  issue_url: z.string(),
  /** Set when a GitHub App wrote the comment, ours included. */
  performed_via_github_app: z.object({ id: z.number() }).nullish(),
});
export type Comment = z.infer<typeof Comment>;

/** One entry of `GET /repos/{o}/{r}/issues/{n}/events`, as far as label changes go. */
export const IssueEvent = z.object({
  event: z.string(),
  actor: User.nullable(),
  performed_via_github_app: z.object({ id: z.number() }).nullish(),
  label: z.object({ name: z.string() }).nullish(),
});

const Repository = z.object({ name: z.string(), owner: z.object({ login: z.string() }) });

const Installation = z.object({ id: z.number().int().positive() });

/** `issues` deliveries (`opened`, `edited`, ...). */
export const IssuesPayload = z.object({
  action: z.string(),
  issue: Issue,
  repository: Repository,
  sender: User,
  installation: Installation.optional(),
});
export type IssuesPayload = z.infer<typeof IssuesPayload>;

/** `issue_comment` deliveries (`created`, `edited`, ...). */
export const IssueCommentPayload = IssuesPayload.extend({ comment: Comment });

/** A repository as `owner/name`. */
export interface RepoName {
  owner: string;
  repo: string;
}

export function repoKey(r: RepoName): string {
  return `${r.owner}/${r.repo}`;
}

/** The issue number at the end of a comment's `issue_url`. */
export function issueNumberOf(comment: Comment): number | null {
  const n = /\/issues\/(\d+)$/.exec(comment.issue_url)?.[1];
  return n === undefined ? null : Number(n);
}
