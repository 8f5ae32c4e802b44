import { decimalToMinorUnits } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { eachFeedPage } from '@ctp/test-kit';

export interface ExpectedCustomer {
  /** The stored (20-digit) position of the last event of the customer's stream the read model applies. */
  readonly position: string;
  readonly purchases: number;
  readonly refunds: number;
  readonly interactions: number;
  readonly spendMinor: Record<string, number>;
  readonly refundedMinor: Record<string, number>;
}

const summarised = new Set(['CustomerRegistered', 'PurchaseRecorded', 'PurchaseRefunded', 'InteractionRecorded', 'ConsentGranted', 'ConsentWithdrawn', 'CustomerErasureRequested', 'CustomerProfileUpdated', 'CustomersMerged']);
const tierTypes = new Set(['TierAssigned', 'TierChanged', 'TierDowngradeWarned', 'TierOverridden', 'TierOverrideExpired', 'TierWithdrawn']);
const movementTypes = new Set(['TierAssigned', 'TierChanged', 'TierWithdrawn']);
const stored = (position: string) => position.padStart(20, '0');

/** What intake's customer summary and tiering's tier read model must hold, folded from the whole store. */
export async function expectedFromStore(store: EventStore): Promise<{ customers: Map<string, ExpectedCustomer>; tierPositions: Map<string, string>; tierMovements: number }> {
  const customers = new Map<string, { position: string; purchases: number; refunds: number; interactions: number; spendMinor: Record<string, number>; refundedMinor: Record<string, number> }>();
  const tierPositions = new Map<string, string>();
  let tierMovements = 0;
  await eachFeedPage(store, (page) => {
    for (const event of page) {
      if (event.streamId.startsWith('tier-') && tierTypes.has(event.type)) tierPositions.set(event.streamId.slice('tier-'.length), stored(event.globalPosition));
      if (event.streamId.startsWith('tier-') && movementTypes.has(event.type)) tierMovements += 1;
      if (!event.streamId.startsWith('customer-') || !summarised.has(event.type)) continue;
      const id = event.streamId.slice('customer-'.length);
      const customer = customers.get(id) ?? { position: '', purchases: 0, refunds: 0, interactions: 0, spendMinor: {}, refundedMinor: {} };
      customer.position = stored(event.globalPosition);
      const data = event.data as { amount?: string; currency?: string };
      if (event.type === 'PurchaseRecorded') {
        customer.purchases += 1;
        customer.spendMinor[data.currency!] = (customer.spendMinor[data.currency!] ?? 0) + decimalToMinorUnits(data.amount!, data.currency!);
      }
      if (event.type === 'PurchaseRefunded') {
        customer.refunds += 1;
        customer.refundedMinor[data.currency!] = (customer.refundedMinor[data.currency!] ?? 0) + decimalToMinorUnits(data.amount!, data.currency!);
      }
      if (event.type === 'InteractionRecorded') customer.interactions += 1;
      customers.set(id, customer);
    }
  }, { pageSize: 5_000 });
  return { customers, tierPositions, tierMovements };
}
