import type { RecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { customerSummary } from './customer-summary.js';

const recorded = (type: string, data: Record<string, unknown>, position: string): RecordedEvent => ({
  id: `00000000-0000-4000-8000-00000000000${position}`,
  type,
  schemaVersion: type === 'PurchaseRecorded' ? 2 : 1,
  streamId: 'customer-C-1',
  revision: Number(position) - 1,
  globalPosition: position,
  occurredAt: '2026-03-01T10:00:00+08:00',
  recordedAt: '2026-03-01T02:00:01Z',
  correlationId: 'req-1',
  causationId: null,
  actor: { kind: 'api-key', id: 'dev-integrator', role: 'integrator' },
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  data,
});

describe('customer summary projection', () => {
  it('turns a purchase into one guarded upsert on the customer, in minor units, remembering the event', () => {
    const writes = customerSummary.handle([
      recorded('PurchaseRecorded', { customerId: 'C-1', orderId: 'SO-1', amount: '12.34', currency: 'CNY', channel: 'online' }, '7'),
    ]);
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0])).toContain('"spendMinor.CNY":1234');
    expect(JSON.stringify(writes[0])).toContain('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('records consent per purpose, granted or withdrawn', () => {
    const [granted, withdrawn] = customerSummary.handle([
      recorded('ConsentGranted', { customerId: 'C-1', purpose: 'survey', evidence: { method: 'web_form', reference: 'f-1', noticeVersion: 'v1' } }, '2'),
      recorded('ConsentWithdrawn', { customerId: 'C-1', purpose: 'survey', via: 'app' }, '3'),
    ]);
    expect(JSON.stringify(granted)).toMatch(/"consent\.survey":\{"granted":true/);
    expect(JSON.stringify(withdrawn)).toMatch(/"consent\.survey":\{"granted":false/);
  });
});
