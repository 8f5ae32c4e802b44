import type { InteractionChannel, InteractionKind } from '@ctp/contracts';
import type { World } from '../options.js';
import { fillNote, interactionNotes } from '../persona/texts.js';
import { chance, exponential, pick, weighted, weights, type Weights } from '../random/distributions.js';
import { seededCode } from '../random/ids.js';
import { activityDaysPerYear } from '../time/activity-clock.js';
import { actingIdentity, isMergedAway } from './acting-identity.js';
import { later, makeFact, type OrderRef, type Outcome } from './outcome.js';
import { hasConsent, type Person } from './person.js';

const personKinds = weights<InteractionKind>({ inquiry: 38, service_request: 18, complaint: 8, callback: 12, survey: 8, visit: 1, other: 15 });
const organisationKinds = weights<InteractionKind>({ inquiry: 30, service_request: 20, complaint: 7, callback: 15, survey: 6, visit: 10, other: 12 });

const inbound = weights<InteractionChannel>({ phone: 30, online: 30, app: 15, email: 10, social: 10, walk_in: 5 });
const channels: Readonly<Record<InteractionKind, Weights<InteractionChannel>>> = {
  inquiry: inbound,
  complaint: weights<InteractionChannel>({ phone: 35, online: 25, email: 15, social: 15, walk_in: 7, app: 3 }),
  service_request: weights<InteractionChannel>({ online: 30, phone: 30, app: 20, email: 10, walk_in: 10 }),
  callback: weights<InteractionChannel>({ phone: 85, email: 15 }),
  visit: weights<InteractionChannel>({ walk_in: 100 }),
  survey: weights<InteractionChannel>({ email: 40, app: 30, online: 20, phone: 10 }),
  other: inbound,
};

const outboundKinds: ReadonlySet<InteractionKind> = new Set(['callback', 'visit', 'survey']);

/** Tail after churn during which a lapsed customer may still call. */
const lapsedSeconds = 90 * 86_400;

function kindOf(person: Person, requested: InteractionKind | undefined): InteractionKind {
  const kind = requested ?? weighted(person.rng, person.kind === 'organisation' ? organisationKinds : personKinds);
  return kind === 'survey' && !hasConsent(person, 'survey') ? 'callback' : kind;
}

export function interaction(world: World, person: Person, at: number, about?: OrderRef, requested?: InteractionKind): Outcome {
  const { rng } = person;
  const kind = kindOf(person, requested);
  const customerId = about && !isMergedAway(person, about.customerId) ? about.customerId : actingIdentity(world, person, at);
  const direction = outboundKinds.has(kind) || (kind === 'other' && chance(rng, 0.3)) ? 'outbound' : 'inbound';
  const recorded = makeFact(world, person, 'InteractionRecorded', customerId, at, {
    interactionId: `IX-${seededCode(rng, 12)}`,
    channel: weighted(rng, channels[kind]),
    kind,
    direction,
    ...(chance(rng, 0.35) ? { note: fillNote(pick(rng, interactionNotes[kind]), about?.orderId) } : {}),
  });
  if (about) return { facts: [recorded], next: [] };
  const nextAt = world.clock.after(at, exponential(rng, activityDaysPerYear / person.interactionsPerYear));
  return { facts: [recorded], next: nextAt <= person.activeUntil + lapsedSeconds ? later(nextAt, { kind: 'interaction' }) : [] };
}
