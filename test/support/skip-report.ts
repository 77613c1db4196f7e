import { existsSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names every skipped test at the end of a run, with the reason when it is the usual one: the
 * syzkaller corpus kept beside the repository (../shared/corpus) is absent. Vitest's own summary
 * only counts them, which reads as "every test ran".
 */
export default class SkipReport implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped = modules.flatMap((module) =>
      [...module.children.allTests('skipped')].map(
        (test) => `  ${module.relativeModuleId}: ${test.fullName}`,
      ),
    );
    if (skipped.length === 0) return;
    const why = existsSync('../shared/corpus')
      ? ''
      : '\nThey read ../shared/corpus (the syzkaller corpus beside the repository), which is absent here.';
    process.stdout.write(`\n${skipped.length} test(s) skipped, not run:\n${skipped.join('\n')}${why}\n`);
  }
}
