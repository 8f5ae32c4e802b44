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

  it('keeps the rejected rows (personal data) readable by the owner alone, also in a file that existed before', async () => {
    const rejects = await openRejects(path, 0);
    await rejects.append([reject(2)]);
    await rejects.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const older = join(await mkdtemp(join(tmpdir(), 'ctp-rejects-')), 'older.rejects.ndjson');
    await writeFile(older, `${JSON.stringify(reject(1))}\n`, { mode: 0o644 });
    const resumed = await openRejects(older, (await stat(older)).size);
    await resumed.append([reject(3)]);
    await resumed.close();
    expect((await stat(older)).mode & 0o777).toBe(0o600);
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
