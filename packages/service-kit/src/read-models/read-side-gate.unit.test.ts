import type { GroupLag } from '@ctp/event-bus';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemError } from '../problems/problem.js';
import { laggardOf, readSideGate, waitingFor, type ReadSideGate } from './read-side-gate.js';

/** A read model `behindMs` behind the head with as many events of backlog, or with a backlog of `catchUpMs` of work. */
const lag = (groupId: string, behindMs: number, stalled = false, catchUpMs: number | null = 0): GroupLag => ({ groupId, behindMs, behindEvents: behindMs + (catchUpMs ?? 1), catchUpMs, stalled });
const caughtUp = (groupId: string): GroupLag => ({ groupId, behindMs: 0, behindEvents: 0, catchUpMs: 0, stalled: false });
const logger = pino({ level: 'silent' });

/** Readings handed out one per sample, the last one repeated; a reading that is an Error fails that sample. */
function scripted(readings: (readonly GroupLag[] | Error)[]) {
  let taken = 0;
  return {
    get samples() {
      return taken;
    },
    sample: async () => {
      const reading = readings[Math.min(taken, readings.length - 1)]!;
      taken += 1;
      if (reading instanceof Error) throw reading;
      return reading;
    },
  };
}

describe('the read side gate', () => {
  let gate: ReadSideGate | undefined;
  afterEach(async () => gate?.stop());

  const started = async (readings: (readonly GroupLag[] | Error)[], maxWaitMs = 5_000) => {
    const source = scripted(readings);
    gate = readSideGate({ lag: source, maxLagMs: 2_000, maxWaitMs, intervalMs: 10, logger });
    await gate.start();
    await until(() => source.samples > 0);
    return source;
  };

  it('picks the read model furthest behind beyond the limit, in time or in the work its backlog takes, leaving out the stalled', () => {
    expect(laggardOf([lag('a', 3_000), lag('b', 9_000, true), lag('c', 4_000), lag('d', 1_000)], 2_000)?.groupId).toBe('c');
    expect(laggardOf([lag('a', 2_000), lag('b', 9_000, true)], 2_000)).toBeUndefined();
    expect(laggardOf([lag('a', 3_000), lag('fresh-batch', 0, false, 6_000)], 2_000)?.groupId).toBe('fresh-batch');
    expect(laggardOf([lag('unknown-pace', 500, false, null)], 2_000)).toBeUndefined();
  });

  it('starts writes freely while every read model has consumed everything, one at a time while one has a backlog, none beyond the limit', () => {
    expect(waitingFor([caughtUp('a'), lag('b', 60_000, true)], 2_000, 3)).toBeNull();
    expect(waitingFor([lag('a', 500)], 2_000, 0)).toBeNull();
    expect(waitingFor([caughtUp('a'), lag('b', 500)], 2_000, 1)?.groupId).toBe('b');
    expect(waitingFor([lag('a', 2_500)], 2_000, 0)?.groupId).toBe('a');
    expect(waitingFor([lag('a', 0, false, 2_500)], 2_000, 0)?.groupId).toBe('a');
  });

  it('lets writes through at once while every read model has consumed everything', async () => {
    const source = await started([[caughtUp('a')]]);
    const before = source.samples;
    expect(await Promise.all([gate!.paced(async () => 1), gate!.paced(async () => 2)])).toEqual([1, 2]);
    expect(source.samples - before).toBeLessThanOrEqual(1);
  });

  it('holds a write while a read model is behind, and lets it through once it is within the limit', async () => {
    const source = await started([[lag('a', 5_000)], [lag('a', 4_000)], [lag('a', 0, false, 3_000)], [lag('a', 500)]]);
    await gate!.paced(async () => undefined);
    expect(source.samples).toBeGreaterThanOrEqual(4);
  });

  it('while a read model catches up, starts the next write only once the one in flight has ended', async () => {
    await started([[lag('a', 500)]]);
    const order: string[] = [];
    let finishFirst: () => void = () => undefined;
    const first = gate!.paced(() => new Promise<void>((resolve) => (finishFirst = () => (order.push('first ended'), resolve()))));
    const second = gate!.paced(async () => void order.push('second started'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first ended', 'second started']);
  });

  it('refuses a write with 429 and retry-after when the read side stays behind past the longest wait', async () => {
    await started([[lag('ctp.projection.slow', 8_000)]], 100);
    let written = false;
    const refused = await gate!.paced(async () => (written = true)).then(() => null, (error: unknown) => error);
    expect(written).toBe(false);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 429, code: 'CTP_RATE_LIMITED', headers: { 'retry-after': '5' }, extensions: { readModel: 'ctp.projection.slow', behindMs: 8_000 } });
  });

  it('lets writes through when only a stalled read model is behind, or when the lag cannot be read', async () => {
    await started([[lag('a', 60_000, true)]]);
    expect(await gate!.paced(async () => 'written')).toBe('written');
    await gate!.stop();
    await started([new Error('kafka away')]);
    expect(await gate!.paced(async () => 'written')).toBe('written');
  });

  it('with a limit of 0 never reads the lag and never holds a write', async () => {
    const source = scripted([[lag('a', 60_000)]]);
    gate = readSideGate({ lag: source, maxLagMs: 0, maxWaitMs: 100, intervalMs: 10, logger });
    await gate.start();
    expect(await gate.paced(async () => 'written')).toBe('written');
    expect(source.samples).toBe(0);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
