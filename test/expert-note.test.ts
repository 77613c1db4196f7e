import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCase } from '../scripts/conformance-score.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import type { TriageNote } from '../src/triage/note-model.js';
import { parsePaste } from '../src/parse/index.js';
import { matchPaste } from '../src/triage/match-paste.js';
import { treePath } from '../src/triage/commands.js';
import { buildNoteSet } from '../src/triage/note-set.js';

/** The note a kernel expert would write, checked on real reports of syzkaller's corpus. */

const CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'syzkaller', 'linux-report');
const kb = loadKnowledge([]);

function corpusLog(name: string): string {
  return readCase(name, readFileSync(resolve(CORPUS, name))).log;
}

function leadNote(log: string): TriageNote {
  const { parsed, matches } = matchPaste(parsePaste(log), kb);
  const note = buildNoteSet(parsed, matches).notes[0];
  if (note === undefined) throw new Error('no report');
  return note;
}

const texts = (items: ReadonlyArray<{ text: string }>): string => items.map((i) => i.text).join('\n');

describe.skipIf(!existsSync(CORPUS))('the expert note on syzkaller corpus reports', () => {
  it('tells a circular lockdep report in words, each chain link with its own stack (747)', () => {
    const note = leadNote(corpusLog('747'));
    const story = note.story;
    expect(story?.title).toBe('The locks in words');
    const words = texts(story?.lines ?? []);
    expect(words).toContain(
      '`syz.5.7376/24950` holds `&q->q_usage_counter(io)#55` (at `nbd_start_device`) and is taking `&q->elevator_lock` (at `_Z8fakeNameiii`).',
    );
    expect(words).toContain(
      '#1: `fs_reclaim` was taken in `kmem_cache_alloc_noprof`, called from `__kernfs_new_node`, while `&q->elevator_lock` was held.',
    );
    expect(words).toContain('CPU1 takes `&q->q_usage_counter(io)#55` and waits for CPU0, which holds it');
    expect(story?.stacks.map((s) => s.title)).toEqual([
      '-> #2 (&q->q_usage_counter(io)#55){++++}-{0:0}',
      '-> #1 (fs_reclaim){+.+.}-{0:0}',
      '-> #0 (&q->elevator_lock){+.+.}-{4:4}',
    ]);
    expect(story?.stacks[1]?.frames.map((f) => f.fn).slice(0, 3)).toEqual([
      'lock_acquire',
      'fs_reclaim_acquire',
      'kmem_cache_alloc_noprof',
    ]);
  });

  it('says {0:0} locks are never checked for nesting, and claims no nesting break for them (747)', () => {
    const note = leadNote(corpusLog('747'));
    expect(texts(note.story?.lines ?? [])).toMatch(/`fs_reclaim`.* have wait type \{0:0\} \(LD_WAIT_INV\)/);
    expect(texts(note.facts)).not.toContain('breaks the nesting rule');
  });

  it('names the syscall and the preemption model from the report (747)', () => {
    const note = leadNote(corpusLog('747'));
    const facts = texts(note.facts);
    expect(facts).toContain(
      'it entered the kernel through the `sendmsg` syscall (a 64-bit call, number 46 in ORIG_RAX)',
    );
    expect(facts).toContain(
      'the kernel is fully preemptible (`PREEMPT(full)`): cond_resched() advice does not apply',
    );
  });

  it('names the lock a hung task waits on and the task that lists it (367)', () => {
    const note = leadNote(corpusLog('367'));
    const words = texts(note.story?.lines ?? []);
    expect(words).toContain(
      '`syz-executor.0/6102` sleeps in `__mutex_lock`, called from `mon_bin_read`, waiting for `&rp->fetch_lock`',
    );
    expect(words).toContain('`syz-executor.0/6065` lists a lock of the same class, taken at `mon_bin_read`');
    expect(words).toContain('No NMI backtrace shows it on a CPU');
    expect(texts(note.facts)).toContain(
      'the `read` syscall (a 32-bit (compat i386) call, number 3 in ORIG_RAX)',
    );
  });

  it('does not ask for a lock list next to one (367)', () => {
    const note = leadNote(corpusLog('367'));
    expect(texts(note.nextSteps)).not.toContain('CONFIG_PROVE_LOCKING');
  });

  it('takes an RCU stall context from the interrupted code, not the timer interrupt that printed it (171)', () => {
    const note = leadNote(corpusLog('171'));
    expect(note.where.context).toBe('task context');
  });

  it('gives the real address of a KASAN general protection fault, not the shadow address (738)', () => {
    const note = leadNote(corpusLog('738'));
    const facts = texts(note.facts);
    expect(facts).toContain(
      'the real faulting address is in `0x0000000000000020-0x0000000000000027` (null-ptr-deref)',
    );
    expect(facts).not.toContain('the faulting address is `0xdffffc0000000004`');
    expect(facts).toContain('the `mremap` syscall');
  });

  it('writes the commands with the report’s own frames, Code: line and title (738)', () => {
    const commands = leadNote(corpusLog('738')).commands.map((c) => c.command);
    expect(commands).toContain('./scripts/faddr2line vmlinux __se_sys_mremap+0x25fa/0x2c00');
    expect(commands).toContain("sed -n '6p' report.txt | ./scripts/decodecode");
    expect(commands).toContain(
      'https://lore.kernel.org/all/?q=%22general%20protection%20fault%20in%20mremap%22',
    );
    expect(commands).toContain(
      'https://lore.kernel.org/all/?q=f%3Asyzbot%20s%3A%22general%20protection%20fault%20in%20mremap%22',
    );
  });
});

describe('the lore search in the note', () => {
  it('is left out when the title names no function and no culprit stands in for it', () => {
    const log = [
      'BUG: sleeping function called from invalid context at kernel/workqueue.c:2793',
      'in_atomic(): 1, irqs_disabled(): 0, pid: 1471, name: wpa_supplicant',
    ].join('\n');
    const commands = leadNote(log).commands.map((c) => c.command);
    expect(commands.filter((c) => c.startsWith('https://lore.kernel.org/'))).toEqual([]);
  });
});

describe('the file given to get_maintainer.pl', () => {
  it.each([
    ['kernel/workqueue.c', 'kernel/workqueue.c'],
    ['/home/me/m300_wifi/linux/kernel/kernel/workqueue.c', 'kernel/workqueue.c'],
    ['/home/me/kernel/msm-4.19/drivers/usb/dwc3/core.c', 'drivers/usb/dwc3/core.c'],
    ['/usr/src/linux/arch/x86/kernel/traps.c', 'arch/x86/kernel/traps.c'],
    ['/build/linux-5.4/kernel/sched/core.c', 'kernel/sched/core.c'],
    ['/var/lib/dkms/rtl8192cu/core/rtw_ioctl.c', null],
  ])('%s -> %s', (printed, expected) => {
    expect(treePath(printed)).toBe(expected);
  });
});

describe('next steps that the report already answers', () => {
  // ml-116: an RT kernel's scheduling while atomic; CONFIG_DEBUG_PREEMPT printed `Preemption disabled at:`
  // and an earlier report turned lockdep off.
  const paste = readFileSync(
    resolve(import.meta.dirname, 'fixtures', 'real', 'reports', 'ml-116-storvsc-get-cpu-rt-sched-atomic.txt'),
    'utf8',
  );

  it('asks neither for CONFIG_DEBUG_PREEMPT nor for CONFIG_PROVE_LOCKING', () => {
    const note = leadNote(paste);
    expect(texts(note.facts)).toContain('lockdep is turned off');
    const steps = texts(note.nextSteps);
    expect(steps).not.toContain('CONFIG_DEBUG_PREEMPT');
    expect(steps).not.toContain('CONFIG_PROVE_LOCKING');
  });

  it('says once that a report without frames has no call trace', () => {
    // gh-040: a soft lockup's header line alone, as a wall broadcast prints it.
    const header = readFileSync(
      resolve(import.meta.dirname, 'fixtures', 'real', 'reports', 'gh-040-chia-syslogd-wall-soft-lockup.txt'),
      'utf8',
    );
    expect(leadNote(header).unread).toEqual(['no call trace: the report has no stack frames']);
  });
});
