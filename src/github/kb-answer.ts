import type { SearchHit } from '../knowledge/search.js';
import type { AnswerCommand } from './events.js';
import { ANSWER_MARKER } from './sticky-comment.js';

/** Entries listed in one answer: the best few, as `ktriage kb search` ranks them. */
const KB_ANSWER_HITS = 5;

/** Words a person typed, shown as code: nothing in them can mention, link or format. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}

/** The comment answering `/ktriage kb <words>`, or explaining the commands for anything else. */
export function answerBody(command: AnswerCommand, hits: readonly SearchHit[]): string {
  if (command.name === 'help') {
    return [
      ANSWER_MARKER,
      `ktriage does not know ${code(`/ktriage ${command.asked}`)}. It understands:`,
      '',
      '- `/ktriage`: triage this issue again (body and comments) and update the triage note',
      '- `/ktriage kb <words>`: list the knowledge entries that match the words, function names or error text',
      '',
    ].join('\n');
  }
  const shown = hits.slice(0, KB_ANSWER_HITS);
  if (shown.length === 0) return `${ANSWER_MARKER}\nNo knowledge entry matches ${code(command.words)}.\n`;
  const rows = shown.map((h, i) => `${i + 1}. **${h.title}** (${code(h.id)}): ${h.summary}`);
  return `${ANSWER_MARKER}\nKnowledge entries for ${code(command.words)}:\n\n${rows.join('\n')}\n`;
}
