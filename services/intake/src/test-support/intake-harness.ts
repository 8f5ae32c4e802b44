import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { freePort, isolatedEnvironment, postgresUrl, startService, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';

export interface IntakeHarness {
  readonly intake: ServiceProcess;
  /** The raw store of the harness's schema: what was written, encrypted as stored. */
  readonly store: EventStore;
  post(events: unknown[], role?: string): Promise<Response>;
  get(path: string, role: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

/** A real intake (and, with `relay`, a relay feeding its projection) on an isolated schema. */
export async function startIntake(options: { relay: boolean; environment?: Record<string, string> }): Promise<IntakeHarness> {
  const schema = uniqueName('intake');
  const isolated = await isolatedEnvironment(schema);
  const environment = { ...isolated.environment, READ_WAIT_TIMEOUT_MS: '30000', ...options.environment };
  const relay = options.relay ? startService('relay', await freePort(), environment) : null;
  if (relay) await waitUntilReady(relay);
  const intake = startService('intake', await freePort(), environment);
  await waitUntilReady(intake);
  const keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
  const store = await createEventStore(postgresUrl(), { schema });
  const authorization = (role: string): Record<string, string> => (keys[role] ? { authorization: `Bearer ${keys[role]}` } : {});
  return {
    intake,
    store,
    post: (events, role = 'integrator') =>
      fetch(`${intake.baseUrl}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...authorization(role) }, body: JSON.stringify({ events }) }),
    get: (path, role, headers = {}) => fetch(`${intake.baseUrl}${path}`, { headers: { ...authorization(role), ...headers } }),
    async stop() {
      await Promise.all([relay?.stop(), intake.stop(), store.close()]);
    },
  };
}

export const newCustomerId = () => `C-${randomUUID().slice(0, 8)}`;

export function fact(type: string, customerId: string, data: Record<string, unknown>, occurredAt = '2026-03-01T10:00:00+08:00') {
  return { id: randomUUID(), type, customerId, occurredAt, data };
}

export function registration(customerId: string, name = 'Li Wei') {
  return fact('CustomerRegistered', customerId, {
    kind: 'person',
    name,
    email: `${customerId.toLowerCase()}@example.com`,
    phone: '+8613800138000',
    address: { line1: '1 Nanjing Road', city: 'Shanghai', region: 'Shanghai', country: 'CN' },
    customerSince: '2024-05-01',
    source: { system: 'crm', externalId: `CRM-${customerId}` },
    serviceConsent: { method: 'web_form', reference: 'form-1', noticeVersion: '2026-01' },
  }, '2026-01-05T09:00:00+08:00');
}

export const purchase = (customerId: string, orderId: string, amount: string, currency = 'CNY', occurredAt?: string) =>
  fact('PurchaseRecorded', customerId, { orderId, amount, currency, channel: 'online' }, occurredAt);

export const refund = (customerId: string, orderId: string, amount: string, currency = 'CNY') =>
  fact('PurchaseRefunded', customerId, { orderId, refundId: `R-${randomUUID().slice(0, 6)}`, amount, currency, reason: 'damaged on delivery' });
