import type { ApiKeyPrincipal } from '@ctp/service-kit';
import { describe, expect, it } from 'vitest';
import { sourceBindingIssues } from './fact-permissions.js';

const integrator = (sourceSystems?: string[]): ApiKeyPrincipal => ({ keyId: 'k', role: 'integrator', holder: { kind: 'system', name: 'CRM' }, ...(sourceSystems ? { sourceSystems } : {}) });
const registered = (system: string) => ({ type: 'CustomerRegistered', customerId: 'C-1', data: { source: { system, externalId: 'X-1' } } });
const purchase = { type: 'PurchaseRecorded', customerId: 'C-1', data: { orderId: 'SO-1' } };

describe('registrations only for the source systems an integrator key is bound to', () => {
  it('names each registration of another source system by its field', () => {
    expect(sourceBindingIssues(integrator(['crm']), [registered('crm'), purchase, registered('erp')])).toEqual([
      { index: 2, path: 'body.events[2].data.source.system', message: 'key k (bound to crm) may not register customers of source system erp' },
    ]);
  });

  it('refuses every registration from a key bound to none, and passes any from a `*` (development) key', () => {
    expect(sourceBindingIssues(integrator(), [registered('crm')])).toHaveLength(1);
    expect(sourceBindingIssues(integrator(['*']), [registered('crm'), registered('erp')])).toEqual([]);
  });
});
