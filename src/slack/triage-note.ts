import { renderSlack, type SlackMessage } from '../render/slack.js';
import type { Core, Triage } from '../usecase/core.js';
import type { PastTriages } from '../usecase/triage-paste.js';
import { parseSourceKey, workspaceScope } from './keys.js';

/** Where a paste was posted. A slash command has no message: `sourceKey` null, nothing recorded. */
export interface PasteOrigin {
  team: string;
  channel: string;
  sourceKey: string | null;
  postedAt: Date;
  link: string;
}

export interface SlackNote {
  message: SlackMessage;
  /** The note, what the store records for "similar past reports" and the App Home list, the tallies. */
  triage: Triage;
}

/**
 * A paste as a Slack note: the core's triage with the workspace's history (what the note's readers
 * may see of it), rendered for Slack.
 * `unread` adds what the adapter could not read (a file over the size limit) to the note's own list.
 */
export async function triageNote(
  deps: { core: Core; history: PastTriages },
  origin: PasteOrigin,
  text: string,
  unread: readonly string[],
): Promise<SlackNote> {
  const triage = await deps.core.triagePaste(
    {
      text,
      unread,
      origin: {
        scope: workspaceScope(origin.team),
        postedAt: origin.postedAt,
        sourceKey: origin.sourceKey,
        link: origin.link,
        placeOf: (sourceKey) =>
          parseSourceKey(sourceKey)?.channel === origin.channel
            ? 'earlier in this channel'
            : 'in another channel',
      },
    },
    deps.history,
  );
  return { message: renderSlack(triage.notes), triage };
}
