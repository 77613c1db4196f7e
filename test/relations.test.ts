import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderText } from '../src/render/text.js';
import { leadOrder } from '../src/triage/relations.js';
import { realPaste } from './seed-notes.js';

/** How the reports of one real paste relate (issue 12, point 5): every case is a text from the real corpus. */

function relations(name: string): Array<{ note: number; to: number; kind: string }> {
  return realPaste(name).relations.map(({ note, to, kind }) => ({ note, to, kind }));
}

describe('the earliest report leads', () => {
  it('sorts by printk timestamp and keeps paste order for ties and untimed reports', () => {
    expect(leadOrder([{ time: 30 }, { time: 10 }, { time: null }, { time: 10 }])).toEqual([1, 3, 0, 2]);
    expect(leadOrder([{ time: null }, { time: 5 }])).toEqual([0, 1]);
  });

  it('leads with the earlier of two panics pasted latest first', () => {
    // lore: two arm64 NULL dereferences, the one at 16687 s pasted before the one at 997 s.
    const paste = realPaste('ml-083-arm64-rq-qos-add-race-null-deref.txt');
    expect(paste.notes.map((n) => n.lines.start)).toEqual([9, 3]);
  });
});

describe('how the other reports relate to it', () => {
  it('names the panic that an oops raised, and why', () => {
    const paste = realPaste('mg-064-s390-6.16-next-vhost-free-iovecs-kfree-flowed-wrap.txt');
    expect(relations('mg-064-s390-6.16-next-vhost-free-iovecs-kfree-flowed-wrap.txt')).toEqual([
      { note: 1, to: 0, kind: 'fatal-exception' },
    ]);
    expect(paste.relations[0]?.words).toContain('panic_on_oops is set');
    expect(realPaste('mg-084-loongarch-bpf-qdisc-struct-ops-panic-qp.txt').relations[0]?.words).toContain(
      'in interrupt context',
    );
  });

  it('reads taint D after an oops as a possible consequence', () => {
    expect(relations('mg-002-settimeofday-oops-qp.txt')).toEqual([
      { note: 1, to: 0, kind: 'after-oops' },
      { note: 2, to: 0, kind: 'after-oops' },
    ]);
  });

  it('ties a hung task to the lock an earlier report left held on return to user space', () => {
    const paste = realPaste('ml-067-dm-dax-srcu-held-at-return-then-hung-suspend.txt');
    expect(paste.relations).toEqual([expect.objectContaining({ note: 1, to: 0, kind: 'after-leak' })]);
    expect(paste.relations[0]?.words).toContain('&md->io_barrier');
    expect(renderText(paste)).toContain('returned to user space holding &md->io_barrier');
    expect(renderMarkdown(paste)).toContain('returned to user space holding');
  });

  it('says when a report is the same one again, or from the same task', () => {
    // The flood repeats smp_processor_id(); the first __this_cpu_read() report comes from the same task.
    expect(
      relations('gh-092-sof-preempt-flood-kernel-prefix.txt').filter((r) => r.kind !== 'repeat'),
    ).toEqual([{ note: 2, to: 0, kind: 'same-task' }]);
    expect(relations('mg-046-riscv-polarfire-vma-lock-bad-unlock-qp-tab-indented.txt')).toEqual([
      { note: 1, to: 0, kind: 'same-task' },
    ]);
  });

  it('relates nothing in a paste of one report', () => {
    expect(realPaste('gh-001-rtw89-8852be-null-deref-messages.txt').relations).toEqual([]);
  });
});
