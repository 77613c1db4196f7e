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
  // arch/x86/kernel/process_32.c and process_64.c __show_regs(): `EFLAGS:` on both, i386's `EIP:`.
  ...rows('x86_64', 3, 'EFLAGS: ', 'EIP: ', 'EIP is at '),
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
]);

/** The line starts `ArchTally.line` looks for. */
export const ARCH_LINE_STARTS = LINE_EVIDENCE.prefixes;

/** Frame names: syscall and exception entry code that exists on one architecture only. */
const FRAME_EVIDENCE = new PrefixTable<Evidence>([
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
  ...rows('powerpc', 3, 'system_call_exception', 'system_call_common', 'system_call_vectored_'),
  ...rows('s390', 3, '__s390x_sys_', '__s390_sys_', '__do_syscall'),
  ...rows('loongarch', 3, 'handle_syscall', 'do_syscall'),
]);

const HARDWARE = 'Hardware name: ';
const HARDWARE_EVIDENCE: ReadonlyArray<readonly [string, Evidence]> = [
  ['QEMU Standard PC (', { arch: 'x86_64', weight: 3 }],
  ['innotek GmbH VirtualBox', { arch: 'x86_64', weight: 2 }],
  ['VMware Virtual Platform', { arch: 'x86_64', weight: 2 }],
  ['linux,dummy-virt', { arch: 'arm64', weight: 3 }],
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
];

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
  ].map((m): [string, Arch] => [m, 'x86_64']),
  ...['sha1_ce', 'sha2_ce', 'sha512_ce', 'aes_ce_blk', 'aes_ce_cipher', 'ghash_ce', 'crct10dif_ce'].map(
    (m): [string, Arch] => [m, 'arm64'],
  ),
  ...['crc32c_vpmsum', 'crct10dif_vpmsum', 'vmx_crypto', 'pseries_wdt'].map((m): [string, Arch] => [
    m,
    'powerpc',
  ]),
]);

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

/** Adds up the evidence seen in one report; the caller owns the instance. */
export class ArchTally {
  private readonly score = new Map<Arch, number>();
  private sawPair = false;
  private sawRelease = false;
  private sawStale = false;
  private sawPath = false;
  private sawWindow = false;

  line(text: string): void {
    // The stack words of a loongarch kernel hold its direct-mapped addresses (see `frameLine`).
    if (text.startsWith('Stack :') && text.includes(' 90000000')) {
      this.add({ arch: 'loongarch', weight: 3 });
      return;
    }
    const hit = LINE_EVIDENCE.match(text);
    if (hit) this.add(hit.value);
    else if (text.startsWith(HARDWARE)) this.hardware(text);
  }

  /**
   * `Hardware name:` (lib/dump_stack.c dump_stack_print_info(), from DMI or the device tree's model):
   * QEMU's x86 machine types and x86-only hypervisors, QEMU's arm64 `virt` board. A `BIOS` version
   * comes from DMI, which x86 nearly always has and some arm64 and loongarch servers have too.
   */
  private hardware(text: string): void {
    for (const [token, evidence] of HARDWARE_EVIDENCE) {
      if (text.includes(token)) {
        this.add(evidence);
        return;
      }
    }
  }

  frame(fn: string): void {
    const hit = FRAME_EVIDENCE.match(fn);
    if (hit) this.add(hit.value);
  }

  /**
   * A kernel release that names its architecture (`5.14.0-70.el9.x86_64`, `6.1.0-13-amd64`,
   * `4.19.0-armv7l`) on the line of the task that printed the report.
   */
  release(text: string): void {
    if (this.sawRelease || !(text.startsWith('CPU: ') || text.startsWith('Pid: ') || text.includes('ainted')))
      return;
    for (const [token, arch] of RELEASE_ARCH) {
      if (text.includes(token)) {
        this.sawRelease = true;
        this.add({ arch, weight: 2 });
        return;
      }
    }
  }

  /** A source path under arch/ in the line (`ARCH_PATH`); the first one counts. */
  path(text: string): void {
    if (this.sawPath || !text.includes('arch/')) return;
    const dir = ARCH_PATH.exec(text)?.[1];
    const arch = dir === undefined ? undefined : PATH_ARCH[dir];
    if (arch) {
      this.sawPath = true;
      this.add({ arch, weight: 3 });
    }
  }

  /** The modules of `Modules linked in:`; the first that builds for one architecture only counts. */
  modules(names: readonly string[]): void {
    for (const name of names) {
      const arch = MODULE_ARCH.get(name);
      if (arch) {
        this.add({ arch, weight: 2 });
        return;
      }
    }
  }

  /**
   * A frame line holding `frameCount` frames. Each shape below counts once, so a line is only searched
   * for one not seen yet:
   * - x86 alone marks stale stack words `? f+0x1/0x2` (arch/x86/kernel/dumpstack.c printk_stack_address());
   * - only arm32 prints a callee and its caller on one line, `[<c0123456>] (f) from [<c0123457>]
   *   (g+0x1c/0x40)` (arch/arm/kernel/traps.c dump_backtrace_entry()).
   */
  frameLine(text: string, frameCount: number): void {
    if (!this.sawPair && frameCount === 2 && text.includes(' from ')) {
      this.sawPair = true;
      this.add({ arch: 'arm', weight: 3 });
    }
    if (!this.sawStale && (text.startsWith('? ') || text.includes('] ? '))) {
      this.sawStale = true;
      this.add({ arch: 'x86_64', weight: 2 });
    }
    // loongarch's kernel runs in the direct-mapped window at 0x9000000000000000
    // (arch/loongarch/include/asm/addrspace.h CACHE_BASE); mips64's lies elsewhere.
    if (!this.sawWindow && text.includes('[<90000000')) {
      this.sawWindow = true;
      this.add({ arch: 'loongarch', weight: 2 });
    }
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
