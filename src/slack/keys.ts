/**
 * The names ktriage gives Slack things in the store. A message is `(team, channel, ts)`: Slack retries
 * an event (same `event_id`), several replicas may each receive one of the retries, and a message that
 * mentions the bot arrives twice (`message` and `app_mention`, different `event_id`s). Claiming the
 * message rather than the event answers it once in all three cases; an edit is claimed by the edit's
 * own time, so each new version is read once.
 */

/** The workspace's triage history: similar reports and the App Home list stay inside it. */
export const workspaceScope = (team: string): string => `slack:${team}`;

/** The source message a reply answers; also the outbox `replyKey`, so an update never overtakes its post. */
export const messageSourceKey = (channel: string, ts: string): string => `slack:${channel}:${ts}`;

/** `slack:C024BE91L:1700000000.000100` → its channel and ts. */
export function parseSourceKey(key: string): { channel: string; ts: string } | null {
  const m = /^slack:([^:]+):(\d+\.\d+)$/.exec(key);
  return m?.[1] === undefined || m[2] === undefined ? null : { channel: m[1], ts: m[2] };
}

/**
 * Our reply to a message, as the store remembers it: `C024BE91L:1741082500.000001`. A ts is unique
 * only within its channel, so a reaction is matched to our reply by both.
 */
export const replyRef = (channel: string, ts: string): string => `${channel}:${ts}`;

/** The ts of our reply; a ref stored before refs named the channel is the bare ts. */
export const replyTsOf = (ref: string): string => ref.slice(ref.lastIndexOf(':') + 1);

export const messageClaim = (team: string, channel: string, ts: string): string =>
  `message:${team}:${channel}:${ts}`;

export const editClaim = (team: string, channel: string, ts: string, editedTs: string): string =>
  `edit:${team}:${channel}:${ts}:${editedTs}`;

/** Events that are not about a message (App Home opened): Slack's `event_id`. */
export const eventClaim = (eventId: string): string => `event:${eventId}`;

/** Home tab refreshes of one user are delivered in order. */
export const homeReplyKey = (team: string, user: string): string => `slack-home:${team}:${user}`;

/**
 * A message permalink as `chat.getPermalink` returns it, built from the workspace URL (`auth.test`)
 * instead of one API call per paste.
 */
export function permalink(teamUrl: string | null, channel: string, ts: string, threadTs: string): string {
  if (teamUrl === null) return '';
  const base = `${teamUrl.replace(/\/?$/, '/')}archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs === ts ? base : `${base}?thread_ts=${threadTs}&cid=${channel}`;
}

/** When a message was posted: its ts is seconds since the epoch. */
export const tsDate = (ts: string): Date => new Date(Math.round(Number(ts) * 1000));
