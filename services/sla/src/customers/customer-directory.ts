import { streamIdFor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { CustomerDirectory } from '../sla-deps.js';

const gone = new Set(['CustomerErasureRequested', 'CustomerMergedInto']);

/**
 * Intake's customer streams read straight from the store (no personal data is decrypted): a customer is
 * known once registered, and no longer once erased or merged into another (cases go to the survivor).
 */
export function customerDirectory(history: EventStore): CustomerDirectory {
  return {
    isKnown: async (customerId) => {
      const events = await history.readStream(streamIdFor('customer', customerId));
      return events.some(({ type }) => type === 'CustomerRegistered') && !events.some(({ type }) => gone.has(type));
    },
  };
}
