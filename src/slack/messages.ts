import { mrkdwnEscape, type SlackBlock, type SlackMessage } from '../render/slack.js';

/*
 * The help answer. The note comes from src/render/slack.ts, knowledge-base hits from src/render/kb-hits.ts.
 */

/** How to use ktriage, for `/ktriage help`, a bare `@ktriage`, and the App Home. */
export const USAGE_LINES: readonly string[] = [
  '• Paste kernel output (`BUG:`, `WARNING:`, lockdep, KASAN, Oops...) in a channel I am in, as text, a code block, a snippet or a `.txt`/`.log` file: I answer in its thread.',
  '• `/ktriage <paste>`: triage privately, only you see the answer.',
  '• `/ktriage kb <words>` or `@ktriage kb <words>`: search the knowledge base.',
  '• React with :+1: or :-1: on my answer to tell whether the proposed cause was right.',
];

export function helpMessage(): SlackMessage {
  const text = 'ktriage reads Linux kernel reports and explains them.';
  return { text, blocks: [section(`*${text}*\n${USAGE_LINES.map(mrkdwnEscape).join('\n')}`)] };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
