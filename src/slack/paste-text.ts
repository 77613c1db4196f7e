import type { MessageBody, RichTextNode } from './payloads.js';

/**
 * The text of a message as the user typed it. Modern clients send `rich_text` blocks next to `text`;
 * the blocks hold code blocks (`rich_text_preformatted`) as raw text, where `text` has them
 * entity-encoded (`&lt;TASK&gt;`) and may have wrapped host names in link markup. So the blocks are
 * read when present and `text` otherwise (API posts, older clients); the parser undoes the markup
 * and entities either way. `skipUser` drops mentions of that user (the bot, in an `@ktriage ...`).
 */
export function messageText(m: MessageBody, skipUser: string | null = null): string {
  const rich = (m.blocks ?? []).filter((b) => b.type === 'rich_text');
  if (rich.length === 0) {
    const text = m.text ?? '';
    return skipUser === null ? text : text.replaceAll(`<@${skipUser}>`, '');
  }
  return rich.map((b) => (b.elements ?? []).map((e) => blockText(e, skipUser)).join('\n')).join('\n');
}

function blockText(node: RichTextNode, skipUser: string | null): string {
  const inner = (node.elements ?? []).map((e) => inlineText(e, skipUser)).join('');
  switch (node.type) {
    case 'rich_text_preformatted':
      // Fenced, as `text` has it: the fence lines tell the parser where a pasted block ends.
      return `\`\`\`\n${inner}\n\`\`\``;
    case 'rich_text_quote':
      return inner
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'rich_text_list':
      return (node.elements ?? []).map((item) => `• ${blockText(item, skipUser)}`).join('\n');
    default:
      return inner;
  }
}

function inlineText(node: RichTextNode, skipUser: string | null): string {
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'link':
      return node.text ?? node.url ?? '';
    case 'user':
      return node.user_id === undefined || node.user_id === skipUser ? '' : `<@${node.user_id}>`;
    case 'channel':
      return node.channel_id === undefined ? '' : `<#${node.channel_id}>`;
    case 'usergroup':
      return node.usergroup_id === undefined ? '' : `<!subteam^${node.usergroup_id}>`;
    case 'broadcast':
      return node.range === undefined ? '' : `@${node.range}`;
    case 'emoji':
      return node.name === undefined ? '' : `:${node.name}:`;
    case 'date':
      return node.fallback ?? '';
    case 'color':
      return node.value ?? '';
    default:
      return node.elements === undefined ? (node.text ?? '') : blockText(node, skipUser);
  }
}
