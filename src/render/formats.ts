import { z } from 'zod';
import type { MatchedPaste } from '../triage/match-paste.js';
import type { NoteSet } from '../triage/note-set.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSlack } from './slack.js';
import { renderText } from './text.js';

/** The answers a paste can get, on the command line (`--format`) and over HTTP (`?format=`, `Accept`). */
export const OutputFormat = z.enum(['text', 'json', 'markdown', 'slack']);
export type OutputFormat = z.infer<typeof OutputFormat>;

export const MEDIA_TYPES: Readonly<Record<OutputFormat, string>> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  slack: 'application/json; charset=utf-8',
};

/** A triaged paste in one format, newline-terminated; only that format is rendered. */
export function renderAs(
  format: OutputFormat,
  paste: Pick<MatchedPaste, 'parsed' | 'matches'> & { notes: NoteSet },
): string {
  switch (format) {
    case 'json':
      return renderJson(paste);
    case 'markdown':
      return `${renderMarkdown(paste.notes)}\n`;
    case 'slack':
      return `${JSON.stringify(renderSlack(paste.notes), null, 2)}\n`;
    case 'text':
      return `${renderText(paste.notes)}\n`;
  }
}
