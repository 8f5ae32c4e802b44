import { eventStoreKind } from '@ctp/event-store';
import { trySessionLock, type SessionLock } from '@ctp/service-kit';

/** Another relay follows this feed: this one stands by, and the kit tries again until the lease is free. */
export class RelayLeaseHeld extends Error {
  override readonly name = 'RelayLeaseHeld';
  readonly retriable = true;
}

/** The lease's connection ended: another relay may take over, so this one stops and queues for the lease again. */
export class RelayLeaseLost extends Error {
  override readonly name = 'RelayLeaseLost';
  readonly retriable = true;
}

/**
 * One relay per store schema and relay name follows the feed: the holder of a PostgreSQL session lock. Others
 * wait and take over when the holder's connection ends (a crash, a kill, a stop). Null for a KurrentDB store,
 * whose relay takes no lease (docs/scaling.md).
 */
export async function takeRelayLease(eventStoreUrl: string, schema: string, relayName: string): Promise<SessionLock | null> {
  if (eventStoreKind(eventStoreUrl) !== 'postgres') return null;
  const lease = await trySessionLock(eventStoreUrl, `ctp-relay:${schema}:${relayName}`);
  if (!lease) throw new RelayLeaseHeld(`another relay holds the lease of ${schema}/${relayName}; standing by`);
  return lease;
}

/** Rejects with RelayLeaseLost once the lease is lost; never settles without a lease. */
export function leaseLost(lease: SessionLock | null): Promise<never> {
  return lease ? lease.lost.then(() => Promise.reject(new RelayLeaseLost('the relay lease’s connection ended'))) : new Promise<never>(() => undefined);
}
