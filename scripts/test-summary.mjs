// Reads the vitest JSON reports in .local/test-results and prints one closing line for the run, the
// failures last with the start of each message: CI shows only the tail of the output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = '.local/test-results';
const reports = readdirSync(dir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
  .map((entry) => ({ name: entry.name.replace(/\.json$/, ''), report: JSON.parse(readFileSync(join(dir, entry.name), 'utf8')) }))
  // Other artefacts (a browser test's timings) sit beside the vitest reports.
  .filter(({ report }) => typeof report.numPassedTests === 'number')
  .sort((a, b) => a.name.localeCompare(b.name));

const plain = (text) => String(text ?? '').replace(/\x1b\[[0-9;]*m/g, '');
/**
 * A failure's first lines without the stack, then the error lines of any service output it quotes (a service
 * that exited at start-up says why there, far below the first lines).
 */
const excerpt = (text) => {
  const lines = plain(text).split('\n').filter((line) => line.trim() !== '' && !/^\s+at /.test(line));
  const errors = lines.slice(8).filter((line) => /"level":("error"|"fatal"|50|60)|\b[A-Z][A-Za-z]*Error\b|ECONNREFUSED|EADDRINUSE/.test(line)).slice(-8);
  return [...lines.slice(0, 8), ...(errors.length > 0 ? ['...', ...errors] : [])].map((line) => `      ${line.slice(0, 400)}`).join('\n');
};

let passed = 0, failed = 0, skipped = 0;
console.log('\nTest reports:');
for (const { name, report } of reports) {
  const skippedHere = report.numPendingTests + report.numTodoTests;
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0);
  skipped += skippedHere;
  console.log(`  ${name.padEnd(36)} ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skippedHere} skipped`);
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (['pending', 'skipped', 'todo'].includes(test.status)) console.log(`    SKIPPED: ${test.fullName}`);
    }
  }
}
// Written by packages/test-kit/src/failure-reporter.ts: a failed hook's error too, which the JSON report drops.
const failures = reports
  .map(({ name }) => join(dir, `${name}.failures.txt`))
  .filter((path) => existsSync(path))
  .flatMap((path) => readFileSync(path, 'utf8').split('\n\n').filter((entry) => entry.trim() !== ''))
  .map((entry) => { const [where, ...rest] = entry.split('\n'); return `  FAILED ${where}\n${excerpt(rest.join('\n'))}`; });
if (failures.length > 0) console.log(`\nFailures (tests under a failed hook are listed SKIPPED above):\n${failures.join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (reports.length === 0 || passed === 0) {
  console.error('No test ran.');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
