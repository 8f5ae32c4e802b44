import { addDays } from '@ctp/calendar';
import type { FactData } from '../facts.js';
import type { World } from '../options.js';
import type { Persona } from '../persona/persona.js';
import { chance, exponential } from '../random/distributions.js';
import { seededDigits } from '../random/ids.js';
import { activityDaysPerYear } from '../time/activity-clock.js';
import type { Arrival } from './arrival.js';
import { personaOf, samplePerson } from './blueprint.js';
import { consentEvidence, localDate } from './evidence.js';
import { later, makeFact, type Outcome, type Scheduled } from './outcome.js';
import { optionalPurposes, type OptionalPurpose, type Person, type SourceSystem } from './person.js';

const initialConsent: Readonly<Record<OptionalPurpose, number>> = { marketing: 0.5, survey: 0.4, analytics: 0.6 };

export function registrationData(
  world: World,
  person: Person,
  contact: Persona,
  source: SourceSystem,
  at: number,
  customerSince: string,
): FactData<'CustomerRegistered'> {
  const { name, email, phone, address } = contact;
  return {
    kind: person.kind,
    name,
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    ...(address === undefined ? {} : { address }),
    customerSince,
    source: { system: source, externalId: `${source.toUpperCase()}-${seededDigits(person.rng, 8)}` },
    serviceConsent: consentEvidence(person.rng, world, source, at),
  };
}

function customerSince(world: World, person: Person, arrival: Arrival): string {
  if (!arrival.existing) return localDate(world, arrival.at);
  const tenureDays = 1 + Math.floor(person.rng.float() ** 1.6 * world.maxTenureYears * 365);
  return addDays(world.from, -tenureDays);
}

function consentPlan(world: World, person: Person, at: number): Scheduled[] {
  return optionalPurposes.flatMap((purpose) => {
    if (chance(person.rng, initialConsent[purpose])) {
      return later(world.clock.after(at, exponential(person.rng, 0.02)), { kind: 'grant', purpose });
    }
    if (!chance(person.rng, 0.25)) return [];
    return later(world.clock.after(at, exponential(person.rng, activityDaysPerYear)), { kind: 'grant', purpose });
  });
}

function identityPlan(world: World, person: Person, at: number): Scheduled[] {
  const { clock } = world;
  const { rng } = person;
  if (person.duplicates.length === 0) {
    if (world.erasureRate === 0) return [];
    return later(clock.after(at, 30 + exponential(rng, activityDaysPerYear / world.erasureRate)), { kind: 'erasure' });
  }
  const registrations = person.duplicates.map((_, ordinal) => ({
    at: clock.after(at, 1 + exponential(rng, 60)),
    happening: { kind: 'duplicate', ordinal } as const,
  }));
  const lastRegistration = Math.max(...registrations.map((registration) => registration.at));
  return [...registrations, ...later(clock.after(lastRegistration, 1 + exponential(rng, 45)), { kind: 'merge' })];
}

function activityPlan(world: World, person: Person, at: number, existing: boolean): Scheduled[] {
  const { clock } = world;
  const { rng } = person;
  const firstPurchase =
    !existing && chance(rng, 0.75)
      ? clock.after(at, exponential(rng, 3))
      : clock.after(at, exponential(rng, activityDaysPerYear / person.purchasesPerYear));
  return [
    ...later(firstPurchase, { kind: 'purchase' }),
    ...later(clock.after(at, exponential(rng, activityDaysPerYear / person.interactionsPerYear)), { kind: 'interaction' }),
    ...later(clock.after(at, exponential(rng, activityDaysPerYear / 0.15)), { kind: 'profile' }),
  ];
}

/** A new customer: its registration, and the first of everything that will happen to it. */
export function register(world: World, arrival: Arrival): { person: Person; outcome: Outcome } {
  const person = samplePerson(world, arrival);
  const data = registrationData(world, person, personaOf(world, person), person.source, arrival.at, customerSince(world, person, arrival));
  const registered = makeFact(world, person, 'CustomerRegistered', person.customerId, arrival.at, data);
  const next = [
    ...consentPlan(world, person, arrival.at),
    ...activityPlan(world, person, arrival.at, arrival.existing),
    ...identityPlan(world, person, arrival.at),
  ];
  return { person, outcome: { facts: [registered], next } };
}
