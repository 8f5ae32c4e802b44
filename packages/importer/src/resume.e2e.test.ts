import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, summaryNumbers } from './test-support/cli-process.js';
import { customerFacts, toNdjson, type Fact } from './test-support/facts.js';
import { startPlatform, type Platform } from './test-support/services.js';
import { storedCountsById } from './test-support/stored-events.js';

async function settledRows(progressPath: string): Promise<number> {
  try {
    return (JSON.parse(await readFile(progressPath, 'utf8')) as { settledRows: number }).settledRows;
  } catch {
    return 0;
  }
}

describe('ctp-import killed mid-import', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(async () => platform?.stop());

  it('resumes after SIGKILL: nothing stored twice, every row accepted, duplicate or rejected', async () => {
    const facts = customerFacts(1_500, 1);
    const purchase = facts[1]!;
    const lines: (Fact | string)[] = [...facts];
    for (const at of [500, 1_500, 2_500]) lines.splice(at, 0, JSON.stringify({ ...purchase, id: randomUUID(), data: { ...purchase.data, amount: 'lots' } }));
    const input = join(await mkdtemp(join(tmpdir(), 'ctp-resume-e2e-')), 'history.ndjson');
    await writeFile(input, toNdjson(lines));
    const args = [input, '--url', platform.intake.baseUrl, '--batch-size', '50', '--concurrency', '1'];
    const env = { CTP_API_KEY: platform.keys.integrator! };

    const interrupted = startCli(args, env);
    while ((await settledRows(`${input}.progress.json`)) < 1_000 && interrupted.child.exitCode === null) {
      await new Promise((done) => setTimeout(done, 10));
    }
    interrupted.child.kill('SIGKILL');
    const killed = await interrupted.finished;
    expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
    const settledAtKill = await settledRows(`${input}.progress.json`);
    expect(settledAtKill).toBeGreaterThanOrEqual(1_000);
    expect(settledAtKill).toBeLessThan(lines.length);

    const resumed = await runCli(args, env);
    expect(resumed.code, resumed.stderr).toBe(2);
    const summary = summaryNumbers(resumed.stdout);
    expect(resumed.stdout).toContain(`resumed after row ${settledAtKill}`);
    expect(summary.accepted! + summary.duplicates!).toBe(facts.length);
    expect(summary).toMatchObject({ 'rows read': lines.length, rejected: 3 });
    const rejects = (await readFile(`${input}.rejects.ndjson`, 'utf8')).trim().split('\n');
    expect(rejects.map((line) => (JSON.parse(line) as { line: number }).line)).toEqual([501, 1_501, 2_501]);

    const stored = await storedCountsById(platform.schema);
    expect(stored.size).toBe(facts.length);
    expect([...stored.values()].every((count) => count === 1)).toBe(true);
    expect(facts.every((fact) => stored.has(fact.id))).toBe(true);
    process.stderr.write(`killed after ${settledAtKill} settled rows; on resume ${summary.duplicates} re-sent rows came back as duplicates\n`);
  });
});
