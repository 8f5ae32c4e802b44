import { describe, expect, it } from 'vitest';
import { buildEvent, decodeRecordedEvent } from './codec.js';
import { metadata, recordedEnvelope } from './test-support/envelopes.js';
import { samples } from './test-support/samples.js';
import { thrown } from './test-support/thrown.js';

describe('buildEvent', () => {
  it('stamps the latest schema version on validated data', () => {
    const event = buildEvent('InteractionRecorded', samples.InteractionRecorded, metadata);
    expect(event).toMatchObject({ type: 'InteractionRecorded', schemaVersion: 2, streamId: 'customer-C-1001' });
    expect(event.data).toEqual(samples.InteractionRecorded);
  });

  it('lists every invalid data field', () => {
    const bad = { ...samples.PurchaseRecorded, amount: 12.5, channel: 'fax' } as never;
    const error = thrown(() => buildEvent('PurchaseRecorded', bad, metadata));
    expect(error.code).toBe('invalid_event_data');
    expect(error.issues.map((issue) => issue.path)).toEqual(['amount', 'channel']);
  });

  it('refuses a stream of another category', () => {
    expect(() => buildEvent('TierAssigned', samples.TierAssigned, metadata)).toThrow(
      'TierAssigned belongs in a tier stream, not customer-C-1001',
    );
  });

  it('refuses an invalid envelope', () => {
    expect(() => buildEvent('InteractionRecorded', samples.InteractionRecorded, { ...metadata, id: 'x' })).toThrow(
      'invalid envelope for InteractionRecorded',
    );
  });
});

describe('decodeRecordedEvent', () => {
  it('upcasts stored data and narrows on type', () => {
    const event = decodeRecordedEvent(recordedEnvelope());
    expect(event.schemaVersion).toBe(2);
    expect(event.globalPosition).toBe('9007199254740993');
    if (event.type !== 'InteractionRecorded') throw new Error(`unexpected ${event.type}`);
    expect(event.data.channel).toBe('online');
  });

  it('rejects a broken envelope or an unknown type', () => {
    expect(() => decodeRecordedEvent(recordedEnvelope({ revision: -1 }))).toThrow('invalid recorded event envelope');
    expect(() => decodeRecordedEvent(recordedEnvelope({ type: 'CustomerDeleted' }))).toThrow('unknown event type');
  });
});
