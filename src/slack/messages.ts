import { mrkdwnEscape, type SlackBlock, type SlackMessage } from '../render/slack.js';
import type { KbHit } from '../server/core.js';

/*
 * The short answers that are not a triage note: knowledge-base hits and help. The note itself comes
 * from src/render/slack.ts.
 */

/** Hits shown per answer; the search ranks best first, and a thread answer should stay short. */
export const KB_HITS_SHOWN = 5;

/** At most `max` characters, cut at a character boundary with `…`. */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** One hit as mrkdwn: bold title, id in code, summary; well inside a section's 3,000 characters. */
export function kbHitText(hit: KbHit): string {
  return `*${mrkdwnEscape(clip(hit.title, 200).replace(/\*/g, ''))}*  \`${mrkdwnEscape(hit.id)}\`\n${mrkdwnEscape(clip(hit.summary, 600))}`;
}

export function kbMessage(words: string, hits: readonly KbHit[]): SlackMessage {
  const query = mrkdwnEscape(clip(words.replace(/\s+/g, ' ').trim(), 200));
  if (hits.length === 0) {
    const text = `No knowledge entry matches “${query}”.`;
    return {
      text,
      blocks: [section(`${text} Try a function name from the stack, or words of the BUG/WARNING line.`)],
    };
  }
  const shown = hits.slice(0, KB_HITS_SHOWN);
  const text = `Knowledge base: ${hits.length} ${hits.length === 1 ? 'entry' : 'entries'} for “${query}”`;
  const blocks: SlackBlock[] = [section(`*${text}*`), ...shown.map((h) => section(kbHitText(h)))];
  if (hits.length > shown.length)
    blocks.push(section(`… and ${hits.length - shown.length} more; add words to narrow the search.`));
  return { text, blocks };
}

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
