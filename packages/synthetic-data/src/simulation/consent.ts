import type { InteractionChannel } from '@ctp/contracts';
import type { World } from '../options.js';
import { chance, exponential, weighted, weights } from '../random/distributions.js';
import { consentEvidence, localTime } from './evidence.js';
import { later, makeFact, nothing, type Outcome } from './outcome.js';
import { hasConsent, setConsent, type OptionalPurpose, type Person } from './person.js';

const oneDay = 86_400;
const twoYears = 2 * 365 * oneDay;
const withdrawalChannels = weights<InteractionChannel>({ app: 30, online: 30, email: 20, phone: 15, walk_in: 3, social: 2 });

export function grant(world: World, person: Person, at: number, purpose: OptionalPurpose): Outcome {
  if (hasConsent(person, purpose)) return nothing;
  const { rng } = person;
  setConsent(person, purpose, true);
  const expiresAt = purpose === 'survey' && chance(rng, 0.3) ? at + twoYears : null;
  const granted = makeFact(world, person, 'ConsentGranted', person.customerId, at, {
    purpose,
    evidence: consentEvidence(rng, world, at - person.registeredAt < oneDay ? person.source : null, at),
    ...(expiresAt === null ? {} : { expiresAt: localTime(world, expiresAt) }),
  });
  const withdrawAt = chance(rng, 0.15) ? world.clock.after(at, exponential(rng, 200)) : Infinity;
  const withdrawal = withdrawAt < (expiresAt ?? Infinity) ? later(withdrawAt, { kind: 'withdraw', purpose }) : [];
  return { facts: [granted], next: withdrawal };
}

export function withdraw(world: World, person: Person, at: number, purpose: OptionalPurpose): Outcome {
  if (!hasConsent(person, purpose)) return nothing;
  setConsent(person, purpose, false);
  const withdrawn = makeFact(world, person, 'ConsentWithdrawn', person.customerId, at, {
    purpose,
    via: weighted(person.rng, withdrawalChannels),
  });
  return { facts: [withdrawn], next: [] };
}
