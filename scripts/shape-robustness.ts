/**
 * `npm run shapes [-- <real corpus dir>]`: the real corpus again in the shapes its texts reach us in
 * once more (a Markdown code block, a mail writer's indentation, quoting, re-wrapping, chat escapes,
 * whitespace a terminal or a mail transport added), scored like `npm run conformance`. A shape that
 * scores under the plain corpus is a family of pastes the parser reads worse; no labels are needed
 * beyond the corpus's own, and no text of it is tuned to.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReports } from '../src/parse/index.js';
import { formatRealScore, loadRealCorpus, scoreRealCorpus, type RealCase } from './conformance-real.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = process.argv[2] ?? join(ROOT, 'test', 'fixtures', 'real');

const eachLine = (text: string, f: (line: string) => string): string => text.split('\n').map(f).join('\n');

/** A mail client's re-wrap: every line broken at the last space before `width`. */
function rewrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(' ', width);
        if (cut <= 0) break;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      return [...out, rest];
    })
    .join('\n');
}

const SHAPES: Record<string, (text: string) => string> = {
  'as collected': (t) => t,
  CRLF: (t) => t.replaceAll('\n', '\r\n'),
  'Slack entities': (t) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
  'GitHub fence': (t) => `\`\`\`\n${t}\n\`\`\``,
  'Markdown indent': (t) => eachLine(t, (l) => (l === '' ? l : `    ${l}`)),
  'mail indent': (t) => eachLine(t, (l) => (l === '' ? l : `  ${l}`)),
  'mail quote x2': (t) => eachLine(t, (l) => `> > ${l}`),
  'trailing spaces': (t) => eachLine(t, (l) => `${l}   `),
  'rewrap 80': (t) => rewrap(t, 80),
  'rewrap 72': (t) => rewrap(t, 72),
};

const cases = loadRealCorpus(DIR);
console.log(`== ${DIR} in other shapes`);
let header = true;
for (const [shape, transform] of Object.entries(SHAPES)) {
  const shaped: RealCase[] = cases.map((c) => ({ ...c, text: transform(c.text) }));
  const lines = formatRealScore(scoreRealCorpus(shaped, (text) => parseReports(text).reports)).split('\n');
  if (header) console.log(lines[0]?.replace(/^set {15}/, 'shape'.padEnd(18)));
  header = false;
  console.log(lines[1]?.replace(/^all {15}/, shape.padEnd(18)));
}
