import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { untilQuiet } from './quiet.js';

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
