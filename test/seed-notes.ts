import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../src/knowledge/load.js';
import { matchReport } from '../src/knowledge/matcher.js';
import { parsePaste } from '../src/parse/index.js';
import type { PatternMatch } from '../src/knowledge/match.js';
import type { ParseResult, Report } from '../src/parse/report.js';
import { buildNoteSet, type NoteSet } from '../src/triage/note-set.js';
import type { SimilarReport } from '../src/triage/note-model.js';

/** The real pipeline on the seed pastes: parse, match against the built-in knowledge, build the notes. */

const SEEDS = new URL('./fixtures/seeds/', import.meta.url);
const kb = loadKnowledge([]);

export function seedText(name: string): string {
  return readFileSync(new URL(name, SEEDS), 'utf8');
}

export function seedReports(name: string): Report[] {
  return parsePaste(seedText(name)).result.reports;
}

export interface SeedOptions {
  matched?: boolean;
  similar?: SimilarReport[];
}

/** A seed parsed, matched and noted; `matched: false` leaves the matcher out, as when no knowledge entry fits. */
export function seedTriage(
  name: string,
  options: SeedOptions = {},
): { parsed: ParseResult; matches: PatternMatch[][]; notes: NoteSet } {
  const paste = parsePaste(seedText(name));
  const reports = paste.result.reports;
  const matches = reports.map((r) => (options.matched === false ? [] : matchReport(kb, r, paste.lineText)));
  const notes = buildNoteSet(
    paste.result,
    matches,
    reports.map(() => options.similar ?? []),
  );
  return { parsed: paste.result, matches, notes };
}

/** A seed's notes. */
export function seedPaste(name: string, options: SeedOptions = {}): NoteSet {
  return seedTriage(name, options).notes;
}

export const TECHVEDA = 'techveda-kmalloc-under-spinlock.txt';
export const BRCTL = 'brctl-get-cpu-var-leak.txt';
export const INVALID_WAIT = 'invalid-wait-context-novalidate.txt';
