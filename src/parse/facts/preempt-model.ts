/**
 * The preemption model a report names. Since v6.15 `dump_stack_print_info` (lib/dump_stack.c) ends the
 * `CPU:` line with `preempt_model_str()` (kernel/sched/core.c): `PREEMPT(full)`, `PREEMPT_RT`,
 * `PREEMPT_{RT,(full)}`, `PREEMPT(voluntary)`, `VOLUNTARY`, `NONE`. In v6.12 only the oops header carries
 * it: x86 `__die_header` prints ` PREEMPT` (CONFIG_PREEMPTION) or ` PREEMPT_RT` after `[#N]`
 * (arch/x86/kernel/dumpstack.c), arm64 `die` the same (arch/arm64/kernel/traps.c).
 */

/** What every model word holds: one search rules out the lines of a kernel that names none, before any split. */
const MODEL_WORD = /PREEMPT|VOLUNTARY|NONE/;

/** Words after the version (`#2`) or oops counter (`[#1]`) that name a model. */
export function readPreemptModel(text: string, after: ' #' | '[#'): string | null {
  if (!MODEL_WORD.test(text)) return null;
  const at = text.lastIndexOf(after);
  if (at < 0) return null;
  const words = text.slice(at + after.length).split(' ');
  for (const word of words.slice(1)) {
    if (word.startsWith('PREEMPT')) return word;
    if (after === ' #' && (word === 'VOLUNTARY' || word === 'NONE')) return word;
  }
  return null;
}
