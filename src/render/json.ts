import type { TriagePaste } from '../triage/note-set.js';

/** The notes as JSON: the TriagePaste schema is the contract, two-space indented, newline-terminated. */
export function renderJson(paste: TriagePaste): string {
  return `${JSON.stringify(paste, null, 2)}\n`;
}
