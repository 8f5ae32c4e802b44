// Every package with test files of a kind (src/**/*.<kind>.test.ts) has the npm script that runs them,
// and no package runs a kind it has no files for (each empty run still starts the test servers' setup and
// teardown, minutes of a CI run): a test file added where no script runs it would otherwise never run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const kinds = ['unit', 'int', 'e2e'];
const root = join(import.meta.dirname, '..', '..');

function testFiles(dir, kind) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith(`.${kind}.test.ts`) && !String(name).includes('node_modules')).length;
}

const problems = [];
for (const group of ['packages', 'services']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const scripts = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts ?? {};
    for (const kind of kinds) {
      const files = testFiles(join(dir, 'src'), kind) + testFiles(join(dir, 'test'), kind);
      const script = scripts[`test:${kind}`] !== undefined;
      if (files > 0 && !script) problems.push(`${group}/${name}: ${files} ${kind} test file(s) but no "test:${kind}" script, so they never run`);
      if (files === 0 && script) problems.push(`${group}/${name}: a "test:${kind}" script but no ${kind} test files (remove the script)`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`test scripts out of step with test files:\n${problems.map((line) => `  - ${line}`).join('\n')}\n`);
  process.exit(1);
}
