import type { InteractionKind } from '@ctp/contracts';
import type { Fact, FactData, FactType } from '../facts.js';
import type { World } from '../options.js';
import { seededUuid } from '../random/ids.js';
import { localTime } from './evidence.js';
import type { OptionalPurpose, Person } from './person.js';

/** Something that will happen to a person at a later instant. */
export type Happening =
  | { readonly kind: 'purchase' }
  | { readonly kind: 'interaction'; readonly about?: OrderRef; readonly as?: InteractionKind }
  | { readonly kind: 'refund'; readonly order: OrderRef; readonly amountMinor: number }
  | { readonly kind: 'grant'; readonly purpose: OptionalPurpose }
  | { readonly kind: 'withdraw'; readonly purpose: OptionalPurpose }
  | { readonly kind: 'profile' }
  | { readonly kind: 'duplicate'; readonly ordinal: number }
  | { readonly kind: 'merge' }
  | { readonly kind: 'erasure' };

export interface OrderRef {
  readonly customerId: string;
  readonly orderId: string;
}

export interface Scheduled {
  readonly at: number;
  readonly happening: Happening;
}

export interface Outcome {
  readonly facts: readonly Fact[];
  readonly next: readonly Scheduled[];
}

export const nothing: Outcome = { facts: [], next: [] };

export function later(at: number, happening: Happening): Scheduled[] {
  return Number.isFinite(at) ? [{ at, happening }] : [];
}

export function makeFact<T extends FactType>(
  world: World,
  person: Person,
  type: T,
  customerId: string,
  at: number,
  data: FactData<T>,
): Fact<T> {
  const fact = { id: seededUuid(person.rng), type, customerId, occurredAt: localTime(world, at), data };
  return fact as unknown as Fact<T>;
}
