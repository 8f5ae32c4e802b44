import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FatalError } from '../errors.js';
import { fingerprintOf, freshProgress, loadProgress, saveProgress } from './progress-file.js';

describe('progress file', () => {
  let directory: string;
  let input: string;
  let path: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ctp-progress-'));
    input = join(directory, 'facts.ndjson');
    path = `${input}.progress.json`;
    await writeFile(input, '{"id":1}\n{"id":2}\n');
  });

  it('starts fresh without a file, then resumes from what was saved', async () => {
    const fingerprint = await fingerprintOf(input);
    expect(await loadProgress(path, fingerprint, false)).toMatchObject({ settledRows: 0, rejectsBytes: 0 });
    const saved = { ...freshProgress(fingerprint), settledRows: 1, rejectsBytes: 80, counts: { accepted: 1, duplicates: 0, rejected: 0, retried: 3 } };
    await saveProgress(path, saved);
    expect(await loadProgress(path, fingerprint, false)).toMatchObject({ settledRows: 1, rejectsBytes: 80, counts: saved.counts });
    expect(await loadProgress(path, fingerprint, true)).toMatchObject({ settledRows: 0 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 1, input: { bytes: 18 } });
  });

  it('refuses to resume when the input changed or the file is not ours', async () => {
    await saveProgress(path, { ...freshProgress(await fingerprintOf(input)), settledRows: 1 });
    await writeFile(input, '{"id":1}\n{"id":3}\n');
    await expect(loadProgress(path, await fingerprintOf(input), false)).rejects.toThrow('the input changed since');
    await writeFile(path, '{"settled": 5}');
    await expect(loadProgress(path, await fingerprintOf(input), false)).rejects.toThrow(FatalError);
    await expect(loadProgress(path, await fingerprintOf(input), true)).resolves.toMatchObject({ settledRows: 0 });
  });
});
