import type { Report } from '../parse/report.js';
import { headerEvidence, holds, matchContext, type MatchContext } from './conditions.js';
import type { KnowledgeBase, MatchableEntry } from './entry.js';
import type { Evidence, PatternMatch } from './match.js';

/**
 * The knowledge entries that fit a report, best first (an entry that is only the general reading of the
 * kind after every specific one). An entry fits when the report's kind is one of
 * its kinds and every `when` condition holds; its confidence is its base plus the weights of the
 * signals that hold, capped at its max. Pure: `lineText` gives the cleaned text of a 1-based input line
 * so evidence quotes what the user pasted.
 */
export function matchReport(kb: KnowledgeBase, report: Report, lineText: (lineNo: number) => string | undefined): PatternMatch[] {
  const ctx = matchContext(report, kb.vocabulary, lineText);
  const found: Array<{ match: PatternMatch; specificity: number }> = [];
  for (const entry of kb.byKind.get(report.kind) ?? []) {
    if (!entry.when.every((c) => holds(c, ctx).ok)) continue;
    found.push({ match: matchEntry(entry, ctx), specificity: entry.specificity });
  }
  found.sort(
    (a, b) =>
      Number(a.match.general) - Number(b.match.general) ||
      b.match.confidence - a.match.confidence ||
      b.specificity - a.specificity ||
      (a.match.id < b.match.id ? -1 : 1),
  );
  return found.map((f) => f.match);
}

/** What the note shows of an entry whose `when` conditions all hold. */
function matchEntry({ entry, when, signals, base, max }: MatchableEntry, ctx: MatchContext): PatternMatch {
  const evidence: Evidence[] = [headerEvidence(ctx, `the report is ${ctx.report.kind}, a kind this pattern covers`)];
  for (const cond of when) evidence.push(...holds(cond, ctx).evidence);
  let confidence = base;
  const raisedBy: string[] = [];
  const loweredBy: string[] = [];
  for (const signal of signals) {
    const o = holds(signal.when, ctx);
    if (o.ok) {
      confidence += signal.weight;
      const said = o.evidence.map((e) => ({ ...e, why: signal.why }));
      evidence.push(...(said.length > 0 ? said : [{ line: null, text: signal.why, why: signal.why }]));
    } else if (!signal.when.settles(ctx)) {
      // Only what the paste cannot settle stays a possibility; what it rules out is left unsaid.
      if (signal.weight > 0) raisedBy.push(signal.why);
      else if (signal.weight < 0) loweredBy.push(signal.why);
    }
  }
  confidence = Math.round(Math.min(max, Math.max(0, confidence)) * 100) / 100;
  return {
    id: entry.id,
    title: entry.title,
    summary: entry.summary,
    confidence,
    general: entry.general,
    evidence: dedupe(evidence),
    raisedBy: [...raisedBy, ...entry.raisedBy],
    loweredBy: [...loweredBy, ...entry.loweredBy],
    fixes: entry.fixes,
    nextSteps: entry.nextSteps,
    configs: entry.configs,
    docs: entry.docs,
  };
}

/** One item per input line, its reasons joined, in input order; line-less facts last. */
function dedupe(evidence: readonly Evidence[]): Evidence[] {
  const byKey = new Map<string, Evidence>();
  for (const e of evidence) {
    const key = e.line === null ? `-${e.why}` : String(e.line);
    const had = byKey.get(key);
    if (!had) byKey.set(key, { ...e });
    else if (!had.why.split('; ').includes(e.why)) had.why = `${had.why}; ${e.why}`;
  }
  return [...byKey.values()].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}
