import { decoderFor, erasePersonalFields, eventRegistry, type RecordedEvent, type RecordedEventOf, type TierEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';

export const tierDirections = ['assigned', 'upgrade', 'downgrade', 'override', 'override_expired', 'withdrawn'] as const;
export type TierDirection = (typeof tierDirections)[number];

/**
 * `movements`: one document per tier event that can change the tier in force (`_id` the event id),
 * with the event as `evolveTierStanding` takes it, its personal fields erased. Whether it did change
 * the tier in force depends on the customer's earlier events, so the routes fold each customer's
 * documents in position order (a projection's writes may depend on their own event only).
 */
export const tierProjection = defineProjection({
  name: 'analytics-tiers',
  version: 1,
  categories: ['tier'],
  collections: { movementFacts: { indexes: [{ key: { customerId: 1 } }, { key: { at: 1 } }] } },
  handle: (events) => events.flatMap(writesFor),
});

export interface TierMovementDocument {
  readonly _id: string;
  readonly customerId: string;
  readonly at: Date;
  /** The event's global position: the order in which a customer's documents are folded. */
  readonly position: string;
  readonly direction: TierDirection;
  readonly rule: string | null;
  readonly event: TierEvent;
  readonly trace: readonly TraceEvent[];
}

const tierEvent = decoderFor('tier');

function writesFor(raw: RecordedEvent): ProjectionWrite<'movementFacts'>[] {
  const event = tierEvent(raw);
  const movement = movementOf(event);
  if (movement === null) return [];
  const trace: TraceEvent = { position: raw.globalPosition, type: raw.type };
  return [
    guardedUpsert('movementFacts', raw.id, raw.globalPosition, {
      $set: { customerId: event.data.customerId, at: new Date(raw.occurredAt), position: raw.globalPosition, ...movement },
      $push: { trace },
    }),
  ];
}

type Decoded = ReturnType<typeof tierEvent>;

/** The event's data as stored for the fold, its personal fields (an override's reason) erased. */
const kept = <E extends Decoded>(event: E): E['data'] => erasePersonalFields(event.data, eventRegistry.personalFieldPaths(event.type, event.schemaVersion));

/** The fact a tier event is kept as, or null for an event that moves no tier. */
export function movementOf(event: RecordedEventOf<'tier'>): { direction: TierDirection; rule: string | null; event: TierEvent } | null {
  switch (event.type) {
    case 'TierAssigned':
      return { direction: 'assigned', rule: event.data.rule, event: { type: event.type, data: kept(event) } };
    case 'TierChanged':
      return { direction: event.data.direction, rule: event.data.rule, event: { type: event.type, data: kept(event) } };
    case 'TierOverridden':
      return { direction: 'override', rule: event.data.reasonCode, event: { type: event.type, data: kept(event) } };
    case 'TierOverrideExpired':
      return { direction: 'override_expired', rule: null, event: { type: event.type, data: kept(event) } };
    case 'TierWithdrawn':
      return { direction: 'withdrawn', rule: event.data.reason, event: { type: event.type, data: kept(event) } };
    case 'TierDowngradeWarned':
      return null;
    default: {
      const unexpected: never = event;
      throw new Error(`unknown tier event ${JSON.stringify(unexpected)}`);
    }
  }
}
