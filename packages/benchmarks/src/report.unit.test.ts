import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeResults, writeSelectedResults } from './report.js';

describe('results in the doc', () => {
  const doc = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'bench-report-')), 'benchmarks.md');
    writeFileSync(path, text);
    return path;
  };
  const begin = '<!-- bench:begin (written by `pnpm --filter @ctp/benchmarks bench`) -->';

  it('puts a run of selected rows below the full run, replaces it next time, and a full run removes it', () => {
    const path = doc(`# B\n\nhand-written\n\n${begin}\n## Latest run\nold\n<!-- bench:end -->\n\n## After\n`);
    writeSelectedResults(path, '## Selected rows\nfirst');
    writeSelectedResults(path, '## Selected rows\nsecond');
    const partial = readFileSync(path, 'utf8');
    expect(partial).toContain('## Latest run\nold\n<!-- bench:end -->\n\n<!-- bench-only:begin');
    expect(partial).toContain('## Selected rows\nsecond\n<!-- bench-only:end -->\n\n## After\n');
    expect(partial).not.toContain('first');
    writeResults(path, '## Latest run\nnew');
    expect(readFileSync(path, 'utf8')).toBe(`# B\n\nhand-written\n\n${begin}\n## Latest run\nnew\n<!-- bench:end -->\n\n## After\n`);
  });
});
