import { verifySlackRequest } from '@slack/bolt';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Slack's window for request timestamps: 5 minutes either way ("Verifying requests from Slack").
 * Bolt's check rejects only old timestamps; a timestamp far ahead is refused here as well, so a
 * captured request cannot be signed for replay later.
 */
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * Checks `X-Slack-Signature` (HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret,
 * compared in constant time by Bolt) and `X-Slack-Request-Timestamp`. Throws an Error saying what failed.
 */
export function verifySignature(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  nowMs: number,
): void {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) {
    throw new Error('missing X-Slack-Signature or X-Slack-Request-Timestamp');
  }
  const seconds = Number(timestamp);
  if (seconds > nowMs / 1000 + MAX_SKEW_SECONDS)
    throw new Error('X-Slack-Request-Timestamp is in the future');
  verifySlackRequest({
    signingSecret: secret,
    body: rawBody,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
    nowMilliseconds: nowMs,
  });
}
