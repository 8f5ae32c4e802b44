import type { RecordedEvent } from '@ctp/contracts';

export function sampleEvent(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: '3f1c2b7e-9a4d-4c1e-8f2a-5b6c7d8e9f01',
    type: 'PurchaseRecorded',
    schemaVersion: 2,
    streamId: 'customer-C-1001',
    revision: 4,
    globalPosition: '9007199254740993',
    occurredAt: '2025-06-30T10:15:00+08:00',
    recordedAt: '2025-06-30T02:15:00.123Z',
    correlationId: 'req-7f3a',
    causationId: 'cause-1',
    actor: { kind: 'api-key', id: 'key-erp-1', role: 'integrator' },
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    data: { customerId: 'C-1001', orderId: 'SO-1', amount: '12.50', currency: 'CNY', channel: 'online' },
    ...overrides,
  };
}
