import type { World } from '../options.js';
import { chance, pick } from '../random/distributions.js';
import type { Person } from './person.js';

const lateWindowSeconds = 30 * 86_400;

/**
 * The id a fact is sent under: before the merge a registered duplicate's system sends some facts
 * under its own id; after it only the survivor's id is used, unless factsAfterMerge asks for
 * late facts under a merged-away id.
 */
export function actingIdentity(world: World, person: Person, at: number): string {
  const registered = person.duplicates.filter((duplicate) => duplicate.registered);
  if (registered.length === 0) return person.customerId;
  const late = person.mergedAt !== null && world.factsAfterMerge && at - person.mergedAt < lateWindowSeconds;
  const share = person.mergedAt === null ? 0.4 : late ? 0.2 : 0;
  return share > 0 && chance(person.rng, share) ? pick(person.rng, registered).customerId : person.customerId;
}

export function isMergedAway(person: Person, customerId: string): boolean {
  return person.mergedAt !== null && customerId !== person.customerId;
}
