/**
 * What a person asks in `/ktriage <text>` or `@ktriage <text>`: the same words mean the same in both.
 */
export type Request = { kind: 'help' } | { kind: 'kb'; words: string } | { kind: 'paste'; text: string };

export function parseRequest(text: string): Request {
  const trimmed = text.trim();
  if (trimmed === '' || /^help$/i.test(trimmed)) return { kind: 'help' };
  const kb = /^kb(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (kb) {
    const words = (kb[1] ?? '').trim();
    return words === '' ? { kind: 'help' } : { kind: 'kb', words };
  }
  return { kind: 'paste', text };
}
