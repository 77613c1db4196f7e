/**
 * Strips the prefixes that loggers put in front of kernel lines and reads the printk context from them.
 *
 * Handled, in the order they nest: syslog and journal headers (`Apr 15 11:02:05 VM kern.warn kernel: `,
 * ISO-8601 stamps, month names in any language: `июл 27`, `paź 3`, `Mär 5`, `7月 27`, `7월 27`;
 * journalctl's `short-full` and `short-unix` stamps), OpenWrt `logread` and ctime dates (`Mon Feb 12
 * 09:03:01 2018 kern.warn kernel: `), Go's `2016-07-31 16:26:53 +0000 UTC `, `dmesg -T` dates (`[Sat Nov
 * 21 01:02:03 2026] `, also with its first bracket cut), `dmesg --time-format=iso`, `dmesg -d` deltas
 * (`[  1.2 <    0.1>] `), `dmesg -H` (`[Jul27 14:08] `, `[  +0.000123] `), `kernel: `
 * (also glued, as syslogd's wall broadcast prints it: ` kernel:[  1.2] `), raw `/dev/kmsg` records
 * (`4,628,406528979,-;`), `<4>` levels, syzkaller's `** N printk messages dropped **` and glued `login: `
 * prompts, the `[  742.118233]` timestamp (also with its first bracket cut) and the `[ T1423]`/`[    C1]`
 * caller id of CONFIG_PRINTK_CALLER. Anything short without `: ` in front of a printk timestamp (a shell
 * prompt, a serial-console or container tag, a line number, a Markdown bullet, a terminal's clock) is
 * dropped with it.
 *
 * Every pattern is anchored at the start and has no nested or overlapping repetition, so each runs in
 * time linear in the (capped) line length.
 */
import { codeAt } from './char-code.js';

export interface StrippedLine {
  text: string;
  /** A logger prefix (date, tag, timestamp, record header) was removed. */
  prefixed: boolean;
  /**
   * Printk context: the caller id (`T1423`, `C1`) when printed, `console` for a timestamped line
   * without one, `` for a bare line, and `foreign` for a syslog line written by another program.
   */
  ctx: string;
  /** Seconds since boot of the printk timestamp (`[  742.118233]`), when the line has one. */
  time: number | null;
  /** A kernel logger's mark came off: a syslog or journal `kernel` tag, a kmsg record, a `<4>` level. */
  logged: boolean;
  /** The panic message the crash utility read from a vmcore (`CRASH_PANIC`), not a console line. */
  vmcore?: true;
}

/**
 * A syslog or journal date: a month name of any locale (`Jul`, `июл`, `paź`, `Mär`, `juil.`), then the
 * day; or day first (`27. Jul`); or the CJK month number (Chinese and Japanese `7月 27日`, Korean
 * `7월 27일`). The month is any short word without digits or spaces, so every language's abbreviation
 * is one pattern.
 */
const MONTH_DATE =
  /^(?:[^\s\d[\]<>:;,]{2,6}\.? {1,2}\d{1,2},?|\d{1,2}\.? [^\s\d[\]<>:;,]{2,6}\.?|\d{1,2}[月월] {0,2}\d{1,2}[日일]?) \d{2}:\d{2}:\d{2}(?:\.\d{1,9})? /;
/** ctime dates of OpenWrt's `logread` and busybox syslogd: `Mon Feb 12 09:03:01 2018 `. */
const CTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} \d{4} /;
/**
 * A syslog line whose date was cut to the time (`20:49:05 host kernel: `), or given as seconds since
 * the epoch by `journalctl -o short-unix` (`1700960431.123456 host kernel: `, journalctl(1)).
 */
const TIME_ONLY = /^(?:\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?|\d{9,11}\.\d{6}) [\w.-]{1,64} kernel: /;
/**
 * `journalctl -o short-full`: the weekday, the date and time as `--since=` takes them, and the zone
 * (`Sun 2023-11-26 01:10:31 CET host kernel: `, journalctl(1)).
 */
const SHORT_FULL_DATE = /^[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})? [\w+/-]{1,32} /;
/**
 * `dmesg --time-format=iso` (util-linux: the date, a comma before the microseconds, the offset with a
 * colon: `2023-11-26T01:10:31,123456+01:00 `): dmesg prints kernel records only, so no host or tag
 * follows and the message's own `BUG:`, `RIP:` are no syslog tags.
 */
const DMESG_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2},\d{6}[+-]\d{2}:\d{2} /;
/**
 * LAVA and other collectors put two spaces after the stamp. Go's `time.Time` String() (the layout
 * `2006-01-02 15:04:05.999999999 -0700 MST`) writes the offset and the zone's name after a space:
 * Docker Desktop's VM log (`2016-07-31 16:26:53 +0000 UTC kern.alert kernel: BUG: ...`).
 */
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2}| [+-]\d{4}(?: [A-Z]{1,5})?)? {1,2}/;
/**
 * `dmesg -T`: `[%a %b %e %H:%M:%S %Y]` (util-linux dmesg.c, strftime), so the day and month are the
 * locale's abbreviations: `[Sat Nov 21 ...]`, `[h jún 16 ...]`, `[lun. juin 16 ...]`, `[一 6月 16 ...]`.
 */
const DMESG_T =
  /^\[?[^\s\d[\]<>]{1,10} [^\s[\]<>]{1,10} {1,2}\d{1,2} \d{2}:\d{2}:\d{2}(?:[.,]\d{3,6})? \d{4}\] ?/;
/**
 * `dmesg -H`: the minute of a new batch (`[Jul27 14:08] `, `[Nov 3 13:15] `) or the time since the
 * previous line (`[  +0.000123] `, with the locale's decimal comma `[  +0,000003] `: util-linux dmesg
 * prints the delta through the C library's locale-aware number formatting).
 */
const DMESG_H =
  /^\[(?:[A-Z][a-z]{2} ?\d{1,2} \d{2}:\d{2}|[A-Z][a-z]{2} ?\d{1,2} \d{2}:\d{2}:\d{2}| {0,4}\+\d{1,6}[.,]\d{6})\] ?/;
/**
 * A raw `/dev/kmsg` record: level and facility, sequence number, microseconds, flags, optional
 * `caller=T12` and other fields, then `;` (Documentation/ABI/testing/dev-kmsg).
 */
const KMSG_RECORD = /^\d{1,3},\d{1,20},\d{1,20},[-c+]{0,2}(?:,[a-z]{1,16}=[A-Za-z0-9]{1,24}){0,4};/;
/**
 * Some Android kernel logs print each record as its uptime, its printk level and the wall clock:
 * `1276.705430:   <1> (01-28 07:22:33.304698634) Unable to handle ...`. The level is the record's
 * (`<0>`-`<7>`, include/linux/kern_levels.h), so the line is kernel output at that uptime.
 */
const UPTIME_LEVEL_RECORD = /^\d{1,12}\.\d{6}: {1,4}<[0-7]> (?:\(\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,9}\) )?/;
/** The dictionary lines that follow a kmsg record: ` SUBSYSTEM=pci`, ` DEVICE=+pci:0000:00:1f.0`. */
const KMSG_DICT = /^ [A-Z_]{2,32}=/;
const SYSLOG_TAG = /^[A-Za-z0-9_.\-/]{1,64}(?:\[\d{1,10}\])?:(?: |$)/;
/**
 * A printk level (`<4>`, include/linux/kern_levels.h). IGT and other CI runners print the level, a space,
 * then the timestamp (`<3> [100.231411] BUG: ...`): the space goes with the level when a timestamp follows.
 */
const LEVEL = /^<\d{1,3}>(?: (?=\[))?/;
const DROPPED = /^\*\* \d{1,10} printk messages dropped \*\* ?/;
/** `journalctl -o short-monotonic`: ` myhost kernel: ` after the timestamp. */
const JOURNAL_HOST_TAG = /^ ?[\w.-]{1,64} kernel: /;
const JOURNAL_KERNEL_TAG = ' kernel: ';
const KERNEL_TAG = 'kernel: ';
/**
 * A vendor kernel's printk prefix glued to the message after the timestamp: MediaTek's CPU and task
 * (`(0)[123:kworker/0:1]`), HiSilicon's (`[pid:18926,cpu6,lshw-bak,3]`), Samsung's and other Android
 * kernels' CPU, comm padded to 15 and pid, then the CPU again (`[1:      swapper/1:    0] [c1] `; the
 * `[c1]` may be missing). A comm may hold `:` (`kworker/3:3`); the bounded runs keep the match linear.
 */
const VENDOR_TAG =
  /^ {0,2}(?:\(\d{1,4}\)\[\d{1,10}:[^\]\s]{1,40}\]|\[pid:\d{1,10},cpu\d{1,4},[^\]\s]{1,40}\]|\[(\d{1,4}): {0,16}[^\]\s]{1,16}: {0,8}\d{1,7}\](?: \[c\d{1,4}\])?)/;
/**
 * AVM's FRITZ!Box kernels glue the CPU in brackets to the timestamp and the message to it
 * (`[  183.060000][0]CPU: 0 PID: 0 Comm: swapper/0 ...`); a message of its own never starts with a
 * bracketed number glued to its text.
 */
const GLUED_CPU_TAG = /^\[(\d{1,3})\](?=\S)/;
/**
 * The CPU that the PREEMPT_RT patch set's printk (5.2-rt to 5.9-rt, never merged into mainline) wrote
 * after the timestamp, three digits wide: `[  136.894657] 039: WARNING: ...`. Mainline prints nothing
 * there (kernel/printk/printk.c info_print_prefix(): timestamp, then the caller id), and no line of our
 * corpora has a message that starts with three digits and a colon; the field goes like a caller id
 * and, as one, keeps the CPUs' lines apart.
 */
const RT_CPU = /^(\d{3}):(?: |$)/;
/**
 * The CPU that Unisoc's (Spreadtrum's) Android kernels write after the timestamp, `c` and its number
 * (`[  245.523728] c0 Unable to handle kernel NULL pointer dereference ...`); a vendor printk change,
 * not in mainline. No kernel message starts with `c`, one or two digits and a space. paste-prefix.ts
 * takes it off lines saved without the timestamp.
 */
export const UNISOC_CPU = /^c(\d{1,2}) /;
/**
 * The clock a serial terminal program writes in front of each line it receives (`[2021/07/05,
 * 13:43:52.725] `, `[2024-01-05 10:11:12] `, `[22:22:59.896] `, `[20220819163739]`): not the
 * kernel's, so the line keeps no printk context from it.
 */
const TERMINAL_CLOCK =
  /^\[(?:\d{4}[/-]\d\d[/-]\d\d,? \d\d:\d\d:\d\d|\d\d:\d\d:\d\d|\d{14})(?:[.,:]\d{1,6})?\] ?/;
/**
 * A timestamp the poster blanked out (`[  ...]`, `[ ]`): dropped, but it says nothing of the printk
 * context, so the line stays bare (a Markdown checkbox `[ ] ...` looks the same).
 */
const ELIDED_TIMESTAMP = /^\[ {0,12}(?:\.{2,3} {0,2})?\] ?/;
/**
 * A timestamp whose first bracket was cut off with the start of the line; its closing bracket may come
 * through s390's 3270 console code page as `¨` (`CODE_PAGE_TIMESTAMP`): `349.361168¨ Oops: 0004 ...`.
 */
const CUT_TIMESTAMP = /^\d{0,12}\.\d{3,9}[\]\u00a8] /;
/**
 * `dmesg -x`: facility and level in front of each record, `%-6s:%-6s: ` (util-linux dmesg.c). Only
 * the `kern` facility is the kernel's; the rest was written to /dev/kmsg by programs.
 */
const DMESG_X =
  /^(kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7]) {0,4}:(?:emerg|alert|crit|err|warn|notice|info|debug) {0,4}: /;
/**
 * A timestamp anywhere in a line, for the short prefixes some tools put in front of it: followed by a
 * space, or by the caller id that CONFIG_PRINTK_CALLER glues to it (`[   12.345678][ T1234]`).
 */
const LATER_TIMESTAMP = /\[ {0,12}\d{1,12}\.\d{1,9}\](?=[ [])/;
/** Longest text that may stand in front of a printk timestamp and be dropped with it. */
const MAX_FOREIGN_PREFIX = 96;
/** syslogd's wall broadcast: `Message from syslogd@host at Jun 17 13:06:42 ...`; the kernel line follows. */
const WALL = /^Broadcast message from |^Message from syslogd@/;
/**
 * syzkaller glues the prompt to the start of a line: the first ` login: ` that ends within 128
 * characters. The lazy, bounded gap tries at most 121 places, all in the engine.
 */
const LOGIN = /^.{0,120}? login: /;
const LOGIN_WORD = ' login: ';
/** The latest place `LOGIN` can find `LOGIN_WORD` at. */
const LOGIN_MAX_AT = 120;
const LOGIN_COLON = LOGIN_WORD.indexOf(':');

/**
 * Each pattern runs only when the line starts with the character it needs (`[`, `<`, a digit, a month's
 * first letter, `k`, `*`), so a bare kernel line costs a few character tests. Indentation in front of
 * a prefix (a Markdown code block, a quoted mail) goes with the prefix; a kernel line keeps its own.
 */
/**
 * The crash utility's `sys` names the panic of the vmcore it reads, quoted: `       PANIC: "BUG: unable
 * to handle kernel NULL pointer dereference at 0000000000000010"`; the message is the report's header.
 */
const CRASH_PANIC = /^ {0,12}PANIC: "(.{1,512})"$/;
const CRASH_PANIC_WORD = 'PANIC: "';

export function stripPrefixes(line: string): StrippedLine {
  // A blank line has no prefix; reading past its end would also cost the optimised code of `stripLine`.
  if (line === '') return { text: '', ctx: '', prefixed: false, time: null, logged: false };
  // `CRASH_PANIC` is anchored: its line starts with the `P` or with spaces.
  const c0 = codeAt(line, 0);
  const panic =
    (c0 === 0x50 || c0 === 0x20) && line.includes(CRASH_PANIC_WORD) ? CRASH_PANIC.exec(line) : null;
  if (panic)
    return { text: panic[1] ?? '', ctx: '', prefixed: true, time: null, logged: false, vmcore: true };
  if (c0 === 0x20) {
    const trimmed = line.trimStart();
    // syslogd's wall broadcast glues the tag to the message: ` kernel:watchdog: BUG: soft lockup ...`.
    if (trimmed.startsWith('kernel:') && codeAt(trimmed, 7) > 0x20 && codeAt(trimmed, 7) !== 0x5b) {
      return { ...stripLine(trimmed.slice(7)), prefixed: true, logged: true };
    }
    const inner = stripLine(trimmed);
    if (inner.ctx !== '' || inner.text !== trimmed) return inner;
  }
  return stripLine(line);
}

function stripLine(line: string): StrippedLine {
  const stamped = codeAt(line, 0) === 0x5b ? stripStampedLine(line) : null;
  if (stamped) return stamped;
  let s = line;
  let foreign = false;
  let kmsg = false;
  let logged = false;
  /** `dmesg -T`/`-H` wrote the printk timestamp as a date: the console's record all the same. */
  let dated = false;

  const facility = isLower(codeAt(s, 0)) && codeAt(s, 6) === 0x3a ? DMESG_X.exec(s) : null;
  if (facility) {
    s = s.slice(facility[0].length);
    foreign = facility[1] !== 'kern';
    logged = !foreign;
  }
  const c0 = codeAt(s, 0);
  if ((c0 === 0x4d || c0 === 0x42) && WALL.test(s)) {
    return { text: '', ctx: '', prefixed: true, time: null, logged: false };
  }
  if (c0 === 0x20 && KMSG_DICT.test(s))
    return { text: '', ctx: '', prefixed: true, time: null, logged: true };
  const dmesgIso = isDigit(c0) && codeAt(s, 10) === 0x54 ? DMESG_ISO.exec(s) : null;
  // No date starts with a timestamp's `[`, which nearly every line does.
  const date =
    dmesgIso === null && c0 !== 0x5b && hasEarlyColon(s)
      ? (MONTH_DATE.exec(s) ?? ISO_DATE.exec(s) ?? CTIME_DATE.exec(s) ?? SHORT_FULL_DATE.exec(s))
      : null;
  const timeOnly = date === null && dmesgIso === null && isDigit(c0) ? TIME_ONLY.exec(s) : null;
  if (dmesgIso) {
    s = s.slice(dmesgIso[0].length);
    dated = true;
  } else if (date) {
    s = s.slice(date[0].length);
    // Log shippers and web consoles that join the stamp and the message with a dash, no host or tag:
    // `2025-08-31T23:43:46Z - kernel BUG at kernel/cred.c:103!`, `... - RIP: 0010:__put_cred+0x54/0x60`.
    const dashed = codeAt(s, 0) === 0x2d && codeAt(s, 1) === 0x20;
    const tagged = dashed ? { text: s.slice(2), kernel: true, named: false } : stripSyslogSource(s);
    s = tagged.text;
    foreign = !tagged.kernel;
    logged = tagged.named && tagged.kernel;
  } else if (timeOnly) {
    s = s.slice(timeOnly[0].length);
    logged = true;
  } else if (mayStartHumanDate(s, c0)) {
    const human = DMESG_T.exec(s) ?? (c0 === 0x5b ? DMESG_H.exec(s) : null);
    if (human) {
      s = s.slice(human[0].length);
      dated = true;
    }
  }
  if (codeAt(s, 0) === 0x6b && s.startsWith('kernel:')) {
    const before = s;
    if (s.startsWith('kernel: ')) s = s.slice(8);
    // syslogd's wall broadcast glues the message to the tag (`kernel:NMI watchdog: BUG: ...`); the
    // broadcast's indentation is often lost in a paste.
    else if (codeAt(s, 7) > 0x20) s = s.slice(7);
    logged ||= s !== before;
  }
  let uptime: number | null = null;
  if (isDigit(codeAt(s, 0))) {
    const record = KMSG_RECORD.exec(s);
    const uptimeRecord = record ? null : UPTIME_LEVEL_RECORD.exec(s);
    if (uptimeRecord) uptime = stampSeconds(s);
    const matched = record ?? uptimeRecord;
    if (matched) {
      s = s.slice(matched[0].length);
      kmsg = true;
      logged = true;
    }
  }

  if (codeAt(s, 0) === 0x2a) {
    const dropped = DROPPED.exec(s);
    if (dropped) s = s.slice(dropped[0].length);
  }
  s = stripLoginPrompt(s);
  if (codeAt(s, 0) === 0x3c) {
    const level = LEVEL.exec(s);
    if (level) {
      s = s.slice(level[0].length);
      logged = true;
    }
  }

  // A terminal's clock has a digit right after its bracket; a printk timestamp is padded with spaces.
  if (codeAt(s, 0) === 0x5b && isDigit(codeAt(s, 1)) && !kmsg) {
    const clock = TERMINAL_CLOCK.exec(s);
    if (clock) s = s.slice(clock[0].length);
  }

  let ctx = foreign ? 'foreign' : kmsg || dated ? 'console' : '';
  const first = codeAt(s, 0);
  let stamp =
    first === 0x5b
      ? timestampLength(s)
      : isDigit(first) || first === 0x2e
        ? cutTimestampLength(s)
        : first === 0xa2 || first === 0xdd
          ? matchLength(CODE_PAGE_TIMESTAMP, s)
          : 0;
  if (stamp === 0 && !foreign && !kmsg && s === line) {
    const later = timestampAfterPrefix(s);
    if (later !== null) {
      s = s.slice(later);
      stamp = timestampLength(s);
    }
  }
  if (stamp === 0 && first === 0x5b) {
    const elided = ELIDED_TIMESTAMP.exec(s);
    if (elided) s = s.slice(elided[0].length);
    // printk.time=0 with CONFIG_PRINTK_CALLER: the caller id alone (`[  C475] WARNING: ...`).
    const caller = elided || foreign || kmsg ? 0 : callerEnd(s);
    if (caller > 0) {
      ctx = callerId(s, caller);
      s = s.slice(caller).trimStart();
    }
  }
  // `s` is what is left of the end of `line`.
  if (stamp > 0) return afterStamp(line, line.length - s.length + stamp, stampSeconds(s), foreign, logged);
  s = s.slice(moduleTagEnd(s, 0));
  return { text: s, ctx, prefixed: s.length !== line.length, time: uptime, logged };
}

/**
 * A line that starts with a plain printk timestamp (`plainStamp`), as nearly every line of a log
 * does, read without the rules for what may stand in front of one: each of them needs another first
 * character, or (`dmesg -H`'s delta, a terminal's clock) text that no plain timestamp is. Only a login
 * prompt glued to the line comes first. Null for any other line.
 */
function stripStampedLine(line: string): StrippedLine | null {
  const stamp = plainStamp(line);
  if (stamp === null || hasLoginWord(line)) return null;
  return afterStamp(line, stamp.length, stamp.seconds, false, false);
}

/**
 * What follows a printk timestamp: the caller id, a journal's host and `kernel:` tag, a vendor's CPU or
 * task tag. `from` is the index after the timestamp in `line`; `time` the timestamp's seconds. Read by
 * index, with one slice at the end: nearly every line has a timestamp and a caller id.
 */
function afterStamp(
  line: string,
  from: number,
  time: number,
  foreign: boolean,
  logged: boolean,
): StrippedLine {
  let at = from;
  let ctx = foreign ? 'foreign' : 'console';
  const caller = callerEnd(line, at);
  if (caller > 0) {
    if (!foreign) ctx = callerId(line, caller);
    at = caller;
  }
  // `journalctl -o short-monotonic`: the host and the `kernel:` tag come after the timestamp.
  // The host holds no space: its tag starts at the first space after the host. Without a host
  // (a journal exported with the hostname left out) the tag follows the timestamp directly.
  const host = codeAt(line, at) === 0x20 ? at + 1 : at;
  if (line.startsWith(KERNEL_TAG, host)) {
    at = host + KERNEL_TAG.length;
  } else {
    const tag = line.indexOf(' ', host);
    if (tag > host && line.startsWith(JOURNAL_KERNEL_TAG, tag) && JOURNAL_HOST_TAG.test(line.slice(at))) {
      at = tag + JOURNAL_KERNEL_TAG.length;
    }
  }
  const cpuTag = codeAt(line, at) === 0x5b ? GLUED_CPU_TAG.exec(line.slice(at)) : null;
  if (cpuTag) {
    at += cpuTag[0].length;
    if (ctx === 'console') ctx = `C${cpuTag[1]}`;
  }
  const vendor = mayStartVendorTag(line, at) ? VENDOR_TAG.exec(line.slice(at)) : null;
  if (vendor) {
    at += vendor[0].length;
    // The CPU of an Android tag keeps the CPUs' interleaved lines apart, as the printk caller id does.
    if (vendor[1] !== undefined && ctx === 'console') ctx = `C${vendor[1]}`;
  }
  if (codeAt(line, at) === 0x20) at++;
  const c = codeAt(line, at);
  const cpu = isDigit(c) ? RT_CPU.exec(line.slice(at)) : c === 0x63 ? UNISOC_CPU.exec(line.slice(at)) : null;
  if (cpu) {
    at += cpu[0].length;
    if (ctx === 'console') ctx = `C${Number(cpu[1])}`;
  }
  const text = line.slice(moduleTagEnd(line, at));
  return { text, ctx, prefixed: text.length !== line.length, time, logged };
}

/** The index after the module name tag (`MODULE_NAME_TAG`) at `at` in `s`, or `at` without one. */
function moduleTagEnd(s: string, at: number): number {
  if (codeAt(s, at) !== 0x5b || !s.startsWith(MODULE_NAME_TAG_START, at)) return at;
  const tag = MODULE_NAME_TAG.exec(s.slice(at));
  return tag ? at + tag[0].length : at;
}

/**
 * MediaTek's Android kernels tag each message with the name of the code that printed it, glued to the
 * message (`[name:traps&]Internal error: ...`, `[name:mrdump&]pc : [0x...] f+0x28/0x288`), with or
 * without a timestamp before it.
 */
const MODULE_NAME_TAG_START = '[name:';
const MODULE_NAME_TAG = /^\[name:[\w-]{1,40}&\]/;

/** Whether `VENDOR_TAG` can match at `at`: its `[` or `(` comes after at most two spaces (Samsung prints two). */
function mayStartVendorTag(s: string, at: number): boolean {
  let k = at;
  while (k < at + 2 && codeAt(s, k) === 0x20) k++;
  const c = codeAt(s, k);
  return c === 0x5b || c === 0x28;
}

/**
 * Whether `DMESG_T` or `DMESG_H` can match: without its bracket a day name starts with a capital; after
 * it, with any letter; `dmesg -H`'s delta with `+` after at most four spaces. A printk timestamp
 * (`[   12.3]`) is neither.
 */
function mayStartHumanDate(s: string, c0: number): boolean {
  if (isUpper(c0)) return true;
  if (c0 !== 0x5b) return false;
  const c1 = codeAt(s, 1);
  // A day name in any locale; a printk timestamp has a space or digit here, a frame `<`.
  if (c1 > 0x20 && !isDigit(c1) && c1 !== 0x3c) return true;
  let k = 1;
  while (k < 5 && codeAt(s, k) === 0x20) k++;
  return codeAt(s, k) === 0x2b;
}

/**
 * Length of the printk timestamp `s` starts with, or 0. Vendor kernels append the CPU (Amlogic
 * `[    7.910564@0]`, Qualcomm `[   49.655037]@0`, Motorola's msm8916 `[86735.021187,1]`) or a unit
 * (HiSilicon `[ 1264.590057s]`); a mail or forum may add a space before the bracket
 * (`[  182.639154 ]`). A poster who cut the fractions off keeps the kernel's padding to five places
 * (`[  240.]`, kernel/printk/printk.c print_time() `[%5lu.%06lu]`).
 */
function timestampLength(s: string): number {
  return matchLength(TIMESTAMP, s);
}

/**
 * The plain printk timestamp (`[ {0,12}\d{1,12}\.\d{1,9}\]`) that `line` starts with, when no vendor's
 * `@` follows it: its length and its seconds, read as `stampSeconds` reads them. `TIMESTAMP` matches the
 * same text there (its first alternative, each run as long as it goes). Null for any other line.
 */
function plainStamp(line: string): { length: number; seconds: number } | null {
  let i = 1;
  while (i <= MAX_STAMP_PAD && codeAt(line, i) === 0x20) i++;
  const whole = i;
  let mantissa = 0;
  for (let c = codeAt(line, i); isDigit(c); c = codeAt(line, ++i)) mantissa = mantissa * 10 + (c - 0x30);
  if (i === whole || i - whole > MAX_STAMP_DIGITS || codeAt(line, i) !== 0x2e) return null;
  const fraction = ++i;
  let scale = 1;
  for (let c = codeAt(line, i); isDigit(c); c = codeAt(line, ++i)) {
    mantissa = mantissa * 10 + (c - 0x30);
    scale *= 10;
  }
  if (i === fraction || i - fraction > MAX_STAMP_FRACTION || codeAt(line, i) !== 0x5d) return null;
  if (codeAt(line, i + 1) === 0x40) return null;
  const seconds = mantissa > MAX_EXACT ? Number.parseFloat(line.slice(1)) : mantissa / scale;
  return { length: i + 1, seconds };
}

const MAX_STAMP_PAD = 12;
const MAX_STAMP_DIGITS = 12;
const MAX_STAMP_FRACTION = 9;

/**
 * The printk timestamp read through the wrong EBCDIC code page, as s390's 3270 and line-mode consoles
 * pass it on: `¢ 1851.721062!` (code page 037 read as 1047) or `Ý 1851.721062¨`.
 */
const CODE_PAGE_TIMESTAMP = /(?:\u00a2 {0,12}\d{1,12}\.\d{1,9}!|\u00dd {0,12}\d{1,12}\.\d{1,9}\u00a8)/y;

/**
 * The printk timestamp, with the vendors' additions (`timestampLength`), the wall clock that some
 * Android kernels print after it (`[19318.464370 / 11-29 21:16:45.862]`, LG's and Samsung's printk),
 * and the time since the previous record that `dmesg -d` (`--show-delta`, util-linux) adds
 * (`[  123.456789 <    0.000123>]`).
 */
const TIMESTAMP =
  /\[(?: {0,12}\d{1,12}\.\d{1,9}| {1,4}\d{1,4}\.)(?:s|[@,]\d{1,4}| \/ \d\d-\d\d \d\d:\d\d:\d\d\.\d{3}| < {0,12}\d{1,12}\.\d{1,9}>)? {0,2}\](?:@\d{1,4})?/y;

/**
 * Length of the match of sticky pattern `re` at the start of `s`, or 0. Nearly every line of a log
 * starts with a timestamp: a sticky test leaves the match's end in `lastIndex` and builds no match
 * object, which costs more than the match itself.
 */
function matchLength(re: RegExp, s: string): number {
  re.lastIndex = 0;
  return re.test(s) ? re.lastIndex : 0;
}

/** Length of the timestamp of a line whose first bracket was cut off (`CUT_TIMESTAMP`), or 0. */
function cutTimestampLength(s: string): number {
  return CUT_TIMESTAMP.exec(s)?.[0].length ?? 0;
}

/**
 * The index after the caller id of CONFIG_PRINTK_CALLER that follows a timestamp at `at`, or 0 when none
 * does.
 * The kernel's console glues it to the timestamp (`[  742.118233][ T1423] `); util-linux dmesg prints it
 * after a space (`[  742.118233] [ T1423] `). Its shape, ` ?\[ {0,10}[TC]\d{1,10}\]`, is read by hand:
 * nearly every line of a syzkaller log has one, and the scan costs less than the pattern.
 */
function callerEnd(s: string, at = 0): number {
  let i = codeAt(s, at) === 0x20 ? at + 1 : at;
  if (codeAt(s, i) !== 0x5b) return 0;
  const pad = ++i;
  while (i - pad < MAX_CALLER_PAD && codeAt(s, i) === 0x20) i++;
  const kind = codeAt(s, i);
  if (kind !== 0x54 && kind !== 0x43) return 0;
  const digits = ++i;
  while (isDigit(codeAt(s, i))) i++;
  return i > digits && i - digits <= MAX_CALLER_DIGITS && codeAt(s, i) === 0x5d ? i + 1 : 0;
}

const MAX_CALLER_PAD = 10;
const MAX_CALLER_DIGITS = 10;

/** The id (`T1423`, `C1`) of the caller id that `callerEnd` found ending at `end`. */
function callerId(s: string, end: number): string {
  let k = end - 2;
  while (isDigit(codeAt(s, k))) k--;
  return s.slice(k, end - 1);
}

/** Above this an integer may not be exact; a timestamp's fraction (up to 9 digits) always scales exactly. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/**
 * Seconds of a matched printk timestamp (`[  742.118233]`, `742.118233] `, `[ 7.910564@0]`). The digits
 * as one integer divided by a power of ten is one rounding, the same double `parseFloat` gives; it
 * only reads the digits, without the string `parseFloat` needs.
 */
function stampSeconds(stamp: string): number {
  const c0 = codeAt(stamp, 0);
  const start = c0 === 0x5b || c0 === 0xa2 || c0 === 0xdd ? 1 : 0;
  let i = start;
  while (codeAt(stamp, i) === 0x20) i++;
  let mantissa = 0;
  let scale = 1;
  let fraction = false;
  for (; i < stamp.length; i++) {
    const c = codeAt(stamp, i);
    if (c === 0x2e && !fraction) {
      fraction = true;
      continue;
    }
    if (!isDigit(c)) break;
    mantissa = mantissa * 10 + (c - 0x30);
    if (fraction) scale *= 10;
  }
  // parseFloat skips the spaces after `[` and stops at the `]`, `s`, `@` or `,` after the number.
  if (mantissa > MAX_EXACT) return Number.parseFloat(stamp.slice(start));
  return mantissa / scale;
}

/** A syslog time (`hh:mm:ss`) can only be this far into a line. */
const MAX_DATE_COLON = 24;

/** Whether a `:` comes early enough for the line to start with a date: rules out most lines cheaply. */
function hasEarlyColon(s: string): boolean {
  const colon = s.indexOf(':');
  return colon >= 4 && colon <= MAX_DATE_COLON;
}

/**
 * Where a printk timestamp starts when something short stands in front of it: a shell prompt
 * (`/ # `, `root@host:~# `), a serial-console or container tag (`[vm1/ttyS0] `, `web_1  | `), a line
 * number, a Markdown bullet, a terminal's clock (`16:56:35 `, `[22:22:59:896] `), a collector's
 * `2024/07/23 18:01:21 [M83LP63]: `. Only lines that do not start with a timestamp are read so.
 */
function timestampAfterPrefix(s: string): number | null {
  const open = s.indexOf('[', 1);
  if (open < 0 || open > MAX_FOREIGN_PREFIX) return null;
  const window = s.slice(0, MAX_FOREIGN_PREFIX + 32);
  const m = LATER_TIMESTAMP.exec(window);
  if (!m || m.index === 0 || m.index > MAX_FOREIGN_PREFIX) return null;
  return m.index;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/**
 * After a syslog date: an optional host, an optional `facility.level`, then the program tag. Only the
 * `kernel` tag is kernel output; the other programs' lines are marked foreign so reports skip them.
 */
function stripSyslogSource(s: string): { text: string; kernel: boolean; named: boolean } {
  // An empty host leaves two spaces: `Feb  6 04:11:34  kernel: [1196532.369002] ...`.
  let rest = codeAt(s, 0) === 0x20 ? s.trimStart() : s;
  for (let words = 0; words < 3; words++) {
    // A remote syslog server with no tag: `Dec 20 04:19:39 192.168.50.130 [24876.683186] BUG: ...`;
    // or a raw /dev/kmsg record forwarded as the message (`May 25 07:29:42 x 0,16627,40311380557,-,
    // caller=C0;BUG: ...`), which the record's own prefix rule strips next.
    if (timestampLength(rest) > 0 || (isDigit(codeAt(rest, 0)) && KMSG_RECORD.test(rest))) {
      return { text: rest, kernel: true, named: true };
    }
    const tag = SYSLOG_TAG.exec(rest);
    if (tag) {
      const name = tag[0].slice(0, tag[0].indexOf(tag[0].includes('[') ? '[' : ':'));
      const text = rest.slice(tag[0].length);
      // `vmunix:`, `com.docker.backend[56957]:`: whatever the tag, a printk timestamp is kernel output.
      return { text, kernel: name === 'kernel' || timestampLength(text) > 0, named: true };
    }
    const space = rest.indexOf(' ');
    if (space <= 0 || space > 64) break;
    rest = rest.slice(space + 1);
  }
  return { text: s, kernel: true, named: false };
}

/** syzkaller consoles glue a login prompt in front of a kernel line: `syzkaller login: [   12.3] ...`. */
function stripLoginPrompt(s: string): string {
  // Nearly no line holds the prompt: a string search rules it out faster than the pattern does.
  if (!hasLoginWord(s)) return s;
  const m = LOGIN.exec(s);
  if (!m) return s;
  const after = s.slice(m[0].length);
  return after.startsWith('[') || after.startsWith('<') ? after : s;
}

/**
 * Whether `LOGIN_WORD` starts within `LOGIN_MAX_AT` characters. Found through its `:`, which is rarer in
 * a kernel line than the spaces a search for the word would stop at first.
 */
function hasLoginWord(s: string): boolean {
  for (
    let at = s.indexOf(':', LOGIN_COLON);
    at >= 0 && at - LOGIN_COLON <= LOGIN_MAX_AT;
    at = s.indexOf(':', at + 1)
  ) {
    if (s.startsWith(LOGIN_WORD, at - LOGIN_COLON)) return true;
  }
  return false;
}
