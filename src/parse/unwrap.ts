/**
 * Undoes what chat tools, issue trackers and mail clients do to pasted text, one line at a time:
 * HTML entities (Slack sends `&lt;TASK&gt;`), Slack link markup, `> ` quoting, fence and `<details>`
 * lines, ANSI colour codes, tabs, non-breaking and zero-width spaces, stray control bytes.
 */

/** Result of unwrapping one line. */
export interface UnwrappedLine {
  text: string;
  /** The line was a Markdown fence or an HTML block tag: it separates pasted blocks. */
  isBreak: boolean;
  /** Control or undecodable bytes that were dropped. */
  dropped: number;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Lines that only open or close an HTML block around a paste. */
const BLOCK_TAGS = ['<details>', '</details>', '<pre>', '</pre>', '<code>', '</code>', '<p>', '</p>'];

/**
 * A carriage return as a terminal or `cat -v` shows it, at the end of a line copied from a log with CRLF
 * line ends (a serial console): two characters no kernel line ends in.
 */
const SHOWN_CR = '^M';

/**
 * Enigmail's inline-PGP signing of a `format=flowed` mail marks each line that began with a space with a
 * `~` in front of it (`~ [<c01162c0>] local_bh_enable+0x60/0x80`, `~ =======================`), so that
 * the flowed decoding cannot eat the space. Only a frame or a separator so marked is read without it.
 */
const TILDE_STUFFED = /^~ (?:\[<[0-9a-f]{8,16}>\] |={8})/;

/**
 * Whether `unwrapLine` leaves `raw` as it is, dropping nothing, and it holds no HTML break
 * (`splitHtmlBreaks`): no character that markup or cleaning is about, no shown carriage return. Nearly
 * every line of a log is so, and is told by one scan.
 */
export function isPlainLine(raw: string): boolean {
  return !raw.endsWith(SHOWN_CR) && !NEEDS_CLEANING_OR_MARKUP.test(raw);
}

export function unwrapLine(raw: string): UnwrappedLine {
  const stripped = raw.endsWith(SHOWN_CR) ? raw.slice(0, -SHOWN_CR.length) : raw;
  const tilde = stripped.charCodeAt(0) === 0x7e && TILDE_STUFFED.test(stripped);
  const cleaned = cleanCharacters(tilde ? stripped.slice(1) : stripped);
  let text = cleaned.text;
  // Most lines hold none of the characters that markup is made of: nothing more to undo.
  if (!cleaned.markup) return { text, isBreak: false, dropped: cleaned.dropped };
  text = unwrapSlackLinks(text);
  text = decodeEntities(text);
  text = stripQuoteMarks(text);
  const fence = stripFence(text);
  text = fence.text;
  let isBreak = fence.isBreak;
  const tag = stripBlockTags(text);
  text = tag.text;
  isBreak ||= tag.isBreak;
  return { text, isBreak, dropped: cleaned.dropped };
}

/**
 * An HTML line break: a mail's HTML part or a web page read as text ends each kernel line with one
 * (`dump_stack+0x9c/0xd3<br>`), or holds several lines in one (`...<br>Call Trace:<br>[<c016bee5>] ...`).
 * No kernel line holds one.
 */
const HTML_BREAK = /<br ?\/?>/i;
const HTML_BREAK_AT_END = /<br ?\/?> *$/i;

/**
 * The lines a physical line holds, cut at its HTML line breaks (`HTML_BREAK`), without them; null when
 * it holds no break, as nearly every line.
 */
export function splitHtmlBreaks(text: string): string[] | null {
  // Nearly no line holds `<b`: the searches rule it out faster than the pattern, the one for `<` first
  // (a search for one character is several times faster than for two).
  const open = text.indexOf('<');
  if (open < 0 || (!text.includes('<b', open) && !text.includes('<B', open))) return null;
  if (!HTML_BREAK.test(text)) return null;
  const pieces = text.split(HTML_BREAK);
  // A break that ends the line ends its last piece; it starts no blank line.
  if (pieces.length > 1 && (pieces[pieces.length - 1] as string).trim() === '') pieces.pop();
  return pieces;
}

/** `text` without the HTML line break that ends it, when one does. */
export function dropHtmlBreak(text: string): string {
  return text.includes('>') ? text.replace(HTML_BREAK_AT_END, '') : text;
}

/**
 * The characters of decoded text made plain: quoted-printable carries non-breaking spaces as `=C2=A0`,
 * which only turn into characters once decoded.
 */
export function cleanText(s: string): string {
  return cleanCharacters(s).text;
}

/** `<`, `>`, `&`, `` ` `` and `~`: every wrapping this file undoes holds one of them. */
function isMarkupCode(c: number): boolean {
  return c === 0x3c || c === 0x3e || c === 0x26 || c === 0x60 || c === 0x7e;
}

/**
 * Single character classes: the engine scans a line for them faster than a loop of `charCodeAt` does,
 * and a class cannot backtrack. Most lines hold neither.
 */
const NEEDS_CLEANING = /[\x00-\x1f\x7f\xa0\u2000-\uffff]/;
/** Either class: most lines hold neither, and one scan tells so. */
const NEEDS_CLEANING_OR_MARKUP = /[\x00-\x1f\x7f\xa0\u2000-\uffff<>&`~]/;

const LEADING_TAB = '  ';

/**
 * Drops ANSI escape sequences, control bytes and U+FFFD (what invalid UTF-8 decodes to); turns tabs
 * (`LEADING_TAB` for one that indents the line) and non-breaking spaces into spaces and removes
 * zero-width characters, in one scan.
 * `markup` tells whether the line holds a character that markup is made of.
 */
function cleanCharacters(raw: string): { text: string; dropped: number; markup: boolean } {
  if (!NEEDS_CLEANING_OR_MARKUP.test(raw)) return { text: raw, dropped: 0, markup: false };
  if (!NEEDS_CLEANING.test(raw)) return { text: raw, dropped: 0, markup: true };
  let out = '';
  let dropped = 0;
  let markup = false;
  /** Only spaces and tabs so far. */
  let indenting = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x1b) {
      i = skipEscapeSequence(raw, i);
      continue;
    }
    if (c === 0x09 && indenting) {
      // A tab that indents the line is a paste's indentation (a mail's or a code block's): as wide as
      // the least indentation.ts takes for one, so a log indented by tabs loses it like one by spaces.
      out += LEADING_TAB;
    } else if (c === 0x09 || c === 0xa0 || c === 0x202f || c === 0x2007 || c === 0x2028 || c === 0x2029) {
      // U+2028/U+2029 are line separators to a RegExp `.`: as spaces, every pattern sees one line.
      out += ' ';
    } else if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff) {
      // zero-width characters: invisible in the paste, so they must not split words.
    } else if (c < 0x20 || c === 0x7f || c === 0xfffd) {
      dropped++;
    } else {
      if (isMarkupCode(c)) markup = true;
      if (c !== 0x20) indenting = false;
      out += raw.charAt(i);
    }
  }
  return { text: out, dropped, markup };
}

/** Index of the last character of the escape sequence starting at `start` (an ESC). */
function skipEscapeSequence(s: string, start: number): number {
  if (s[start + 1] !== '[') return start;
  // CSI: parameters and intermediates (0x20-0x3f), then one final byte (0x40-0x7e).
  let i = start + 2;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 0x40 && c <= 0x7e) return i;
    if (c < 0x20 || c > 0x3f) return i - 1;
    i++;
  }
  return s.length - 1;
}

/** `<https://host/path|label>` becomes `label`, `<https://host>` becomes `https://host` (Slack auto-links). */
function unwrapSlackLinks(s: string): string {
  if (!s.includes('<http') && !s.includes('<mailto:')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('<', i);
    if (open < 0) break;
    const close = s.indexOf('>', open + 1);
    const inner = close < 0 ? '' : s.slice(open + 1, close);
    if (
      close > 0 &&
      (inner.startsWith('http://') || inner.startsWith('https://') || inner.startsWith('mailto:'))
    ) {
      const bar = inner.indexOf('|');
      out += s.slice(i, open) + (bar >= 0 ? inner.slice(bar + 1) : inner);
      i = close + 1;
    } else {
      out += s.slice(i, open + 1);
      i = open + 1;
    }
  }
  return out + s.slice(i);
}

/** Decodes named and numeric HTML entities; `&amp;lt;` stays `&lt;` because each entity is decoded once. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const amp = s.indexOf('&', i);
    if (amp < 0) break;
    out += s.slice(i, amp);
    const semi = s.indexOf(';', amp + 1);
    const name = semi > amp && semi - amp <= 10 ? s.slice(amp + 1, semi) : '';
    const decoded = decodeEntity(name);
    if (decoded === null) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = semi + 1;
    }
  }
  return out + s.slice(i);
}

function decodeEntity(name: string): string | null {
  if (name === '') return null;
  const named = NAMED_ENTITIES[name];
  if (named !== undefined) return named;
  if (name[0] !== '#') return null;
  const hex = name[1] === 'x' || name[1] === 'X';
  const digits = hex ? name.slice(2) : name.slice(1);
  if (digits === '' || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  if (code === 0 || code > 0x10ffff) return null;
  return String.fromCodePoint(code);
}

const KSYMOOPS_MARKS = ['>>EIP; ', '>>PC; ', '>>RA; '];

/** Removes Markdown/e-mail quoting (`> `, `>> `, `> > `). No kernel line starts with `>` but ksymoops's `>>EIP; `. */
function stripQuoteMarks(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ' && i < 4) i++;
  if (s[i] !== '>') return s;
  while (i < s.length && (s[i] === '>' || s[i] === ' ')) {
    // ksymoops marks its decoded registers with `>>` (`>>EIP; c0136d10 <grow_buffers+50/100>`).
    if (KSYMOOPS_MARKS.some((mark) => s.startsWith(mark, i))) break;
    if (s[i] === ' ') {
      // Some clients quote with `>  > `: a mark after up to two spaces is still quoting.
      let next = i + 1;
      while (next < i + 3 && s[next] === ' ') next++;
      if (s[next] !== '>') {
        i++;
        break;
      }
      i = next;
      continue;
    }
    i++;
  }
  return s.slice(i);
}

/**
 * A line that is only a fence (```` ``` ````, ```` ```bash ````, `~~~`) is a break. Slack pastes often
 * glue the fence to the first or last line of the log, so a leading or trailing fence is cut off.
 */
function stripFence(s: string): { text: string; isBreak: boolean } {
  const inline = inlineCode(s);
  if (inline !== null) return { text: inline, isBreak: false };
  const first = s.trimStart().charCodeAt(0);
  if (first !== 0x60 && first !== 0x7e && !s.trimEnd().endsWith('```')) return { text: s, isBreak: false };
  const trimmed = s.trim();
  for (const fence of ['```', '~~~']) {
    if (trimmed.startsWith(fence)) {
      const rest = trimmed.slice(fence.length);
      // An info string (```bash) is one word; anything with spaces is text glued to the fence.
      if (rest === '' || /^[A-Za-z0-9_+-]{1,20}$/.test(rest)) return { text: '', isBreak: true };
      return { text: stripTrailingFence(rest, fence), isBreak: false };
    }
  }
  if (trimmed.endsWith('```')) return { text: stripTrailingFence(s, '```'), isBreak: false };
  return { text: s, isBreak: false };
}

/** The text of a line that is one inline code span (`` `BUG: KASAN: ...` ``), as chat and Markdown posts wrap each line. */
function inlineCode(s: string): string | null {
  const trimmed = s.trim();
  if (trimmed.length < 3 || trimmed[0] !== '`' || trimmed[1] === '`') return null;
  if (trimmed[trimmed.length - 1] !== '`' || trimmed[trimmed.length - 2] === '`') return null;
  const inner = trimmed.slice(1, -1);
  return inner.includes('`') ? null : inner;
}

function stripTrailingFence(s: string, fence: string): string {
  const t = s.trimEnd();
  return t.endsWith(fence) ? t.slice(0, t.length - fence.length) : s;
}

function stripBlockTags(s: string): { text: string; isBreak: boolean } {
  if (s.trimStart().charCodeAt(0) !== 0x3c) return { text: s, isBreak: false };
  const trimmed = s.trim();
  if (trimmed === '') return { text: s, isBreak: false };
  const lower = trimmed.toLowerCase();
  if (BLOCK_TAGS.includes(lower)) return { text: '', isBreak: true };
  const open = OPEN_TAGS.exec(lower)?.[0].length ?? 0;
  const rest = trimmed.slice(open);
  if (rest === '' || rest.startsWith('<summary')) return { text: '', isBreak: true };
  // The opening tags glued to the first line of the log (`<details><pre>Jan 26 12:48:22 nixos kernel:
  // BUG: ...`), as a GitHub comment written in HTML has them: the line is the log's.
  return { text: open > 0 ? rest : s, isBreak: false };
}

/** `<details>` (`<details open>`), `<pre>`, `<code>`, `<p>` opening a block. */
const OPEN_TAGS = /^(?:<(?:details(?: [^<>]{1,40})?|pre|code|p)>){1,4}/;
