import type { FactData } from '../facts.js';
import type { World } from '../options.js';
import { syntheticAddress, syntheticEmail, syntheticPersona, syntheticPhone, type Persona } from '../persona/persona.js';
import { chance, exponential, weighted, weights } from '../random/distributions.js';
import { seededCode } from '../random/ids.js';
import { activityDaysPerYear } from '../time/activity-clock.js';
import { personaOf } from './blueprint.js';
import { localDate } from './evidence.js';
import { later, makeFact, nothing, type Outcome } from './outcome.js';
import type { MatchReason, Person } from './person.js';
import { registrationData } from './registration.js';

type Changes = FactData<'CustomerProfileUpdated'>['changes'];
// The generator never sets a locale (messages fall back to the business default), so seeded histories stay as they were.
type Field = Exclude<keyof Changes, 'locale'>;

const fields = weights<Field>({ phone: 35, email: 25, address: 35, name: 5 });
const erasureChannels = weights({ email: 40, phone: 30, online: 20, walk_in: 10 });

function change(world: World, person: Person, field: Field): Changes {
  const { rng } = person;
  switch (field) {
    case 'name':
      return { name: syntheticPersona(rng, person.kind).name };
    case 'email': {
      const { email, handle, domain } = personaOf(world, person);
      return { email: email && chance(rng, 0.15) ? null : syntheticEmail(rng, handle, domain) };
    }
    case 'phone':
      return { phone: syntheticPhone(rng) };
    case 'address':
      return { address: syntheticAddress(rng) };
    default: {
      const unknown: never = field;
      throw new Error(`unknown profile field ${String(unknown)}`);
    }
  }
}

export function profile(world: World, person: Person, at: number): Outcome {
  const { rng } = person;
  const pickField = (): Field => weighted(rng, fields);
  const changes = { ...change(world, person, pickField()), ...(chance(rng, 0.2) ? change(world, person, pickField()) : {}) };
  const updated = makeFact(world, person, 'CustomerProfileUpdated', person.customerId, at, { changes });
  const nextAt = world.clock.after(at, exponential(rng, activityDaysPerYear / 0.15));
  return { facts: [updated], next: nextAt <= person.activeUntil ? later(nextAt, { kind: 'profile' }) : [] };
}

/** Another system registers the same customer, sharing a phone or an email, or only the name. */
export function registerDuplicate(world: World, person: Person, at: number, ordinal: number): Outcome {
  const duplicate = person.duplicates[ordinal];
  if (!duplicate) return nothing;
  const { rng } = person;
  const persona = personaOf(world, person);
  const sharePhone = persona.phone !== undefined && chance(rng, 0.7);
  const shareEmail = persona.email !== undefined && (chance(rng, 0.5) || !sharePhone);
  const contact: Persona = {
    name: persona.name,
    ...(shareEmail ? { email: persona.email } : {}),
    phone: sharePhone ? persona.phone : syntheticPhone(rng),
  };
  const matched: MatchReason[] = [...(shareEmail ? ['email' as const] : []), ...(sharePhone ? ['phone' as const] : [])];
  duplicate.matchedOn = matched.length > 0 ? matched : ['manual_review'];
  duplicate.registered = true;
  const data = registrationData(world, person, contact, duplicate.source, at, localDate(world, at));
  return { facts: [makeFact(world, person, 'CustomerRegistered', duplicate.customerId, at, data)], next: [] };
}

export function merge(world: World, person: Person, at: number): Outcome {
  const registered = person.duplicates.filter((duplicate) => duplicate.registered);
  if (registered.length === 0) return nothing;
  const reasons = new Set(registered.flatMap((duplicate) => duplicate.matchedOn));
  person.mergedAt = at;
  const merged = makeFact(world, person, 'CustomersMerged', person.customerId, at, {
    mergedAwayIds: registered.map((duplicate) => duplicate.customerId),
    matchedOn: (['email', 'phone', 'external_id', 'manual_review'] as const).filter((reason) => reasons.has(reason)),
  });
  return { facts: [merged], next: [] };
}

export function requestErasure(world: World, person: Person, at: number): Outcome {
  const { rng } = person;
  person.erased = true;
  const requested = makeFact(world, person, 'CustomerErasureRequested', person.customerId, at, {
    requestId: `ER-${seededCode(rng, 10)}`,
    requestedVia: weighted(rng, erasureChannels),
  });
  return { facts: [requested], next: [] };
}
