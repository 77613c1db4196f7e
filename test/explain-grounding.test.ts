import { describe, expect, it } from 'vitest';
import type { ModelAnswer } from '../src/explain/answer.js';
import { checkGrounding, namedIdentifiers } from '../src/explain/grounding.js';
import type { ExplainInput } from '../src/explain/input.js';
import { judgeReply } from '../src/explain/judge.js';

/** The first lines of the brctl seed's sleep-in-atomic report, cleaned as the parser hands them over. */
const input: ExplainInput = {
  lines: [
    { line: 49, text: 'BUG: sleeping function called from invalid context at kernel/rseq.c:132' },
    { line: 50, text: 'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 3988, name: brctl' },
    { line: 51, text: 'preempt_count: 1, expected: 0' },
    { line: 52, text: 'no locks held by brctl/3988.' },
    { line: 62, text: ' __rseq_handle_notify_resume+0x8a/0x550' },
  ],
  note: {
    headline: 'BUG: sleeping function called from invalid context at kernel/rseq.c:132',
    title: 'BUG: sleeping function called from invalid context in __rseq_handle_notify_resume',
    kind: 'sleep-in-atomic',
    kindLabel: 'sleeping in atomic context',
    verdict: 'Most likely: preempt_count left raised by an unbalanced get_cpu_var() (high confidence, 0.85).',
    where: {
      task: 'brctl/3988',
      context: 'task context',
      cpu: 0,
      kernel: '6.1',
      arch: 'x86_64',
      hardware: null,
      taint: null,
    },
    facts: [],
    guilty: '__rseq_handle_notify_resume',
    frames: [],
    matches: [],
    nextSteps: [],
    unread: [],
  },
  knowledge: {
    id: 'get-cpu-var-leak',
    title: 'preempt_count left raised',
    summary: 'a get_cpu_var() or preempt_disable() was not paired with its put/enable',
    explanation: '',
    fixes: ['use this_cpu_ptr() for reads'],
    nextSteps: [],
    configs: ['CONFIG_DEBUG_PREEMPT'],
    sources: [{ title: 'this_cpu operations', url: 'https://docs.kernel.org/core-api/this_cpu_ops.html' }],
  },
};

const answer = (summary: string, cites: Array<{ line: number; quote: string }>): ModelAnswer => ({
  summary,
  statements: [{ text: 'preempt_count is one too high.', cites }],
});

describe('the grounding check', () => {
  it('accepts quotes whatever their spacing, and names from the paste, the note or the knowledge entry', () => {
    const ok = answer(
      'A get_cpu_var() left preempt_count raised before __rseq_handle_notify_resume() slept. Enable CONFIG_DEBUG_PREEMPT and use this_cpu_ptr() for reads.',
      [
        { line: 51, quote: 'preempt_count:  1,  expected: 0' },
        { line: 62, quote: '__rseq_handle_notify_resume+0x8a/0x550' },
      ],
    );
    expect(checkGrounding(ok, input)).toEqual({ ok: true });
  });

  it.each([
    [
      'a line it was not given',
      answer('It slept.', [{ line: 53, quote: 'CPU: 0 PID: 3988' }]),
      'no-such-line',
    ],
    [
      'a quote from another line',
      answer('It slept.', [{ line: 52, quote: 'preempt_count: 1' }]),
      'misquoted',
    ],
    [
      'a made-up config option',
      answer('Enable CONFIG_DEBUG_SPINLOCK to see more.', [{ line: 51, quote: 'expected: 0' }]),
      'unknown-name',
    ],
    [
      'a made-up lock',
      answer('The task held &br->hash_lock when it slept.', [{ line: 51, quote: 'expected: 0' }]),
      'unknown-name',
    ],
    [
      'a made-up function without underscores',
      answer('Then it called kmalloc() with the count raised.', [{ line: 51, quote: 'expected: 0' }]),
      'unknown-name',
    ],
  ])('withholds an answer citing %s', (_what, bad, rule) => {
    expect(checkGrounding(bad, input)).toMatchObject({ ok: false, rule });
  });

  it('reads code names from prose, and leaves English words and numbers alone', () => {
    expect(
      namedIdentifiers(
        'The `schedule` call in do_exit() under &dev->mutex with CONFIG_PREEMPT at 0x7f2c_ff, while brctl/3988 (the task) ran.',
      ),
    ).toEqual(['schedule', 'do_exit', 'dev', 'mutex', 'CONFIG_PREEMPT']);
  });
});

describe('judging a reply', () => {
  const reply = (content: string | null, refusal: string | null = null) => ({
    model: 'llama3.1:8b',
    content,
    refusal,
  });

  it('withholds a refusal, an empty reply and JSON off the schema, with one line each', () => {
    expect(judgeReply(reply(null, 'I cannot help with that.'), input, 'explain-report@1')).toMatchObject({
      status: 'withheld',
      rule: 'refused',
      reason: 'the model declined to answer',
    });
    expect(judgeReply(reply(null), input, 'explain-report@1')).toMatchObject({ rule: 'not-json' });
    const six = Array.from({ length: 6 }, () => ({ text: 'x', cites: [{ line: 51, quote: 'expected: 0' }] }));
    expect(judgeReply(reply(JSON.stringify({ summary: 'x', statements: six })), input, 'p@1')).toMatchObject({
      rule: 'off-schema',
      reason: 'the answer does not follow the schema (statements: Too big: expected array to have <=5 items)',
    });
  });
});
