import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openRejects } from './rejects-file.js';

const reject = (line: number) => ({ line, row: { id: line }, reasons: [{ code: 'CTP_VALIDATION_FAILED', path: 'data.amount', message: 'bad' }] });

describe('rejects file', () => {
  let path: string;
  beforeEach(async () => {
    path = join(await mkdtemp(join(tmpdir(), 'ctp-rejects-')), 'facts.rejects.ndjson');
  });

  it('appends one JSON line per reject and counts its bytes', async () => {
    const rejects = await openRejects(path, 0);
    await rejects.append([reject(2), reject(7)]);
    await rejects.close();
    const text = await readFile(path, 'utf8');
    expect(text.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([reject(2), reject(7)]);
    expect(rejects.bytes).toBe(Buffer.byteLength(text));
  });

  it('cuts off rejects the progress never counted, and drops a stale file on a fresh start', async () => {
    const first = await openRejects(path, 0);
    await first.append([reject(2)]);
    const kept = first.bytes;
    await first.append([reject(9)]);
    await first.close();
    const resumed = await openRejects(path, kept);
    await resumed.append([reject(9)]);
    await resumed.close();
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(2);
    await openRejects(path, 0);
    await expect(stat(path)).rejects.toThrow('ENOENT');
  });

  it('refuses to resume when the rejects file lost lines', async () => {
    await writeFile(path, 'short\n');
    await expect(openRejects(path, 500)).rejects.toThrow('shorter than the progress file records');
  });
});
