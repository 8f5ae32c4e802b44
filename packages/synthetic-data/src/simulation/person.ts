import type { consentPurposes, EventData, PurchaseChannel } from '@ctp/contracts';
import type { CustomerKind } from '../persona/persona.js';
import type { Rng } from '../random/prng.js';

export type SourceSystem = 'erp' | 'crm' | 'web' | 'app' | 'callcentre';

export type OptionalPurpose = Exclude<(typeof consentPurposes)[number], 'service'>;

export const optionalPurposes = ['marketing', 'survey', 'analytics'] as const satisfies readonly OptionalPurpose[];

export type MatchReason = EventData<'CustomersMerged'>['matchedOn'][number];

/** A second identity of the same customer, registered by another system and later merged away. */
export interface Duplicate {
  readonly customerId: string;
  readonly source: SourceSystem;
  registered: boolean;
  matchedOn: readonly MatchReason[];
}

/** One simulated customer: who they are, how they behave, and the little state their facts depend on. */
export interface Person {
  readonly index: number;
  readonly rng: Rng;
  readonly kind: CustomerKind;
  readonly customerId: string;
  readonly source: SourceSystem;
  readonly registeredAt: number;
  readonly duplicates: readonly Duplicate[];
  readonly preferredChannel: PurchaseChannel;
  readonly purchasesPerYear: number;
  /** Median unit price in major units of the currency. */
  readonly unitPriceMedian: number;
  readonly interactionsPerYear: number;
  /** Epoch seconds after which the customer no longer buys (churn). */
  readonly activeUntil: number;
  /** Optional purposes currently consented to, as bits of `optionalPurposes`. */
  consents: number;
  mergedAt: number | null;
  erased: boolean;
}

export const sourceChannels: Readonly<Record<SourceSystem, PurchaseChannel>> = {
  erp: 'store',
  crm: 'sales_rep',
  web: 'online',
  app: 'app',
  callcentre: 'phone',
};

const bit = (purpose: OptionalPurpose): number => 1 << optionalPurposes.indexOf(purpose);

export function hasConsent(person: Person, purpose: OptionalPurpose): boolean {
  return (person.consents & bit(purpose)) !== 0;
}

export function setConsent(person: Person, purpose: OptionalPurpose, granted: boolean): void {
  person.consents = granted ? person.consents | bit(purpose) : person.consents & ~bit(purpose);
}
