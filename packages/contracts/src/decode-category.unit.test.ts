import { describe, expect, it } from 'vitest';
import { decoderFor } from './decode-category.js';
import type { RecordedEvent } from './envelope.js';

const recorded = (type: string, streamId: string, data: unknown, schemaVersion = 1): RecordedEvent =>
  ({
    id: '0b9f1f8e-7b0e-4f7a-9d3e-111111111111',
    type,
    schemaVersion,
    streamId,
    revision: 0,
    globalPosition: '1',
    occurredAt: '2026-11-01T00:00:00.000Z',
    recordedAt: '2026-11-01T00:00:00.000Z',
    correlationId: 'c',
    causationId: null,
    actor: { kind: 'service', id: 'test' },
    traceparent: null,
    data,
  }) as RecordedEvent;

describe('a category decoder', () => {
  const tierEvents = decoderFor('tier');

  it('passes an event of its category through, typed', () => {
    const event = tierEvents(recorded('TierOverrideExpired', 'tier-C-1', { customerId: 'C-1', overrideId: 'o-1' }));
    expect(event.type).toBe('TierOverrideExpired');
  });

  it('upcasts an older version to the latest', () => {
    const v1 = { customerId: 'C-1', interactionId: 'IX-1', channel: 'web', kind: 'inquiry', direction: 'inbound', note: 'n' };
    const event = decoderFor('customer')(recorded('InteractionRecorded', 'customer-C-1', v1, 1));
    expect(event).toMatchObject({ type: 'InteractionRecorded', schemaVersion: 2, data: { ...v1, channel: 'online' } });
  });

  it('refuses an event of another category or an unknown type, naming it', () => {
    expect(() => tierEvents(recorded('PurchaseRecorded', 'customer-C-1', {}))).toThrow(/PurchaseRecorded .* is not a tier event/);
    expect(() => tierEvents(recorded('NoSuchEvent', 'tier-C-1', {}))).toThrow(/NoSuchEvent/);
  });
});
