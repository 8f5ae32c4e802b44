import { describe, expect, it } from 'vitest';
import { consentAt } from './customer-facts.js';
import type { RecordedEvent } from './envelope.js';

let position = 0;
const fact = (type: string, occurredAt: string, data: Record<string, unknown>): RecordedEvent => {
  position += 1;
  return { id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`, type, schemaVersion: 1, streamId: 'customer-C-1', revision: position - 1, globalPosition: String(position), occurredAt, recordedAt: occurredAt, correlationId: 'c', causationId: null, actor: { kind: 'system', id: 't' }, traceparent: null, data } as RecordedEvent;
};
const evidence = { method: 'web_form', reference: 'f', noticeVersion: '1' };
const now = new Date('2026-03-04T00:00:00.000Z');

describe('consent for a purpose at an instant', () => {
  it('the last grant or withdrawal up to then decides; a grant names its event', () => {
    const grant = fact('ConsentGranted', '2026-01-01T00:00:00Z', { customerId: 'C-1', purpose: 'survey', evidence });
    expect(consentAt([grant], 'survey', now)).toEqual({ status: 'consented', grantEventId: grant.id });
    expect(consentAt([grant], 'marketing', now)).toEqual({ status: 'no_consent' });
    expect(consentAt([grant, fact('ConsentWithdrawn', '2026-02-01T00:00:00Z', { customerId: 'C-1', purpose: 'survey', via: 'email' })], 'survey', now)).toEqual({ status: 'no_consent' });
    expect(consentAt([grant, fact('ConsentWithdrawn', '2026-05-01T00:00:00Z', { customerId: 'C-1', purpose: 'survey', via: 'email' })], 'survey', now).status).toBe('consented');
  });

  it('an expired grant is none; an erased or merged-away customer has none, and says why', () => {
    expect(consentAt([fact('ConsentGranted', '2025-01-01T00:00:00Z', { customerId: 'C-1', purpose: 'survey', evidence, expiresAt: '2026-01-01T00:00:00Z' })], 'survey', now)).toEqual({ status: 'no_consent' });
    const grant = fact('ConsentGranted', '2026-01-01T00:00:00Z', { customerId: 'C-1', purpose: 'survey', evidence });
    expect(consentAt([grant, fact('CustomerErasureRequested', '2026-02-01T00:00:00Z', { customerId: 'C-1', requestId: 'E-1', reason: 'x' })], 'survey', now)).toEqual({ status: 'erased' });
    expect(consentAt([grant, fact('CustomerMergedInto', '2026-02-01T00:00:00Z', { customerId: 'C-1', survivorId: 'C-9', mergeEventId: grant.id })], 'survey', now)).toEqual({ status: 'merged_away', survivorId: 'C-9' });
  });
});
