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
