import { kbHitsMarkdown } from '../render/kb-hits.js';
import type { SearchHit } from '../usecase/core.js';
import type { AnswerCommand } from './events.js';

/** Words a person typed, shown as code: nothing in them can mention, link or format. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}

/**
 * The comment answering `/ktriage kb <words>`, or explaining the commands for anything else; its
 * marker is added when it is sent (`answerMarker`), as it names the outbox item.
 */
export function answerBody(command: AnswerCommand, hits: readonly SearchHit[]): string {
  if (command.name === 'help') {
    return [
      `ktriage does not know ${code(`/ktriage ${command.asked}`)}. It understands:`,
      '',
      '- `/ktriage`: triage this issue again (body and comments) and update the triage note',
      '- `/ktriage kb <words>`: list the knowledge entries that match the words, function names or error text',
      '',
    ].join('\n');
  }
  return kbHitsMarkdown(command.words, hits);
}
