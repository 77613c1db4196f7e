import { z } from 'zod';
import { baseName } from '../parse/frames.js';
import { Condition } from './condition.js';

const Family = z.strictObject({
  description: z.string().min(1),
  names: z.array(z.string().regex(/^[^\s]+$/, 'a name or glob without spaces')).min(1),
});

/** `knowledge/vocabulary.yaml`: families of function and lock-class names, and shared conditions. */
export const VocabularyFile = z.strictObject({
  functions: z.record(z.string(), Family).default({}),
  classes: z.record(z.string(), Family).default({}),
  /** Named conditions: a `description` next to the condition's own keys. */
  conditions: z.record(z.string(), z.looseObject({ description: z.string().min(1).optional() })).default({}),
});
export type VocabularyFile = z.infer<typeof VocabularyFile>;

export interface NameFamily {
  description: string;
  names: string[];
  test(name: string): boolean;
}

export interface Vocabulary {
  functions: Map<string, NameFamily>;
  classes: Map<string, NameFamily>;
  conditions: Map<string, { description: string; condition: Condition }>;
}

/** The family every `within:` count skips: frames the reporting code adds above the real caller. */
export const MACHINERY_FAMILY = 'report-machinery';

export function emptyVocabulary(): Vocabulary {
  return { functions: new Map(), classes: new Map(), conditions: new Map() };
}

/**
 * Adds one vocabulary file to a vocabulary. Families of the same name gain the new names (a team lists
 * its own wrappers under `sleeping-locks`); a named condition of the same name is replaced.
 * Returns problems as `file: field: message`.
 */
export function addVocabulary(vocab: Vocabulary, file: string, data: unknown): string[] {
  const parsed = VocabularyFile.safeParse(data ?? {});
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(top)'}: ${i.message}`);
  }
  const problems: string[] = [];
  for (const [section, target] of [
    ['functions', vocab.functions],
    ['classes', vocab.classes],
  ] as const) {
    for (const [name, family] of Object.entries(parsed.data[section])) {
      const names = [...(target.get(name)?.names ?? []), ...family.names];
      target.set(name, { description: target.get(name)?.description ?? family.description, names, test: globTest(names) });
    }
  }
  for (const [name, raw] of Object.entries(parsed.data.conditions)) {
    const { description, ...rest } = raw;
    const checked = Condition.safeParse(rest);
    if (!checked.success) {
      for (const i of checked.error.issues) {
        problems.push(`${file}: conditions.${name}${i.path.length ? '.' + i.path.map(String).join('.') : ''}: ${i.message}`);
      }
      continue;
    }
    vocab.conditions.set(name, { description: description ?? name, condition: checked.data });
  }
  return problems;
}

/** Whether a frame's symbol is in a function family: its name as printed or without compiler suffixes. */
export function inFamily(family: NameFamily, fn: string): boolean {
  return family.test(fn) || family.test(baseName(fn));
}

/** A tester for a list of names where `*` matches any run of characters. */
export function globTest(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns.filter((p) => p.includes('*')).map((p) => p.split('*'));
  return (name) => exact.has(name) || globs.some((parts) => globMatch(parts, name));
}

function globMatch(parts: readonly string[], name: string): boolean {
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!name.startsWith(first) || name.length < first.length + last.length || !name.endsWith(last)) return false;
  let at = first.length;
  const end = name.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const found = name.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
