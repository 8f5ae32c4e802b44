import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { postgresUrl } from '@ctp/test-kit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openTimersSubject, sleep, type TimersSubject } from './test-support/subject.js';

const packageDir = resolve(import.meta.dirname, '..');
const script = resolve(import.meta.dirname, 'test-support/crash-worker.ts');

interface WorkerProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when the process printed this line. */
  saw(line: string, timeoutMs?: number): Promise<void>;
  /** Resolves once the worker looked for due timers `more` times after now. */
  polledAgain(more: number): Promise<void>;
}

/** A timer worker in a child process (node + tsx, straight from the sources). */
function startWorkerProcess(environment: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    async saw(line, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.split('\n').includes(line)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker exited before printing "${line}":\n${output}`);
        if (Date.now() > deadline) throw new Error(`worker did not print "${line}" within ${timeoutMs} ms:\n${output}`);
        await sleep(20);
      }
    },
    async polledAgain(more) {
      const polls = [...output.matchAll(/^polled (\d+)$/gm)].map((match) => Number(match[1]));
      await this.saw(`polled ${Math.max(0, ...polls) + more}`);
    },
  };
}

describe('a timer worker process killed mid-handler', () => {
  let subject: TimersSubject;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await subject?.close();
  });

  it('fires the timer in hand again after its lease ran out, and never a completed one', async () => {
    subject = await openTimersSubject();
    const { store, admin, schema } = subject;
    await admin.query(`CREATE TABLE "${schema}".firings (timer_id text NOT NULL, pid integer NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await admin.query(`CREATE TABLE "${schema}".effects (timer_id text PRIMARY KEY)`);
    await store.schedule({ id: 'completed', kind: 'quick', dueAt: new Date(Date.now() - 2_000), payload: null });
    await store.schedule({ id: 'in-hand', kind: 'hang', dueAt: new Date(Date.now() - 1_000), payload: null });
    const environment = { TIMERS_URL: postgresUrl(), TIMERS_SCHEMA: schema, LEASE_MS: '1500' };

    const first = startWorkerProcess({ ...environment, HANG_KIND: 'hang' });
    children.push(first.child);
    await first.saw('fired completed');
    await first.saw('hanging in-hand');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(first.child.signalCode).toBe('SIGKILL');
    const killedAt = Date.now();

    const inHand = await store.get('in-hand');
    expect(inHand).toMatchObject({ state: 'pending', attempts: 1, leasedUntil: expect.any(Date) });
    expect(await store.get('completed')).toMatchObject({ state: 'fired', attempts: 1 });

    // the restarted service schedules its deterministic ids again: nothing new
    expect(await store.schedule({ id: 'completed', kind: 'quick', dueAt: new Date(), payload: null })).toBe('exists');
    expect(await store.schedule({ id: 'in-hand', kind: 'hang', dueAt: new Date(), payload: null })).toBe('exists');

    const second = startWorkerProcess(environment);
    children.push(second.child);
    await second.saw('fired in-hand');
    const leaseRanOutAt = inHand!.leasedUntil!.getTime();
    const { rows: firings } = await admin.query<{ timer_id: string; pid: number; at: Date }>(
      `SELECT timer_id, pid, at FROM "${schema}".firings ORDER BY at`,
    );
    expect(firings.map((firing) => [firing.timer_id, firing.pid])).toEqual([
      ['completed', first.child.pid],
      ['in-hand', first.child.pid],
      ['in-hand', second.child.pid],
    ]);
    expect(firings[2]!.at.getTime()).toBeGreaterThanOrEqual(leaseRanOutAt);
    await vi.waitFor(async () => expect(await store.get('in-hand')).toMatchObject({ state: 'fired', attempts: 2 }));

    // the handler's effect is keyed by the timer id: the second firing added nothing
    const { rows: effects } = await admin.query<{ timer_id: string }>(`SELECT timer_id FROM "${schema}".effects ORDER BY timer_id`);
    expect(effects.map((effect) => effect.timer_id)).toEqual(['completed', 'in-hand']);

    // after more looks for due timers, still nothing fired twice that was completed
    await second.polledAgain(5);
    second.child.kill('SIGTERM');
    const [code] = (await once(second.child, 'exit')) as [number | null];
    expect(code, second.output()).toBe(0);
    const { rows: counts } = await admin.query<{ timer_id: string; count: number }>(
      `SELECT timer_id, count(*)::int AS count FROM "${schema}".firings GROUP BY timer_id ORDER BY timer_id`,
    );
    expect(counts).toEqual([
      { timer_id: 'completed', count: 1 },
      { timer_id: 'in-hand', count: 2 },
    ]);
    process.stderr.write(`killed worker's timer fired again ${firings[2]!.at.getTime() - killedAt} ms after the kill (lease 1500 ms)\n`);
  });
});
