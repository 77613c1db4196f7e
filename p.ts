import { readFileSync } from 'node:fs';
import { parseReports } from './src/parse/index.js';
import { readCase } from './scripts/conformance-score.js';
const f = process.argv[2]!;
const raw = readFileSync(f);
const text = /^(TITLE|\n)/.test(raw.toString('latin1')) ? readCase('x', raw).log : raw.toString('utf8');
for (const r of parseReports(text).reports) { const { facts, frames, ...rest } = r; console.log(JSON.stringify(rest)); }
