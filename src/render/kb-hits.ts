import type { SearchHit } from '../knowledge/search.js';
import { clip } from './outline.js';
import { mrkdwnEscape, type SlackBlock, type SlackMessage, type SlackMrkdwn } from './slack.js';

/**
 * Knowledge-base search hits, for every place that shows them: the CLI, a Slack answer and the App
 * Home, a GitHub comment. The search ranks best first; an answer in a thread or a comment shows the
 * best few.
 */
export const KB_HITS_SHOWN = 5;

/** `ktriage kb search`: every hit, with its score, for a terminal. */
export function kbHitsText(words: string, hits: readonly SearchHit[]): string {
  if (hits.length === 0) return `No knowledge entry matches "${words}".\n`;
  return hits.map((h) => `${h.id}  (${h.score.toFixed(1)})  ${h.title}\n    ${h.summary}\n`).join('');
}

/** Words a person typed, shown as Markdown code: nothing in them can mention, link or format. */
function markdownWords(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}

/** A GitHub comment's list of the best hits for `words`. */
export function kbHitsMarkdown(words: string, hits: readonly SearchHit[]): string {
  const shown = hits.slice(0, KB_HITS_SHOWN);
  if (shown.length === 0) return `No knowledge entry matches ${markdownWords(words)}.\n`;
  const rows = shown.map((h, i) => `${i + 1}. **${h.title}** (${markdownWords(h.id)}): ${h.summary}`);
  return `Knowledge entries for ${markdownWords(words)}:\n\n${rows.join('\n')}\n`;
}

/** One hit as mrkdwn: bold title, id in code, summary; well inside a section's 3,000 characters. */
function kbHitMrkdwn(hit: SearchHit): string {
  return `*${mrkdwnEscape(clip(hit.title, 200).replace(/\*/g, ''))}*  \`${mrkdwnEscape(hit.id)}\`\n${mrkdwnEscape(clip(hit.summary, 600))}`;
}

/** A section holding one mrkdwn text: a block every Slack surface (messages, App Home) takes. */
interface TextSection {
  type: 'section';
  text: SlackMrkdwn;
}

function section(text: string): TextSection {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** The best hits as Slack sections, or one saying nothing matched: the App Home's search results. */
export function kbHitsSlackBlocks(words: string, hits: readonly SearchHit[]): TextSection[] {
  if (hits.length === 0)
    return [
      section(`No knowledge entry matches “${mrkdwnEscape(clip(words.replace(/\s+/g, ' ').trim(), 200))}”.`),
    ];
  return hits.slice(0, KB_HITS_SHOWN).map((h) => section(kbHitMrkdwn(h)));
}

/** The answer to `/ktriage kb <words>` or `@ktriage kb <words>`. */
export function kbHitsSlack(words: string, hits: readonly SearchHit[]): SlackMessage {
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
  const blocks: SlackBlock[] = [section(`*${text}*`), ...shown.map((h) => section(kbHitMrkdwn(h)))];
  if (hits.length > shown.length)
    blocks.push(section(`… and ${hits.length - shown.length} more; add words to narrow the search.`));
  return { text, blocks };
}
