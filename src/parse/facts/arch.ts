/**
 * Which architecture printed a report, by weighing evidence: register-dump labels and trace headers
 * (line starts) and entry-code function names (frames). Strong, unique shapes weigh 3; shapes that one
 * other architecture shares or that only suggest one weigh less. The heaviest total wins.
 */
import type { FrameText } from '../frames.js';
import { ARCHES, type Arch } from '../report.js';
import { PrefixTable, type PrefixRow } from './prefix-table.js';
import { hexEnd, hexTokenAt, opensWith } from './text.js';

interface Evidence {
  arch: Arch;
  weight: number;
}

function rows(arch: Arch, weight: number, ...prefixes: string[]): PrefixRow<Evidence>[] {
  return prefixes.map((prefix) => ({ prefix, value: { arch, weight } }));
}

/** More than every line of an x86-64 register dump and trace can add up to. */
const UML_PANIC_WEIGHT = 100;

/** Line starts, leading spaces removed. A longer prefix comes before a shorter one it extends. */
const LINE_EVIDENCE = new PrefixTable<Evidence>([
  ...rows('x86_64', 3, 'RIP: 0010:', 'RIP: 0033:', 'RSP: 0018:', 'RSP: 002b:', 'RAX: ', '<TASK>'),
  ...rows('x86_64', 3, 'RDX: ', 'RBP: ', 'R10: ', 'R13: ', 'CR2: '),
  ...rows('x86_64', 2, 'RIP: ', '<IRQ>', '<NMI>', '<SOFTIRQ>'),
  // arch/x86/mm/fault.c show_fault_oops() and dump_pagetable(): the fault line (sh alone prints the
  // first one too), `#PF: supervisor read access in kernel mode`, `PGD 0 P4D 0`, and before v4.15 `IP:`;
  // arch/x86/kernel/traps.c exc_general_protection(): `general protection fault`.
  ...rows(
    'x86_64',
    3,
    'BUG: unable to handle kernel',
    'BUG: unable to handle page fault for address',
    'BUG: kernel NULL pointer dereference, address',
    '#PF: ',
    'PGD ',
    'general protection fault',
    'Oops: general protection fault',
  ),
  ...rows('x86_64', 2, 'IP: '),
  // Boot lines only x86 prints, in the boot logs pasted above a report: arch/x86/kernel/e820.c
  // e820__memory_setup() `BIOS-provided physical RAM map:` and its `BIOS-e820: [mem ...]` rows,
  // arch/x86/kernel/setup.c x86_report_nx() `NX (Execute Disable) protection: active`, the FPU setup's
  // `x86/fpu: ` (arch/x86/kernel/fpu/xstate.c). setup_arch()'s `Command line: %s` is alpha's too.
  ...rows(
    'x86_64',
    3,
    'BIOS-provided physical RAM map:',
    'BIOS-e820: ',
    'NX (Execute Disable) protection: ',
    'x86/fpu: ',
  ),
  ...rows('x86_64', 2, 'Command line: '),
  // Messages only x86 prints, which a forum post may quote with no register dump after them:
  // arch/x86/kernel/traps.c exc_double_fault() `PANIC: double fault, error_code:`, arch/x86/mm/extable.c
  // ex_handler_msr() `unchecked MSR access error:`, arch/x86/kernel/cet.c do_kernel_cp_fault() `Missing
  // ENDBR:`, arch/x86/mm/fault.c show_fault_oops() `kernel tried to execute NX-protected page`.
  ...rows(
    'x86_64',
    3,
    'PANIC: double fault',
    'unchecked MSR access error:',
    'Missing ENDBR:',
    'kernel tried to execute NX-protected page',
  ),
  // arch/x86/kernel/process_32.c and process_64.c __show_regs(): `EFLAGS:` on both, i386's `EIP:`.
  ...rows('x86_64', 3, 'EFLAGS: ', 'EIP: ', 'EIP is at '),
  // arm64 printed `PC is at`/`LR is at` too before v4.16 (arch/arm64/kernel/process.c __show_regs());
  // the `pc : [<` line after them tells the two apart (see `REGISTER_LINE`). arm's old `Backtrace:`
  // header is no evidence: parisc prints it too (arch/parisc/kernel/traps.c parisc_show_stack()).
  ...rows('arm', 3, 'Function entered at ['),
  ...rows('arm', 1, 'PC is at ', 'LR is at '),
  // arch/arm/mm/alignment.c do_alignment(): `Alignment trap: not handling instruction %0*x at [<%08lx>]`
  // (arc's unaligned.c prints one `Alignment trap: fault in fix-up` line).
  ...rows('arm', 2, 'Alignment trap: '),
  ...rows('arm64', 3, 'pstate: ', 'x29: ', 'Mem abort info:'),
  ...rows('arm64', 2, 'pc : ', 'lr : ', 'ESR = 0x'),
  // arm32 also prints `Call trace:` since v6.x; x86 and riscv print `Call Trace:`.
  ...rows('arm64', 1, 'Call trace:'),
  ...rows('riscv', 3, 'epc : ', 'status: ', 'ra : '),
  // arch/riscv/kernel/process.c __show_regs() prints the registers three to a line, the second line
  // ` gp : %016lx tp : %016lx t0 : %016lx`; kernels before v5.x printed the line above it as `epc: `,
  // and a paste cut above it keeps the rest. No other architecture names a register `gp : `.
  ...rows('riscv', 3, 'gp : '),
  // riscv's show_regs() before v5.x named the exception pc `sepc` on the first register line, and its
  // last line the supervisor CSRs, `sstatus: %016lx sbadaddr: %016lx scause: %016lx` (v4.15
  // arch/riscv/kernel/process.c show_regs(); v6.12's prints `status:`, `badaddr:`, `cause:`).
  ...rows('riscv', 3, 'sepc: ', 'sstatus: '),
  // riscv's die() line for a trap (arch/riscv/kernel/traps.c DO_ERROR_INFO() and its misaligned-access
  // handlers: `"Oops - " str`); csky's copy of the macro names its traps otherwise (`load/store address
  // misaligned`), and only `unknown exception` is on both.
  ...rows(
    'riscv',
    3,
    'Oops - store (or AMO) ',
    'Oops - load access fault',
    'Oops - instruction access fault',
    'Oops - load address misaligned',
    'Oops - instruction address misaligned',
    'Oops - environment call from ',
  ),
  ...rows('powerpc', 3, 'NIP [', 'NIP:  ', 'MSR:  ', 'GPR00: '),
  // arch/powerpc/kernel/process.c show_stack(): the interrupt a trace crosses, `--- interrupt: 900 at
  // f+0x1/0x2`; before v4.x it read `--- Exception: 901 at .f+0x0/0x50`.
  ...rows('powerpc', 3, '--- interrupt: ', '--- Exception: '),
  ...rows('powerpc', 2, 'LR [', 'REGS: '),
  // arch/powerpc/mm/fault.c __bad_page_fault(): the faulting NIP after the fault line.
  ...rows('powerpc', 3, 'Faulting instruction address: '),
  ...rows('s390', 3, 'Krnl PSW : ', 'Krnl GPRS:', 'Krnl Code:', 'Last Breaking-Event-Address:', '([<'),
  ...rows('mips', 3, 'epc   : ', 'ra    : ', '$ 0   : ', 'Cause : ', 'BadVA : ', 'PrId  : '),
  // __show_regs() (arch/mips/kernel/traps.c) `Status: %08x`: riscv's register line says `status: `.
  ...rows('mips', 2, 'Status: '),
  // arch/mips/kernel/cpu-probe.c cpu_report() at boot: `CPU0 revision is: 0001992f (MIPS 1004Kc)`.
  ...rows('mips', 3, 'CPU0 revision is: '),
  ...rows('loongarch', 3, 'ERA: ', 'CRMD: ', 'PRMD: ', 'EUEN: ', 'ECFG: ', 'ESTAT: ', 'BADV: ', 'PRID: '),
  // loongarch's first kernels printed mips-style registers (`$ 0   :`) with its own names beside them:
  // `era   :` and `CSR crmd:` where show_regs() (arch/loongarch/kernel/traps.c) now prints `ERA:`, `CRMD:`.
  ...rows('loongarch', 4, 'era   : ', 'CSR crmd: ', 'CSR estat: '),
  // arch/mips/kernel/traps.c show_stacktrace() `Stack :`; loongarch's copy prints it too, with its
  // own register names beside it.
  ...rows('mips', 2, 'Stack :'),
  // arch/sparc/kernel/process_64.c show_regs() and traps_64.c die_if_kernel()'s `Caller[...]` lines.
  ...rows('sparc', 3, 'TSTATE: ', 'TPC: ', 'TNPC: ', 'I7: <', 'Caller['),
  ...rows('sparc', 2, 'g0: ', 'o0: ', 'l0: ', 'i0: '),
  // arch/parisc/kernel/traps.c show_regs(): the PSW bit legend, space and offset queues, IIR.
  ...rows(
    'parisc',
    3,
    'YZrvWESTHLNXBCVMcbcbcbcbOGFRQPDI',
    'IASQ: ',
    'IIR: ',
    'IAOQ[0]: ',
    'IAOQ[1]: ',
    'r00-03 ',
    'sr00-03 ',
  ),
  // Machines outside `ARCHES`: their register dumps weigh for `unknown`, so the labels they share with a
  // listed architecture (sh's `PC is at` and x86's fault line, openrisc's `GPR00:`) name none of them.
  // alpha dik_show_regs() (arch/alpha/kernel/traps.c) `pc = [<%016lx>]  ra = [<...>]`, `pc is at`,
  // `ra is at`; m68k show_registers() (arch/m68k/kernel/traps.c) `Frame format=`; sh show_regs()
  // (arch/sh/kernel/process_32.c) `PR is at`, `MACH:`; arc show_regs() (arch/arc/kernel/troubleshoot.c)
  // `ECR:`, `STAT32:`; openrisc show_registers() (arch/openrisc/kernel/traps.c) `CPU #:` and its
  // `RES: ... oGPR11:` line, die()'s `Oops#:`; xtensa show_regs() (arch/xtensa/kernel/traps.c) `a00:`,
  // `lbeg:`; microblaze show_regs() (arch/microblaze/kernel/process.c) `Registers dump: mode=`; ia64
  // show_regs() (arch/ia64/kernel/process.c, in the kernel until v6.7) `psr :`, `ip is at`, `unat:`.
  ...rows(
    'unknown',
    4,
    'psr : ',
    'ip is at ',
    'unat: ',
    'pc = [<',
    'pc is at ',
    'ra is at ',
    'Frame format=',
    'PR is at ',
    'MACH: ',
    'ECR: ',
    'STAT32: ',
    'CPU #: ',
    'RES: ',
    'Oops#: ',
    'a00: ',
    'lbeg: ',
    'Registers dump: mode=',
  ),
  // User-mode Linux (ARCH=um) prints its host's registers (arch/x86/um/sysrq_64.c show_regs(): `RIP:`,
  // `RSP: ... EFLAGS:`, `RAX:`) and x86's stale-frame `? ` (arch/um/kernel/sysrq.c), so only its own
  // panics tell it apart, and they outweigh the whole x86-64 dump: arch/um/kernel/trap.c segv() `Kernel
  // mode fault at addr 0x%lx, ip 0x%lx`, `Kernel tried to access user memory at addr`, relay_signal()'s
  // `Kernel mode signal %d`.
  ...rows(
    'unknown',
    UML_PANIC_WEIGHT,
    'Kernel panic - not syncing: Kernel mode fault at addr ',
    'Kernel panic - not syncing: Kernel tried to access user memory at addr ',
    'Kernel panic - not syncing: Kernel mode signal ',
  ),
]);

/**
 * x86's show_opcodes() (arch/x86/kernel/dumpstack.c) prints the code around the fault as bytes,
 * `Code: 48 8b 45 f8 <0f> 0b ...` (`%ph`); every other architecture's `Code:` line prints instruction
 * words of four or eight hex digits (arch/arm64/kernel/traps.c dump_kernel_instr(), powerpc's
 * show_instructions(), mips and loongarch show_code(), riscv's dump_instr()).
 */
const CODE_LINE = 'Code: ';
const CODE_BYTES = /^Code: (?:[0-9a-f]{2} ){2}/;

/**
 * die()'s line: arm64's __die() prints the ESR as `%016lx` (arch/arm64/kernel/traps.c; 32-bit ESR
 * values of eight digits before v5.19), arm32's __die() a fault status `%x` of at most three digits
 * (arch/arm/kernel/traps.c): `Internal error: Oops: 0000000096000004 [#1]` is arm64's.
 */
const INTERNAL_ERROR = 'Internal error: ';
const ARM64_SYNDROME = /^Internal error: [^:]{1,40}: [0-9a-f]{8}/;
/**
 * __die()'s task line, `Process %.*s (pid: %d, stack limit = 0x%p)` (arch/arm/kernel/traps.c; arm64's
 * __die() printed it too until v5.x): a pointer of sixteen digits is a 64-bit kernel's. Both print the
 * same `Internal error: Oops - BUG: 0 [#1]` for a BUG() (arm64's `%x` of a zero ESR before v5.19).
 */
const DIE_PROCESS = 'Process ';
const STACK_LIMIT_64 = /, stack limit = 0x[0-9a-f]{16}\)$/;
/** arm32's __die() ends the line with the instruction set, `S_ISA`: ` ARM` or ` THUMB2`; arm64's has none. */
const ARM32_ISA = /\[#\d+\][A-Z ]{0,24} (?:ARM|THUMB2)$/;
/**
 * arm32's __die() before it printed `S_ISA` (`Internal error: Oops - undefined instruction: 0 [#1]`,
 * `Internal error: Oops: 17 [#2]`): the `%x` fault status has at most four digits, arm64's `%016lx` (and
 * `%08x` before v5.19) never fewer than eight.
 */
const ARM32_SHORT_STATUS = /^Internal error: [^:]{1,40}: [0-9a-f]{1,7} \[#\d+\]/;

/**
 * powerpc's die() (arch/powerpc/kernel/traps.c): `Oops: %s, sig: %ld [#%d]`. microblaze and nios2 print
 * no `[#%d]`, xtensa's line has no text between `Oops:` and `sig:` (arch/xtensa/kernel/traps.c die()).
 */
const POWERPC_DIE = 'Oops: ';
const POWERPC_DIE_LINE = /^Oops: [^,]{1,60}, sig: \d{1,3} \[#\d+\]/;
/**
 * powerpc's own hard-lockup watchdog (arch/powerpc/kernel/watchdog.c): `CPU %d self-detected hard LOCKUP
 * @ %pS`, `CPU %d detected hard LOCKUP on other CPUs %*pbl`, after its `watchdog: ` pr_fmt. The generic
 * one (kernel/watchdog.c) writes `Watchdog detected hard LOCKUP on cpu %d`.
 */
const POWERPC_WATCHDOG = 'watchdog: CPU ';
const POWERPC_LOCKUP = ' hard LOCKUP';

/**
 * The register line both arms printed with bracketed addresses: arm32's __show_regs() ends it with
 * `psr: 600f0013` (arch/arm/kernel/process.c), arm64's before v4.16 with `pstate: 20000145`.
 */
const REGISTER_LINE = 'pc : [<';
const ARM64_PSTATE = ' pstate: ';

/**
 * Lines that print the address of a kernel object, and the words it follows: KASAN's access and object
 * (mm/kasan/report.c print_error_description(), describe_object_addr()) and kmemleak's leaked object
 * (mm/kmemleak.c print_unreferenced(): `unreferenced object 0x%08lx`). See `ArchTally.dataAddress`.
 */
const DATA_ADDRESS_LINES = new PrefixTable<string>([
  { prefix: 'Read of size ', value: ' at addr ' },
  { prefix: 'Write of size ', value: ' at addr ' },
  { prefix: 'The buggy address belongs to the object at ', value: '' },
  { prefix: 'unreferenced object 0x', value: '' },
]);

/**
 * The KASLR offset a panic prints: arm64, powerpc and riscv print `Kernel Offset: 0x%lx from 0x%lx`,
 * x86 alone adds its `(relocation range: 0x%lx-0x%lx)` (arch/x86/kernel/setup.c dump_kernel_offset()).
 */
const KERNEL_OFFSET = 'Kernel Offset: ';
const X86_RELOCATION_RANGE = ' (relocation range: ';

/**
 * The task line x86 printed from v2.6.26 to v3.9, before lib/dump_stack.c's `CPU: %d PID: %d Comm:`:
 * `Pid: %d, comm: %.20s %s %s %.*s` with print_tainted() and the release (arch/x86/kernel/dumpstack.c
 * dump_stack(), process.c show_regs_common()). arm's __show_regs() of those years printed `Pid: %d, comm:
 * %20s` alone, its taint on the `CPU:` line below; i386 before v2.6.26 did the same.
 */
const OLD_X86_PID_LINE = 'Pid: ';
/**
 * x86's TSC calibration at boot (arch/x86/kernel/tsc.c tsc_refine_calibration_work() and of old
 * kernels arch/i386/kernel/timers: `Detected %lu.%03lu MHz processor`, 2.6.0 with a full stop): no
 * other architecture prints it.
 */
const X86_TSC_LINE = 'Detected ';
const X86_TSC_MHZ = /^Detected \d{1,6}\.\d{3} MHz processor\.?$/;
const OLD_X86_PID_TAINT = /^Pid: \d{1,10}, comm: [^\n]{0,40}? (?:Not tainted|Tainted: )/;

/**
 * `Hardware name: <model> (DT)`: arm64 and riscv alone name a device-tree machine so (arch/arm64/kernel/
 * setup.c setup_machine_fdt() and arch/riscv/kernel/setup.c: `dump_stack_set_arch_desc("%s (DT)", name)`).
 * Their trace headers tell the two apart: arm64's dump_backtrace() prints `Call trace:`
 * (arch/arm64/kernel/stacktrace.c), riscv's dump_backtrace() `Call Trace:` (arch/riscv/kernel/stacktrace.c).
 */
const DEVICE_TREE_MODEL = ' (DT)';
const UPPER_TRACE_HEADER = 'Call Trace:';
const LOWER_TRACE_HEADER = 'Call trace:';

/** Frame names: syscall and exception entry code that exists on one architecture only. */
const FRAME_PREFIXES: readonly PrefixRow<Evidence>[] = [
  ...rows('x86_64', 3, 'entry_SYSCALL_64', '__x64_sys_', 'asm_exc_', 'asm_sysvec_', 'asm_common_interrupt'),
  // 32-bit syscalls, also the compat entry on x86-64; listed before loongarch's `do_syscall`.
  ...rows('x86_64', 2, 'do_syscall_64', 'do_syscall_32_irqs_on', 'do_int80_syscall_32', 'do_fast_syscall_32'),
  // x86 entry code of older kernels and interrupt entry (arch/x86/entry/entry_64.S before v5.8,
  // arch/x86/kernel/entry_32.S of 2.6), the exception handlers and native paravirt ops
  ...rows(
    'x86_64',
    3,
    'system_call_fastpath',
    'ret_from_fork_asm',
    'apic_timer_interrupt',
    'smp_apic_timer_interrupt',
    'sysvec_',
    '__sysvec_',
    'exc_page_fault',
    'exc_invalid_op',
    'native_safe_halt',
    'sysenter_past_esp',
    'ia32_sysenter_target',
    // the device interrupt entry of entry_32.S and entry_64.S before v5.8 (`common_interrupt`, then
    // do_IRQ()); no other architecture defines the name (arch/*/ in v6.12).
    'common_interrupt',
  ),
  // Names only x86 code defines: `x86_*` functions live under arch/x86, drivers/platform/x86 and
  // drivers/thermal/intel (all `depends on X86`), `__x86_*` thunks in arch/x86/lib/retpoline.S, and the
  // boot CPU's and secondary CPUs' entry in arch/x86/kernel/head_64.S (`secondary_startup_64_no_verify`).
  ...rows('x86_64', 3, '__x86_', 'x86_', 'secondary_startup_64'),
  // More names only arch/x86 defines (v6.12's definitions, older entry code by its .S labels): the
  // interrupt and exception entry (arch/x86/kernel/irq.c common_interrupt(), entry_64.S irq_entries_start
  // and error_entry, entry_32.S entry_SYSENTER_32/entry_INT80_32, and before v5.x ret_from_intr,
  // reschedule_interrupt, call_function_interrupt, x86_64's thread_return and child_rip, i386's
  // sysenter_do_call), v6.9's syscall table x64_sys_call(), KVM's VMX code (arch/x86/kvm/vmx/), the
  // local APIC (arch/x86/kernel/apic/), MWAIT idling (arch/x86/kernel/process.c mwait_idle) and
  // drivers/idle/intel_idle.c (`depends on X86`).
  ...rows(
    'x86_64',
    3,
    'common_interrupt',
    'irq_entries_start',
    'error_entry',
    'entry_SYSENTER_32',
    'entry_INT80_32',
    'ret_from_intr',
    'reschedule_interrupt',
    'call_function_interrupt',
    'thread_return',
    'child_rip',
    'sysenter_do_call',
    'x64_sys_call',
    'vmx_',
    'x2apic_',
    'mwait_idle',
    'intel_idle',
  ),
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
  // Names only one architecture's code defines, by prefix (v6.12's function definitions): `riscv_*`
  // under arch/riscv and in drivers that `depends on RISCV` (drivers/irqchip/irq-riscv-intc.c
  // riscv_intc_irq(), drivers/clocksource/timer-riscv.c riscv_timer_interrupt(), drivers/perf/riscv_pmu*.c;
  // drivers/gpu/drm/tegra/riscv.c's riscv_writel() is the one exception, see `FRAME_NOT_EVIDENCE`),
  // `mips_*` under arch/mips and in MIPS-only drivers (drivers/irqchip/irq-mips-cpu.c, drivers/bus/mips_cdmm.c,
  // drivers/tty/mips_ejtag_fdc.c, drivers/ssb/driver_mipscore.c), `loongarch_*` (arch/loongarch,
  // drivers/irqchip/irq-loongarch-cpu.c), `arm64_*` (arch/arm64, arm_arch_timer.c's arm64 errata),
  // `s390_*`, `sparc64_*` and `parisc_*` likewise.
  ...rows('riscv', 3, 'riscv_'),
  ...rows('mips', 3, 'mips_'),
  ...rows('loongarch', 3, 'loongarch_'),
  ...rows('arm64', 3, 'arm64_'),
  ...rows('s390', 3, 's390_'),
  ...rows('sparc', 3, 'sparc64_'),
  ...rows('parisc', 3, 'parisc_'),
  // arm64's exception entry, `el0_*` and `el1_*` (arch/arm64/kernel/entry-common.c el0_da(), el1_dbg(),
  // el1_pc(); entry.S's el1_sync and el0_irq before v5.x); no other architecture names a function so.
  ...rows('arm64', 3, 'el0_', 'el1_'),
  // arm's abort handlers (arch/arm/mm/fault.c do_DataAbort(), do_PrefetchAbort()), its ARMv7 cache
  // maintenance (arch/arm/mm/cache-v7.S v7_dma_inv_range) and ioremap (arch/arm/mm/ioremap.c).
  ...rows('arm', 3, 'do_DataAbort', 'do_PrefetchAbort', 'v7_dma_', '__arm_ioremap'),
  ...rows('powerpc', 3, 'system_call_exception', 'system_call_common', 'system_call_vectored_'),
  ...rows('s390', 3, '__s390x_sys_', '__s390_sys_', '__do_syscall'),
  ...rows('loongarch', 3, 'handle_syscall', 'do_syscall'),
  // mips's syscall entry (arch/mips/kernel/scall32-o32.S `syscall_common`, scall64-n32.S `handle_sysn32`,
  // scall64-n64.S `handle_sys64`).
  ...rows('mips', 3, 'syscall_common', 'handle_sysn32', 'handle_sys64'),
];

/**
 * Whole frame names, where a prefix would also take other architectures' names (`handle_int` is mips's,
 * `handle_interruption` parisc's): mips's interrupt and exception entry (arch/mips/kernel/genex.S
 * handle_int, except_vec_vi_handler, __r4k_wait; arch/mips/kernel/idle.c r4k_wait_irqoff(); the
 * platforms' and MIPS irqchips' plat_irq_dispatch(); traps.c do_cpu()), riscv's do_irq()
 * (arch/riscv/kernel/traps.c), arm64's fault and interrupt entry (arch/arm64/mm/fault.c do_mem_abort(),
 * do_sea(); entry-common.c do_interrupt_handler(), __el1_irq(); entry.S cpu_switch_to; head.S
 * __primary_switched; proc.S cpu_do_idle).
 */
const FRAME_NAMES: readonly PrefixRow<Evidence>[] = [
  ...[
    'plat_irq_dispatch',
    'handle_int',
    'except_vec_vi_handler',
    '__r4k_wait',
    'r4k_wait',
    'r4k_wait_irqoff',
    'handle_tlbl',
    'handle_tlbs',
    'handle_tlbm',
    'handle_adel',
    'handle_ades',
    'do_cpu',
  ].map((n): PrefixRow<Evidence> => ({ prefix: n, value: { arch: 'mips', weight: 3 } })),
  { prefix: 'do_irq', value: { arch: 'riscv', weight: 3 } },
  ...[
    'do_mem_abort',
    'do_sea',
    'do_interrupt_handler',
    '__el1_irq',
    'cpu_switch_to',
    '__primary_switched',
    'cpu_do_idle',
  ].map((n): PrefixRow<Evidence> => ({ prefix: n, value: { arch: 'arm64', weight: 3 } })),
];

interface FrameEvidence extends Evidence {
  /** The length of a name held whole (`FRAME_NAMES`); null for a prefix. */
  whole: number | null;
}

/**
 * `FRAME_PREFIXES` and `FRAME_NAMES` in one table, so that a frame costs one look-up: the names come after
 * every prefix, and each name before the shorter names it starts with (`r4k_wait_irqoff`, `r4k_wait`), so
 * the first row that starts a frame's name is a prefix's or, if it has one, the name's own.
 */
const FRAME_EVIDENCE = new PrefixTable<FrameEvidence>([
  ...FRAME_PREFIXES.map((row) => ({ prefix: row.prefix, value: { ...row.value, whole: null } })),
  ...[...FRAME_NAMES]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .map((row) => ({ prefix: row.prefix, value: { ...row.value, whole: row.prefix.length } })),
]);

/** The evidence of a frame's name. */
function frameEvidence(fn: string): Evidence | undefined {
  const hit = FRAME_EVIDENCE.value(fn);
  if (hit === undefined || (hit.whole !== null && hit.whole !== fn.length)) return undefined;
  // `FRAME_NOT_EVIDENCE` holds only names a prefix takes.
  return FRAME_NOT_EVIDENCE.has(fn) ? undefined : hit;
}

/** Names a prefix of `FRAME_PREFIXES` takes that another architecture's code defines too. */
const FRAME_NOT_EVIDENCE: ReadonlySet<string> = new Set(['riscv_writel']);

const HARDWARE = 'Hardware name: ';
const HARDWARE_EVIDENCE: ReadonlyArray<readonly [string, Evidence]> = [
  ['QEMU Standard PC (', { arch: 'x86_64', weight: 3 }],
  ['innotek GmbH VirtualBox', { arch: 'x86_64', weight: 2 }],
  ['VMware Virtual Platform', { arch: 'x86_64', weight: 2 }],
  ['linux,dummy-virt', { arch: 'arm64', weight: 3 }],
  // QEMU's riscv `virt` board names its device tree `riscv-virtio,qemu` (hw/riscv/virt.c).
  ['riscv-virtio', { arch: 'riscv', weight: 3 }],
  // arm prints its machine descriptor's name (arch/arm/kernel/setup.c setup_arch():
  // dump_stack_set_arch_desc("%s", mdesc->name)); the device-tree machines name themselves in their
  // DT_MACHINE_START (`Generic DT based system`, `Qualcomm (Flattened Device Tree)`, `Rockchip (Device
  // Tree)`, `Marvell PXA168 (Device Tree Support)`, `ST SPEAr300 SoC with Flattened Device Tree`).
  // arm64 and riscv print the device tree's model with ` (DT)` after it (arch/arm64/kernel/setup.c
  // setup_machine_fdt(), arch/riscv/kernel/setup.c), and no other architecture names itself so.
  ['Flattened Device Tree', { arch: 'arm', weight: 3 }],
  ['(Device Tree)', { arch: 'arm', weight: 3 }],
  ['(Device Tree Support)', { arch: 'arm', weight: 3 }],
  ['Generic DT based system', { arch: 'arm', weight: 3 }],
  [', BIOS ', { arch: 'x86_64', weight: 1 }],
];

/** Architecture names distributions put in the kernel release, the longest first. */
const RELEASE_ARCH: ReadonlyArray<readonly [string, Arch]> = [
  ['x86_64', 'x86_64'],
  ['amd64', 'x86_64'],
  ['aarch64', 'arm64'],
  ['arm64', 'arm64'],
  ['armv7', 'arm'],
  ['ppc64', 'powerpc'],
  ['s390x', 's390'],
  ['riscv64', 'riscv'],
  ['loongarch64', 'loongarch'],
  ['loong64', 'loongarch'],
  ['mips', 'mips'],
  ['sparc64', 'sparc'],
  ['parisc', 'parisc'],
  // Debian's 32-bit x86 and arm flavours (`6.1.0-13-686-pae`, `5.10.0-9-armmp`), Raspberry Pi OS's
  // (`6.1.21-v8+` is arm64, `-v7+`/`-v7l+` arm).
  ['-686', 'x86_64'],
  ['i686', 'x86_64'],
  ['-armmp', 'arm'],
  ['-v8+', 'arm64'],
  ['rpi-v8', 'arm64'],
  ['-v7+', 'arm'],
  ['-v7l+', 'arm'],
  // Raspberry Pi OS since bookworm (`6.6.31+rpt-rpi-v8`, `-rpi-v7l`, `-rpi-v6`, the Pi 5's `-rpi-2712`),
  // Armbian's board families (`6.1.63-current-sunxi64`, `-sunxi` is 32-bit; `-rockchip64`, `-meson64`,
  // `-mvebu64`; `-odroidxu4` runs the Exynos 5422's 32-bit kernel) and NVIDIA's Linux for Tegra on the
  // 64-bit Jetsons (`4.9.253-tegra`, `5.10.120-tegra`).
  ['rpi-2712', 'arm64'],
  ['rpi-v7', 'arm'],
  ['rpi-v6', 'arm'],
  ['-sunxi64', 'arm64'],
  ['-sunxi', 'arm'],
  ['-rockchip64', 'arm64'],
  ['-meson64', 'arm64'],
  ['-mvebu64', 'arm64'],
  ['-odroidxu4', 'arm'],
  ['-tegra', 'arm64'],
  // Distributions and kernels built for x86-64 alone: Proxmox VE (`6.8.12-4-pve`), Arch Linux
  // (`6.9.7-arch1-1`; Arch Linux ARM names its kernels `-ARCH`), CachyOS, Liquorix (`-lqx1`), XanMod,
  // Unraid.
  ['-pve', 'x86_64'],
  ['-arch1-', 'x86_64'],
  ['-arch2-', 'x86_64'],
  ['cachyos', 'x86_64'],
  ['-lqx', 'x86_64'],
  ['xanmod', 'x86_64'],
  ['-Unraid', 'x86_64'],
];

/**
 * Any token of `RELEASE_ARCH`: one search rules out a task line that holds none (most of them: a
 * mainline release names no architecture), where the list costs a search per token.
 */
const RELEASE_TOKEN = new RegExp(
  RELEASE_ARCH.map(([token]) => token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
);

/**
 * Modules that build for one architecture only (their Kconfig `depends on X86`, or code under
 * arch/x86/ and arch/arm64/crypto/): `Modules linked in:` names the machine.
 */
const MODULE_ARCH: ReadonlyMap<string, Arch> = new Map<string, Arch>([
  ...[
    'kvm_intel',
    'kvm_amd',
    'aesni_intel',
    'ghash_clmulni_intel',
    'crc32_pclmul',
    'crct10dif_pclmul',
    'x86_pkg_temp_thermal',
    'intel_powerclamp',
    'coretemp',
    'i915',
    'intel_rapl_msr',
    'intel_rapl_common',
    // arch/x86/crypto/Makefile; the `*_x86_64` and `*_i586` ones are matched by their suffix.
    'crc32c_intel',
    'polyval_clmulni',
    'sha1_ssse3',
    'sha256_ssse3',
    'sha512_ssse3',
    'serpent_avx2',
    'camellia_aesni_avx2',
    'aegis128_aesni',
    'nhpoly1305_sse2',
    'nhpoly1305_avx2',
    // `depends on X86` or on CPU_SUP_INTEL (arch/x86/Kconfig.cpu): drivers/watchdog/Kconfig ITCO_WDT
    // and SP5100_TCO, drivers/hwmon/Kconfig SENSORS_K10TEMP, arch/x86/events/Kconfig.
    'iTCO_wdt',
    'sp5100_tco',
    'k10temp',
    'intel_cstate',
    'intel_uncore',
  ].map((m): [string, Arch] => [m, 'x86_64']),
  ...[
    'sha1_ce',
    'sha2_ce',
    'sha512_ce',
    'aes_ce_blk',
    'aes_ce_cipher',
    'ghash_ce',
    'crct10dif_ce',
    // Apple silicon's drivers `depends on ARCH_APPLE`, which only arch/arm64/Kconfig.platforms defines
    // (drivers/dma/Kconfig APPLE_ADMAC, sound/soc/apple/Kconfig, drivers/pwm/Kconfig PWM_APPLE,
    // drivers/cpufreq/Kconfig.arm, drivers/clk/Kconfig COMMON_CLK_APPLE_NCO).
    'apple_admac',
    'snd_soc_apple_mca',
    'pwm_apple',
    'apple_soc_cpufreq',
    'clk_apple_nco',
  ].map((m): [string, Arch] => [m, 'arm64']),
  // arch/arm/crypto/Makefile's scalar modules (`aes-arm.o` ...); not `*_arm` at large: drivers/cpuidle's
  // cpuidle-arm builds for arm64 as well (ARM_CPUIDLE depends on ARM || ARM64).
  ...['aes_arm', 'aes_arm_bs', 'sha1_arm', 'sha256_arm', 'sha512_arm', 'poly1305_arm', 'libblake2s_arm'].map(
    (m): [string, Arch] => [m, 'arm'],
  ),
  ...['crc32c_vpmsum', 'crct10dif_vpmsum', 'vmx_crypto', 'pseries_wdt'].map((m): [string, Arch] => [
    m,
    'powerpc',
  ]),
]);

/** See `ArchTally.dataAddress`. */
const ARM64_DATA_ADDRESS = /^(?:ffff[0-7]|ffff8[0-7]|ffffff[89ab])/;
const POWERPC_DATA_ADDRESS = /^c00[0-9a-f]{13}$/;
/** See `ArchTally.dataAddress`. */
const X86_DATA_ADDRESS = /^(?:ffff8[89a-e]|ffffffff[ab])/;

/**
 * arch/x86/crypto's modules for one x86 flavour (`chacha_x86_64`, `twofish_i586`) and
 * arch/arm64/crypto's scalar ones (`sha256_arm64`, `aes_arm64`) say their architecture in the name.
 */
const X86_CRYPTO_SUFFIX = /_(?:x86_64|i586)$/;
const ARM64_CRYPTO_SUFFIX = /_arm64$/;
/**
 * arch/mips/crypto's modules (`crc32-mips.o`, `chacha-mips.o`, `poly1305-mips.o`, which OpenWrt's
 * wireguard loads): every object of the tree named `*-mips` is built under arch/mips/.
 */
const MIPS_MODULE_SUFFIX = /_mips$/;

/**
 * A source path under arch/ (`WARNING: CPU: 0 PID: 1 at arch/powerpc/net/bpf_jit_comp.c:961`, `kernel
 * BUG at arch/x86/kvm/mmu/mmu.c:6000!`, a symbolized frame's file): only that architecture builds it.
 */
const ARCH_PATH = /(?:^|[\s(])arch\/(x86|arm64|arm|powerpc|s390|mips|riscv|loongarch|sparc|parisc)\//;
const PATH_ARCH: Readonly<Record<string, Arch>> = {
  x86: 'x86_64',
  arm64: 'arm64',
  arm: 'arm',
  powerpc: 'powerpc',
  s390: 's390',
  mips: 'mips',
  riscv: 'riscv',
  loongarch: 'loongarch',
  sparc: 'sparc',
  parisc: 'parisc',
};

/** powerpc's stack line: the frame's stack pointer and return address in plain brackets (`frameLine`). */
const POWERPC_FRAME = /^\[(?:[0-9a-f]{8}){1,2}\] \[(?:[0-9a-f]{8}){1,2}\] /;

/** OpenWrt's target folder and its architecture (`path`); a relative path starts at the folder. */
const OPENWRT_TARGET = /(?:^|[\s/])target-([a-z0-9]{2,12})[_/]/;
/**
 * Machine names as GNU target triplets (OpenWrt's build folders), `uname -m`, distributions' package
 * architectures and the kernel's own ARCH= folders spell them (`statement`, `path`).
 */
const MACHINE_NAME: ReadonlyMap<string, Arch> = new Map<string, Arch>([
  ['x86_64', 'x86_64'],
  ['amd64', 'x86_64'],
  ['i386', 'x86_64'],
  ['i486', 'x86_64'],
  ['i586', 'x86_64'],
  ['i686', 'x86_64'],
  ['aarch64', 'arm64'],
  ['aarch64_be', 'arm64'],
  ['arm64', 'arm64'],
  ['arm', 'arm'],
  ['armeb', 'arm'],
  ['armhf', 'arm'],
  ['armel', 'arm'],
  ['armv5tel', 'arm'],
  ['armv6l', 'arm'],
  ['armv7l', 'arm'],
  ['mips', 'mips'],
  ['mipsel', 'mips'],
  ['mips64', 'mips'],
  ['mips64el', 'mips'],
  ['powerpc', 'powerpc'],
  ['powerpc64', 'powerpc'],
  ['powerpc64le', 'powerpc'],
  ['ppc', 'powerpc'],
  ['ppc64', 'powerpc'],
  ['ppc64le', 'powerpc'],
  ['ppc64el', 'powerpc'],
  ['riscv', 'riscv'],
  ['riscv64', 'riscv'],
  ['s390', 's390'],
  ['s390x', 's390'],
  ['loongarch', 'loongarch'],
  ['loongarch64', 'loongarch'],
  ['loong64', 'loongarch'],
  ['sparc64', 'sparc'],
  ['parisc', 'parisc'],
  ['parisc64', 'parisc'],
]);

/**
 * Where a poster or a bot states the machine in words, outside the kernel's own lines: `uname -a`
 * (`Linux host 6.12.6 #1 SMP ... aarch64 GNU/Linux`), an issue template's or lscpu's `Architecture`
 * row (`Architecture | x86_64`, `Architecture:   x86_64`), and the kernel test robot's `config:
 * x86_64-randconfig-014-20260217` and `test machine: qemu-system-x86_64` (`statement`).
 */
const UNAME_END = ' GNU/Linux';
/**
 * uname's other selections keep the order of `-a` and drop fields: `uname -srpv` (`Linux 5.3.0-28-generic
 * #30~18.04.1-Ubuntu SMP Fri Jan 17 06:14:09 UTC 2020 x86_64`), `-srvm`, toybox's `-a` (`... aarch64
 * Toybox`). Without the `GNU/Linux` end, the release and the version's `#` say the line is uname's.
 */
const UNAME_RELEASE_VERSION = /^Linux (?:\S{1,64} )?\d{1,2}\.\d{1,3}\S{0,64} #\d/;
const ARCHITECTURE_ROW =
  /^[|*-]? {0,3}(?:Architecture|Arch|arch)[ \t]{0,40}[:|][ \t]{0,40}([A-Za-z0-9_]{3,12})\b/;
const ROBOT_CONFIG = /^config: ([a-z0-9_]{3,12})-/;
/** The crash utility's `sys` (and its banner on opening a dump): `MACHINE: ppc64le  (3026 Mhz)`. */
const CRASH_MACHINE = /^MACHINE: ([a-z0-9_]{3,12}) {1,4}\(\d{1,6} Mhz\)$/;
const ROBOT_MACHINE = /^test machine: qemu-system-([a-z0-9_]{3,12})\b/;
/**
 * ksymoops's banner above the oops it decodes names the host it runs on, `uname -m` and `uname -r`:
 * `ksymoops 2.4.8 on i686 2.4.22-rc1.  Options used`. It reads that host's /proc/ksyms and
 * /lib/modules/<release> by default, so the host is the machine that oopsed (see `KSYMOOPS` in
 * paste-machine.ts for the release).
 */
export const KSYMOOPS_BANNER =
  /^ksymoops \d[\d.]{0,8} on ([A-Za-z0-9_]{2,16}) (\d{1,2}\.\d{1,3}[\w.+~-]{0,64})\. {1,2}Options used/;

/**
 * The boot banner (init/version-timestamp.c linux_banner: `Linux version %s (%s@%s) (%s) %s`) names the
 * compiler by the first line of `$(CC) --version` (scripts/mkcompile_h LINUX_COMPILER, the top Makefile's
 * CC_VERSION_TEXT). GCC prints the name it was called by, and a kernel is built by `$(CROSS_COMPILE)gcc`
 * or a distribution's `<triplet>-gcc-<n>`, whose triplet names the machine the kernel runs on:
 * `Linux version 6.12.48+deb13-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-14 (Debian
 * 14.2.0-19) 14.2.0, ...)`. A native `gcc` and clang (`clang version 17.0.6`) name none.
 */
const BANNER_COMPILER =
  /^Linux version \S{1,64} \([^()]{1,128}\) \(([a-z0-9_]{3,12})-[\w.+-]{0,48}-gcc(?:-[\d.]{1,8})? /;

/**
 * Systems-on-chip and platforms a poster names for the board that crashed (`On Allwinner H5:`,
 * `Jetson Nano`, `ramips/mt7621`), each built around one architecture: arm64 (Rockchip RK3328/RK3399/
 * RK356x/RK3588, Amlogic S905/S922X/A311D, Allwinner H5/H6/H616/H618, NVIDIA Jetson, AWS Graviton,
 * Ampere Altra, Kunpeng, ThunderX, Xilinx ZynqMP, NXP i.MX8, MediaTek MT7622/MT7981/MT7986, Qualcomm
 * IPQ807x/IPQ60xx), arm (RK3288, Allwinner H3/A20, i.MX6/i.MX7, TI AM335x, MT7623, IPQ40xx, Marvell
 * Armada 38x), mips (MediaTek MT7620/MT7621/MT7628/MT7688, Atheros AR9331 and QCA953x/956x, OpenWrt's
 * ath79, ramips and lantiq targets), riscv (StarFive JH7110 and VisionFive, SiFive HiFive, T-Head
 * TH1520), loongarch (Loongson 3A5000/3A6000/3C5000/3C6000; the 3A4000 and older are mips), powerpc
 * (IBM POWER8-10, PowerNV, pSeries, Apple PowerMac) and s390 (z/VM).
 */
const BOARD_NAMES =
  /\b(rk3328|rk3399|rk356[68]|rk3588s?|s905[xyd234]?|s922x|a311d|allwinner h[56]|h61[68]|jetson|graviton[234]?|ampere altra|kunpeng|thunderx2?|zynqmp|i\.?mx ?8[a-z]{0,2}|mt798[16]|mt7622|ipq807[0-9x]|ipq60[0-9x]{2}|rk3288|allwinner h3|allwinner a20|i\.?mx ?[67][a-z]{0,3}|am335x|mt7623|ipq40[0-9x]{2}|armada 38[05x]|mt762[018]|mt7688|ar9331|qca95[36][0-9x]|ath79|ramips|lantiq|jh7110|visionfive ?2?|hifive|th1520|(?:loongson[- ]?)?3[ac][56]000|power(?:8|9|10)|powernv|pseries|powermac|z\/vm)\b/i;
const BOARD_ARCH: ReadonlyArray<readonly [RegExp, Arch]> = [
  [
    /^(?:rk3328|rk3399|rk356|rk3588|s905|s922|a311|allwinner h[56]|h61|jetson|graviton|ampere|kunpeng|thunderx|zynqmp|i\.?mx ?8|mt798|mt7622|ipq8|ipq6)/,
    'arm64',
  ],
  [/^(?:rk3288|allwinner [ha]|i\.?mx ?[67]|am335|mt7623|ipq4|armada)/, 'arm'],
  [/^(?:mt762|mt7688|ar9331|qca95|ath79|ramips|lantiq)/, 'mips'],
  [/^(?:jh7110|visionfive|hifive|th1520)/, 'riscv'],
  [/^(?:loongson|3[ac])/, 'loongarch'],
  [/^(?:power|pseries)/, 'powerpc'],
  [/^z\//, 's390'],
];

/** The architecture of the first board or system-on-chip `BOARD_NAMES` finds in `text`, or null. */
function namedBoardArch(text: string): Arch | null {
  const name = BOARD_NAMES.exec(text)?.[1]?.toLowerCase();
  if (name === undefined) return null;
  for (const [pattern, arch] of BOARD_ARCH) if (pattern.test(name)) return arch;
  return null;
}

/** The machine name a statement line gives (see `ARCHITECTURE_ROW`), or null. */
function statedMachine(text: string): string | null {
  const line = text.trimEnd();
  if (line.startsWith('Linux version ')) return BANNER_COMPILER.exec(line)?.[1] ?? null;
  if (line.startsWith('Linux ')) {
    // `uname -a` prints the machine, then the processor and the platform unless they are unknown.
    const ended = line.endsWith(UNAME_END);
    if (ended || UNAME_RELEASE_VERSION.test(line)) {
      const words = (ended ? line.slice(0, -UNAME_END.length) : line).split(' ');
      for (const word of words.slice(-3).reverse()) if (MACHINE_NAME.has(word)) return word;
      return null;
    }
  }
  if (line.startsWith('config: ')) return ROBOT_CONFIG.exec(line)?.[1] ?? null;
  if (line.startsWith('MACHINE: ')) return CRASH_MACHINE.exec(line)?.[1] ?? null;
  if (line.startsWith('test machine: ')) return ROBOT_MACHINE.exec(line)?.[1] ?? null;
  if (line.startsWith('ksymoops ')) return KSYMOOPS_BANNER.exec(line)?.[1] ?? null;
  return ARCHITECTURE_ROW.exec(line)?.[1] ?? null;
}

/** See `ArchTally.textAddress`. */
const ARM_VERBOSE_ENTRY = /^\[<[0-9a-f]{8}>\] \([^()\n]{1,200}\) from \[</;
const X86_TEXT_WINDOW = /^ffffffff[ab]/;
/**
 * riscv64's kernel image and modules (Documentation/arch/riscv/vm-layout.rst: the kernel at
 * 0xffffffff80000000, modules and BPF in the 2 GiB below it; v5.x sv39 kernels ran at PAGE_OFFSET,
 * 0xffffffe000000000). An x86-64 image starts CONFIG_PHYSICAL_START into its text mapping
 * (arch/x86/include/asm/page_64_types.h __START_KERNEL; arch/x86/Kconfig's default is 16 MiB, so
 * 0xffffffff81000000), but 2.6 kernels ran in this window too (`[<ffffffff80245e8f>] ?
 * kthread_stop+0x7f/0x90` on 2.6.26): their odd offsets weigh as much for x86-64
 * (`ArchTally.frameLine`), and `result` gives a tie to x86-64, first in `ARCHES`. mips64 runs at
 * 0xffffffff80000000 too, but its four-byte instructions give no `ArchTally.frameLine` half-word
 * offset, which weighs this window for riscv.
 */
const RISCV_TEXT_WINDOW = /^(?:ffffffff[0-7]|ffffffff80|ffffffe0)/;
const ARM_MODULE_AREA = /^(?:bf|7f)/;
const ARM_KERNEL_TEXT = /^c0/;

/**
 * Whether a frame line names its first frame by its ELFv1 dot symbol, at the start or after a space.
 * Either way the line starts with `.` or holds ` .`, which few lines do: a search without building the
 * symbol's text rules out the rest.
 */
function isDotSymbol(text: string, fn: string, searched: boolean): boolean {
  if (text.charCodeAt(0) !== 0x2e && (!searched || !text.includes(' .'))) return false;
  const at = text.indexOf(`.${fn}+`);
  return at === 0 || (at > 0 && text.charCodeAt(at - 1) === 0x20);
}

function suffixArch(module: string): Arch | undefined {
  if (X86_CRYPTO_SUFFIX.test(module)) return 'x86_64';
  if (MIPS_MODULE_SUFFIX.test(module)) return 'mips';
  return ARM64_CRYPTO_SUFFIX.test(module) ? 'arm64' : undefined;
}

const LOONGARCH_FAULT_ERA = ', era == ';

/**
 * The line starts `ArchTally.line` reads with a check of its own, besides the rows of `LINE_EVIDENCE`:
 * one look-up instead of a `startsWith` for each. No line starts with two of them.
 */
type LineShape =
  | 'stack'
  | 'fault-era'
  | 'old-pid'
  | 'tsc'
  | 'register'
  | 'hardware'
  | 'code'
  | 'kernel-offset'
  | 'internal-error'
  | 'powerpc-die'
  | 'powerpc-watchdog';

const LINE_SHAPES = new PrefixTable<LineShape>([
  { prefix: 'Stack :', value: 'stack' },
  { prefix: 'CPU ', value: 'fault-era' },
  { prefix: OLD_X86_PID_LINE, value: 'old-pid' },
  { prefix: X86_TSC_LINE, value: 'tsc' },
  { prefix: REGISTER_LINE, value: 'register' },
  { prefix: HARDWARE, value: 'hardware' },
  { prefix: CODE_LINE, value: 'code' },
  { prefix: KERNEL_OFFSET, value: 'kernel-offset' },
  { prefix: INTERNAL_ERROR, value: 'internal-error' },
  { prefix: POWERPC_DIE, value: 'powerpc-die' },
  { prefix: POWERPC_WATCHDOG, value: 'powerpc-watchdog' },
]);

/** Every line start `ArchTally.line` reads: a caller passes it no line that starts with none of them. */
export const ARCH_LINE_STARTS = [
  ...LINE_EVIDENCE.prefixes,
  ...LINE_SHAPES.prefixes,
  ...DATA_ADDRESS_LINES.prefixes,
  UPPER_TRACE_HEADER,
  LOWER_TRACE_HEADER,
  DIE_PROCESS,
];

/**
 * Every text that `textAddress`, `release`, `path` and `frameLine` search a line for (`[<90000000` starts
 * with `[<`). Most lines hold none of them, and one search for all costs less than a search for each: a
 * caller that passes `searched` false for a line without them (`holdsSearchedText`) spares it the others.
 */
const SEARCHED_TEXTS = /ainted|arch\/|target-|\[<|\] \? | \./;

/** Whether `text` may hold a text that the per-line readers of `ArchTally` search for. */
export function holdsSearchedText(text: string): boolean {
  return SEARCHED_TEXTS.test(text);
}

/** Adds up the evidence seen in one report; the caller owns the instance. */
export class ArchTally {
  private readonly score = new Map<Arch, number>();
  private sawPair = false;
  private sawRelease = false;
  private sawStale = false;
  private sawPath = false;
  private sawWindow = false;
  private sawCodeBytes = false;
  private sawTextAddress = false;
  private sawDataAddress = false;
  private sawStackPointer = false;
  private sawBuildDir = false;
  private sawDotSymbol = false;
  private sawStatement = false;
  private sawDeviceTree = false;
  private sawBareFrame = false;
  private sawOddOffset = false;
  private sawHalfWordOffset = false;
  private sawArmKernelText = false;
  private sawBoard = false;
  private sawRiscvWindow = false;
  private traceHeader: 'upper' | 'lower' | null = null;

  line(text: string): void {
    if (this.traceHeader === null && text.charCodeAt(0) === 0x43 /* C */) {
      if (text.startsWith(UPPER_TRACE_HEADER)) this.traceHeader = 'upper';
      else if (text.startsWith(LOWER_TRACE_HEADER)) this.traceHeader = 'lower';
    }
    const shape = LINE_SHAPES.value(text);
    switch (shape) {
      case 'stack':
        // The stack words of a loongarch kernel hold its direct-mapped addresses (see `frameLine`).
        if (text.includes(' 90000000')) {
          this.add({ arch: 'loongarch', weight: 3 });
          return;
        }
        break;
      case 'fault-era':
        // arch/loongarch/mm/fault.c no_context(): `CPU %d Unable to handle kernel paging request at virtual
        // address %0*lx, era == %0*lx, ra == %0*lx`, where mips's copy says `epc ==`.
        if (text.includes(LOONGARCH_FAULT_ERA)) {
          this.add({ arch: 'loongarch', weight: 4 });
          return;
        }
        break;
      case 'old-pid':
        if (OLD_X86_PID_TAINT.test(text)) this.add({ arch: 'x86_64', weight: 2 });
        return;
      case 'tsc':
        if (X86_TSC_MHZ.test(text)) {
          this.add({ arch: 'x86_64', weight: 3 });
          return;
        }
        break;
      case 'register':
        this.add({ arch: text.includes(ARM64_PSTATE) ? 'arm64' : 'arm', weight: 3 });
        return;
    }
    const hit = LINE_EVIDENCE.value(text);
    const data = hit ? null : DATA_ADDRESS_LINES.match(text);
    if (hit) this.add(hit);
    else if (data) this.dataAddress(addressAfter(data.rest, data.value));
    else if (shape === 'hardware') this.hardware(text);
    else if (!this.sawCodeBytes && shape === 'code' && CODE_BYTES.test(text)) {
      this.sawCodeBytes = true;
      this.add({ arch: 'x86_64', weight: 2 });
    } else if (shape === 'kernel-offset') {
      if (text.includes(X86_RELOCATION_RANGE)) this.add({ arch: 'x86_64', weight: 3 });
    } else if (shape === 'internal-error') {
      if (ARM64_SYNDROME.test(text)) this.add({ arch: 'arm64', weight: 3 });
      else if (ARM32_ISA.test(text) || ARM32_SHORT_STATUS.test(text)) this.add({ arch: 'arm', weight: 3 });
    } else if (
      shape === 'powerpc-die'
        ? POWERPC_DIE_LINE.test(text)
        : shape === 'powerpc-watchdog' && text.includes(POWERPC_LOCKUP)
    ) {
      this.add({ arch: 'powerpc', weight: 3 });
    } else if (text.startsWith(DIE_PROCESS) && STACK_LIMIT_64.test(text)) {
      this.add({ arch: 'arm64', weight: 3 });
    }
  }

  /**
   * `Hardware name:` (lib/dump_stack.c dump_stack_print_info(), from DMI or the device tree's model):
   * QEMU's x86 machine types and x86-only hypervisors, QEMU's arm64 `virt` board, arm's device-tree
   * machine descriptors. A `BIOS` version
   * comes from DMI, which x86 nearly always has and some arm64 and loongarch servers have too.
   */
  private hardware(text: string): void {
    if (text.trimEnd().endsWith(DEVICE_TREE_MODEL)) this.sawDeviceTree = true;
    for (const [token, evidence] of HARDWARE_EVIDENCE) {
      if (text.includes(token)) {
        this.add(evidence);
        return;
      }
    }
  }

  /**
   * A kernel release that names its architecture (`5.14.0-70.el9.x86_64`, `6.1.0-13-amd64`,
   * `4.19.0-armv7l`) on the line of the task that printed the report.
   */
  release(text: string, searched = true): void {
    if (
      this.sawRelease ||
      !(opensWith(text, 'CPU: ') || opensWith(text, 'Pid: ') || (searched && text.includes('ainted')))
    )
      return;
    this.releaseNames(text);
  }

  /** A release the poster shows outside the kernel's lines (`uname -r`'s output). Counts once. */
  statedRelease(release: string): void {
    if (!this.sawRelease) this.releaseNames(release);
  }

  private releaseNames(text: string): void {
    if (!RELEASE_TOKEN.test(text)) return;
    for (const [token, arch] of RELEASE_ARCH) {
      if (text.includes(token)) {
        this.sawRelease = true;
        this.add({ arch, weight: 2 });
        return;
      }
    }
  }

  /**
   * A source path that names the architecture; the first one of each kind counts: a folder under arch/
   * (`ARCH_PATH`), or OpenWrt's build folder. OpenWrt builds in folders named for the target's GNU
   * architecture (`build_dir/target-mipsel_24kc_musl`, `target-aarch64_cortex-a53_musl`: its rules.mk),
   * and out-of-tree drivers print their source paths from there (`WARNING: CPU: 1 PID: 0 at
   * /home/x/openwrt/build_dir/target-mipsel_24kc_musl/linux-ramips_mt7621/mt76-2018-02-09/mac.c:12`).
   */
  path(text: string, searched = true): void {
    if (!searched) return;
    if (!this.sawPath && text.includes('arch/')) {
      const dir = ARCH_PATH.exec(text)?.[1];
      const arch = dir === undefined ? undefined : PATH_ARCH[dir];
      if (arch) {
        this.sawPath = true;
        this.add({ arch, weight: 3 });
      }
    }
    if (!this.sawBuildDir && text.includes('target-')) {
      const arch = MACHINE_NAME.get(OPENWRT_TARGET.exec(text)?.[1] ?? '');
      if (arch) {
        this.sawBuildDir = true;
        this.add({ arch, weight: 3 });
      }
    }
  }

  /**
   * A kernel text address in the `[<address>]` notation, on a frame line or on a lock line's `at:` site;
   * the first in the module areas below counts.
   * - x86-64 maps its kernel image from 0xffffffff80000000 and its modules right after the image's
   *   512 MiB or 1 GiB (arch/x86/include/asm/pgtable_64_types.h MODULES_VADDR), so an address at
   *   0xffffffffa0000000-0xffffffffbfffffff is in an x86-64 module or a randomized x86-64 image. The
   *   other 64-bit kernels that sit at the top of the address space run below it (riscv's image from
   *   0xffffffff80000000, its modules under the image: arch/riscv/include/asm/pgtable.h) or above it
   *   (mips64's modules at CKSSEG, 0xffffffffc0000000: arch/mips/include/asm/pgtable-64.h), and that
   *   window is mips64's uncached CKSEG1, which holds no kernel code.
   * - arm32 loads modules in the 16 MiB (8 MiB for a Thumb-2 kernel) under PAGE_OFFSET
   *   (arch/arm/include/asm/memory.h MODULES_VADDR), from 0xbf000000 with the default 3G/1G split and
   *   from 0x7f000000 with the 2G/2G one (arch/arm/Kconfig PAGE_OFFSET), where i386 and mips32 hold user memory (0xbf... is mips32's uncached KSEG1), so a
   *   frame there that names its module is an arm32 module's.
   * - ppc64's kernel and modules run at 0xc000000000000000 and above (see below).
   */
  textAddress(text: string, searched = true): void {
    if (!searched || (this.sawTextAddress && this.sawPair)) return;
    const at = text.indexOf('[<');
    if (at < 0) return;
    const end = hexEnd(text, at + 2);
    if (text.charCodeAt(end) !== 0x3e) return;
    const address = text.slice(at + 2, end);
    // arm32's verbose backtrace entry (arch/arm/kernel/traps.c dump_backtrace_entry(),
    // CONFIG_BACKTRACE_VERBOSE and every kernel before v5.x): `[<%08lx>] (%ps) from [<%08lx>] (%pS)`. A
    // mail client that wraps it at 80 columns cuts the caller, so the line is read before its frames are.
    if (!this.sawPair && address.length === 8 && ARM_VERBOSE_ENTRY.test(text.slice(at))) {
      this.sawPair = true;
      this.add({ arch: 'arm', weight: 3 });
    }
    if (this.sawTextAddress) return;
    if (address.length === 16 && X86_TEXT_WINDOW.test(address)) {
      this.sawTextAddress = true;
      this.add({ arch: 'x86_64', weight: 2 });
    } else if (address.length === 16 && RISCV_TEXT_WINDOW.test(address)) {
      this.sawTextAddress = true;
      this.sawRiscvWindow = true;
    } else if (address.length === 8 && ARM_KERNEL_TEXT.test(address) && !text.includes(' [', end)) {
      // arm32's kernel runs from PAGE_OFFSET, 0xc0000000 with the default 3G/1G split (arch/arm/Kconfig
      // PAGE_OFFSET, VMSPLIT_3G), as i386's and ppc32's do; mips32 loads modules there (KSEG2). A weak
      // vote, for lockdep's and kmemleak's `[<%p>]` lines when nothing else names the machine, and none
      // under the `Call Trace:` that i386, ppc32 and mips print and arm32 never does (`result`).
      this.sawTextAddress = true;
      this.sawArmKernelText = true;
    } else if (address.length === 8 && ARM_MODULE_AREA.test(address) && text.includes(' [', end)) {
      this.sawTextAddress = true;
      this.add({ arch: 'arm', weight: 2 });
    } else if (address.length === 16 && POWERPC_DATA_ADDRESS.test(address)) {
      // ppc64's kernel runs at PAGE_OFFSET, 0xc000000000000000, and its modules in the vmalloc area
      // above it (0xc008... with the radix MMU: arch/powerpc/include/asm/book3s/64/radix.h); powerpc
      // prints its own stacks in plain brackets, but ftrace_bug(), kmemleak and lockdep's `at:` use
      // `[<%p>]`. mips64 without sym32 also maps modules there (pgtable-64.h); its registers weigh more.
      this.sawTextAddress = true;
      this.add({ arch: 'powerpc', weight: 2 });
    }
  }

  /**
   * The machine as a poster or a bot states it (`ARCHITECTURE_ROW` and the lines beside it): read on
   * the paste's lines outside every report, where the kernel's own lines named no architecture.
   * Counts once.
   */
  statement(text: string): void {
    if (this.sawStatement) return;
    const arch = MACHINE_NAME.get(statedMachine(text) ?? '');
    if (arch) {
      this.sawStatement = true;
      this.add({ arch, weight: 2 });
    }
  }

  /**
   * A board or system-on-chip the paste names (`BOARD_NAMES`): a weak vote, for a report whose own lines
   * name no machine, below every line the kernel printed. Counts once.
   */
  board(text: string): void {
    if (this.sawBoard) return;
    const arch = namedBoardArch(text);
    if (arch) {
      this.sawBoard = true;
      this.add({ arch, weight: 1 });
    }
  }

  /** The modules of `Modules linked in:`; the first that builds for one architecture only counts. */
  modules(names: readonly string[]): void {
    for (const name of names) {
      const arch = MODULE_ARCH.get(name) ?? suffixArch(name);
      if (arch) {
        this.add({ arch, weight: 2 });
        return;
      }
    }
  }

  /**
   * A frame line and the frames it holds: each frame's name (entry code, `FRAME_EVIDENCE`), and the line's
   * shape. Each shape below counts once, so a line is only searched for one not seen yet:
   * - x86 alone marks stale stack words `? f+0x1/0x2` (arch/x86/kernel/dumpstack.c printk_stack_address());
   * - only arm32 prints a callee and its caller on one line, `[<c0123456>] (f) from [<c0123457>]
   *   (g+0x1c/0x40)` (arch/arm/kernel/traps.c dump_backtrace_entry()).
   */
  frameLine(text: string, frames: readonly FrameText[], searched = true, logged = false): void {
    for (const f of frames) {
      const hit = frameEvidence(f.fn);
      if (hit) this.add(hit);
    }
    if (!this.sawPair && frames.length === 2 && text.includes(' from ')) {
      this.sawPair = true;
      this.add({ arch: 'arm', weight: 3 });
    }
    if (!this.sawStale && (opensWith(text, '? ') || (searched && text.includes('] ? ')))) {
      this.sawStale = true;
      this.add({ arch: 'x86_64', weight: 2 });
    }
    // 64-bit powerpc with the ELFv1 ABI names a function's code `.name` and its descriptor `name`
    // (arch/powerpc/include/asm/linkage.h, CONFIG_PPC64_ELF_ABI_V1): traces print the dot symbols
    // (`.__drm_universal_plane_init+0x13c/0x794`); no other architecture's do.
    const first = frames[0];
    // x86's printk_stack_address() (arch/x86/kernel/dumpstack.c) prints a frame with no address,
    // ` %s%pBb`; every other architecture's `Call Trace:` prints one per frame (print_ip_sym()'s
    // `[<%px>] %pS` on riscv, mips, loongarch; s390's show_stack() ` [<%016lx>] %pSR`, powerpc's
    // `[%p] [%p] %pS`, sparc64's ` [%016lx] %pS`, xtensa's ` [<%08lx>] %pB`), and arm64's bare frames
    // sit under `Call trace:`. `result` weighs the shape with the header seen. Only a line that kept its
    // timestamp or logger's prefix counts: a commit message's trace loses addresses and times together.
    if (
      logged &&
      !this.sawBareFrame &&
      first?.offset != null &&
      frames.length === 1 &&
      text.startsWith(first.fn)
    ) {
      this.sawBareFrame = true;
    }
    // An odd offset is a return address inside an instruction stream of bytes: x86's. arm64, powerpc,
    // mips, loongarch, sparc and parisc instructions are four bytes, riscv's compressed ones, s390's and
    // m68k's two; only arm's Thumb-2 kernels print odd offsets too (the Thumb bit), and their `from`
    // lines weigh more.
    if (!this.sawOddOffset && frames.some((f) => f.offset !== null && f.offset % 2 === 1)) {
      this.sawOddOffset = true;
      this.add({ arch: 'x86_64', weight: 2 });
    }
    // A return address two bytes past a four-byte boundary: riscv's compressed instructions, s390's
    // and x86's; `result` weighs it with riscv's text window (`RISCV_TEXT_WINDOW`).
    if (!this.sawHalfWordOffset && frames.some((f) => f.offset !== null && f.offset % 4 === 2)) {
      this.sawHalfWordOffset = true;
    }
    if (!this.sawDotSymbol && first && isDotSymbol(text, first.fn, searched)) {
      this.sawDotSymbol = true;
      this.add({ arch: 'powerpc', weight: 3 });
    }
    // loongarch's kernel runs in the direct-mapped window at 0x9000000000000000
    // (arch/loongarch/include/asm/addrspace.h CACHE_BASE); mips64's lies elsewhere.
    if (!this.sawWindow && searched && text.includes('[<90000000')) {
      this.sawWindow = true;
      this.add({ arch: 'loongarch', weight: 2 });
    }
    // powerpc's show_stack() (arch/powerpc/kernel/process.c) prints each frame's stack pointer and
    // return address, `[c0000000029cbbb0] [c0000000006df360] f+0x74/0xa8`, without the angle brackets
    // of the other architectures' `[<address>]`; sparc64's one address per frame has none either.
    if (!this.sawStackPointer && text.charCodeAt(0) === 0x5b && POWERPC_FRAME.test(text)) {
      this.sawStackPointer = true;
      this.add({ arch: 'powerpc', weight: 3 });
    }
  }

  /**
   * A kernel data address: a lock lockdep names (` #0: ffff80001002bd90 (&lock){+.+.}`), the object of a
   * KASAN or kmemleak report. x86-64 maps nothing at 0xffff000000000000-0xffff87ffffffffff
   * (non-canonical below 0xffff800000000000, then the guard hole: Documentation/arch/x86/x86_64/mm.rst),
   * where arm64 with 48-bit addresses keeps its linear map and, from v5.4 on, its vmalloc area and image
   * (Documentation/arch/arm64/memory.rst); with 39-bit addresses arm64's linear map is
   * 0xffffff8000000000-0xffffffbfffffffff, another x86-64 hole, and below riscv's lowest sv39 address
   * (Documentation/arch/riscv/vm-layout.rst). loongarch's modules also start at 0xffff800000000000
   * (arch/loongarch/include/asm/pgtable.h vm_map_base); its register lines weigh more. A ppc64 address
   * counts for powerpc (below). x86-64's direct map starts at 0xffff888000000000 (mm.rst,
   * page_offset_base; 0xffff880000000000 before the LDT remap took that range, as the comment in
   * arch/x86/mm/pat/set_memory.c still says), and KASLR moves it up in whole PUDs (arch/x86/mm/kaslr.c
   * kernel_randomize_memory()): `X86_DATA_ADDRESS` reads 0xffff880000000000-0xffff8effffffffff as x86-64.
   * arm64's vmalloc area spans that range but is handed out lowest address first from
   * 0xffff800080000000 (mm/vmalloc.c find_vmap_lowest_match()), and its randomized image sits in the
   * middle half of the area (arch/arm64/kernel/pi/kaslr_early.c); riscv's sv48 kernel space starts
   * above it, at 0xffff8f8000000000. A static lock in the window `textAddress` names is x86-64's too.
   * Counts once.
   */
  dataAddress(address: string | null): void {
    if (this.sawDataAddress || address?.length !== 16) return;
    if (ARM64_DATA_ADDRESS.test(address)) {
      this.sawDataAddress = true;
      this.add({ arch: 'arm64', weight: 2 });
    } else if (POWERPC_DATA_ADDRESS.test(address)) {
      // ppc64 maps memory linearly from PAGE_OFFSET, 0xc000000000000000 (arch/powerpc/Kconfig), where
      // x86-64 addresses are not canonical; mips64's vmalloc area starts there too (MAP_BASE,
      // arch/mips/include/asm/mach-generic/spaces.h), whose register lines weigh more.
      this.sawDataAddress = true;
      this.add({ arch: 'powerpc', weight: 2 });
    } else if (X86_DATA_ADDRESS.test(address)) {
      this.sawDataAddress = true;
      this.add({ arch: 'x86_64', weight: 2 });
    }
  }

  /** The heaviest architecture, `unknown` without evidence; ties go to the earlier one in `ARCHES`. */
  result(): Arch {
    // A device-tree model (`DEVICE_TREE_MODEL`) is arm64's or riscv's; the trace header says which.
    const deviceTree: Arch | null =
      !this.sawDeviceTree || this.traceHeader === null
        ? null
        : this.traceHeader === 'lower'
          ? 'arm64'
          : 'riscv';
    const bareUnderUpper: Arch | null = this.sawBareFrame && this.traceHeader === 'upper' ? 'x86_64' : null;
    const riscvText = this.sawRiscvWindow && this.sawHalfWordOffset;
    const armText = this.sawArmKernelText && this.traceHeader !== 'upper';
    let best: Arch = 'unknown';
    let bestScore = 0;
    for (const arch of ARCHES) {
      const score =
        (this.score.get(arch) ?? 0) +
        (arch === deviceTree ? 2 : 0) +
        (arch === bareUnderUpper ? 2 : 0) +
        (riscvText && arch === 'riscv' ? 2 : 0) +
        (armText && arch === 'arm' ? 1 : 0);
      if (score > bestScore) {
        best = arch;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * The register dump is of a machine outside `ARCHES` (its `unknown` rows outweigh every listed
   * architecture): `unknown` then says what the lines say, and no other report's machine replaces it.
   */
  outsideArches(): boolean {
    const outside = this.score.get('unknown') ?? 0;
    return outside > 0 && ARCHES.every((arch) => arch === 'unknown' || (this.score.get(arch) ?? 0) < outside);
  }

  private add(evidence: Evidence): void {
    this.score.set(evidence.arch, (this.score.get(evidence.arch) ?? 0) + evidence.weight);
  }
}

/** The hex address after `marker` (`''`: at the start) in `rest`. */
function addressAfter(rest: string, marker: string): string | null {
  const at = marker === '' ? 0 : rest.indexOf(marker);
  return at < 0 ? null : hexTokenAt(rest, at + marker.length);
}
