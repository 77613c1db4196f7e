/**
 * Platform limits the renderers stay inside.
 *
 * Slack Block Kit: https://docs.slack.dev/reference/block-kit/blocks and the @slack/types JSDoc
 * (blocks per message, section text, header text, section fields); chat.postMessage docs for the
 * fallback `text`. The total is undocumented: messages whose block text adds up to about 12-13k
 * characters fail with `msg_blocks_too_long` although every block is within its own limit
 * (slackapi/bolt-js #2509, #2867). Slack counts characters after `&`, `<`, `>` are escaped.
 *
 * GitHub: creating or editing an issue comment longer than 65,536 characters fails with 422
 * "Body is too long (maximum is 65536 characters)".
 */
export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_SECTION_TEXT = 3000;
export const SLACK_MAX_HEADER_TEXT = 150;
export const SLACK_MAX_FIELDS = 10;
export const SLACK_MAX_FIELD_TEXT = 2000;
export const SLACK_MAX_TOTAL_TEXT = 12_000;
export const SLACK_MAX_FALLBACK_TEXT = 40_000;

export const GITHUB_MAX_COMMENT = 65_536;
