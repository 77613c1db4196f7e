import type { SearchHit } from '../usecase/core.js';
import type { TriageRecord } from '../store/store.js';
import { kbHitsSlackBlocks } from '../render/kb-hits.js';
import { clip } from '../render/outline.js';
import { mrkdwnEscape } from '../render/slack.js';
import { USAGE_LINES } from './messages.js';

/** A Home tab holds at most 100 blocks (Block Kit reference, "Surfaces: App Home"). */
export const HOME_MAX_BLOCKS = 100;

/** Triage rows listed; with the fixed blocks and the search results this stays far below 100. */
export const HOME_LATEST = 20;

/** The search box's `action_id`: Enter in it sends a `block_actions` payload with the words. */
export const HOME_SEARCH_ACTION = 'kb_search';

type Text = { type: 'mrkdwn'; text: string } | { type: 'plain_text'; text: string; emoji?: boolean };
type HomeBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { type: 'section'; text: Text }
  | { type: 'divider' }
  | { type: 'context'; elements: Text[] }
  | {
      type: 'input';
      block_id: string;
      dispatch_action: true;
      label: { type: 'plain_text'; text: string };
      element: {
        type: 'plain_text_input';
        action_id: string;
        placeholder: { type: 'plain_text'; text: string };
        dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] };
        initial_value?: string;
      };
    };

export interface HomeView {
  type: 'home';
  blocks: HomeBlock[];
}

export interface HomeContent {
  /** The last search from the Home tab, with its hits; null before any. */
  search: { words: string; hits: readonly SearchHit[] } | null;
  /** The workspace's newest triage rows, newest first. */
  latest: readonly TriageRecord[];
}

/** The App Home tab: how to use ktriage, a knowledge search, the latest triages in the workspace. */
export function homeView(content: HomeContent): HomeView {
  const blocks: HomeBlock[] = [
    header('ktriage: kernel report triage'),
    section(USAGE_LINES.map(mrkdwnEscape).join('\n')),
    { type: 'divider' },
    searchBox(content.search?.words ?? ''),
    ...searchResults(content.search),
    { type: 'divider' },
    header('Latest triages in this workspace'),
    ...latest(content.latest),
  ];
  return { type: 'home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}

function searchBox(words: string): HomeBlock {
  return {
    type: 'input',
    block_id: 'kb_search',
    dispatch_action: true,
    label: { type: 'plain_text', text: 'Search the knowledge base' },
    element: {
      type: 'plain_text_input',
      action_id: HOME_SEARCH_ACTION,
      placeholder: {
        type: 'plain_text',
        text: 'a function name, an error line, or words such as "sleep in atomic"',
      },
      dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
      // plain_text_input holds at most 3,000 characters.
      ...(words === '' ? {} : { initial_value: clip(words, 3000) }),
    },
  };
}

function searchResults(search: HomeContent['search']): HomeBlock[] {
  if (search === null) return [];
  return kbHitsSlackBlocks(search.words, search.hits);
}

function latest(rows: readonly TriageRecord[]): HomeBlock[] {
  if (rows.length === 0)
    return [section('No triages yet. Paste a kernel log in a channel I am in, or try `/ktriage` with one.')];
  return rows.slice(0, HOME_LATEST).map((r) => {
    const title = mrkdwnEscape(clip(r.title, 300));
    const linked = /^https?:\/\//.test(r.link) ? `<${r.link}|${title}>` : title;
    const pattern =
      r.patterns[0] === undefined ? 'no known pattern' : `likely \`${mrkdwnEscape(r.patterns[0])}\``;
    const seconds = Math.floor(r.postedAt.getTime() / 1000);
    // Slack shows the date in each reader's time zone; the ISO text is the fallback.
    const when = `<!date^${seconds}^{date_short_pretty} {time}|${r.postedAt.toISOString()}>`;
    return section(`*${linked}*\n${mrkdwnEscape(r.kind)} · ${pattern} · ${when}`);
  });
}

function header(text: string): HomeBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: false } };
}

function section(text: string): HomeBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
