import type { Module } from '../report.js';

/** Module names are C identifiers with `-` allowed (kernel/module: `MODULE_NAME_LEN` is 56). */
const MODULE = /^([A-Za-z0-9_-]{1,64})(?:\(([A-Z+-]{1,12})\))?$/;

/**
 * What follows `Modules linked in:`: `nf_conntrack(O) bridge(OE) stp llc [last unloaded: foo]`. The marks
 * are the module's own taint letters plus `+`/`-` while it is loading or unloading
 * (kernel/module/main.c `module_flags()`); the `[last unloaded: ...]` tail names no loaded module.
 */
export function readModules(rest: string): Module[] {
  const modules: Module[] = [];
  for (const word of rest.split(' ')) {
    if (word === '') continue;
    if (word.startsWith('[')) break;
    const m = MODULE.exec(word);
    if (m) modules.push({ name: m[1] ?? word, marks: m[2] ?? '' });
  }
  return modules;
}

/**
 * A line that carries on the module list: print_modules() (kernel/module/main.c) prints each module
 * with `pr_cont(" %s%s", ...)`, and a list longer than a printk record (`PRINTKRB_RECORD_MAX`, 1024
 * bytes: kernel/printk/internal.h) goes on in a record of its own, which starts with that space. Null
 * when the line does not start with a space or holds a word that names no module.
 */
export function readModulesContinuation(line: string): Module[] | null {
  if (!line.startsWith(' ')) return null;
  const modules = readModules(line);
  const words = line.split(' ').filter((w) => w !== '');
  const listed = words.findIndex((w) => w.startsWith('['));
  const count = listed === -1 ? words.length : listed;
  return modules.length > 0 && modules.length === count ? modules : null;
}
