import { minorUnitsToDecimal } from '@ctp/contracts';
import type { World } from '../options.js';
import { refundReasons } from '../persona/texts.js';
import { chance, exponential, pick } from '../random/distributions.js';
import { seededCode } from '../random/ids.js';
import { activityDaysPerYear } from '../time/activity-clock.js';
import { actingIdentity, isMergedAway } from './acting-identity.js';
import { sampleOrder } from './orders.js';
import { later, makeFact, nothing, type OrderRef, type Outcome, type Scheduled } from './outcome.js';
import type { Person } from './person.js';

function refundPlan(world: World, person: Person, at: number, order: OrderRef, amountMinor: number): Scheduled[] {
  const { rng } = person;
  const rate = person.kind === 'organisation' ? world.refundRate / 2 : world.refundRate;
  if (!chance(rng, rate)) return [];
  const delay = 0.5 + exponential(rng, 6);
  const refundMinor = chance(rng, 0.55) ? amountMinor : Math.max(1, Math.round(amountMinor * (0.1 + 0.5 * rng.float())));
  const cause = chance(rng, 0.5) ? 'complaint' : chance(rng, 0.6) ? 'service_request' : null;
  return [
    ...(cause ? later(world.clock.after(at, delay * 0.6), { kind: 'interaction', about: order, as: cause }) : []),
    ...later(world.clock.after(at, delay), { kind: 'refund', order, amountMinor: refundMinor }),
  ];
}

export function purchase(world: World, person: Person, at: number): Outcome {
  const { rng } = person;
  const customerId = actingIdentity(world, person, at);
  const order = sampleOrder(world, person);
  const ref = { customerId, orderId: `SO-${seededCode(rng, 12)}` };
  const recorded = makeFact(world, person, 'PurchaseRecorded', customerId, at, {
    orderId: ref.orderId,
    amount: minorUnitsToDecimal(order.amountMinor, world.currency),
    currency: world.currency,
    ...(order.marginMinor === null ? {} : { margin: minorUnitsToDecimal(order.marginMinor, world.currency) }),
    ...(order.lines === null ? {} : { lines: [...order.lines] }),
    channel: order.channel,
  });
  const nextAt = world.clock.after(at, exponential(rng, activityDaysPerYear / person.purchasesPerYear));
  const followUp = chance(rng, 0.1) ? later(world.clock.after(at, exponential(rng, 2)), { kind: 'interaction', about: ref, as: 'inquiry' }) : [];
  return {
    facts: [recorded],
    next: [
      ...(nextAt <= person.activeUntil ? later(nextAt, { kind: 'purchase' }) : []),
      ...refundPlan(world, person, at, ref, order.amountMinor),
      ...followUp,
    ],
  };
}

/** Refunds go to the order's own id; one falling after that id was merged away is not sent. */
export function refund(world: World, person: Person, at: number, order: OrderRef, amountMinor: number): Outcome {
  if (isMergedAway(person, order.customerId)) return nothing;
  const { rng } = person;
  const refunded = makeFact(world, person, 'PurchaseRefunded', order.customerId, at, {
    orderId: order.orderId,
    refundId: `RF-${seededCode(rng, 10)}`,
    amount: minorUnitsToDecimal(amountMinor, world.currency),
    currency: world.currency,
    ...(chance(rng, 0.7) ? { reason: pick(rng, refundReasons) } : {}),
  });
  return { facts: [refunded], next: [] };
}
