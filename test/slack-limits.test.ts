import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { PatternMatch } from '../src/knowledge/match.js';
import type { LockRecord, ParseResult, Report } from '../src/parse/report.js';
import { REPORT_KINDS } from '../src/parse/report.js';
import {
  GITHUB_MAX_COMMENT,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_FALLBACK_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_FIELDS,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_SECTION_TEXT,
  SLACK_MAX_TOTAL_TEXT,
} from '../src/render/limits.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderSlack, slackTextLength, type SlackMessage } from '../src/render/slack.js';
import { buildNoteSet, type NoteSet } from '../src/triage/note-set.js';
import type { TriageNote } from '../src/triage/note-model.js';
import { parseReports } from '../src/parse/index.js';
import { BRCTL, INVALID_WAIT, seedReports } from './seed-notes.js';

function expectWithinSlackLimits(msg: SlackMessage): void {
  expect(msg.blocks.length).toBeGreaterThan(0);
  expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
  expect(slackTextLength(msg.blocks)).toBeLessThanOrEqual(SLACK_MAX_TOTAL_TEXT);
  expect(msg.text.length).toBeGreaterThan(0);
  expect(msg.text.length).toBeLessThanOrEqual(SLACK_MAX_FALLBACK_TEXT);
  const mrkdwn: string[] = [msg.text];
  for (const b of msg.blocks) {
    if (b.type === 'header') {
      expect(b.text.text.length).toBeGreaterThan(0);
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_MAX_HEADER_TEXT);
    }
    if (b.type === 'section') {
      expect(b.text !== undefined || (b.fields ?? []).length > 0).toBe(true);
      if (b.text !== undefined) {
        expect(b.text.text.length).toBeLessThanOrEqual(SLACK_MAX_SECTION_TEXT);
        mrkdwn.push(b.text.text);
      }
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_MAX_FIELDS);
      for (const f of b.fields ?? []) {
        expect(f.text.length).toBeLessThanOrEqual(SLACK_MAX_FIELD_TEXT);
        mrkdwn.push(f.text);
      }
    }
  }
  // Every `<` or `>` left is one of our `<url|label>` links: user text cannot open a mention or link.
  for (const text of mrkdwn) expect(text.replace(/<[^<>|\s]+\|[^<>]*>/g, '')).not.toMatch(/[<>]/);
}

function pasteOf(reports: Report[], matches: PatternMatch[][]): NoteSet {
  const parsed: ParseResult = { reports, input: { bytes: 0, lines: 0, truncated: false, unread: [] } };
  return buildNoteSet(parsed, matches);
}

const CORPUS = new URL('../../shared/corpus/syzkaller/linux-report/', import.meta.url);

/** The largest file of the DEV corpus; its log is what a user would paste. */
function largestCorpusLog(): string {
  const files = readdirSync(CORPUS).map((name) => ({ name, size: statSync(new URL(name, CORPUS)).size }));
  const largest = files.sort((a, b) => b.size - a.size)[0];
  if (largest === undefined) throw new Error('empty corpus');
  const text = readFileSync(new URL(largest.name, CORPUS), 'latin1').replace(/\r/g, '');
  const log = text.slice(text.indexOf('\n\n') + 2);
  const report = log.indexOf('\nREPORT:\n');
  return report < 0 ? log : log.slice(0, report);
}

describe.skipIf(!existsSync(CORPUS))('the largest report of the syzkaller corpus', () => {
  it('stays inside every Slack limit and the GitHub comment limit', () => {
    const parsed = parseReports(largestCorpusLog());
    expect(parsed.reports.length).toBeGreaterThan(0);
    const paste = buildNoteSet(
      parsed,
      parsed.reports.map(() => []),
    );
    expectWithinSlackLimits(renderSlack(paste));
    expect(renderMarkdown(paste).length).toBeLessThanOrEqual(GITHUB_MAX_COMMENT);
  });
});

const HOSTILE = '<!channel> &amp; <@U123> `x` *b* ';

const [invalidWait] = seedReports(INVALID_WAIT);
const [brctlSchedule] = seedReports(BRCTL);

function worstReport(invalidWait: Report, i: number): Report {
  const locks: LockRecord[] = Array.from({ length: 400 }, (_, n) => ({
    index: n,
    address: `ffff8881${n.toString(16).padStart(8, '0')}`,
    name: `&<${'very_long_lock_class_name_'.repeat(8)}${n}>&`,
    usage: '+.-.',
    waitTypes: { outer: 2, inner: 2 },
    at: `${HOSTILE}fn_${n}+0x1/0x2`,
    line: 100 + n,
  }));
  return {
    ...invalidWait,
    headline: `${HOSTILE}${'BUG: Invalid wait context <&> '.repeat(20)}${i}`,
    title: `${HOSTILE}${'t'.repeat(3000)}`,
    taint: { tainted: true, letters: 'GPFSRMBUDAWCIOELKXTNJHV' },
    facts: {
      ...invalidWait.facts,
      acquiring: locks[0] ?? null,
      locksHeld: { count: locks.length, task: `${HOSTILE}/1`, locks, line: 99 },
      modules: Array.from({ length: 300 }, (_, n) => ({ name: `mod_<${n}>&`, marks: '(POE)' })),
      address: HOSTILE.repeat(50),
    },
    frames: Array.from({ length: 800 }, (_, n) => ({
      fn: `${HOSTILE}${'deeply_nested_function_name_'.repeat(10)}${n}`,
      offset: n,
      size: 4096,
      module: `mod_<${n % 300}>&`,
      unreliable: n % 7 === 0,
      context: n % 3 === 0 ? 'hardirq' : 'task',
      stack: 'main',
      source: null,
      line: 1000 + n,
    })),
  };
}

function worstMatches(): PatternMatch[] {
  return Array.from({ length: 30 }, (_, m) => ({
    id: `m${m}`,
    title: `${HOSTILE}${'match title '.repeat(30)}`,
    summary: `${HOSTILE}${'summary words '.repeat(400)}`,
    confidence: 1 - m / 30,
    general: false,
    evidence: Array.from({ length: 100 }, (_, e) => ({
      line: e,
      text: `${HOSTILE}${'<&>'.repeat(800)}`,
      why: `${HOSTILE}${'why '.repeat(300)}`,
    })),
    raisedBy: Array.from({ length: 50 }, () => HOSTILE.repeat(40)),
    loweredBy: Array.from({ length: 50 }, () => HOSTILE.repeat(40)),
    fixes: Array.from({ length: 60 }, (_, f) => `${HOSTILE}fix ${f} ${'<&>'.repeat(900)}`),
    nextSteps: Array.from({ length: 60 }, (_, f) => `${HOSTILE}step ${f} ${'`<&>`'.repeat(500)}`),
    configs: Array.from({ length: 40 }, (_, c) => `CONFIG_${HOSTILE}${c}`),
    docs: Array.from({ length: 40 }, (_, d) => ({
      title: `${HOSTILE}doc ${d}`,
      url: `https://x.example/${d}|<&> ${HOSTILE}`,
    })),
  }));
}

describe.skipIf(invalidWait === undefined || brctlSchedule === undefined)('a synthetic worst case', () => {
  const reports =
    invalidWait === undefined ? [] : Array.from({ length: 64 }, (_, i) => worstReport(invalidWait, i));
  const parsed: ParseResult = {
    reports,
    input: {
      bytes: 8 << 20,
      lines: 200_000,
      truncated: true,
      unread: Array.from({ length: 200 }, () => HOSTILE.repeat(30)),
    },
  };
  const paste = buildNoteSet(
    parsed,
    reports.map(() => worstMatches()),
    reports.map(() =>
      Array.from({ length: 100 }, (_, s) => ({
        title: HOSTILE.repeat(20),
        url: `https://example.com/${s}?a=<b>&c=|d`,
        where: `#${s} ${HOSTILE}`,
        when: '2026-01-01T00:00:00Z',
        signature: 'sig',
      })),
    ),
  );

  it('stays inside every Slack limit', () => {
    expectWithinSlackLimits(renderSlack(paste));
  });

  it('keeps the headline, the kind and the best match even at the smallest level', () => {
    const msg = renderSlack(paste);
    expect(msg.blocks[0]?.type).toBe('header');
    expect(JSON.stringify(msg.blocks)).toContain('Most likely');
  });

  it('stays inside the GitHub comment limit by showing less, not by cutting the body', () => {
    const md = renderMarkdown(paste);
    expect(md.length).toBeLessThanOrEqual(GITHUB_MAX_COMMENT);
    expect(md).toContain('**Most likely:');
    expect(md).not.toContain('cut to fit the comment limit');
  });

  it('never lets `<!channel>` through in the fallback text', () => {
    if (brctlSchedule === undefined) throw new Error('no report');
    const msg = renderSlack(pasteOf([{ ...brctlSchedule, headline: '<!channel> BUG: x' }], [[]]));
    expect(msg.text).toContain('&lt;!channel&gt; BUG: x');
    expect((msg.blocks[0]?.type === 'header' && msg.blocks[0].text.text) || '').toBe('<!channel> BUG: x');
  });
});

const text = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', '<', '>', '&', '`', '*', '_', '|', '#', '@', '\n', 'é', '😀'),
  maxLength: 600,
});
const lines = (max: number) => fc.array(text, { maxLength: max });
const line = fc.option(fc.nat({ max: 100_000 }), { nil: null });

const noteArb: fc.Arbitrary<TriageNote> = fc.record({
  headline: text,
  title: text,
  kind: fc.constantFrom(...REPORT_KINDS),
  kindLabel: text,
  culprit: fc.option(
    fc.record({
      fn: text,
      module: fc.option(text, { nil: null }),
      why: text,
      line: fc.nat({ max: 100_000 }),
    }),
    { nil: null },
  ),
  verdict: text,
  where: fc.record({
    task: fc.option(text, { nil: null }),
    context: fc.option(text, { nil: null }),
    cpu: fc.option(fc.nat(), { nil: null }),
    kernel: fc.option(text, { nil: null }),
    arch: fc.constantFrom('x86_64' as const, 'arm64' as const, 'unknown' as const),
    hardware: fc.option(text, { nil: null }),
    taint: fc.option(
      fc.record({
        letters: text,
        flags: fc.array(fc.record({ letter: text, meaning: text }), { maxLength: 20 }),
        unknown: lines(5),
        hints: lines(4),
      }),
      { nil: null },
    ),
  }),
  facts: fc.array(fc.record({ text, line }), { maxLength: 60 }),
  story: fc.option(
    fc.record({
      title: text,
      lines: fc.array(fc.record({ text, line }), { maxLength: 40 }),
      stacks: fc.array(
        fc.record({
          title: text,
          line,
          frames: fc.array(
            fc.record({
              text,
              fn: text,
              module: fc.option(text, { nil: null }),
              context: fc.constantFrom('task' as const, 'hardirq' as const),
              line: fc.nat(),
            }),
            { maxLength: 40 },
          ),
        }),
        { maxLength: 6 },
      ),
    }),
    { nil: null },
  ),
  suspect: fc.record({
    guilty: fc.option(text, { nil: null }),
    guiltyModule: fc.option(text, { nil: null }),
    guiltyOutOfTree: fc.boolean(),
    frames: fc.array(
      fc.record({
        text,
        fn: text,
        module: fc.option(text, { nil: null }),
        context: fc.constantFrom('task' as const, 'softirq' as const),
        line: fc.nat(),
      }),
      { maxLength: 200 },
    ),
    outOfTree: fc.array(fc.record({ name: text, marks: text, why: text }), { maxLength: 30 }),
    outOfTreeNote: fc.option(text, { nil: null }),
  }),
  matches: fc.array(
    fc.record({
      id: text,
      title: text,
      summary: text,
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      confidenceLabel: fc.constantFrom('high' as const, 'medium' as const, 'low' as const),
      evidence: fc.array(fc.record({ line, text, why: text }), { maxLength: 30 }),
      raisedBy: lines(5),
      loweredBy: lines(5),
    }),
    { maxLength: 8 },
  ),
  fixes: fc.array(fc.record({ text, from: text }), { maxLength: 30 }),
  nextSteps: fc.array(fc.record({ text, from: text }), { maxLength: 30 }),
  commands: fc.array(fc.record({ why: text, command: text }), { maxLength: 12 }),
  configs: lines(20),
  docs: fc.array(fc.record({ title: text, url: text }), { maxLength: 20 }),
  unread: lines(20),
  similar: fc.array(
    fc.record({
      title: text,
      url: fc.option(text, { nil: undefined }),
      where: text,
      when: text,
      signature: text,
    }),
    { maxLength: 20 },
  ),
  lines: fc.record({ start: fc.nat(), end: fc.nat() }),
  signature: text,
});

const pasteArb: fc.Arbitrary<NoteSet> = fc.record({
  notes: fc.array(noteArb, { maxLength: 6 }),
  relations: fc.array(
    fc.record({
      note: fc.nat({ max: 5 }),
      to: fc.nat({ max: 5 }),
      kind: fc.constantFrom('repeat' as const, 'same-task' as const, 'after-oops' as const),
      words: text,
    }),
    { maxLength: 6 },
  ),
  unread: lines(10),
  input: fc.record({ bytes: fc.nat(), lines: fc.nat(), truncated: fc.boolean() }),
});

describe('any note', () => {
  test.prop([pasteArb], { numRuns: 150 })('renders to Slack inside every limit', (paste) => {
    expectWithinSlackLimits(renderSlack(paste));
  });

  test.prop([pasteArb], { numRuns: 150 })('renders to Markdown inside the comment limit', (paste) => {
    expect(renderMarkdown(paste).length).toBeLessThanOrEqual(GITHUB_MAX_COMMENT);
  });
});
