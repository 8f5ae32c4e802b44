import { decoderFor } from './decode-category.js';
import type { RecordedEvent } from './envelope.js';
import type { EventTypeOf } from './events/index.js';

/** The customer facts integrators publish through intake: every customer event type. */
export const customerFactTypes = [
  'CustomerRegistered',
  'CustomerProfileUpdated',
  'CustomersMerged',
  'ConsentGranted',
  'ConsentWithdrawn',
  'PurchaseRecorded',
  'PurchaseRefunded',
  'InteractionRecorded',
  'CustomerErasureRequested',
] as const satisfies readonly EventTypeOf<'customer'>[];

export type CustomerFactType = (typeof customerFactTypes)[number];

/** Whether the customer's data may be used for a purpose at an instant, and if not, why. */
export type ConsentStanding =
  | { readonly status: 'consented'; readonly grantEventId: string }
  | { readonly status: 'no_consent' }
  | { readonly status: 'erased' }
  | { readonly status: 'merged_away'; readonly survivorId: string };

/**
 * Consent for `purpose` at `now` from the customer's stream: the last grant or withdrawal up to then decides, an expired
 * grant counts as none; an erased customer, or one merged into another, has none (its later facts are the survivor's).
 */
export function consentAt(customerEvents: readonly RecordedEvent[], purpose: string, now: Date): ConsentStanding {
  let grant: string | null = null;
  let survivorId: string | null = null;
  for (const event of customerEvents.filter(({ type }) => consentFactTypes.has(type)).map(customerEvent)) {
    if (event.type === 'CustomerErasureRequested') return { status: 'erased' };
    if (event.type === 'CustomerMergedInto') survivorId = event.data.survivorId;
    if (Date.parse(event.occurredAt) > now.getTime()) continue;
    if (event.type === 'ConsentGranted' && event.data.purpose === purpose) grant = event.data.expiresAt === undefined || Date.parse(event.data.expiresAt) > now.getTime() ? event.id : null;
    if (event.type === 'ConsentWithdrawn' && event.data.purpose === purpose) grant = null;
  }
  if (survivorId !== null) return { status: 'merged_away', survivorId };
  return grant === null ? { status: 'no_consent' } : { status: 'consented', grantEventId: grant };
}

const consentFactTypes = new Set(['ConsentGranted', 'ConsentWithdrawn', 'CustomerErasureRequested', 'CustomerMergedInto']);
const customerEvent = decoderFor('customer');
