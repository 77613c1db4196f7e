import type { Comment, Issue } from './schemas.js';
import { isKtriageText } from './sticky-comment.js';

/**
 * A comment that is no input: ktriage's own (its note quotes kernel lines, which would be read back
 * as a report) and other bots'.
 */
export function isMachineComment(comment: Comment): boolean {
  return (
    comment.user?.type === 'Bot' || comment.performed_via_github_app != null || isKtriageText(comment.body)
  );
}

/**
 * The paste ktriage triages for an issue: its body, then each person's comment in order, so kernel
 * output added in a comment joins the note the body started.
 */
export function issueText(issue: Issue, comments: readonly Comment[]): string {
  return [issue.body, ...comments.filter((c) => !isMachineComment(c)).map((c) => c.body)]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
}
