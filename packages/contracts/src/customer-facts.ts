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
