/**
 * What else a report says that a reader would otherwise dig out by hand: the syscall behind `ORIG_RAX`,
 * the preemption model, KASAN's object and the real address of a KASAN general protection fault.
 */
import type { Report } from '../parse/report.js';
import type { NoteFact } from './note-model.js';
import { code } from './note-text.js';
import { SYSCALLS_I386, SYSCALLS_X86_64 } from './syscall-tables.js';

export function reportFacts(report: Report): NoteFact[] {
  const f = report.facts;
  const facts: NoteFact[] = [];
  if (f.syscall !== null) {
    const table = f.syscall.abi === 'x86_64' ? SYSCALLS_X86_64 : SYSCALLS_I386;
    const name = table.get(f.syscall.nr);
    const abi = f.syscall.abi === 'x86_64' ? 'a 64-bit' : 'a 32-bit (compat i386)';
    facts.push({
      text:
        name === undefined
          ? `it entered the kernel through ${abi} syscall number ${f.syscall.nr} (ORIG_RAX), not in the 6.12 tables`
          : `it entered the kernel through the ${code(name)} syscall (${abi} call, number ${f.syscall.nr} in ORIG_RAX)`,
      line: f.syscall.line,
    });
  }
  if (f.preemptModel !== null)
    facts.push({ text: preemptWords(f.preemptModel, STUCK_KINDS.has(report.kind)), line: null });
  if (f.kasanRange !== null) {
    const r = f.kasanRange;
    facts.push({
      text:
        `the real faulting address is in ${code(`${r.start}-${r.end}`)} (${r.type}): KASAN faulted on the shadow of ` +
        `that address${f.address === null ? '' : `, which is why the fault line shows ${code(f.address)}`}`,
      line: r.line,
    });
  }
  const shift = f.ubsanShift;
  if (shift !== null && String(shift.count) !== shift.exponent) {
    // lib/ubsan.c val_to_string() prints an unsigned count with %llu, so a count of -1 reads as 2^64 - 1.
    facts.push({
      text: `the shift count is ${shift.count}: ${code(shift.exponent)} is that negative number held in an unsigned type`,
      line: shift.line,
    });
  }
  const o = f.kasanObject;
  if (o !== null) {
    const where =
      o.offset === null || o.relation === null
        ? ''
        : o.relation === 'inside'
          ? `, ${o.offset} bytes into it`
          : `, ${o.offset} bytes ${o.relation} of its ${o.regionSize ?? o.objectSize}-byte region`;
    const state = o.regionState === null || o.regionState === '' ? '' : ` (${o.regionState} at the time)`;
    facts.push({
      text: `the object is from the ${code(o.cache)} cache, ${o.objectSize} bytes${where}${state}`,
      line: o.line,
    });
  }
  const alloc = firstOwnFrame(report, 'allocated');
  const freed = firstOwnFrame(report, 'freed');
  if (alloc !== null) facts.push({ text: `it was allocated by ${code(alloc.fn)}`, line: alloc.line });
  if (freed !== null) facts.push({ text: `and freed by ${code(freed.fn)}`, line: freed.line });
  return facts;
}

/**
 * `PREEMPT(full)` and `PREEMPT_RT` kernels preempt anywhere preemption is enabled, so cond_resched() is
 * no help there: on PREEMPT_DYNAMIC full it is a disabled static call (kernel/sched/core.c
 * `sched_dynamic_update`), and without PREEMPT_DYNAMIC a CONFIG_PREEMPTION kernel does not build it.
 */
export function fullyPreemptible(model: string | null): boolean {
  return (
    model !== null &&
    (model === 'PREEMPT(full)' || model.startsWith('PREEMPT_RT') || model.startsWith('PREEMPT_{RT'))
  );
}

/** Reports of a CPU or task that stopped making progress. */
const STUCK_KINDS: ReadonlySet<string> = new Set(['rcu-stall', 'soft-lockup', 'hard-lockup', 'hung-task']);

function preemptWords(model: string, stuck: boolean): string {
  if (fullyPreemptible(model) && stuck)
    return `the kernel is fully preemptible (${code(model)}): code stuck in task context ran with preemption or interrupts disabled (or a real-time task kept the CPU), so cond_resched() advice does not apply`;
  if (fullyPreemptible(model))
    return `the kernel is fully preemptible (${code(model)}): cond_resched() advice does not apply`;
  if (model === 'PREEMPT')
    return `the kernel is built preemptible (${code('PREEMPT')}, CONFIG_PREEMPTION; with PREEMPT_DYNAMIC the boot may choose another model)`;
  return `the preemption model is ${code(model)}`;
}

/** Allocator and KASAN frames come first in an alloc/free stack; the caller that wanted it follows. */
const ALLOCATOR = [
  'kasan_',
  '__kasan_',
  'kmem_cache_',
  '__kmem_cache_',
  'kmalloc',
  '__kmalloc',
  'kzalloc',
  'kvmalloc',
  '__kvmalloc',
  'kfree',
  'kvfree',
  'slab_',
  '__slab_',
  'stack_trace_save',
  'set_track',
  'save_stack',
  'kmemdup',
  'krealloc',
  '__do_kmalloc',
  'do_slab_free',
  'rcu_do_batch',
  'rcu_core',
  'poison_',
  '____kasan_',
];

function firstOwnFrame(report: Report, stack: 'allocated' | 'freed'): { fn: string; line: number } | null {
  const own = report.frames.find(
    (f) => f.stack === stack && !f.unreliable && !ALLOCATOR.some((a) => f.fn.startsWith(a)),
  );
  return own === undefined ? null : { fn: own.fn, line: own.line };
}
