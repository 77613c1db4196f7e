import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../src/knowledge/load.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { parsePaste } from '../src/parse/index.js';
import type { Report } from '../src/parse/report.js';
import { buildPaste, type TriagePaste } from '../src/triage/note-set.js';
import type { SimilarReport } from '../src/triage/note.js';

/** The real pipeline on the seed pastes: parse, match against the built-in knowledge, build the notes. */

const SEEDS = new URL('./fixtures/seeds/', import.meta.url);
const REAL = new URL('./fixtures/real/reports/', import.meta.url);
const kb = loadKnowledge([]);

export function seedText(name: string): string {
  return readFileSync(new URL(name, SEEDS), 'utf8');
}

export function seedReports(name: string): Report[] {
  return parsePaste(seedText(name)).result.reports;
}

/** A seed's notes; `matched: false` leaves the matcher out, as when no knowledge entry fits. */
export function seedPaste(
  name: string,
  options: { matched?: boolean; similar?: SimilarReport[] } = {},
): TriagePaste {
  return pasteOf(seedText(name), options);
}

/** The notes of a text from the real-report corpus (`test/fixtures/real/reports/`). */
export function realPaste(name: string): TriagePaste {
  return pasteOf(readFileSync(new URL(name, REAL), 'utf8'));
}

function pasteOf(text: string, options: { matched?: boolean; similar?: SimilarReport[] } = {}): TriagePaste {
  const paste = parsePaste(text);
  const reports = paste.result.reports;
  const matches = reports.map((r) => (options.matched === false ? [] : matchReport(kb, r, paste.lineText)));
  return buildPaste(
    paste.result,
    matches,
    reports.map(() => options.similar ?? []),
  );
}

export const TECHVEDA = 'techveda-kmalloc-under-spinlock.txt';
export const BRCTL = 'brctl-get-cpu-var-leak.txt';
export const INVALID_WAIT = 'invalid-wait-context-novalidate.txt';
