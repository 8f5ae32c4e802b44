import { decoderFor, streamIdFor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';

const customerEvent = decoderFor('customer');

/** The region (province or state) of the customer's address as its own stream last gave it; null without one. */
export async function customerRegion(history: EventStore, customerId: string): Promise<string | null> {
  let region: string | null = null;
  for (const event of (await history.readStream(streamIdFor('customer', customerId))).map(customerEvent)) {
    if (event.type === 'CustomerRegistered') region = event.data.address?.region ?? null;
    else if (event.type === 'CustomerProfileUpdated' && event.data.changes.address !== undefined) region = event.data.changes.address?.region ?? null;
  }
  return region;
}
