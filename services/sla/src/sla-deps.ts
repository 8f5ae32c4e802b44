import type { EventData } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import type { RoutingTeams } from './domain/route-case.js';

export type TierAtStart = NonNullable<EventData<'CaseOpened'>['tierAtStart']>;

/** Tiering answers which tier was in force for a customer at an instant (null: none then). */
export interface TierLookup {
  tierAt(customerId: string, asOf: string): Promise<TierAtStart | null>;
}

/** Whether intake knows a customer: registered and neither erased nor merged away. */
export interface CustomerDirectory {
  isKnown(customerId: string): Promise<boolean>;
}

export interface SlaDeps {
  /** Encrypts and decrypts the personal fields (case subjects and bodies) with the customer's key. */
  readonly store: EventStore;
  /** The same events as stored, not decrypted: for reads that need no personal data. */
  readonly history: EventStore;
  readonly timers: TimerStore;
  /** The SLA policy new cases match (config SLA_POLICY_ID). */
  readonly policyId: string;
  readonly tiers: TierLookup;
  readonly customers: CustomerDirectory;
  /** Where new cases go when no dedicated manager takes them. */
  readonly teams: RoutingTeams;
  /** The service's clock: the real one in main.ts, a fixed one in tests. */
  readonly clock: () => Date;
}
