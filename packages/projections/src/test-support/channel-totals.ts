import { decodeRecordedEvent, type RecordedEvent } from '@ctp/contracts';
import type { Collection } from 'mongodb';
import { defineProjection } from '../definition.js';
import { guardedUpsert } from '../writes/guarded-write.js';

/**
 * One document per purchase channel, fed by every customer's stream (a lane each): each partition's
 * events update the same few documents, which FerretDB 1.24 loses updates of when two clients write at once.
 */
export const channelTotals = defineProjection({
  name: 'channel-totals',
  version: 1,
  categories: ['customer'],
  collections: { channels: { indexes: [] } },
  handle: (events) =>
    events.flatMap((raw) => {
      if (raw.type !== 'PurchaseRecorded') return [];
      const event = decodeRecordedEvent(raw);
      if (event.type !== 'PurchaseRecorded') return [];
      const lane = event.data.customerId.replace(/[^A-Za-z0-9_]/g, '_');
      return [guardedUpsert('channels', event.data.channel, event.globalPosition, { $inc: { purchases: 1 }, $addToSet: { customers: event.data.customerId } }, { lane })];
    }),
});

export interface ChannelTotals {
  readonly _id: string;
  readonly purchases: number;
  readonly customers: string[];
}

export const channels = ['online', 'store', 'phone'] as const;

export function expectedChannelTotals(events: readonly RecordedEvent[]): ChannelTotals[] {
  const totals = new Map<string, { purchases: number; customers: Set<string> }>();
  for (const event of events) {
    if (event.type !== 'PurchaseRecorded') continue;
    const { channel, customerId } = event.data as { channel: string; customerId: string };
    const total = totals.get(channel) ?? { purchases: 0, customers: new Set() };
    total.purchases += 1;
    total.customers.add(customerId);
    totals.set(channel, total);
  }
  return [...totals].map(([channel, { purchases, customers }]) => ({ _id: channel, purchases, customers: [...customers].sort() })).sort((a, b) => a._id.localeCompare(b._id));
}

/** The documents as expectedChannelTotals gives them: sorted, without the runtime's guard fields. */
export async function actualChannelTotals(collection: Collection<ChannelTotals>): Promise<ChannelTotals[]> {
  return (await collection.find().sort({ _id: 1 }).toArray()).map(({ _id, purchases, customers }) => ({ _id, purchases, customers: customers.toSorted() }));
}
