/**
 * Deterministic "ordinary chat": what a busy engineering channel looks like to the detector. It talks
 * about kernels, bugs, locks and panics in lowercase prose, quotes commands and paths, and mentions
 * people, but pastes no kernel report.
 */
const WORDS = [
  'the',
  'a',
  'we',
  'should',
  'deploy',
  'on',
  'friday',
  'kernel',
  'driver',
  'bug',
  'fix',
  'panic',
  'lock',
  'spinlock',
  'mutex',
  'warning',
  'info',
  'build',
  'failed',
  'again',
  'merged',
  'review',
  'please',
  'thanks',
  'rebase',
  'branch',
  'main',
  'tests',
  'green',
  'red',
  'flaky',
  'ci',
  'node',
  'memory',
  'leak',
  'trace',
  'stack',
  'irq',
  'softirq',
  'timer',
  'crash',
  'oops',
  'reboot',
  'board',
  'firmware',
  'config',
  'patch',
  'v2',
  'looks',
  'good',
  'to',
  'me',
  'lgtm',
  'can',
  'you',
  'check',
  'why',
  'this',
  'is',
  'slow',
  'today',
  'meeting',
  'at',
  '3pm',
  'ok',
  'sure',
  'I',
  'think',
  'it',
];
const EXTRAS = [
  '`git log --oneline | head`',
  'see drivers/net/ethernet/intel/e1000e/netdev.c:4321',
  '<@U024BE7LH> can you take a look?',
  'https://example.org/ci/builds/12345',
  'error: 2 tests failed',
  'info: retrying in 5s',
  '```make -j8 && make modules_install```',
];

export function chatText(bytes: number, seed = 1): string {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state;
  };
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words = 4 + (next() % 18);
    let line = '';
    for (let i = 0; i < words; i++) line += (i ? ' ' : '') + WORDS[next() % WORDS.length]!;
    if (next() % 7 === 0) line += ' ' + EXTRAS[next() % EXTRAS.length]!;
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join('\n');
}
