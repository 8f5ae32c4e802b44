import { decoderFor, streamIdFor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { RemedyOrder } from '../domain/remedies/decide-remedy.js';

const customerEvent = decoderFor('customer');

/** The order as intake recorded it on the customer's stream (upcast to decimal amounts), or null when it has none such. */
export async function findOrder(history: EventStore, customerId: string, orderId: string): Promise<RemedyOrder | null> {
  const events = await history.readStream(streamIdFor('customer', customerId));
  for (const raw of events) {
    if (raw.type !== 'PurchaseRecorded') continue;
    const event = customerEvent(raw);
    if (event.type === 'PurchaseRecorded' && event.data.orderId === orderId) return { orderId, amount: event.data.amount, currency: event.data.currency };
  }
  return null;
}
