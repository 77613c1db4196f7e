import type { PatternMatch } from '../knowledge/match.js';
import type { Report } from '../parse/report.js';
import type { SimilarQuery, TriageInput, TriageRecord } from '../store/store.js';
import type { MatchedPaste } from '../triage/match-paste.js';
import type { SimilarReport } from '../triage/note-model.js';
import { buildNoteSet, type NoteSet } from '../triage/note-set.js';

/** Earlier pastes linked per report of a paste, unless the origin asks for another number. */
export const SIMILAR_PER_REPORT = 3;

/** A paste to triage; with an `origin`, the note links earlier pastes of its scope and says what to record. */
export interface PasteRequest {
  text: string;
  origin?: PasteOrigin;
  /** What the caller could not read (a file over the size limit): added to the note's own list. */
  unread?: readonly string[];
}

/** Where a paste was posted: a Slack workspace, a GitHub repository. */
export interface PasteOrigin {
  /** The history it joins (`slack:T024BE7LD`, `github:owner/repo`). */
  scope: string;
  postedAt: Date;
  /** The message or issue; null (a slash command) looks up history but records nothing. */
  sourceKey: string | null;
  /** Its permalink, for later notes' "seen before" links. */
  link: string;
  /** How a later note names the place of the message `sourceKey` (`#12`, `earlier in this channel`). */
  placeOf: (sourceKey: string) => string;
  /** Earlier pastes linked per report; SIMILAR_PER_REPORT by default. */
  similarPerReport?: number;
}

/** Where earlier triages are kept: the store. */
export type PastTriages = { findSimilar(query: SimilarQuery): Promise<TriageRecord[]> };

/** An earlier paste of the scope holding one of this paste's reports. */
export interface EarlierPaste {
  sourceKey: string;
  link: string;
  postedAt: Date;
  /** What matched: the report's signature, or only its title. */
  same: 'signature' | 'title';
}

/** Per report: its kind and the best pattern's id (null when none matched); what the metrics count. */
export interface KindTally {
  kind: string;
  pattern: string | null;
}

/** A paste triaged: parsed, matched, noted with its history, and what to record of it. */
export interface TriagedPaste extends MatchedPaste {
  notes: NoteSet;
  /** The triage rows to record with the event; null without an origin's source key. */
  record: TriageInput | null;
  tallies: KindTally[];
  /** Earlier pastes holding one of its reports, oldest first: the first report of a crash is the one to keep. */
  duplicates: EarlierPaste[];
}

/**
 * paste → reports → matches → note with similar earlier reports → what to record: the one use case
 * every adapter calls. `matched` is the paste parsed and matched by the core; `history` the store.
 */
export async function triagePaste(
  matched: MatchedPaste,
  request: PasteRequest,
  history: PastTriages | null,
): Promise<TriagedPaste> {
  const { parsed, matches } = matched;
  const origin = request.origin;
  const earlier =
    origin === undefined || history === null
      ? parsed.reports.map(() => [])
      : await Promise.all(parsed.reports.map((report) => earlierOf(history, origin, report)));
  const perReport = origin?.similarPerReport ?? SIMILAR_PER_REPORT;
  const notes = buildNoteSet(
    parsed,
    matches,
    earlier.map((rows) => similarReports(rows, perReport, origin)),
  );
  if (request.unread !== undefined) notes.unread.push(...request.unread);
  const recorded = parsed.reports.map((r, i) => ({
    signature: r.signature,
    title: r.title,
    kind: r.kind,
    patterns: patternIds(matches[i]),
  }));
  return {
    ...matched,
    notes,
    record:
      origin === undefined || origin.sourceKey === null
        ? null
        : {
            scope: origin.scope,
            sourceKey: origin.sourceKey,
            link: origin.link,
            postedAt: origin.postedAt,
            reports: recorded,
          },
    tallies: recorded.map((r) => ({ kind: r.kind, pattern: r.patterns[0] ?? null })),
    duplicates: duplicatesOf(earlier, parsed.reports),
  };
}

const patternIds = (matches: readonly PatternMatch[] | undefined): string[] =>
  (matches ?? []).map((m) => m.id);

/** Twice the links shown: one message may hold several rows of the same report. */
function earlierOf(history: PastTriages, origin: PasteOrigin, report: Report): Promise<TriageRecord[]> {
  return history.findSimilar({
    scope: origin.scope,
    signature: report.signature,
    title: report.title,
    before: origin.postedAt,
    ...(origin.sourceKey === null ? {} : { excludeSourceKey: origin.sourceKey }),
    limit: (origin.similarPerReport ?? SIMILAR_PER_REPORT) * 2,
  });
}

/** One link per earlier message (a message with two matching reports is one link), newest first. */
function similarReports(
  rows: readonly TriageRecord[],
  limit: number,
  origin: PasteOrigin | undefined,
): SimilarReport[] {
  if (origin === undefined) return [];
  const seen = new Set<string>();
  const out: SimilarReport[] = [];
  for (const row of rows) {
    if (seen.has(row.sourceKey) || out.length === limit) continue;
    seen.add(row.sourceKey);
    out.push({
      title: row.title,
      ...(row.link === '' ? {} : { url: row.link }),
      where: origin.placeOf(row.sourceKey),
      when: row.postedAt.toISOString(),
      signature: row.signature,
    });
  }
  return out;
}

/** One entry per earlier message; a signature match outranks a title match of the same message. */
function duplicatesOf(earlier: readonly TriageRecord[][], reports: readonly Report[]): EarlierPaste[] {
  const bySource = new Map<string, EarlierPaste>();
  earlier.forEach((rows, i) => {
    for (const row of rows) {
      const same = row.signature === reports[i]?.signature ? 'signature' : 'title';
      const seen = bySource.get(row.sourceKey);
      if (seen === undefined || (seen.same === 'title' && same === 'signature')) {
        bySource.set(row.sourceKey, {
          sourceKey: row.sourceKey,
          link: row.link,
          postedAt: row.postedAt,
          same,
        });
      }
    }
  });
  return [...bySource.values()].sort(
    (a, b) =>
      a.postedAt.getTime() - b.postedAt.getTime() ||
      a.sourceKey.localeCompare(b.sourceKey, 'en', { numeric: true }),
  );
}
