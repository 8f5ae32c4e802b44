import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { busyShareBetween, machineTicksOf, untilQuiet } from './quiet.js';

/** A process that spins a core for `busyMs`, says `idle`, then sleeps until killed. */
function spinThenIdle(busyMs: number) {
  const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${busyMs}; while (Date.now() < end); console.log('idle'); setInterval(() => {}, 1000);`]);
  const idle = new Promise<number>((resolve) => child.stdout.once('data', () => resolve(performance.now())));
  return { child, idle };
}

describe('untilQuiet', () => {
  it('waits while a process spins a core and answers once it has gone idle', async () => {
    const { child, idle } = spinThenIdle(1_500);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      await untilQuiet([child.pid!], { windowMs: 200 });
      const settledAt = performance.now();
      expect(await idle).toBeLessThan(settledAt);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('the machine busy share', () => {
  const procStat = (user: number, idle: number, iowait: number) => `cpu  ${user} 0 0 ${idle} ${iowait} 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n`;

  it('counts every tick but idle and iowait as busy, between two readings', () => {
    const before = machineTicksOf(procStat(100, 1_000, 50));
    const after = machineTicksOf(procStat(160, 1_030, 60));
    expect(busyShareBetween(before, after)).toBeCloseTo(60 / 100);
  });

  it('reads this machine: a share between 0 and 1', async () => {
    const before = machineTicksOf(await readFile('/proc/stat', 'utf8'));
    const share = busyShareBetween(before, machineTicksOf(await readFile('/proc/stat', 'utf8')));
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
  });
});
