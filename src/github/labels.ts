import { z } from 'zod';

/** GitHub rejects label names over 50 characters and descriptions over 100 (422 on `POST .../labels`). */
const MAX_LABEL_NAME = 50;

const color = z.string().regex(/^[0-9a-fA-F]{6}$/, 'expects a hex colour without #, such as b60205');
/** A prefix tells ktriage's labels from people's, so it cannot be blank. */
const prefix = (fallback: string) =>
  z
    .string()
    .refine((p) => p.trim() !== '', 'expects a non-empty prefix, such as "kernel: "')
    .default(fallback);

/**
 * Which labels ktriage sets, and their colours when it creates them. Its own labels are the ones
 * that start with either prefix, and the duplicate label; it never adds or removes any other.
 */
export const LabelSettings = z.object({
  kindPrefix: prefix('kernel: '),
  patternPrefix: prefix('triage: '),
  duplicate: z.string().trim().min(1).max(MAX_LABEL_NAME).default('possible duplicate'),
  colors: z
    .object({
      kind: color.default('b60205'),
      pattern: color.default('5319e7'),
      duplicate: color.default('cfd3d7'),
    })
    .prefault({}),
});
export type LabelSettings = z.output<typeof LabelSettings>;
export type LabelSettingsInput = z.input<typeof LabelSettings>;

export const LabelSpec = z.object({ name: z.string(), color: z.string(), description: z.string() });
export type LabelSpec = z.infer<typeof LabelSpec>;

/** The label calls one re-triage needs: create the missing ones, then add and remove on the issue. */
export const LabelPlan = z.object({
  /** Created in the repository first when missing (a 422 "already_exists" is fine). */
  ensure: z.array(LabelSpec),
  add: z.array(z.string()),
  remove: z.array(z.string()),
});
export type LabelPlan = z.infer<typeof LabelPlan>;

export interface LabelFacts {
  /** The lead report's kind, or null when the issue holds no report. */
  kind: string | null;
  /** The lead report's best knowledge pattern. */
  pattern: string | null;
  duplicate: boolean;
}

function labelName(prefix: string, id: string): string {
  return `${prefix}${id}`.slice(0, MAX_LABEL_NAME);
}

/** The labels the issue should carry from ktriage. */
export function desiredLabels(settings: LabelSettings, facts: LabelFacts): LabelSpec[] {
  const out: LabelSpec[] = [];
  if (facts.kind !== null) {
    out.push({
      name: labelName(settings.kindPrefix, facts.kind),
      color: settings.colors.kind,
      description: 'Kernel report kind (set by ktriage)',
    });
  }
  if (facts.pattern !== null) {
    out.push({
      name: labelName(settings.patternPrefix, facts.pattern),
      color: settings.colors.pattern,
      description: 'Likely root-cause pattern (set by ktriage)',
    });
  }
  if (facts.duplicate) {
    out.push({
      name: settings.duplicate,
      color: settings.colors.duplicate,
      description: 'An earlier issue has the same kernel report (ktriage)',
    });
  }
  return out;
}

/** GitHub matches label names without regard to case. */
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function isOurLabel(settings: LabelSettings, name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower.startsWith(settings.kindPrefix.toLowerCase()) ||
    lower.startsWith(settings.patternPrefix.toLowerCase()) ||
    same(name, settings.duplicate)
  );
}

/**
 * From the labels the issue carries now: add what is missing, remove ours that no longer apply,
 * leave every label a person set.
 */
export function planLabels(
  settings: LabelSettings,
  desired: readonly LabelSpec[],
  current: readonly string[],
): LabelPlan {
  const add = desired.filter((d) => !current.some((c) => same(c, d.name)));
  const remove = current.filter((c) => isOurLabel(settings, c) && !desired.some((d) => same(d.name, c)));
  return { ensure: add, add: add.map((l) => l.name), remove };
}

export function isEmptyPlan(plan: LabelPlan): boolean {
  return plan.add.length === 0 && plan.remove.length === 0;
}
