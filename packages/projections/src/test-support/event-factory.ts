import { randomUUID } from 'node:crypto';
import { buildEvent, type EventData, type EventToAppend, type EventType, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';

/** Valid recorded events with increasing positions and per-stream revisions, for tests without a store. */
export class EventFactory {
  private position: bigint;
  private readonly revisions = new Map<string, number>();

  constructor(startAfter: bigint = 1000n) {
    this.position = startAfter;
  }

  purchase(customerId: string, amount: string, channel: EventData<'PurchaseRecorded'>['channel'] = 'online'): RecordedEvent {
    return this.record(toAppend('PurchaseRecorded', customerId, { customerId, orderId: `SO-${randomUUID().slice(0, 8)}`, amount, currency: 'CNY', channel }));
  }

  refund(customerId: string, amount: string): RecordedEvent {
    return this.record(toAppend('PurchaseRefunded', customerId, { customerId, orderId: 'SO-1', refundId: `RF-${randomUUID().slice(0, 8)}`, amount, currency: 'CNY' }));
  }

  interaction(customerId: string): RecordedEvent {
    return this.record(toAppend('InteractionRecorded', customerId, { customerId, interactionId: `IX-${randomUUID().slice(0, 8)}`, channel: 'online', kind: 'inquiry', direction: 'inbound' }));
  }

  get lastPosition(): GlobalPosition {
    return this.position.toString();
  }

  private record(event: EventToAppend): RecordedEvent {
    this.position += 1n + BigInt(Math.floor(Math.random() * 3));
    const revision = (this.revisions.get(event.streamId) ?? -1) + 1;
    this.revisions.set(event.streamId, revision);
    return { ...event, revision, globalPosition: this.position.toString(), recordedAt: new Date().toISOString() };
  }
}

export function toAppend<T extends EventType>(type: T, customerId: string, data: EventData<T>): EventToAppend {
  return buildEvent(type, data, {
    id: randomUUID(),
    streamId: `customer-${customerId}`,
    occurredAt: '2025-06-30T10:15:00+08:00',
    correlationId: `test-${randomUUID().slice(0, 8)}`,
    causationId: null,
    actor: { kind: 'api-key', id: 'key-test', role: 'integrator' },
    traceparent: null,
  });
}
