import type { RecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { BlockedStreams } from './blocked-streams.js';
import type { Parcel } from './dead-letter.js';
import { toKafkaMessage } from './kafka-message.js';
import { decodeMessages, react, type ReactionDeps } from './reaction.js';
import { sampleEvent } from './test-support/sample-event.js';

const eventOf = (index: number, stream: string): RecordedEvent =>
  sampleEvent({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, streamId: `customer-${stream}`, revision: index, globalPosition: String(100 + index) });

function subject(failing: (event: RecordedEvent, call: number) => Error | null) {
  const calls: string[][] = [];
  const parked: Parcel[] = [];
  const pauses: number[] = [];
  const deps: ReactionDeps = {
    handle: async (events) => {
      calls.push(events.map((event) => event.id));
      for (const event of events) {
        const error = failing(event, calls.length);
        if (error) throw error;
      }
    },
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 15 },
    isRetriable: (error) => (error as { code?: string }).code === 'ECONNREFUSED',
    blocked: new BlockedStreams(),
    park: async (parcels) => void parked.push(...parcels),
    sleep: async (ms) => void pauses.push(ms),
  };
  const deliver = (events: readonly RecordedEvent[]) => {
    const messages = events.map((event, offset) => {
      const { key, value, headers } = toKafkaMessage(event);
      return { key: Buffer.from(key), value: Buffer.from(value), headers, offset: String(offset), timestamp: '0', attributes: 0 };
    });
    return decodeMessages('t', 0, messages);
  };
  return { deps, calls, parked, pauses, deliver };
}

describe('react', () => {
  it('hands a part over in one call when it succeeds, parking nothing', async () => {
    const { deps, calls, parked, deliver } = subject(() => null);
    const events = [eventOf(0, 'a'), eventOf(1, 'b')];
    const { deliveries, undecodable } = deliver(events);
    expect(await react(deps, deliveries, undecodable, async () => undefined)).toEqual([]);
    expect(calls).toEqual([events.map((event) => event.id)]);
    expect(parked).toEqual([]);
  });

  it('after a failed part, tries each event alone a bounded number of times, parks the failing one and its stream behind it', async () => {
    const poison = eventOf(1, 'a');
    const { deps, calls, parked, pauses, deliver } = subject((event) => (event.id === poison.id ? new Error('bad event') : null));
    const events = [eventOf(0, 'a'), poison, eventOf(2, 'b'), eventOf(3, 'a')];
    const { deliveries, undecodable } = deliver(events);
    const result = await react(deps, deliveries, undecodable, async () => undefined);
    expect(calls).toEqual([events.map((event) => event.id), [events[0]!.id], [poison.id], [poison.id], [poison.id], [events[2]!.id]]);
    expect(pauses).toEqual([10, 15]);
    expect(result.map((parcel) => [parcel.event?.id, parcel.reason, parcel.attempts, parcel.blockedBy, parcel.original.offset])).toEqual([
      [poison.id, 'handler_failed', 3, null, '1'],
      [events[3]!.id, 'stream_blocked', 0, poison.id, '3'],
    ]);
    expect(parked).toEqual(result);
    expect(deps.blocked.blockedBy('customer-a')).toBe(poison.id);
    expect(deps.blocked.blockedBy('customer-b')).toBeUndefined();

    const next = deliver([eventOf(4, 'a'), eventOf(5, 'b')]);
    expect((await react(deps, next.deliveries, next.undecodable, async () => undefined)).map((parcel) => [parcel.event?.id, parcel.reason])).toEqual([[eventOf(4, 'a').id, 'stream_blocked']]);
    expect(calls.at(-1)).toEqual([eventOf(5, 'b').id]);
  });

  it('throws a retriable error without parking anything, so the part comes again', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { deps, parked, deliver } = subject((event, call) => (event.streamId === 'customer-b' ? down : call === 1 ? new Error('first call fails') : null));
    const { deliveries, undecodable } = deliver([eventOf(0, 'a'), eventOf(1, 'b')]);
    await expect(react(deps, deliveries, undecodable, async () => undefined)).rejects.toBe(down);
    expect(parked).toEqual([]);
    expect(deps.blocked.size).toBe(0);
  });

  it('parks a message that is not an event as undecodable', async () => {
    const { deps, calls, deliver } = subject(() => null);
    const good = deliver([eventOf(0, 'a')]);
    const broken = decodeMessages('t', 0, [{ key: Buffer.from('customer-a'), value: Buffer.from('{}'), headers: {}, offset: '7', timestamp: '0', attributes: 0 }]);
    const result = await react(deps, good.deliveries, broken.undecodable, async () => undefined);
    expect(result.map((parcel) => [parcel.reason, parcel.event, parcel.original.offset])).toEqual([['undecodable', null, '7']]);
    expect(calls).toEqual([[eventOf(0, 'a').id]]);
  });
});

describe('blocked streams', () => {
  it('unblocks a stream only when nothing of it was parked after what a redrive handled', () => {
    const blocked = new BlockedStreams();
    blocked.block('a', 'e1', '101');
    blocked.block('a', 'e3', '103');
    expect(blocked.blockedBy('a')).toBe('e1');
    expect(blocked.unblock('a', '101')).toBe(false);
    expect(blocked.unblock('a', '103')).toBe(true);
    expect(blocked.blockedBy('a')).toBeUndefined();
  });
});
