import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ndjsonSource } from './ndjson-source.js';
import type { Row } from './rows.js';

describe('ndjsonSource', () => {
  it('reads one fact per non-blank line and names lines that are not JSON', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'ctp-ndjson-')), 'facts.ndjson');
    await writeFile(path, '\uFEFF{"id":"a"}\r\n\n{"id":\n  \n[1]\n');
    const source = ndjsonSource(path);
    const rows: Row[] = [];
    for await (const row of source.rows()) rows.push(row);
    expect(rows).toEqual([
      { kind: 'fact', index: 0, line: 1, source: { id: 'a' }, fact: { id: 'a' } },
      { kind: 'invalid', index: 1, line: 3, source: '{"id":', reasons: [{ code: 'IMPORT_INVALID_JSON', path: '', message: expect.stringContaining('not valid JSON') }] },
      { kind: 'fact', index: 2, line: 5, source: [1], fact: [1] },
    ]);
    expect(await source.count()).toBe(3);
  });
});
