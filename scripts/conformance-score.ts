/**
 * Scores a parser against syzkaller's report test files (`pkg/report/testdata/linux/report` format):
 * header fields (`TITLE:`, `ALT:`, `CORRUPTED:`...) up to the first empty line, then the console log,
 * then optionally an empty line, `REPORT:` and the expected report text. Only the first report counts.
 */

export interface CorpusCase {
  name: string;
  /** Empty when the log holds no crash. */
  title: string;
  alts: string[];
  corrupted: boolean;
  log: string;
}

/** What the scorer needs of a parsed report. */
export interface ScoredReport {
  title: string;
  altTitles: readonly string[];
  corrupted: boolean;
}

export interface Miss {
  file: string;
  field: 'crash' | 'title' | 'alt' | 'corrupted';
  expected: string;
  got: string;
}

export interface Agreement {
  agree: number;
  total: number;
}

export interface CorpusScore {
  files: number;
  /** Crash found exactly when one is expected. */
  crash: Agreement;
  /** Crash-free files on which a report was found. */
  falseReports: number;
  /** Expected-crash files whose first title is TITLE. */
  exactTitle: Agreement;
  /** Expected-crash files whose first title is TITLE or one of the ALTs. */
  title: Agreement;
  /** Expected-crash files whose ALT set is exactly the expected one. */
  altSet: Agreement;
  /** Expected-crash files whose corrupted flag agrees. */
  corrupted: Agreement;
  misses: Miss[];
}

/** Reads one test file from its bytes: latin-1, every `\r` dropped, as syzkaller's harness does. */
export function readCase(name: string, bytes: Uint8Array): CorpusCase {
  const text = Buffer.from(bytes).toString('latin1').replaceAll('\r', '');
  const headerEnd = text.indexOf('\n\n');
  const startsBlank = text.startsWith('\n');
  const headerText = startsBlank ? '' : text.slice(0, headerEnd < 0 ? text.length : headerEnd);
  let log = startsBlank ? text.slice(1) : headerEnd < 0 ? '' : text.slice(headerEnd + 2);
  const reportAt = log.indexOf('\n\nREPORT:\n');
  if (reportAt >= 0) log = log.slice(0, reportAt + 1);

  let title = '';
  const alts: string[] = [];
  let corrupted = false;
  for (const line of headerText.split('\n')) {
    if (line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (key === 'TITLE') title = value;
    else if (key === 'ALT') alts.push(value);
    else if (key === 'CORRUPTED') corrupted = value === 'Y';
  }
  return { name, title, alts, corrupted, log };
}

export function scoreCases(
  cases: readonly CorpusCase[],
  parse: (log: string) => readonly ScoredReport[],
): CorpusScore {
  const score: CorpusScore = {
    files: cases.length,
    crash: { agree: 0, total: 0 },
    falseReports: 0,
    exactTitle: { agree: 0, total: 0 },
    title: { agree: 0, total: 0 },
    altSet: { agree: 0, total: 0 },
    corrupted: { agree: 0, total: 0 },
    misses: [],
  };
  const miss = (c: CorpusCase, field: Miss['field'], expected: string, got: string): void => {
    score.misses.push({ file: c.name, field, expected, got });
  };
  for (const c of cases) {
    const first = parse(c.log)[0];
    const expectsCrash = c.title !== '';
    score.crash.total++;
    if (expectsCrash === (first !== undefined)) score.crash.agree++;
    else miss(c, 'crash', expectsCrash ? c.title : 'no crash', first ? first.title : 'no crash');
    if (!expectsCrash) {
      if (first) score.falseReports++;
      continue;
    }
    score.exactTitle.total++;
    score.title.total++;
    score.altSet.total++;
    score.corrupted.total++;
    if (!first) continue;
    if (first.title === c.title) score.exactTitle.agree++;
    if (first.title === c.title || c.alts.includes(first.title)) score.title.agree++;
    else miss(c, 'title', c.title, first.title);
    const wantAlts = [...c.alts].sort().join(' | ');
    const gotAlts = [...first.altTitles].sort().join(' | ');
    if (wantAlts === gotAlts) score.altSet.agree++;
    else miss(c, 'alt', wantAlts, gotAlts);
    if (first.corrupted === c.corrupted) score.corrupted.agree++;
    else miss(c, 'corrupted', String(c.corrupted), String(first.corrupted));
  }
  return score;
}

export function rate(a: Agreement): number {
  return a.total === 0 ? 1 : a.agree / a.total;
}

export function formatScore(score: CorpusScore): string {
  const row = (label: string, a: Agreement): string =>
    `${label.padEnd(28)} ${String(a.agree).padStart(4)} / ${String(a.total).padEnd(4)} ${(rate(a) * 100).toFixed(1)} %`;
  const out = [
    `files: ${score.files}`,
    row('crash / no crash', score.crash),
    row('title (TITLE or ALT)', score.title),
    row('exact title', score.exactTitle),
    row('ALT set exact', score.altSet),
    row('corrupted', score.corrupted),
    `false reports on crash-free files: ${score.falseReports}`,
  ];
  if (score.misses.length > 0) {
    out.push('', 'misses:');
    for (const m of score.misses)
      out.push(
        `  ${m.file} [${m.field}] expected: ${m.expected}\n  ${' '.repeat(m.file.length)} got:      ${m.got}`,
      );
  }
  return out.join('\n');
}
