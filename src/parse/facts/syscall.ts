/**
 * The syscall a user-mode register dump was in. x86-64 `__show_regs` prints `ORIG_RAX: %016lx` on the
 * line after `RIP: %04x:...` (arch/x86/kernel/process_64.c, dumpstack.c `show_iret_regs`); a system
 * call saves its number there. The code segment says which table it indexes: `0033` is __USER_CS
 * (64-bit), `0023` __USER32_CS (compat i386) (arch/x86/include/asm/segment.h). Kernel-mode dumps hold
 * an interrupt vector or an error code instead and are skipped.
 */
import type { SyscallFact } from '../report.js';
import { hexEnd } from './text.js';

const USER_CS: ReadonlyMap<string, SyscallFact['abi']> = new Map([
  ['0033', 'x86_64'],
  ['0023', 'i386'],
]);
const ORIG_RAX = ' ORIG_RAX: ';
/** x32 calls carry __X32_SYSCALL_BIT (arch/x86/include/uapi/asm/unistd.h): not in the tables we keep. */
const MAX_NR = 0x40000000;

export class SyscallReader {
  result: SyscallFact | null = null;
  private abi: SyscallFact['abi'] | null = null;

  /** The text after `RIP: `. */
  rip(rest: string): void {
    this.abi = USER_CS.get(rest.slice(0, 4)) ?? null;
  }

  /** A line starting `RSP: ` that may end with `ORIG_RAX: 0000000000000001`. */
  rsp(text: string, line: number): void {
    const abi = this.abi;
    this.abi = null;
    const at = text.indexOf(ORIG_RAX);
    if (abi === null || at < 0 || this.result !== null) return;
    const start = at + ORIG_RAX.length;
    const end = hexEnd(text, start);
    if (end - start !== 16) return;
    const nr = Number.parseInt(text.slice(start, end), 16);
    if (nr < MAX_NR) this.result = { abi, nr, line };
  }
}
