/**
 * The architecture and kernel release of reports whose own lines name none. A paste comes from one
 * machine as a rule: a panic line after an oops, a second report cut short, a trace without register
 * dump all ran where the paste's other reports ran. When no report of the paste names one, the
 * paste's other lines may (the register dump above an excerpt, `Modules linked in:`, the boot line's
 * `Linux version`, the task line of a register dump no report holds).
 */
import { ArchTally, KSYMOOPS_BANNER } from './facts/arch.js';
import { readModules } from './facts/modules.js';
import { readTaintAndRelease } from './facts/taint.js';
import { parseFrameLine } from './frames.js';
import type { PasteLine } from './paste.js';
import type { Arch, Report } from './report.js';

const MODULES = 'Modules linked in:';
const TASK_LINE = 'CPU: ';
const COMM = ' Comm: ';
const NOT_TAINTED = 'Not tainted';
const TAINTED = 'Tainted: ';
/** init/version.c linux_banner: `Linux version 6.1.0-13-amd64 (debian-kernel@...) ...`. */
const LINUX_VERSION = /^Linux version (\S{1,64}) \(/;
/** The crash utility's `sys` (a vmcore's summary) names the kernel's release on a line of its own. */
const CRASH_RELEASE = /^ {0,12}RELEASE: (\d{1,3}\.\d{1,3}\S{0,64})$/;
const CRASH_RELEASE_WORD = 'RELEASE: ';
/**
 * `uname -a`: `Linux host 6.12.6-1-rpi-16k #1 SMP PREEMPT ...`; posters often cut the host name
 * (`Linux 6.6.31+rpt-rpi-v7l #1 SMP Raspbian ...`), the same line without uname's second field.
 */
const UNAME_RELEASE = /^Linux (?:\S{1,64} )?(\d{1,2}\.\d{1,3}[\w.+~-]{0,64}) #\d/;
/**
 * syzbot's report names the tree's head commit (`HEAD commit:    9448598b22c5 Linux 6.19-rc2`); when
 * that commit is a release tag's (its subject `Linux <version>`, as the top Makefile's version commits
 * are titled), the version is the kernel's.
 */
const SYZBOT_HEAD_RELEASE =
  /^HEAD commit: {1,8}[0-9a-f]{8,40} Linux (\d{1,2}\.\d{1,3}(?:\.\d{1,3})?(?:-rc\d{1,2})?)$/;
/**
 * A bug template's row: the kernel bugzilla's `Kernel Version: 2.6.30-rc5`, `Kernel version | 6.1.0`,
 * OpenZFS's older issue template `Linux Kernel | 3.10.0-862.11.6.el7.x86_64`; a Pixel's ramdump reason
 * names the kernel that crashed `last kernel version:` (its `aosp kernel version:` is the reference build's).
 */
const KERNEL_VERSION_ROW =
  /^[|*-]? {0,3}(?:(?:last )?[Kk]ernel[ _]?[Vv]ersion|Linux [Kk]ernel)[ \t]{0,40}[:|][ \t]{0,40}v?(\d{1,2}\.\d{1,3}[\w.+~-]{0,64})/;

/**
 * modinfo's `vermagic:` row (the module's `.modinfo` vermagic string, include/linux/vermagic.h
 * VERMAGIC_STRING: the release it was built for first): a module the poster shows beside its oops was
 * loaded, and kernel/module/version.c same_magic() loads none built for another release.
 */
const VERMAGIC_ROW = /^vermagic: {1,40}(\d{1,2}\.\d{1,3}[\w.+~-]{0,64}) /;

/**
 * `uname -r` prints the release alone on the line below the command (`# uname -r`, `$ uname -r`): the
 * one line after it that is nothing but a release.
 */
const UNAME_R_COMMAND = 'uname -r';
const BARE_RELEASE = /^(\d{1,2}\.\d{1,3}[\w.+~-]{0,64})$/;

/** The release of a boot banner (`LINUX_VERSION`), which may name the machine (`2.6.38.3-6.xen.x86_64`). */
function bannerRelease(text: string): string | null {
  return text.startsWith('Linux version ') ? (LINUX_VERSION.exec(text)?.[1] ?? null) : null;
}

/** The release `text` prints when the line before it, `previous`, ran `uname -r`; else null. */
function unameRelease(previous: string, text: string): string | null {
  return previous.endsWith(UNAME_R_COMMAND) ? (BARE_RELEASE.exec(text.trimEnd())?.[1] ?? null) : null;
}

export function shareMachine(reports: readonly Report[], lines: readonly PasteLine[]): Report[] {
  const needArch = reports.some((r) => r.arch === 'unknown');
  const needKernel = reports.some((r) => r.kernel === null);
  if (!needArch && !needKernel) return [...reports];
  const arch = needArch
    ? (onlyValue(
        reports.map((r) => r.arch),
        'unknown',
      ) ?? pasteArch(lines))
    : 'unknown';
  const kernel = needKernel
    ? (onlyValue(
        reports.map((r) => r.kernel),
        null,
      ) ??
      bootedKernel(lines) ??
      dumpedKernel(lines) ??
      statedKernel(lines))
    : null;
  return reports.map((r, i) => ({
    ...r,
    arch:
      r.arch !== 'unknown' || isOutsideArches(r, lines)
        ? r.arch
        : (nearestNamed(reports, i, (x) => x.arch, 'unknown') ?? arch),
    kernel: r.kernel ?? nearestNamed(reports, i, (x) => x.kernel, null) ?? kernel,
  }));
}

/**
 * A report whose own register lines are those of a machine outside `ARCHES` (alpha, m68k, sh, arc,
 * openrisc, xtensa, microblaze: see `ArchTally`) keeps `unknown`: a neighbour's x86 KASAN report or the
 * paste's other lines did not run there.
 */
function isOutsideArches(report: Report, lines: readonly PasteLine[]): boolean {
  const tally = new ArchTally();
  for (const line of lines) {
    if (line.no < report.lines.start) continue;
    if (line.no > report.lines.end) break;
    if (line.ctx !== 'foreign') tally.line(line.text.trimStart());
  }
  return tally.outsideArches();
}

/**
 * When the paste's reports name different values (two kernels booted in turn, two machines compared),
 * a report that names none takes the value of the nearest report above it that names one, else of the
 * nearest below: a panic printed after an oops (`Fatal exception`, `Attempted to kill init!`: kernel/exit.c
 * make_task_dead(), kernel/panic.c) comes from the kernel whose oops killed the task. Null when the
 * reports agree or name none; `shareMachine` then uses the one value or the paste's other lines.
 */
function nearestNamed<T>(reports: readonly Report[], at: number, value: (r: Report) => T, none: T): T | null {
  if (onlyValue(reports.map(value), none) !== null) return null;
  for (let i = at - 1; i >= 0; i--) {
    const v = value(reports[i] as Report);
    if (v !== none) return v;
  }
  for (let i = at + 1; i < reports.length; i++) {
    const v = value(reports[i] as Report);
    if (v !== none) return v;
  }
  return null;
}

/** The one value the reports name besides `none`, or null when they name none or disagree. */
function onlyValue<T>(values: readonly T[], none: T): T | null {
  const named = new Set(values.filter((v) => v !== none));
  return named.size === 1 ? ([...named][0] ?? null) : null;
}

/**
 * The evidence of every line of the paste, as a report's own lines are read (details.ts), foreign
 * lines (other programs' syslog lines) excepted.
 */
function pasteArch(lines: readonly PasteLine[]): Arch {
  const tally = new ArchTally();
  let previous = '';
  for (const line of lines) {
    if (line.ctx === 'foreign') continue;
    const text = line.text.trimStart();
    if (text === '') continue;
    const stated = unameRelease(previous, text) ?? bannerRelease(text);
    previous = text.trimEnd();
    if (stated !== null) tally.statedRelease(stated);
    tally.line(text);
    tally.release(text);
    tally.path(text);
    tally.textAddress(text);
    tally.statement(text);
    tally.board(text);
    if (text.startsWith(MODULES)) tally.modules(readModules(text.slice(MODULES.length)).map((m) => m.name));
    // A trace outside every report (the tail of one cut above the excerpt) names its entry code.
    const frames = parseFrameLine(text);
    if (frames === null) continue;
    tally.frameLine(text, frames, true, line.time !== null || line.logged === true);
  }
  return tally.result();
}

/**
 * The release of the task lines in the paste (lib/dump_stack.c dump_stack_print_info() `CPU: %d PID: %d
 * Comm: %.20s %s %s`, print_tainted() and the release), when they show exactly one: mips's machine-check
 * handler prints its registers and then panics (arch/mips/kernel/traps.c do_mcheck()), so the panic's
 * report starts below the line that names the release.
 */
function dumpedKernel(lines: readonly PasteLine[]): string | null {
  const releases = new Set<string>();
  for (const line of lines) {
    const text = line.text.trimStart();
    if (line.ctx === 'foreign' || !text.startsWith(TASK_LINE) || !text.includes(COMM)) continue;
    const at = taintAt(text);
    const kernel = at < 0 ? null : readTaintAndRelease(text, at)?.kernel;
    if (kernel) releases.add(kernel);
  }
  return releases.size === 1 ? ([...releases][0] ?? null) : null;
}

/** Where print_tainted()'s words start on a task line, or -1. */
function taintAt(text: string): number {
  const not = text.indexOf(NOT_TAINTED);
  return not >= 0 ? not : text.indexOf(TAINTED);
}

/**
 * The release of the paste's boot banner, or of the vmcore the crash utility's `sys` describes
 * (`RELEASE: 4.15.0-166-generic`), when the paste shows exactly one.
 */
function bootedKernel(lines: readonly PasteLine[]): string | null {
  const releases = new Set<string>();
  for (const line of lines) {
    if (line.ctx === 'foreign') continue;
    const m = line.text.startsWith('Linux version ')
      ? LINUX_VERSION.exec(line.text)
      : line.text.includes(CRASH_RELEASE_WORD)
        ? CRASH_RELEASE.exec(line.text)
        : null;
    if (m?.[1]) releases.add(m[1]);
  }
  return releases.size === 1 ? ([...releases][0] ?? null) : null;
}

/**
 * The release a poster states, when the paste shows exactly one: `uname -a`'s, ksymoops's banner
 * (`ksymoops 2.4.8 on i686 2.4.22-rc1.  Options used`: the machine, then the release), syzbot's head
 * commit when it is a release's, or a bug template's `Kernel Version` row. Read last: the kernel's own lines say which kernel printed the report.
 */
function statedKernel(lines: readonly PasteLine[]): string | null {
  const releases = new Set<string>();
  let previous = '';
  for (const line of lines) {
    if (line.ctx === 'foreign') continue;
    const text = line.text.trimStart();
    if (text === '') continue;
    const stated = unameRelease(previous, text);
    previous = text.trimEnd();
    const release =
      stated !== null
        ? stated
        : text.startsWith('Linux ')
          ? (UNAME_RELEASE.exec(text)?.[1] ?? KERNEL_VERSION_ROW.exec(text)?.[1])
          : text.startsWith('ksymoops ')
            ? KSYMOOPS_BANNER.exec(text)?.[2]
            : text.startsWith('HEAD commit:')
              ? SYZBOT_HEAD_RELEASE.exec(text)?.[1]
              : text.startsWith('vermagic:')
                ? VERMAGIC_ROW.exec(text)?.[1]
                : text.includes('ersion')
                  ? KERNEL_VERSION_ROW.exec(text)?.[1]
                  : undefined;
    if (release) releases.add(release);
  }
  return releases.size === 1 ? ([...releases][0] ?? null) : null;
}
