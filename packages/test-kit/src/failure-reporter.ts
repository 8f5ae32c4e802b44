import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Writes every failure of a run, a failed hook's (beforeAll) included, to a text file beside the JSON report:
 * the JSON reporter marks the tests under a failed hook skipped and drops the hook's error, so the closing
 * summary (scripts/test-summary.mjs) reads the causes from here.
 */
export default class FailureReporter implements Reporter {
  constructor(private readonly options: { outputFile: string; rootDir: string }) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const failures: string[] = [];
    const add = (where: string, errors: readonly SerializedError[]) => {
      for (const error of errors) failures.push(`${where}\n${error.stack ?? error.message}`);
    };
    for (const module of testModules) {
      const file = relative(this.options.rootDir, module.moduleId);
      add(`${file} (the file)`, module.errors());
      for (const suite of module.children.allSuites()) add(`${file} > ${suite.fullName} (a hook)`, suite.errors());
      for (const test of module.children.allTests('failed')) add(`${file} > ${test.fullName}`, test.result().errors ?? []);
    }
    add('unhandled', unhandledErrors);
    mkdirSync(dirname(this.options.outputFile), { recursive: true });
    writeFileSync(this.options.outputFile, failures.join('\n\n'));
  }
}
