/**
 * Commands to paste, built from this report's own frames, files and title. The scripts are the
 * kernel's (v6.12): `scripts/faddr2line [--list] <object file> <func+offset>...`,
 * `scripts/decode_stacktrace.sh [<vmlinux> [<base_path>|auto [<modules_path>]]]` (it also looks for each
 * module's `.ko` beside vmlinux), `scripts/decodecode < oops.file` (it decodes the last `Code:` line it
 * reads, so it is fed the one line) and `scripts/get_maintainer.pl -f <file>`.
 */
import { baseName } from '../parse/frames.js';
import type { Frame, Report } from '../parse/report.js';
import { isLockMachinery } from './lockdep-story.js';
import type { NoteCommand } from './note-model.js';
import { frameText } from './note-text.js';

/** Frames of the report's machinery, not worth a faddr2line: dumping, lockdep, the sanitizers' own. */
const MACHINERY = [
  'dump_stack',
  'dump_stack_lvl',
  'show_stack',
  'show_regs',
  'print_',
  'lock_acquire',
  '__lock_acquire',
  'validate_chain',
  'check_noncircular',
  'check_prev',
  'kasan_',
  '__kasan_',
  'kmsan_',
  'ubsan_',
  '__ubsan_',
  '__warn',
  'report_bug',
  'handle_bug',
  'exc_',
  'asm_exc_',
  'entry_SYSCALL',
  'do_syscall_',
  'ret_from_fork',
  'panic',
  '___might_sleep',
  '__might_sleep',
  '__might_resched',
  '__might_fault',
];

/** At most this many frames per faddr2line command: the lines that matter, not the whole trace. */
const MAX_FRAMES = 4;

function isMachinery(fn: string): boolean {
  const name = baseName(fn);
  return MACHINERY.some((m) => name.startsWith(m)) || isLockMachinery(fn);
}

/** `./scripts/faddr2line` takes `func+0xoff/0xlen`; a frame without an offset cannot be located. */
function placed(f: Pick<Frame, 'fn' | 'offset' | 'size' | 'module'>): boolean {
  return f.offset !== null && f.size !== null;
}

/** The frames to locate: where the CPU was, then the guilty frame, then the first callers. */
function framesToLocate(report: Report): Array<Pick<Frame, 'fn' | 'offset' | 'size' | 'module'>> {
  const picked: Array<Pick<Frame, 'fn' | 'offset' | 'size' | 'module'>> = [];
  const add = (f: Pick<Frame, 'fn' | 'offset' | 'size' | 'module'>): void => {
    if (!placed(f) || picked.some((p) => p.fn === f.fn && p.offset === f.offset)) return;
    picked.push(f);
  };
  const loc = report.facts.rip ?? report.facts.pc;
  if (loc?.fn != null && loc.offset !== null && loc.size !== null) {
    const frame = report.frames.find((f) => f.fn === loc.fn);
    add({ fn: loc.fn, offset: loc.offset, size: loc.size, module: frame?.module ?? null });
  }
  const main = report.frames.filter((f) => f.stack === 'main' && !f.unreliable && !isMachinery(f.fn));
  const guilty = report.guilty;
  const at = guilty === null ? -1 : main.findIndex((f) => baseName(f.fn) === baseName(guilty));
  for (const f of main.slice(Math.max(0, at))) {
    if (picked.length >= MAX_FRAMES) break;
    add(f);
  }
  return picked;
}

/** decode_stacktrace.sh's own pattern for a module's file: `_` and `-` are the same in module names. */
function koPattern(module: string): string {
  return `${module.replace(/[-_]/g, '[-_]')}.ko`;
}

export function commandsFor(report: Report): NoteCommand[] {
  const out: NoteCommand[] = [];
  const frames = framesToLocate(report);
  const builtIn = frames.filter((f) => f.module === null);
  if (builtIn.length > 0) {
    out.push({
      why: 'Turn the key frames into file:line, inlined callers included (run in the kernel build tree):',
      command: `./scripts/faddr2line vmlinux ${builtIn.map((f) => frameText({ ...f, module: null })).join(' ')}`,
    });
  }
  const modules = [...new Set(frames.flatMap((f) => (f.module === null ? [] : [f.module])))];
  for (const mod of modules) {
    const own = frames.filter((f) => f.module === mod);
    out.push({
      why: `The same for the frames in module ${mod}, with its .ko (built with debug info):`,
      command: `./scripts/faddr2line $(find . -name '${koPattern(mod)}') ${own.map((f) => frameText({ ...f, module: null })).join(' ')}`,
    });
  }
  if (report.frames.length > 0) {
    out.push({
      why: 'Decode the whole report (save the paste as report.txt; module .ko files are looked for beside vmlinux):',
      command: './scripts/decode_stacktrace.sh vmlinux auto < report.txt',
    });
  }
  const codeLine = report.facts.codeLine;
  if (codeLine !== null) {
    out.push({
      why: `Disassemble the \`Code:\` line at L${codeLine}, faulting instruction marked (set ARCH= when cross-decoding):`,
      command: `sed -n '${codeLine}p' report.txt | ./scripts/decodecode`,
    });
  }
  const named = report.facts.namedFile ?? report.facts.sleepAt;
  const file = named === null ? null : treePath(named.file);
  if (file !== null) {
    out.push({
      why: `Who maintains ${file}, the file the report names:`,
      command: `./scripts/get_maintainer.pl -f ${file}`,
    });
  }
  const query = loreQuery(report);
  if (query !== null) {
    out.push({
      why: 'Look for earlier reports and fixes of this title on the lists:',
      command: `https://lore.kernel.org/all/?q=${encodeURIComponent(query)}`,
    });
  }
  if (report.title !== '' && fromSyzkaller(report)) {
    // syzbot mails each bug to the lists from syzbot+<id>@syzkaller.appspotmail.com, and the mail
    // links its dashboard page; the dashboard itself has no search by title.
    out.push({
      why: "syzbot's own report of this title, which links its dashboard page (reproducer, bisection, fix):",
      command: `https://lore.kernel.org/all/?q=${encodeURIComponent(`f:syzbot s:"${report.title}"`)}`,
    });
  }
  return out;
}

/**
 * Top-level directories of the kernel tree that source files printed in reports live under (Linux
 * 6.12). `usr`, `tools`, `scripts` and `samples` are left out: a build path such as `/usr/src/linux/`
 * would otherwise be taken for the tree's own `usr/`.
 */
const TREE_DIRS = new Set([
  'arch', 'block', 'certs', 'crypto', 'drivers', 'fs', 'include', 'init', 'io_uring', 'ipc',
  'kernel', 'lib', 'mm', 'net', 'rust', 'security', 'sound', 'virt',
]); // prettier-ignore

/**
 * A file as get_maintainer.pl wants it, relative to the top of the tree. Kernels built without
 * `-fmacro-prefix-map` print `__FILE__` with the build's own directory in front
 * (`/home/me/linux/kernel/kernel/workqueue.c`); the tree starts at the first top-level directory,
 * except that a `kernel` with another top-level directory after it is the name of the checkout
 * (`~/kernel/msm-4.19/drivers/...`, `~/linux/kernel/kernel/...`). A path with no tree directory in it
 * belongs to an out-of-tree module, which has no maintainer entry. A checkout lies at least two
 * directories below the root (`/home/me/linux`, `/usr/src/linux-5.4`), so `/var/lib/dkms/...` is
 * not read as the tree's `lib/`.
 */
export function treePath(file: string): string | null {
  if (!file.startsWith('/')) return file;
  const parts = file.split('/');
  for (let i = 3; i < parts.length - 1; i++) {
    const dir = parts[i] ?? '';
    if (!TREE_DIRS.has(dir)) continue;
    if (dir === 'kernel' && parts.slice(i + 1, -1).some((p) => TREE_DIRS.has(p))) continue;
    return parts.slice(i).join('/');
  }
  return null;
}

const CORRUPTED_SUFFIX = ' in corrupted';

/**
 * The lore search for a report's title. A syzbot-style title that ends in `in corrupted` names no
 * function, so searching it verbatim finds only other unreadable reports: the culprit stands in for
 * the missing function, and with no culprit either the search is left out.
 */
function loreQuery(report: Report): string | null {
  if (report.title === '') return null;
  if (!report.title.endsWith(CORRUPTED_SUFFIX)) return `"${report.title}"`;
  if (report.culprit === null) return null;
  return `"${report.title.slice(0, -CORRUPTED_SUFFIX.length)}" ${report.culprit.fn}`;
}

/** A report from a syzkaller run: its executor's task names, or a kernel release syzbot built. */
function fromSyzkaller(report: Report): boolean {
  const comm = report.task?.comm ?? '';
  return (
    comm.startsWith('syz-executor') || comm.startsWith('syz.') || (report.kernel ?? '').includes('syzkaller')
  );
}
