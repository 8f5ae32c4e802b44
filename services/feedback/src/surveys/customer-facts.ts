import { decoderFor, evolveTierStanding, noTierStanding, streamIdFor, tierInForce, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';

const tierEvent = decoderFor('tier');

/** Survey consent at `now` from the customer's stream: the last grant or withdrawal up to then decides; an expired grant counts as none. */
export function surveyConsentAt(customerEvents: readonly RecordedEvent[], now: Date): boolean {
  let consented = false;
  for (const event of customerEvents) {
    if (Date.parse(event.occurredAt) > now.getTime()) continue;
    const data = event.data as { purpose?: string; expiresAt?: string };
    if (data.purpose !== 'survey') continue;
    if (event.type === 'ConsentGranted') consented = data.expiresAt === undefined || Date.parse(data.expiresAt) > now.getTime();
    if (event.type === 'ConsentWithdrawn') consented = false;
  }
  return consented && !customerEvents.some(({ type }) => type === 'CustomerErasureRequested' || type === 'CustomerMergedInto');
}

/** The tier in force from the customer's tier stream, or null. */
export function tierOf(tierEvents: readonly RecordedEvent[]): string | null {
  return tierInForce(tierEvents.map(tierEvent).reduce(evolveTierStanding, noTierStanding))?.tier ?? null;
}

/** Consent and tier of one customer, read from the store as stored (no personal data decrypted). */
export async function customerFacts(history: EventStore, customerId: string, now: Date): Promise<{ consented: boolean; tier: string | null }> {
  const streams = await history.readStreams([streamIdFor('customer', customerId), streamIdFor('tier', customerId)]);
  return { consented: surveyConsentAt(streams.get(streamIdFor('customer', customerId)) ?? [], now), tier: tierOf(streams.get(streamIdFor('tier', customerId)) ?? []) };
}
