import type { ModelAnswer } from './answer.js';
import type { WithholdRule } from './explanation.js';
import type { ExplainInput } from './input.js';

/**
 * Whether an answer stays inside the evidence it was given. Models write plausible kernel
 * explanations far more often than correct ones, so an answer is shown only when every line it cites
 * exists, every quote is on the line it cites, and every function, lock or CONFIG_ option it names
 * appears in the data it was given (the report's lines, the note, the knowledge entry).
 */
export type Grounding = { ok: true } | { ok: false; rule: WithholdRule; reason: string };

export function checkGrounding(answer: ModelAnswer, input: ExplainInput): Grounding {
  const lines = new Map(input.lines.map((l) => [l.line, squash(l.text)]));
  for (const statement of answer.statements) {
    for (const cite of statement.cites) {
      const text = lines.get(cite.line);
      if (text === undefined) {
        return {
          ok: false,
          rule: 'no-such-line',
          reason: `it cites L${cite.line}, which is not a line of the report (${span(input)})`,
        };
      }
      if (!text.includes(squash(cite.quote))) {
        return {
          ok: false,
          rule: 'misquoted',
          reason: `it quotes "${clip(cite.quote)}" from L${cite.line}, which does not say that`,
        };
      }
    }
  }
  const known = identifiersOf([
    ...input.lines.map((l) => l.text),
    JSON.stringify(input.note),
    JSON.stringify(input.knowledge),
  ]);
  const prose = [answer.summary, ...answer.statements.map((s) => s.text)];
  for (const text of prose) {
    const unknown = namedIdentifiers(text).find((name) => !known.has(name));
    if (unknown !== undefined) {
      return {
        ok: false,
        rule: 'unknown-name',
        reason: `it names \`${unknown}\`, which appears neither in the paste nor in the knowledge entry`,
      };
    }
  }
  return { ok: true };
}

/** Whitespace runs as one space: a model re-spaces `in_atomic(): 1,  irqs_disabled()` freely. */
function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  const one = squash(text).replace(/"/g, "'");
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

function span(input: ExplainInput): string {
  const first = input.lines[0]?.line;
  const last = input.lines[input.lines.length - 1]?.line;
  return first === undefined || last === undefined ? 'no lines' : `L${first}-L${last}`;
}

const WORD = /[A-Za-z0-9_]+/g;

function identifiersOf(texts: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(WORD)) set.add(m[0]);
  return set;
}

/**
 * The code names in a piece of prose: words with an underscore (`get_cpu_var`, `rtnl_mutex`,
 * `CONFIG_PROVE_LOCKING`), words called like a function (`kfree(`), struct paths of a lock
 * (`&dev->mutex`), and a lone word in backticks (`schedule`). English words have none of these
 * marks, so they are never taken for names. Leading digits mean a number (`0x7f`), not a name.
 */
export function namedIdentifiers(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (/^\d/.test(word)) continue;
    const at = m.index;
    const before = text.slice(Math.max(0, at - 2), at);
    const after = text.slice(at + word.length, at + word.length + 2);
    const code =
      (word.includes('_') && word.replace(/_/g, '').length >= 2) ||
      after.startsWith('(') ||
      after === '->' ||
      before === '->' ||
      before.endsWith('&') ||
      (before.endsWith('`') && (after.startsWith('`') || after === '()'));
    if (code) names.push(word);
  }
  return names;
}
