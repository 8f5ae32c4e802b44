import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FactRow, InvalidRow } from '../input/rows.js';
import { freshProgress } from '../progress/progress-file.js';
import { openRejects } from '../progress/rejects-file.js';
import { commitBatch } from './commit-batch.js';

const fact = (index: number, source: unknown = { id: index }, fact: unknown = source): FactRow => ({ kind: 'fact', index, line: index + 2, source, fact });
const invalid: InvalidRow = { kind: 'invalid', index: 1, line: 3, source: '{oops', reasons: [{ code: 'IMPORT_INVALID_JSON', path: '', message: 'not valid JSON' }] };

describe('commitBatch', () => {
  it('writes the rejects in file order, then progress that counts every row of the batch', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ctp-commit-'));
    const progressPath = join(directory, 'progress.json');
    const rejects = await openRejects(join(directory, 'rejects.ndjson'), 0);
    const csvRow = fact(3, { order: 'SO-3' }, { id: 'e3' });
    const reasons = [{ code: 'CTP_VALIDATION_FAILED', path: 'data.amount', message: 'bad' }];
    const start = { ...freshProgress({ bytes: 1, headSha256: 'x' }), settledRows: 100 };
    const next = await commitBatch(
      start,
      {
        rows: [fact(0), invalid, fact(2), csvRow],
        settlements: [
          { row: fact(0), status: 'accepted' },
          { row: fact(2), status: 'duplicate' },
          { row: csvRow, status: 'rejected', reasons },
        ],
      },
      rejects,
      progressPath,
    );
    await rejects.close();
    expect(next).toMatchObject({ settledRows: 104, rejectsBytes: rejects.bytes, counts: { accepted: 1, duplicates: 1, rejected: 2 } });
    const lines = (await readFile(join(directory, 'rejects.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { line: 3, row: '{oops', reasons: invalid.reasons },
      { line: 5, row: { order: 'SO-3' }, fact: { id: 'e3' }, reasons },
    ]);
    expect(JSON.parse(await readFile(progressPath, 'utf8'))).toMatchObject({ settledRows: 104 });
  });
});
