import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const rootDir = import.meta.dirname;
const kinds = { 'test:unit': 'unit', 'test:int': 'int', 'test:e2e': 'e2e' } as const;
type Kind = (typeof kinds)[keyof typeof kinds];

function currentKind(): Kind {
  const script = process.env.npm_lifecycle_event as keyof typeof kinds | undefined;
  return (script && kinds[script]) ?? 'unit';
}

/**
 * One vitest config for every package: the npm script (test:unit, test:int, test:e2e) picks the
 * files (*.unit.test.ts, ...), and a JSON report and a failures file per package and kind land in
 * .local/test-results so scripts/test-summary.mjs can print the failures and one closing line for the whole run.
 * Unit test files run in parallel; integration and end-to-end files one at a time, unless `parallelKinds` names them
 * (a package whose files each keep to names of their own).
 */
export function packageTestConfig(packageDir: string, overrides: ViteUserConfig['test'] = {}, { parallelKinds = ['unit'] }: { readonly parallelKinds?: readonly Kind[] } = {}) {
  const kind = currentKind();
  const name = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string }).name;
  const reportName = `${name.replace(/[@/]/g, '_')}-${kind}`;
  const reports = resolve(rootDir, '.local/test-results');
  const needsServers = kind !== 'unit';
  return defineConfig({
    resolve: { conditions: ['@ctp/source'] },
    ssr: { resolve: { conditions: ['@ctp/source'] } },
    test: {
      include: [`src/**/*.${kind}.test.ts`, `test/**/*.${kind}.test.ts`],
      passWithNoTests: true,
      reporters: ['default', 'json', [resolve(rootDir, 'packages/test-kit/src/failure-reporter.ts'), { outputFile: join(reports, `${reportName}.failures.txt`), rootDir }]],
      outputFile: { json: join(reports, `${reportName}.json`) },
      globalSetup: needsServers ? [resolve(rootDir, 'packages/test-kit/src/global-setup.ts')] : [],
      testTimeout: needsServers ? 60_000 : 20_000,
      hookTimeout: needsServers ? 120_000 : 10_000,
      fileParallelism: parallelKinds.includes(kind),
      // Unit and integration test files share a worker's modules (none mocks, and each keeps to names of its own on
      // the servers): half the CPU of isolating each, or less (sla's integration tests 32 to 13 CPU seconds).
      isolate: kind === 'e2e',
      ...overrides,
    },
  });
}
