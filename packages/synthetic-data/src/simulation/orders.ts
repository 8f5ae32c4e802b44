import { minorUnitDigits, minorUnitsToDecimal, type EventData, type PurchaseChannel } from '@ctp/contracts';
import type { World } from '../options.js';
import { skus } from '../persona/texts.js';
import { chance, clamp, intBetween, logNormal, normal, pick, weighted, weights } from '../random/distributions.js';
import type { Person } from './person.js';

type Line = NonNullable<EventData<'PurchaseRecorded'>['lines']>[number];

export interface Order {
  readonly amountMinor: number;
  readonly marginMinor: number | null;
  readonly lines: readonly Line[] | null;
  readonly channel: PurchaseChannel;
}

const personChannels = weights<PurchaseChannel>({ store: 30, online: 30, app: 28, phone: 6, sales_rep: 3, partner: 3 });
const organisationChannels = weights<PurchaseChannel>({ sales_rep: 40, online: 20, phone: 20, partner: 15, store: 5 });
const lineCounts = weights({ 1: 55, 2: 25, 3: 12, 4: 8 });

/** A price in minor units, rounded to whole units and often just below them (128.90). */
function priceMinor(person: Person, digits: number): number {
  const scale = 10 ** digits;
  const whole = Math.max(1, Math.round(logNormal(person.rng, person.unitPriceMedian, 0.6)));
  const charm = digits > 0 && chance(person.rng, 0.5) ? scale / 10 : 0;
  return whole * scale - charm;
}

function channelOf(person: Person): PurchaseChannel {
  if (chance(person.rng, 0.6)) return person.preferredChannel;
  return weighted(person.rng, person.kind === 'organisation' ? organisationChannels : personChannels);
}

export function sampleOrder(world: World, person: Person): Order {
  const { rng } = person;
  const digits = minorUnitDigits(world.currency);
  const count = Number(weighted(rng, lineCounts));
  const lines: Line[] = [];
  let amountMinor = 0;
  for (let i = 0; i < count; i++) {
    const unitMinor = priceMinor(person, digits);
    const quantity = chance(rng, 0.8) ? 1 : intBetween(rng, 2, person.kind === 'organisation' ? 10 : 4);
    amountMinor += unitMinor * quantity;
    lines.push({
      sku: pick(rng, skus),
      quantity,
      unitPrice: minorUnitsToDecimal(unitMinor, world.currency),
      amount: minorUnitsToDecimal(unitMinor * quantity, world.currency),
    });
  }
  const marginRate = clamp(normal(rng, 0.22, 0.1), -0.2, 0.6);
  return {
    amountMinor,
    marginMinor: chance(rng, 0.9) ? Math.round(amountMinor * marginRate) : null,
    lines: chance(rng, 0.8) ? lines : null,
    channel: channelOf(person),
  };
}
