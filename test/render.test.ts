import { describe, expect, it } from 'vitest';
import { parsePaste } from '../src/parse/index.js';
import { ParseResult, type Report } from '../src/parse/report.js';
import { GITHUB_MAX_COMMENT } from '../src/render/limits.js';
import { renderJson } from '../src/render/json.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderSlack } from '../src/render/slack.js';
import { renderText } from '../src/render/text.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { buildNoteSet, NoteSet } from '../src/triage/note-set.js';
import { matchPaste } from '../src/triage/match-paste.js';
import type { SimilarReport } from '../src/triage/note-model.js';
import {
  BRCTL,
  INVALID_WAIT,
  realTriage,
  seedPaste,
  seedReports,
  seedTriage,
  TECHVEDA,
} from './seed-notes.js';

function pasteOf(reports: Report[], similar: SimilarReport[][] = []): NoteSet {
  const parsed: ParseResult = { reports, input: { bytes: 0, lines: 0, truncated: false, unread: [] } };
  return buildNoteSet(
    parsed,
    reports.map(() => []),
    similar,
  );
}

function firstReport(seed: string): Report {
  const [report] = seedReports(seed);
  if (report === undefined) throw new Error(`no report in ${seed}`);
  return report;
}

const PAST: SimilarReport[] = [
  {
    title: 'sensorcfg: BUG: sleeping function called from invalid context in sensor_set_config',
    url: 'https://github.com/example/driver/issues/41',
    where: '#41',
    when: '2026-03-02T09:14:00Z',
    signature: 'sleep-in-atomic:sensor_set_config:5d760ced',
  },
  {
    title: 'same splat on board rev B, cc @alice',
    where: 'https://example.slack.com/archives/C0123/p1700000000000100',
    when: '2026-04-11T16:40:00Z',
    signature: 'sleep-in-atomic:sensor_set_config:5d760ced',
  },
];

const CASES: Array<{ name: string; triage: () => ReturnType<typeof seedTriage> }> = [
  { name: 'techveda', triage: () => seedTriage(TECHVEDA) },
  { name: 'brctl', triage: () => seedTriage(BRCTL) },
  { name: 'invalid-wait-context', triage: () => seedTriage(INVALID_WAIT) },
  { name: 'no-match', triage: () => seedTriage(TECHVEDA, { matched: false, similar: PAST }) },
  // Real: a lock left held on return to user space, then a task hung waiting for it (lore, dm-dax).
  {
    name: 'held-at-return-then-hung',
    triage: () => realTriage('ml-067-dm-dax-srcu-held-at-return-then-hung-suspend.txt'),
  },
  // Real: a circular lockdep report, each chain link with its own stack (lore, btrfs).
  {
    name: 'lockdep-circular',
    triage: () => realTriage('ml-020-btrfs-delayed-node-fs-reclaim-circular.txt'),
  },
  // Real: an RCU stall in a loop freeing pages (lore, arm64).
  {
    name: 'rcu-stall',
    triage: () => realTriage('ml-134-arm64-rcu-stall-ring-buffer-resize-free-loop.txt'),
  },
  // Real: a KASAN general protection fault with its null-ptr-deref range, pasted with joined lines.
  {
    name: 'kasan-gpf',
    triage: () => realTriage('mg-510-amd-pmu-kasan-gpf-fully-joined-email.txt'),
  },
  // Real: four hung tasks of one khungtaskd scan and the one lock list printed after them (lore).
  {
    name: 'hung-task-scan',
    triage: () => realTriage('ml-141-scsi-async-scan-hung-tasks-one-lock-list-quoted.txt'),
  },
];

describe.each(CASES)('golden: $name', ({ name, triage }) => {
  const paste = (): NoteSet => triage().notes;
  it('text', async () => {
    await expect(renderText(paste())).toMatchFileSnapshot(`./golden/${name}.txt`);
  });
  it('markdown', async () => {
    await expect(renderMarkdown(paste())).toMatchFileSnapshot(`./golden/${name}.md`);
  });
  it('slack', async () => {
    await expect(`${JSON.stringify(renderSlack(paste()), null, 2)}\n`).toMatchFileSnapshot(
      `./golden/${name}.slack.json`,
    );
  });
  it('json', async () => {
    await expect(renderJson(triage())).toMatchFileSnapshot(`./golden/${name}.json`);
  });
});

describe('what a reader sees', () => {
  it('text leads with the culprit, then kind, where and the best match with evidence lines', () => {
    const out = renderText(seedPaste(TECHVEDA)).split('\n');
    expect(out[0]).toBe('BUG: sleeping function called from invalid context at include/linux/sched/mm.h:333');
    expect(out[1]).toMatch(/^Look first at: sensor_set_config \(L\d+\): /);
    expect(out[2]).toBe('Kind:  sleeping function called from atomic context (sleep-in-atomic)');
    expect(out).toContain('Where: sensorcfg/1423, CPU 1, task context, kernel 6.6.0, arm64');
    expect(out[6]).toBe('');
    expect(out[7]).toMatch(/^Most likely: .*GFP_KERNEL.* \((high|medium) confidence, 0\.\d\d\)\.$/);
    const evidence = out.indexOf(
      '  L21: in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1423, name: sensorcfg',
    );
    expect(evidence).toBeGreaterThan(5);
    expect(evidence).toBeLessThan(out.indexOf('What the report says:'));
  });

  it('says plainly when nothing matched and still gives the generic steps for the kind', () => {
    const note = seedPaste(TECHVEDA, { matched: false }).notes[0];
    expect(note?.verdict).toBe(
      'No known pattern matches this report; the next steps below are the general ones for sleeping function called from atomic context.',
    );
    const steps = note?.nextSteps.map((s) => s.text).join('\n');
    expect(steps).toMatch(/CONFIG_DEBUG_ATOMIC_SLEEP/);
    // The kind's generic decode step gives way to the command written with this report's frames.
    expect(steps).not.toMatch(/decode_stacktrace\.sh/);
    expect(note?.commands.map((c) => c.command)).toContain(
      './scripts/decode_stacktrace.sh vmlinux auto < report.txt',
    );
  });

  it('names the out-of-tree module from taint O and the module mark (O)', () => {
    const note = seedPaste(BRCTL, { matched: false }).notes.find((n) => n.kind === 'scheduling-while-atomic');
    expect(note?.where.taint?.flags.map((f) => f.letter)).toEqual(['W', 'O']);
    expect(note?.suspect.outOfTree).toEqual([{ name: 'nf_conntrack', marks: 'O', why: 'out-of-tree' }]);
    expect(note?.nextSteps.filter((s) => s.from === 'taint').map((s) => s.text)).toEqual([
      expect.stringMatching(/ask for the first report/),
      expect.stringMatching(/^Out-of-tree/),
    ]);
  });

  it('says so when taint has O but no module list names the module', () => {
    expect(seedPaste(INVALID_WAIT).notes[0]?.suspect.outOfTreeNote).toBe(
      'the taint says out-of-tree (O) code is loaded, but the report has no module list to name it',
    );
  });

  it('leads a paste of several reports with the earliest and lists the others with how they relate', () => {
    // The seed's story: the scheduling-while-atomic report is pasted first, but the log shows a
    // sleeping-function report 0.8 ms before it, from the same task.
    const paste = seedPaste(BRCTL);
    expect(paste.notes.map((n) => n.kind)).toEqual(['sleep-in-atomic', 'scheduling-while-atomic']);
    const text = renderText(paste);
    expect(text.startsWith('BUG: sleeping function called from invalid context at kernel/rseq.c:132\n')).toBe(
      true,
    );
    expect(text).toContain(
      'Other reports in this paste (1):\n  2. L17-L41 BUG: scheduling while atomic: brctl/3988/0x00000002',
    );
    expect(text).toContain('     the same task as #1 (brctl/3988)\n');
    expect(renderSlack(paste).text).toContain('(+1 more report in this paste)');
    expect(renderMarkdown(paste)).toContain(
      '<details><summary>Other reports in this paste (1)</summary>\n\n',
    );
  });

  it('says what it could not read of a trace whose architecture nothing names', () => {
    const log =
      'BUG: scheduling while atomic: worker/77/0x00000002\nCall Trace:\n  my_driver_poll+0x40/0x100\n  process_one_work+0x1c0/0x3a0\n';
    const { parsed, matches } = matchPaste(parsePaste(log), loadKnowledge([]));
    const paste = buildNoteSet(parsed, matches);
    expect(paste.notes[0]?.where.arch).toBe('unknown');
    expect(paste.notes[0]?.unread).toContainEqual(expect.stringMatching(/^the architecture: /));
  });

  it('says the paste was cut when the parser truncated it', () => {
    const parsed: ParseResult = {
      reports: [],
      input: { bytes: 9_000_000, lines: 1, truncated: true, unread: [] },
    };
    const paste = buildNoteSet(parsed, []);
    expect(paste.unread).toEqual(['the paste was cut at 8 MiB; reports after that point were not read']);
    expect(renderText(paste)).toBe(
      'No kernel report found in the paste.\n\nCould not read from the paste:\n  - the paste was cut at 8 MiB; reports after that point were not read\n',
    );
  });

  it('markdown keeps the gist above the first <details> and a blank line after </summary>', () => {
    const md = renderMarkdown(seedPaste(INVALID_WAIT));
    const gist = md.slice(0, md.indexOf('<details>'));
    expect(gist).toContain('**Most likely:');
    expect(gist).toContain('Evidence:');
    expect(gist).toContain('**Fix options**');
    expect(md).toMatch(/<details><summary>What the report says<\/summary>\n\n/);
    expect(md.length).toBeLessThanOrEqual(GITHUB_MAX_COMMENT);
  });

  it('markdown stays within a budget the caller gives, showing less before it cuts anything', () => {
    const paste = seedPaste(INVALID_WAIT);
    // Each budget one below the last rendering gets the next, shorter level, until none is left.
    const levels = [renderMarkdown(paste)];
    for (;;) {
      const next = renderMarkdown(paste, { maxChars: (levels.at(-1)?.length ?? 0) - 1 });
      if (next.includes('cut to fit')) break;
      levels.push(next);
    }
    expect(levels.length).toBeGreaterThan(1);
    for (const md of levels) expect(md).toContain('**Most likely:');

    // A budget too small even for the shortest: cut at a line end, and said so.
    const shortest = levels.at(-1) ?? '';
    const notice = '\n\n*(cut to fit the comment limit)*\n';
    const cut = renderMarkdown(paste, { maxChars: Math.floor(shortest.length / 2) });
    expect(cut.length).toBeLessThanOrEqual(Math.floor(shortest.length / 2));
    expect(cut.endsWith(notice)).toBe(true);
    expect(shortest.startsWith(`${cut.slice(0, -notice.length)}\n`)).toBe(true);
  });

  it('markdown neutralises @mentions and #refs in quoted text and fences past backtick runs', () => {
    const md = renderMarkdown(pasteOf([firstReport(TECHVEDA)], [PAST]));
    expect(md).toContain('cc @\u200balice');
    expect(md).not.toMatch(/@alice/);
    const report = firstReport(BRCTL);
    const ticks: Report = {
      ...report,
      frames: report.frames.map((f, i) => (i === 0 ? { ...f, fn: 'a```b' } : f)),
    };
    expect(renderMarkdown(pasteOf([ticks]))).toContain('````text\n');
  });

  it('slack escapes &, < and > in user text', () => {
    const all = JSON.stringify(renderSlack(seedPaste(INVALID_WAIT)).blocks);
    expect(all).toContain('&amp;dev-&gt;tx_global_lock');
    expect(all).not.toContain('&dev->');
  });

  it('json is the NoteSet schema and the ParseResult schema: the notes and the reports with their matches', () => {
    const json: unknown = JSON.parse(renderJson(seedTriage(INVALID_WAIT, { similar: PAST })));
    expect(ParseResult.parse(json).reports[0]?.kind).toBe('invalid-wait-context');
    const paste = NoteSet.parse(json);
    expect(paste.notes[0]?.matches[0]?.confidenceLabel).toBe('high');
    expect(paste.notes[0]?.similar).toEqual(PAST);
  });
});
