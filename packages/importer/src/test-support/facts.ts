import { randomUUID } from 'node:crypto';

export interface Fact {
  readonly id: string;
  readonly type: 'CustomerRegistered' | 'PurchaseRecorded';
  readonly customerId: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

const at = (day: number, hour: number) => `2025-${String(1 + (day % 12)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

function registration(customerId: string, n: number): Fact {
  return {
    id: randomUUID(),
    type: 'CustomerRegistered',
    customerId,
    occurredAt: at(n, 9),
    data: {
      kind: n % 5 === 0 ? 'organisation' : 'person',
      name: `Customer ${n}`,
      email: `customer${n}@example.com`,
      customerSince: at(n, 9).slice(0, 10),
      source: { system: 'crm', externalId: `CRM-${n}` },
      serviceConsent: { method: 'web_form', reference: `form-${n}`, noticeVersion: '2025-01' },
    },
  };
}

function purchase(customerId: string, n: number, k: number): Fact {
  return {
    id: randomUUID(),
    type: 'PurchaseRecorded',
    customerId,
    occurredAt: at(n, 10 + k),
    data: { orderId: `SO-${n}-${k}`, amount: `${(n % 900) + 10 + k}.${String((n * 7 + k) % 100).padStart(2, '0')}`, currency: 'CNY', channel: k % 2 === 0 ? 'online' : 'store' },
  };
}

/** Valid intake facts: each customer registered, then their purchases, in file order. */
export function customerFacts(customers: number, purchasesEach: number, prefix = `C-${randomUUID().slice(0, 8)}`): Fact[] {
  return Array.from({ length: customers }, (_, n) => {
    const customerId = `${prefix}-${n}`;
    return [registration(customerId, n), ...Array.from({ length: purchasesEach }, (_, k) => purchase(customerId, n, k))];
  }).flat();
}

export const toNdjson = (lines: readonly (Fact | string)[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
