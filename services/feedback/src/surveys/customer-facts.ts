import { consentAt, decoderFor, evolveTierStanding, noTierStanding, streamIdFor, tierInForce, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';

const tierEvent = decoderFor('tier');

/** Survey consent at `now` from the customer's stream (the contracts' one consent rule). */
export function surveyConsentAt(customerEvents: readonly RecordedEvent[], now: Date): boolean {
  return consentAt(customerEvents, 'survey', now).status === 'consented';
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
