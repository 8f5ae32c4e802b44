import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { buyersOf, type Buyer } from './buyers.js';
import type { CustomerDocument } from './customer-projection.js';

const customerEvent = decoderFor('customer');
const streamOf = (customerId: string) => `customer-${customerId}`;

/**
 * The customer events that change a buyer: whom a purchase counts for, or when (a purchase, both sides of a merge), and
 * what the listing shows of it (a refund, an erasure).
 */
export const buyerEventTypes: ReadonlySet<string> = new Set(['PurchaseRecorded', 'CustomersMerged', 'CustomerMergedInto', 'PurchaseRefunded', 'CustomerErasureRequested']);

/**
 * The customer streams of the ids a batch touched and of every id merged into or with them, read once, so the buyers
 * they make up can be told at any position up to the batch's end.
 */
export async function readBuyerStreams(store: EventStore, touched: readonly string[], upTo: GlobalPosition): Promise<Map<string, RecordedEvent[]>> {
  const streams = new Map<string, RecordedEvent[]>();
  let next = [...new Set(touched)];
  while (next.length > 0) {
    const read = await store.readStreams(next.map(streamOf));
    for (const id of next) streams.set(id, (read.get(streamOf(id)) ?? []).filter(({ globalPosition }) => compareGlobalPositions(globalPosition, upTo) <= 0));
    next = [...new Set(next.flatMap((id) => mergeNeighbours(streams.get(id)!)))].filter((id) => !streams.has(id));
  }
  return streams;
}

function mergeNeighbours(events: readonly RecordedEvent[]): string[] {
  return events.flatMap((raw) => {
    if (raw.type === 'CustomerMergedInto') {
      const event = customerEvent(raw);
      return event.type === 'CustomerMergedInto' ? [event.data.survivorId] : [];
    }
    if (raw.type === 'CustomersMerged') {
      const event = customerEvent(raw);
      return event.type === 'CustomersMerged' ? event.data.mergedAwayIds : [];
    }
    return [];
  });
}

/** The buyers (as retention counts them: buyers.ts) those streams make up with their events up to `at`; null: none. */
export function buyersAt(streams: ReadonlyMap<string, readonly RecordedEvent[]>, at: GlobalPosition | null): Buyer[] {
  if (at === null) return [];
  const documents = [...streams].map(([id, events]): CustomerDocument => {
    let mergedInto: string | undefined;
    let erased = false;
    const purchases: NonNullable<CustomerDocument['purchases']>[number][] = [];
    const refunds: NonNullable<CustomerDocument['refunds']>[number][] = [];
    for (const raw of events) {
      if (compareGlobalPositions(raw.globalPosition, at) > 0 || !buyerEventTypes.has(raw.type)) continue;
      const event = customerEvent(raw);
      if (event.type === 'CustomerMergedInto') mergedInto = event.data.survivorId;
      if (event.type === 'PurchaseRecorded') purchases.push({ orderId: event.data.orderId, at: new Date(raw.occurredAt), amount: event.data.amount, position: raw.globalPosition });
      if (event.type === 'PurchaseRefunded') refunds.push({ orderId: event.data.orderId, at: new Date(raw.occurredAt), position: raw.globalPosition });
      if (event.type === 'CustomerErasureRequested') erased = true;
    }
    return { _id: id, purchases, refunds, erased, ...(mergedInto === undefined ? {} : { mergedInto }), trace: [] };
  });
  return buyersOf(documents);
}

/** `buyersAt` over one batch's streams, each position told once (the counts and the listing ask for the same ones). */
export function buyersOfStreams(streams: ReadonlyMap<string, readonly RecordedEvent[]>): (at: GlobalPosition | null) => readonly Buyer[] {
  const told = new Map<GlobalPosition | null, Buyer[]>();
  return (at) => told.get(at) ?? told.set(at, buyersAt(streams, at)).get(at)!;
}
