import type { TriageRecord } from '../store/store.js';

const DAY_MS = 86_400_000;

/** One kind's or pattern's count per day, oldest day first. */
export interface Series {
  name: string;
  total: number;
  perDay: number[];
}

export interface SignatureTrend {
  signature: string;
  title: string;
  kind: string;
  count: number;
  /** Distinct source messages (Slack messages, GitHub issues, web pastes) that reported it. */
  sources: number;
  firstSeen: Date;
  lastSeen: Date;
  /** One link per source message, newest first. */
  links: string[];
}

export interface Trends {
  /** UTC days covered, oldest first, as `YYYY-MM-DD`. */
  days: string[];
  reports: number;
  kinds: Series[];
  patterns: Series[];
  /** Most reported signatures first. */
  signatures: SignatureTrend[];
  /** Signatures that more than one source message reported: the same bug seen again. */
  duplicates: SignatureTrend[];
}

const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Kinds and patterns per UTC day, and signatures by how often they came back, over the `days` days
 * that end with `now`'s day. Pure: the rows and the time come from the caller.
 */
export function trendsOf(rows: readonly TriageRecord[], now: Date, days: number): Trends {
  const last = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dayList = Array.from({ length: days }, (_, i) => dayOf(new Date(last - (days - 1 - i) * DAY_MS)));
  const index = new Map(dayList.map((d, i) => [d, i]));
  const inWindow = rows.filter((r) => index.has(dayOf(r.postedAt)));

  const series = (nameOf: (r: TriageRecord) => string): Series[] => {
    const byName = new Map<string, Series>();
    for (const r of inWindow) {
      const name = nameOf(r);
      const s = byName.get(name) ?? { name, total: 0, perDay: dayList.map(() => 0) };
      const i = index.get(dayOf(r.postedAt)) ?? 0;
      s.perDay[i] = (s.perDay[i] ?? 0) + 1;
      s.total++;
      byName.set(name, s);
    }
    return [...byName.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  };

  const bySignature = new Map<string, { rows: TriageRecord[] }>();
  for (const r of inWindow) {
    const entry = bySignature.get(r.signature) ?? { rows: [] };
    entry.rows.push(r);
    bySignature.set(r.signature, entry);
  }
  const signatures = [...bySignature.entries()]
    .map(([signature, { rows: seen }]): SignatureTrend => {
      const newest = [...seen].sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime());
      const links = [...new Set(newest.map((r) => r.link))];
      return {
        signature,
        title: newest[0]?.title ?? '',
        kind: newest[0]?.kind ?? '',
        count: seen.length,
        sources: new Set(seen.map((r) => r.sourceKey)).size,
        firstSeen: newest[newest.length - 1]?.postedAt ?? now,
        lastSeen: newest[0]?.postedAt ?? now,
        links,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastSeen.getTime() - a.lastSeen.getTime());

  return {
    days: dayList,
    reports: inWindow.length,
    kinds: series((r) => r.kind),
    patterns: series((r) => r.patterns[0] ?? 'none'),
    signatures,
    duplicates: signatures.filter((s) => s.sources > 1),
  };
}
