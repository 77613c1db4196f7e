/**
 * The shapes a pasted kernel log reaches us in once more, as transformations of the text as collected
 * (`npm run shapes`, and the floors in test/real-corpus.test.ts).
 */

const eachLine = (text: string, f: (line: string) => string): string => text.split('\n').map(f).join('\n');

/** A mail client's re-wrap: every line broken at the last space before `width`. */
function rewrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(' ', width);
        if (cut <= 0) break;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      return [...out, rest];
    })
    .join('\n');
}

export const PASTE_SHAPES: Readonly<Record<string, (text: string) => string>> = {
  'as collected': (t) => t,
  CRLF: (t) => t.replaceAll('\n', '\r\n'),
  'Slack entities': (t) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
  'GitHub fence': (t) => `\`\`\`\n${t}\n\`\`\``,
  'Markdown indent': (t) => eachLine(t, (l) => (l === '' ? l : `    ${l}`)),
  'mail indent': (t) => eachLine(t, (l) => (l === '' ? l : `  ${l}`)),
  'mail quote x2': (t) => eachLine(t, (l) => `> > ${l}`),
  'trailing spaces': (t) => eachLine(t, (l) => `${l}   `),
  'rewrap 80': (t) => rewrap(t, 80),
  'rewrap 72': (t) => rewrap(t, 72),
  // A terminal or a pager (`less -S`, `journalctl`) that showed each line up to its width and dropped
  // the rest, copied from the screen.
  'cut at 80': (t) => eachLine(t, (l) => l.slice(0, 80)),
  'cut at 120': (t) => eachLine(t, (l) => l.slice(0, 120)),
  // A serial capture's or an old editor's line ends; a pager's or an editor's line numbers (`cat -n`);
  // a Markdown list item per line; a web page's `<br>` ending each line.
  'CR line ends': (t) => t.replaceAll('\n', '\r'),
  'line numbers': (t) =>
    t
      .split('\n')
      .map((l, i) => `${String(i + 1).padStart(6)}\t${l}`)
      .join('\n'),
  'list items': (t) => eachLine(t, (l) => (l.trim() === '' ? l : `- ${l}`)),
  'HTML line breaks': (t) => eachLine(t, (l) => `${l}<br>`),
  // A page that set each line in a paragraph of its own; a log collector's record as a JSON string.
  'double spaced': (t) => t.split('\n').join('\n\n'),
  'JSON string': (t) => JSON.stringify(t),
};
