import type { World } from '../options.js';
import { grant, withdraw } from './consent.js';
import { profile, merge, registerDuplicate, requestErasure } from './identity.js';
import { interaction } from './interactions.js';
import type { Happening, Outcome } from './outcome.js';
import type { Person } from './person.js';
import { purchase, refund } from './purchases.js';

export function happen(world: World, person: Person, at: number, happening: Happening): Outcome {
  switch (happening.kind) {
    case 'purchase':
      return purchase(world, person, at);
    case 'refund':
      return refund(world, person, at, happening.order, happening.amountMinor);
    case 'interaction':
      return interaction(world, person, at, happening.about, happening.as);
    case 'grant':
      return grant(world, person, at, happening.purpose);
    case 'withdraw':
      return withdraw(world, person, at, happening.purpose);
    case 'profile':
      return profile(world, person, at);
    case 'duplicate':
      return registerDuplicate(world, person, at, happening.ordinal);
    case 'merge':
      return merge(world, person, at);
    case 'erasure':
      return requestErasure(world, person, at);
    default: {
      const unknown: never = happening;
      throw new Error(`unknown happening ${JSON.stringify(unknown)}`);
    }
  }
}
