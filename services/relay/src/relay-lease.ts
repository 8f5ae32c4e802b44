import { eventStoreKind } from '@ctp/event-store';
import { takeLease, type SessionLock } from '@ctp/service-kit';

/**
 * One relay per store schema and relay name follows the feed: the holder of a PostgreSQL session lock. Others
 * stand by (LeaseHeldElsewhere) and take over when the holder's connection ends (a crash, a kill, a stop). Null
 * for a KurrentDB store, whose relay takes no lease (docs/scaling.md).
 */
export async function takeRelayLease(eventStoreUrl: string, schema: string, relayName: string): Promise<SessionLock | null> {
  if (eventStoreKind(eventStoreUrl) !== 'postgres') return null;
  return takeLease(eventStoreUrl, `ctp-relay:${schema}:${relayName}`, `relay ${schema}/${relayName}`);
}
