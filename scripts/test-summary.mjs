// Reads the vitest JSON reports in .local/test-results and prints one closing line for the run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = '.local/test-results';
const reports = readdirSync(dir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
  .map((entry) => ({ name: entry.name.replace(/\.json$/, ''), report: JSON.parse(readFileSync(join(dir, entry.name), 'utf8')) }))
  // Other artefacts (a browser test's timings) sit beside the vitest reports.
  .filter(({ report }) => typeof report.numPassedTests === 'number')
  .sort((a, b) => a.name.localeCompare(b.name));

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
      if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
        console.log(`    SKIPPED: ${test.fullName}`);
      }
    }
  }
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (reports.length === 0 || passed === 0) {
  console.error('No test ran.');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
