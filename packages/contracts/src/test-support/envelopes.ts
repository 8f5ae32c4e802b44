import type { EventMetadata } from '../envelope.js';

export const metadata: EventMetadata = {
  id: '3f1c2b7e-9a4d-4c1e-8f2a-5b6c7d8e9f01',
  streamId: 'customer-C-1001',
  occurredAt: '2025-06-30T10:15:00+08:00',
  correlationId: 'req-7f3a',
  causationId: null,
  actor: { kind: 'api-key', id: 'key-erp-1', role: 'integrator' },
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

export function recordedEnvelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...metadata,
    type: 'InteractionRecorded',
    schemaVersion: 1,
    revision: 4,
    globalPosition: '9007199254740993',
    recordedAt: '2025-06-30T02:15:00.123Z',
    data: { customerId: 'C-1001', interactionId: 'IX-1', channel: 'web', kind: 'inquiry', direction: 'inbound' },
    ...overrides,
  };
}
