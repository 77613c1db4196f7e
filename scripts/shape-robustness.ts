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
import { PASTE_SHAPES } from './paste-shapes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = process.argv[2] ?? join(ROOT, 'test', 'fixtures', 'real');

const cases = loadRealCorpus(DIR);
console.log(`== ${DIR} in other shapes`);
let header = true;
for (const [shape, transform] of Object.entries(PASTE_SHAPES)) {
  const shaped: RealCase[] = cases.map((c) => ({ ...c, text: transform(c.text) }));
  const lines = formatRealScore(scoreRealCorpus(shaped, (text) => parseReports(text).reports)).split('\n');
  if (header) console.log(lines[0]?.replace(/^set {15}/, 'shape'.padEnd(18)));
  header = false;
  console.log(lines[1]?.replace(/^all {15}/, shape.padEnd(18)));
}
