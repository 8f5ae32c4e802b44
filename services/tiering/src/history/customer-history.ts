import { decoderFor, streamIdFor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { mergeGroup } from '@ctp/identity';
import { absorb, emptyHistory, foldFact, type CustomerHistory } from '../domain/metrics.js';

const customerPrefix = 'customer-';

/** A customer stream's events at their latest version (the store checked the envelope on append). */
const customerEvent = decoderFor('customer');

export const customerIdOf = (streamId: string) => streamId.slice(customerPrefix.length);
export const isCustomerStream = (streamId: string) => streamId.startsWith(customerPrefix);

/** A customer id's own stream, without the streams merged into it, as it stood at `toRevision`. */
export async function ownHistory(store: EventStore, customerId: string, toRevision?: number): Promise<CustomerHistory> {
  const events = await store.readStream(streamIdFor('customer', customerId), toRevision === undefined ? {} : { toRevision });
  return events.map(customerEvent).reduce(foldFact, emptyHistory(customerId));
}

/**
 * A customer's history with everything merged into it. Null until it is registered, and for an
 * id merged into another customer or erased.
 */
export async function loadHistory(store: EventStore, customerId: string): Promise<CustomerHistory | null> {
  return (await loadHistories(store, [customerId])).get(customerId)!;
}

/**
 * Many customers' histories as `loadHistory` gives each, their streams read together: each round reads every
 * stream not read yet (the customers, then what was merged into them) in one call.
 */
export async function loadHistories(store: EventStore, customerIds: readonly string[]): Promise<Map<string, CustomerHistory | null>> {
  const histories = new Map<string, CustomerHistory>();
  const unread = () => [...new Set(customerIds.flatMap((id) => (histories.has(id) ? mergeGroup(histories, id) : [id])))].filter((id) => !histories.has(id));
  for (let pending = unread(); pending.length > 0; pending = unread()) {
    const streams = await store.readStreams(pending.map((id) => streamIdFor('customer', id)));
    for (const id of pending) histories.set(id, streams.get(streamIdFor('customer', id))!.map(customerEvent).reduce(foldFact, emptyHistory(id)));
  }
  const resolved = new Map(resolveMerges(histories).map((history) => [history.customerId, history]));
  return new Map(customerIds.map((id) => [id, resolved.get(id) ?? null]));
}

/** Survivors' histories with their merged-away ids absorbed; merged-away, erased and unregistered ids dropped. */
export function resolveMerges(histories: ReadonlyMap<string, CustomerHistory>): CustomerHistory[] {
  return [...histories.values()]
    .filter((history) => history.mergedInto === null && history.erasedAt === null && history.registeredAt !== null)
    .map((survivor) => mergeGroup(histories, survivor.customerId).slice(1).flatMap((id) => histories.get(id) ?? []).reduce(absorb, survivor));
}

/**
 * Every customer's history from the whole event store, counting only facts that occurred by
 * `asOf` (so merges after it do not apply). The dry run, calibration and re-scoring read this.
 */
export async function loadAllHistories(store: EventStore, asOf: number, pageSize = 5_000): Promise<CustomerHistory[]> {
  const histories = new Map<string, CustomerHistory>();
  for (let after: string | null = null; ; ) {
    const page = await store.readAll({ after, limit: pageSize });
    for (const raw of page) {
      if (!isCustomerStream(raw.streamId) || Date.parse(raw.occurredAt) > asOf) continue;
      const customerId = customerIdOf(raw.streamId);
      histories.set(customerId, foldFact(histories.get(customerId) ?? emptyHistory(customerId), customerEvent(raw)));
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.globalPosition;
  }
  return resolveMerges(histories);
}
