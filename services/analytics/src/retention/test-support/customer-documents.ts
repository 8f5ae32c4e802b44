import type { CustomerDocument } from '../customer-projection.js';

let position = 0;

/** A customer document as the projection keeps it, with purchases on the given instants (order ids `<customer>-<n>`). */
export function customer(id: string, purchaseInstants: readonly string[], more: Partial<CustomerDocument> = {}): CustomerDocument {
  const purchases = purchaseInstants.map((at, index) => {
    position += 1;
    return { orderId: `${id}-${index + 1}`, at: new Date(at), amount: '100.00', position: String(position) };
  });
  return { _id: id, purchases, trace: purchases.map(({ position: at }) => ({ position: at, type: 'PurchaseRecorded' })), ...more };
}
