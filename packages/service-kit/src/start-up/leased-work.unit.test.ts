import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { leasedWork, type LeasedRun } from './leased-work.js';

const retriable = (message: string) => Object.assign(new Error(message), { retriable: true });
const logger = createLogger('test', 'silent');

function controllableRun(): LeasedRun & { end: (error?: Error) => void } {
  let settle!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  return { finished, stop: async () => settle(), end: (error) => settle(error) };
}

describe('work one process runs at a time', () => {
  it('starts at once while the lease is held elsewhere, and runs once it is free', async () => {
    let held = true;
    const runs: ReturnType<typeof controllableRun>[] = [];
    const work = leasedWork({
      name: 'counting', logger, retryMs: 5,
      lease: async () => { if (held) throw retriable('held elsewhere'); return null; },
      run: async () => { const run = controllableRun(); runs.push(run); return run; },
    });
    await work.start();
    expect(runs).toHaveLength(0);
    held = false;
    await expect.poll(() => runs.length).toBe(1);
    runs[0]!.end(retriable('server away'));
    await expect.poll(() => runs.length).toBe(2);
    await work.stop();
  });

  it('ends, for the kit to treat as fatal, on a failure that is not retriable', async () => {
    const work = leasedWork({ name: 'counting', logger, retryMs: 5, lease: async () => null, run: async () => { throw new Error('a contract broken'); } });
    await work.start();
    await expect(work.ended!()).rejects.toThrow('a contract broken');
  });
});
