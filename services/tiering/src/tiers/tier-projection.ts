import { decoderFor, type RecordedEvent, type RecordedEventOf } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type GuardedUpdate, type ProjectionWrite } from '@ctp/projections';
import { movementOf, type Movement } from '../domain/tier-movements.js';

/**
 * Collection names are per database, shared with other services' projections, hence `tiers`.
 * `tiers`: one document per customer with the computed tier and its explanation, and the
 * override lying on top of it (the tier served is the override's while it lasts); a withdrawn
 * customer (merged away or erased) keeps its document with `withdrawn` set and no tier.
 * `tierMovements`: one document per assignment, change or withdrawal, for movements over a period.
 */
export const tierProjection = defineProjection({
  name: 'tiering-tiers',
  version: 1,
  categories: ['tier'],
  collections: {
    tiers: { indexes: [{ key: { computedTier: 1 } }, { key: { 'override.tier': 1 } }] },
    tierMovements: { indexes: [{ key: { at: 1 } }, { key: { customerId: 1, at: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

type Collection = 'tiers' | 'tierMovements';
type TierRecordedEvent = RecordedEventOf<'tier'>;
const tierEvent = decoderFor('tier');

function customerUpdate(event: TierRecordedEvent): GuardedUpdate | null {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case 'TierAssigned':
    case 'TierChanged': {
      const { customerId: _subject, ...explanation } = event.data;
      const computedTier = event.type === 'TierAssigned' ? event.data.tier : event.data.to;
      return { $set: { computedTier, computedSince: at, explanation, pendingDowngrade: null } };
    }
    case 'TierDowngradeWarned': {
      const { projectedTier, keepScore, confirmOn, reviewsBelow, reviewsToConfirm, needed } = event.data;
      return { $set: { pendingDowngrade: { projectedTier, keepScore, confirmOn, reviewsBelow, reviewsToConfirm, needed, warnedAt: at } } };
    }
    case 'TierOverridden': {
      const { overrideId, tier, reasonCode, expiresAt, overriddenBy } = event.data;
      return { $set: { override: { overrideId, tier, reasonCode, expiresAt, overriddenBy, since: at } } };
    }
    case 'TierOverrideExpired':
      return { $set: { override: null } };
    case 'TierWithdrawn': {
      const { reason, mergedInto } = event.data;
      return { $set: { withdrawn: { reason, mergedInto, at }, computedTier: null, override: null, pendingDowngrade: null } };
    }
    default:
      return null;
  }
}

/** A `tierMovements` document: an assignment, a change or a withdrawal, keyed by its event's id. */
export interface TierMovement extends Movement {
  readonly _id: string;
  /** The runtime's position guard. */
  readonly _position?: string;
}

function writesFor(raw: RecordedEvent): ProjectionWrite<Collection>[] {
  const event = tierEvent(raw);
  const customerId = event.streamId.slice('tier-'.length);
  const writes: ProjectionWrite<Collection>[] = [];
  const update = customerUpdate(event);
  const lastEvent = { id: event.id, type: event.type, position: event.globalPosition };
  if (update) writes.push(guardedUpsert('tiers', customerId, event.globalPosition, { $set: { ...update.$set, lastEvent }, $setOnInsert: { customerId } }));
  const movement = movementOf(event);
  if (movement) writes.push(guardedUpsert('tierMovements', event.id, event.globalPosition, { $set: movement }));
  return writes;
}
