import { renderSlack, type SlackMessage } from '../render/slack.js';
import type { Core, TriagedKind } from '../server/core.js';
import type { Store, TriageInput, TriageRecord } from '../store/store.js';
import type { SimilarReport } from '../triage/note.js';
import { noteText } from '../triage/triage-text.js';
import { parseSourceKey, workspaceScope } from './keys.js';

/** Earlier reports linked per report of a paste. */
export const SIMILAR_PER_REPORT = 3;

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
  /** What the store records for "similar past reports" and the App Home list; no reports, no rows. */
  triage: TriageInput;
  /** Per report, for the metrics. */
  kinds: TriagedKind[];
  seconds: number;
}

/**
 * A paste as a Slack note: the core's parse and match, similar earlier reports of the workspace from
 * the store, the note, the Slack rendering. `unread` adds what the adapter could not read (a file over
 * the size limit) to the note's own "could not read" list.
 */
export async function triageNote(
  deps: { core: Core; store: Store },
  origin: PasteOrigin,
  text: string,
  unread: readonly string[],
): Promise<SlackNote> {
  const started = performance.now();
  const triaged = deps.core.analyse(text);
  const scope = workspaceScope(origin.team);
  const similar = await Promise.all(
    triaged.parsed.reports.map(async (report) => {
      const rows = await deps.store.findSimilar({
        scope,
        signature: report.signature,
        title: report.title,
        before: origin.postedAt,
        ...(origin.sourceKey === null ? {} : { excludeSourceKey: origin.sourceKey }),
        limit: SIMILAR_PER_REPORT * 2,
      });
      return similarReports(rows, origin.channel);
    }),
  );
  const paste = noteText(triaged, similar);
  const message = renderSlack({ ...paste, unread: [...paste.unread, ...unread] });
  const reports = triaged.parsed.reports.map((r, i) => ({
    signature: r.signature,
    title: r.title,
    kind: r.kind,
    patterns: (triaged.matches[i] ?? []).map((m) => m.id),
  }));
  return {
    message,
    triage: {
      scope,
      sourceKey: origin.sourceKey ?? '',
      link: origin.link,
      postedAt: origin.postedAt,
      reports,
    },
    kinds: reports.map((r) => ({ kind: r.kind, pattern: r.patterns[0] ?? null })),
    seconds: (performance.now() - started) / 1000,
  };
}

/** One link per earlier message (a message with two matching reports is one link), newest first. */
function similarReports(rows: readonly TriageRecord[], channel: string): SimilarReport[] {
  const seen = new Set<string>();
  const out: SimilarReport[] = [];
  for (const row of rows) {
    if (seen.has(row.sourceKey) || out.length === SIMILAR_PER_REPORT) continue;
    seen.add(row.sourceKey);
    out.push({
      title: row.title,
      ...(row.link === '' ? {} : { url: row.link }),
      where:
        parseSourceKey(row.sourceKey)?.channel === channel ? 'earlier in this channel' : 'in another channel',
      when: row.postedAt.toISOString(),
      signature: row.signature,
    });
  }
  return out;
}
