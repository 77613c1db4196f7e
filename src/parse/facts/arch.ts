/**
 * Which architecture printed a report, by weighing evidence: register-dump labels and trace headers
 * (line starts) and entry-code function names (frames). Strong, unique shapes weigh 3; shapes that one
 * other architecture shares or that only suggest one weigh less. The heaviest total wins.
 */
import { ARCHES, type Arch } from '../report.js';
import { PrefixTable, type PrefixRow } from './prefix-table.js';

interface Evidence {
  arch: Arch;
  weight: number;
}

function rows(arch: Arch, weight: number, ...prefixes: string[]): PrefixRow<Evidence>[] {
  return prefixes.map((prefix) => ({ prefix, value: { arch, weight } }));
}

/** Line starts, leading spaces removed. A longer prefix comes before a shorter one it extends. */
const LINE_EVIDENCE = new PrefixTable<Evidence>([
  ...rows('x86_64', 3, 'RIP: 0010:', 'RIP: 0033:', 'RSP: 0018:', 'RSP: 002b:', 'RAX: ', '<TASK>'),
  ...rows('x86_64', 2, 'RIP: ', '<IRQ>', '<NMI>', '<SOFTIRQ>'),
  // arm32 __show_regs: `pc : [<c0123456>]    lr : [<c0123457>]    psr: 600f0013`.
  ...rows('arm', 3, 'PC is at ', 'LR is at ', 'pc : [<', 'Backtrace:', 'Function entered at ['),
  ...rows('arm64', 3, 'pstate: ', 'x29: ', 'Mem abort info:'),
  ...rows('arm64', 2, 'pc : ', 'lr : ', 'ESR = 0x'),
  // arm32 also prints `Call trace:` since v6.x; x86 and riscv print `Call Trace:`.
  ...rows('arm64', 1, 'Call trace:'),
  ...rows('riscv', 3, 'epc : ', 'status: ', 'ra : '),
  ...rows('powerpc', 3, 'NIP [', 'NIP:  ', 'MSR:  ', 'GPR00: '),
  ...rows('powerpc', 2, 'LR [', 'REGS: '),
  ...rows('s390', 3, 'Krnl PSW : ', 'Krnl GPRS:', 'Krnl Code:', 'Last Breaking-Event-Address:', '([<'),
  ...rows('mips', 3, 'epc   : ', 'ra    : ', '$ 0   : ', 'Cause : ', 'BadVA : ', 'PrId  : '),
  ...rows('loongarch', 3, 'ERA: ', 'CRMD: ', 'PRMD: ', 'EUEN: ', 'ECFG: ', 'ESTAT: ', 'BADV: ', 'PRID: '),
]);

/** Frame names: syscall and exception entry code that exists on one architecture only. */
const FRAME_EVIDENCE = new PrefixTable<Evidence>([
  ...rows('x86_64', 3, 'entry_SYSCALL_64', '__x64_sys_', 'asm_exc_', 'asm_sysvec_', 'asm_common_interrupt'),
  // 32-bit syscalls, also the compat entry on x86-64; listed before loongarch's `do_syscall`.
  ...rows('x86_64', 2, 'do_syscall_64', 'do_syscall_32_irqs_on', 'do_int80_syscall_32', 'do_fast_syscall_32'),
  ...rows(
    'arm64',
    3,
    '__arm64_sys_',
    'el0_svc',
    'el0t_64_',
    'el1h_64_',
    'do_el0_svc',
    'el1_interrupt',
    'el0_interrupt',
  ),
  ...rows('arm64', 2, 'invoke_syscall', 'el1_abort', 'el1_irq', 'el0_sync'),
  ...rows('arm', 3, '__irq_svc', '__irq_usr', '__dabt_svc', '__dabt_usr', 'ret_fast_syscall', 'vector_swi'),
  ...rows('riscv', 3, '__riscv_sys_', 'do_trap_', 'handle_riscv_irq'),
  ...rows('riscv', 2, 'handle_exception'),
  ...rows('powerpc', 3, 'system_call_exception', 'system_call_common', 'system_call_vectored_'),
  ...rows('s390', 3, '__s390x_sys_', '__s390_sys_', '__do_syscall'),
  ...rows('loongarch', 3, 'handle_syscall', 'do_syscall'),
]);

/** Adds up the evidence seen in one report; the caller owns the instance. */
export class ArchTally {
  private readonly score = new Map<Arch, number>();
  private sawPair = false;

  line(text: string): void {
    const hit = LINE_EVIDENCE.match(text);
    if (hit) this.add(hit.value);
  }

  frame(fn: string): void {
    const hit = FRAME_EVIDENCE.match(fn);
    if (hit) this.add(hit.value);
  }

  /**
   * A frame line holding a callee and its caller, `[<c0123456>] (f) from [<c0123457>] (g+0x1c/0x40)`:
   * only arm32 prints a frame that way (arch/arm/kernel/traps.c dump_backtrace_entry()). Counted once.
   */
  callerPair(): void {
    if (this.sawPair) return;
    this.sawPair = true;
    this.add({ arch: 'arm', weight: 3 });
  }

  /** The heaviest architecture, `unknown` without evidence; ties go to the earlier one in `ARCHES`. */
  result(): Arch {
    let best: Arch = 'unknown';
    let bestScore = 0;
    for (const arch of ARCHES) {
      const score = this.score.get(arch) ?? 0;
      if (score > bestScore) {
        best = arch;
        bestScore = score;
      }
    }
    return best;
  }

  private add(evidence: Evidence): void {
    this.score.set(evidence.arch, (this.score.get(evidence.arch) ?? 0) + evidence.weight);
  }
}
