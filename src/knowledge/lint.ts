import type { ParseResult } from '../parse/report.js';
import type { Condition } from './condition.js';
import type { Entry, ExampleText, KnowledgeBase } from './entry.js';
import { deadDocsLink, type DocsIndex } from './docs-index.js';
import { matchReport } from './matcher.js';
import { MACHINERY_FAMILY } from './vocabulary.js';

/** What lint needs from the parser: the reports of a paste and the cleaned text of its lines. */
export type PasteParser = (text: string) => {
  result: ParseResult;
  readonly lineText: (no: number) => string | undefined;
};

/** How one example paste came out. */
export interface ExampleOutcome {
  entry: string;
  file: string;
  /** The top match each report should get: the entry (positives), `expect` or `none` (negatives), or null when a negative only says "not this entry". */
  expected: string | null;
  polarity: 'positive' | 'negative';
  /** Top match id of each report in the paste; `none` when nothing matched. */
  top: string[];
  /** Every id that matched any report of the paste. */
  matched: string[];
}

/**
 * Checks every entry: vocabulary references, expected ids, and that its examples behave (a report of
 * a positive paste gets the entry as top match; no report of a negative paste matches it, and a
 * negative's `expect` is its top match). Problems read `file: field: message`. Pure apart from what
 * `parse` does; loading problems are added by the caller.
 */
export function lintKnowledge(
  kb: KnowledgeBase,
  parse: PasteParser,
  docs: DocsIndex,
): { problems: string[]; outcomes: ExampleOutcome[] } {
  const problems: string[] = [];
  const outcomes: ExampleOutcome[] = [];
  const ids = new Set(kb.entries.map((e) => e.id));
  if (!kb.vocabulary.functions.has(MACHINERY_FAMILY)) {
    problems.push(`vocabulary.yaml: functions.${MACHINERY_FAMILY}: missing; within: counts need it`);
  }
  for (const [name, named] of kb.vocabulary.conditions) {
    checkCondition(kb, named.condition, `vocabulary.yaml`, `conditions.${name}`, problems);
  }
  // A label slug must name one entry, or measuring the knowledge base cannot tell which one is right.
  const causeOwner = new Map<string, string>();
  for (const entry of kb.entries) {
    for (const cause of entry.causes) {
      const owner = causeOwner.get(cause);
      if (owner !== undefined) problems.push(`${entry.source}: causes: "${cause}" is also listed by ${owner}`);
      else causeOwner.set(cause, entry.id);
      if (ids.has(cause)) problems.push(`${entry.source}: causes: "${cause}" is an entry id, not a narrower cause`);
    }
  }
  for (const entry of kb.entries) {
    problems.push(...linkProblems(entry, docs), ...cutText(entry));
    if (entry.refines !== null && !ids.has(entry.refines)) {
      problems.push(`${entry.source}: refines: no entry has id "${entry.refines}"`);
    }
    for (const file of entry.unlistedExamples) {
      problems.push(`${entry.source}: examples: ${file} is in the example folder but no list names it`);
    }
    entry.match.when.forEach((c, i) => checkCondition(kb, c, entry.source, `match.when.${i}`, problems));
    entry.match.signals.forEach((s, i) => checkCondition(kb, s.when, entry.source, `match.signals.${i}.when`, problems));
    entry.positives.forEach((ex, i) => {
      const o = runExample(kb, entry, ex, 'positive', parse, `examples.positive.${i}`, problems);
      if (o) outcomes.push(o);
    });
    entry.negatives.forEach((ex, i) => {
      const field = `examples.negative.${i}`;
      if (ex.expect !== null && ex.expect !== 'none' && !ids.has(ex.expect)) {
        problems.push(`${entry.source}: ${field}.expect: no entry has id "${ex.expect}"`);
      }
      const o = runExample(kb, entry, ex, 'negative', parse, field, problems);
      if (o) outcomes.push(o);
    });
  }
  return { problems, outcomes };
}

/** Every docs.kernel.org link and Documentation/ source must exist in the indexed release. */
function linkProblems(entry: Entry, docs: DocsIndex): string[] {
  const problems: string[] = [];
  entry.docs.forEach((d, i) => {
    if (!d.url.startsWith('https://docs.kernel.org/')) return;
    const dead = deadDocsLink(docs, d.url);
    if (dead !== null) problems.push(`${entry.source}: docs.${i}.url: ${dead}`);
  });
  entry.sources.forEach((s, i) => {
    if (!('file' in s) || !s.file.startsWith('Documentation/') || !s.file.endsWith('.rst')) return;
    const page = s.file.slice('Documentation/'.length, -'.rst'.length);
    if (docs.pages[page] === undefined) {
      problems.push(`${entry.source}: sources.${i}.file: no ${s.file} in Linux ${docs.release}`);
    }
  });
  return problems;
}

/** Text fields whose backticks or parentheses do not pair up: a sentence cut short, usually by YAML. */
function cutText(entry: Entry): string[] {
  const fields: Array<[string, string]> = [
    ['title', entry.title],
    ['summary', entry.summary],
    ...entry.raisedBy.map((t, i): [string, string] => [`raisedBy.${i}`, t]),
    ...entry.loweredBy.map((t, i): [string, string] => [`loweredBy.${i}`, t]),
    ...entry.fixes.map((t, i): [string, string] => [`fixes.${i}`, t]),
    ...entry.nextSteps.map((t, i): [string, string] => [`nextSteps.${i}`, t]),
    ...entry.match.signals.map((s, i): [string, string] => [`match.signals.${i}.why`, s.why]),
  ];
  const problems: string[] = [];
  for (const [field, text] of fields) {
    const ticks = text.split('`').length - 1;
    const open = text.split('(').length - 1;
    const close = text.split(')').length - 1;
    if (ticks % 2 === 1) problems.push(`${entry.source}: ${field}: an unpaired backtick, the text looks cut: "${text}"`);
    else if (open !== close) problems.push(`${entry.source}: ${field}: unpaired parentheses, the text looks cut: "${text}"`);
  }
  return problems;
}

function runExample(
  kb: KnowledgeBase,
  entry: Entry,
  ex: ExampleText,
  polarity: 'positive' | 'negative',
  parse: PasteParser,
  field: string,
  problems: string[],
): ExampleOutcome | null {
  if (ex.text === null) {
    problems.push(`${entry.source}: ${field}: example file not found: ${ex.path}`);
    return null;
  }
  const parsed = parse(ex.text);
  const perReport = parsed.result.reports.map((r) => matchReport(kb, r, parsed.lineText));
  const top = perReport.map((m) => m[0]?.id ?? 'none');
  const matched = [...new Set(perReport.flatMap((m) => m.map((x) => x.id)))];
  const expected = polarity === 'positive' ? entry.id : ex.expect;
  const where = `${entry.source}: ${field}: ${ex.file}`;
  if (top.length === 0) {
    if (polarity === 'positive' || (expected !== null && expected !== 'none')) problems.push(`${where}: the parser found no report in it`);
  } else if (polarity === 'positive') {
    // A real paste often holds follow-up reports (a hung task after the leak): one report naming the entry is enough.
    if (!top.includes(entry.id)) problems.push(`${where}: no report has ${entry.id} as top match, got ${top.join(', ')}`);
  } else {
    if (matched.includes(entry.id)) problems.push(`${where}: a negative example matched ${entry.id}`);
    if (expected !== null) {
      top.forEach((t, i) => {
        if (t !== expected) problems.push(`${where}: report ${i + 1} should have top match ${expected}, got ${t}`);
      });
    }
  }
  return { entry: entry.id, file: ex.file, expected, polarity, top, matched };
}

function checkCondition(kb: KnowledgeBase, c: Condition, file: string, field: string, problems: string[]): void {
  const fn = (name: string | undefined, at: string) => {
    if (name !== undefined && !kb.vocabulary.functions.has(name)) problems.push(`${file}: ${field}.${at}: unknown function family "${name}"`);
  };
  const cls = (name: string | undefined, at: string) => {
    if (name !== undefined && !kb.vocabulary.classes.has(name)) problems.push(`${file}: ${field}.${at}: unknown class family "${name}"`);
  };
  fn(c.frame?.family, 'frame.family');
  fn(c.frame?.above, 'frame.above');
  fn(c.family, 'family');
  for (const role of ['heldLock', 'acquiring'] as const) {
    cls(c[role]?.family, `${role}.family`);
    cls(c[role]?.notFamily, `${role}.notFamily`);
    fn(c[role]?.at, `${role}.at`);
  }
  if (c.use !== undefined && !kb.vocabulary.conditions.has(c.use)) problems.push(`${file}: ${field}.use: unknown named condition "${c.use}"`);
  c.all?.forEach((x, i) => checkCondition(kb, x, file, `${field}.all.${i}`, problems));
  c.any?.forEach((x, i) => checkCondition(kb, x, file, `${field}.any.${i}`, problems));
  if (c.not) checkCondition(kb, c.not, file, `${field}.not`, problems);
}

/**
 * Top-1 precision and recall over example outcomes, one decision per report. A report's label is the
 * entry it should be top-matched to, or `none`. Precision: of the reports that got a top match, how many
 * got the right one; recall: of the reports with a label other than `none`, how many got it. A negative
 * without `expect` only says "not this entry": a top match equal to that entry counts as wrong, any
 * other top match is left out.
 */
export function topOneScores(outcomes: readonly ExampleOutcome[]): { precision: number; recall: number; predicted: number; correct: number; labelled: number } {
  let predicted = 0;
  let correct = 0;
  let labelled = 0;
  let found = 0;
  for (const o of outcomes) {
    // A positive paste is one decision: its reports that name the entry, or else its first answer.
    const decisions = o.polarity === 'positive' ? [o.top.includes(o.entry) ? o.entry : (o.top.find((t) => t !== 'none') ?? 'none')] : o.top;
    for (const top of decisions) {
      if (o.expected === null) {
        if (top === o.entry) predicted++;
        continue;
      }
      if (o.expected !== 'none') labelled++;
      if (top !== 'none') {
        predicted++;
        if (top === o.expected) correct++;
      }
      if (o.expected !== 'none' && top === o.expected) found++;
    }
  }
  return {
    precision: predicted === 0 ? 1 : correct / predicted,
    recall: labelled === 0 ? 1 : found / labelled,
    predicted,
    correct,
    labelled,
  };
}
