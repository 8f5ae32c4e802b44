import type { RecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { defineProjection } from '../definition.js';
import { EventFactory } from '../test-support/event-factory.js';
import type { WriteFailure } from '../writes/apply-round.js';
import { guardedUpsert, type ProjectionWrite } from '../writes/guarded-write.js';
import { processEvents, type ProcessDeps } from './process-events.js';

const retry = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

function counting(poison: Set<string> = new Set()) {
  return defineProjection({
    name: 'counting',
    version: 1,
    categories: ['customer'],
    collections: { counts: { indexes: [] } },
    handle: (events: readonly RecordedEvent[]) =>
      events.map((event) => {
        if (poison.has(event.id)) throw new Error(`poison ${event.id}`);
        return guardedUpsert('counts', event.streamId, event.globalPosition, { $inc: { n: 1 } });
      }),
  });
}

function harness(projection = counting(), failing: (write: ProjectionWrite, call: number) => boolean = () => false) {
  const rounds: string[][] = [];
  const sleeps: number[] = [];
  let calls = 0;
  const deps: ProcessDeps<'counts'> = {
    projection,
    retry,
    sleep: async (ms) => void sleeps.push(ms),
    writeRound: async (writes) => {
      calls += 1;
      rounds.push(writes.map((write) => write.position));
      return writes.filter((write) => failing(write, calls)).map((write): WriteFailure<ProjectionWrite<'counts'>> => ({ write, error: new Error(`cannot write ${write.position}`) }));
    },
  };
  return { deps, rounds, sleeps };
}

describe('processEvents', () => {
  const f = new EventFactory();
  const [a1, b1, a2, a3, b2] = [f.purchase('A', '1.00'), f.purchase('B', '1.00'), f.purchase('A', '2.00'), f.purchase('A', '3.00'), f.purchase('B', '2.00')];
  const batch = [a1, b1, a2, a3, b2] as RecordedEvent[];

  it('writes every event, one write per document per round, in stream order', async () => {
    const { deps, rounds } = harness();
    expect(await processEvents(deps, batch, new Map())).toEqual({ applied: 5, parked: [] });
    expect(rounds).toEqual([[a1, b1].map((e) => e!.globalPosition), [a2, b2].map((e) => e!.globalPosition), [a3!.globalPosition]]);
  });

  it('retries a throwing event with backoff, parks it, and parks the rest of its stream behind it', async () => {
    const { deps, rounds, sleeps } = harness(counting(new Set([a2!.id])));
    const result = await processEvents(deps, batch, new Map());
    expect(result.applied).toBe(3);
    expect(result.parked.map(({ event, reason, attempts, blockedBy }) => ({ id: event.id, reason, attempts, blockedBy }))).toEqual([
      { id: a2!.id, reason: 'handler_failed', attempts: 3, blockedBy: null },
      { id: a3!.id, reason: 'stream_blocked', attempts: 0, blockedBy: a2!.id },
    ]);
    expect((result.parked[0]?.error as Error).message).toBe(`poison ${a2!.id}`);
    expect(sleeps).toEqual([100, 200]);
    expect(rounds.flat()).toEqual([a1, b1, b2].map((e) => e!.globalPosition));
  });

  it('parks every event of a stream that is already blocked', async () => {
    const { deps } = harness();
    const result = await processEvents(deps, batch, new Map([[a1!.streamId, 'earlier-event']]));
    expect(result.applied).toBe(2);
    expect(result.parked.map((parked) => [parked.event.id, parked.reason, parked.blockedBy])).toEqual([
      [a1!.id, 'stream_blocked', 'earlier-event'],
      [a2!.id, 'stream_blocked', 'earlier-event'],
      [a3!.id, 'stream_blocked', 'earlier-event'],
    ]);
  });

  it('retries a failing write, parks its event when it keeps failing and holds back the later ones of its stream', async () => {
    const { deps, rounds, sleeps } = harness(counting(), (write) => write.position === a2!.globalPosition);
    const result = await processEvents(deps, batch, new Map());
    expect(result.parked.map((parked) => [parked.event.id, parked.reason, parked.attempts])).toEqual([
      [a2!.id, 'write_failed', 3],
      [a3!.id, 'stream_blocked', 0],
    ]);
    expect(result.applied).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    expect(rounds.at(-1)).toEqual([a2!.globalPosition]);
  });

  it('applies a write that fails once and then succeeds', async () => {
    const { deps, sleeps } = harness(counting(), (write, call) => call === 1 && write.position === b1!.globalPosition);
    expect(await processEvents(deps, batch, new Map())).toEqual({ applied: 5, parked: [] });
    expect(sleeps).toEqual([100]);
  });

  it('isolates an event whose writes carry another position', async () => {
    const stray = { ...counting(), handle: (events: readonly RecordedEvent[]) => events.map((event) => guardedUpsert('counts', 'x', event.id === b1!.id ? '1' : event.globalPosition, { $inc: { n: 1 } })) };
    const { deps } = harness(stray);
    const result = await processEvents(deps, batch, new Map());
    expect(result.parked.map((parked) => [parked.event.id, parked.reason])).toEqual([
      [b1!.id, 'handler_failed'],
      [b2!.id, 'stream_blocked'],
    ]);
    expect((result.parked[0]?.error as Error).message).toMatch(/wrote position 1 for event/);
  });

  it('writes the batch folded, and only the documents the fold hands back event by event, where a poison event is isolated', async () => {
    const { deps, rounds } = harness(counting(), (write) => write.position === a2!.globalPosition);
    const folded: string[][] = [];
    const writeFolded = async (writes: readonly ProjectionWrite<'counts'>[]) => {
      folded.push(writes.map((write) => write.position));
      return writes.filter((write) => write.id === a1!.streamId);
    };
    const result = await processEvents({ ...deps, writeFolded }, batch, new Map());
    expect(folded).toEqual([batch.map((event) => event.globalPosition)]);
    expect(rounds).toEqual([[a1!.globalPosition], [a2!.globalPosition], [a2!.globalPosition], [a2!.globalPosition]]);
    expect(result.applied).toBe(3);
    expect(result.parked.map((parked) => [parked.event.id, parked.reason])).toEqual([
      [a2!.id, 'write_failed'],
      [a3!.id, 'stream_blocked'],
    ]);
  });
});
