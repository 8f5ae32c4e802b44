import type { CustomerLedgerDocument } from '../retention/customer-projection.js';
import { eventsLinks } from './events-links.js';

const purchaseTypes = new Set(['PurchaseRecorded', 'PurchaseRefunded']);

/** Where the profile itself is served, masked as the caller's role requires and with the read recorded. */
export const profileLinkOf = (customerId: string) => `/v1/customers/${encodeURIComponent(customerId)}`;

/** What analytics shows of a customer's profile: no personal field, only kind, dates and the merge and erasure flags. */
export function profileSection(facts: CustomerLedgerDocument | null) {
  const trace = (facts?.trace ?? []).filter(({ type }) => !purchaseTypes.has(type));
  return {
    kind: facts?.kind ?? null,
    customerSince: facts?.customerSince ?? null,
    registeredAt: facts?.registeredAt?.toISOString() ?? null,
    merged: facts?.mergedInto !== undefined,
    mergedInto: facts?.mergedInto ?? null,
    mergedFrom: [...(facts?.mergedFrom ?? [])].sort(),
    erased: facts?.erased === true,
    events: eventsLinks(trace),
  };
}

export function purchaseTrace(facts: CustomerLedgerDocument | null) {
  return (facts?.trace ?? []).filter(({ type }) => purchaseTypes.has(type));
}

