import type { PurchaseChannel } from '@ctp/contracts';
import type { World } from '../options.js';
import { syntheticPersona, type FullPersona } from '../persona/persona.js';
import { chance, clamp, exponential, logNormal, weighted, weights } from '../random/distributions.js';
import { seededCode } from '../random/ids.js';
import { createRng } from '../random/prng.js';
import type { Arrival } from './arrival.js';
import { sourceChannels, type Duplicate, type Person, type SourceSystem } from './person.js';

const secondsPerYear = 365.25 * 86_400;
const existingSources = weights<SourceSystem>({ erp: 70, crm: 30 });
const organisationSources = weights<SourceSystem>({ erp: 50, crm: 30, callcentre: 20 });
const personSources = weights<SourceSystem>({ web: 35, app: 30, erp: 25, callcentre: 10 });

function sourceOf(rng: Person['rng'], arrival: Arrival, organisation: boolean): SourceSystem {
  if (arrival.existing) return weighted(rng, existingSources);
  if (organisation) return weighted(rng, organisationSources);
  return weighted(rng, personSources);
}

function duplicatesOf(rng: Person['rng'], world: World, source: SourceSystem): Duplicate[] {
  if (!chance(rng, world.duplicateShare)) return [];
  const count = chance(rng, 0.1) ? 2 : 1;
  return Array.from({ length: count }, () => ({
    customerId: `C-${seededCode(rng, 12)}`,
    source: source === 'app' ? 'web' : source === 'web' ? 'callcentre' : 'app',
    registered: false,
    matchedOn: [],
  }));
}

/** Draws a customer's traits; heavy-tailed rates and prices make a few customers bring most revenue. */
export function samplePerson(world: World, arrival: Arrival): Person {
  const rng = createRng(world.seed, 'customer', arrival.index);
  const organisation = chance(rng, 0.06);
  const kind = organisation ? 'organisation' : 'person';
  const customerId = `C-${seededCode(rng, 12)}`;
  const source = sourceOf(rng, arrival, organisation);
  const preferredChannel: PurchaseChannel = organisation && chance(rng, 0.5) ? 'partner' : sourceChannels[source];
  const purchasesPerYear = organisation
    ? clamp(logNormal(rng, 8, 0.7), 1, 200)
    : clamp(logNormal(rng, 3, 0.9), 0.2, 150);
  const unitPriceMedian = organisation ? logNormal(rng, 400, 0.7) : logNormal(rng, 150, 0.7);
  const interactionsPerYear = organisation ? logNormal(rng, 5, 0.6) : logNormal(rng, 1.5, 0.7);
  const loyaltyYears = exponential(rng, organisation ? 6 : 3);
  return {
    index: arrival.index,
    rng,
    kind,
    customerId,
    source,
    registeredAt: arrival.at,
    duplicates: duplicatesOf(rng, world, source),
    preferredChannel,
    purchasesPerYear,
    unitPriceMedian,
    interactionsPerYear,
    activeUntil: arrival.at + loyaltyYears * secondsPerYear,
    consents: 0,
    mergedAt: null,
    erased: false,
  };
}

/** Contact details are redrawn from their own stream when needed rather than held for the whole history. */
export function personaOf(world: World, person: Person): FullPersona {
  return syntheticPersona(createRng(world.seed, 'persona', person.index), person.kind);
}
