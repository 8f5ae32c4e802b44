import { streamIdFor, type RecordedEvent, type TierEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { decide } from '../domain/decide.js';
import { evolve, initialTierState } from '../domain/state.js';
import { scores, testPolicy } from '../domain/test-support/policies.js';
import { assigned, customerId, overridden, staff, warned, withdrawn } from '../domain/test-support/tier-events.js';
import { tierProjection } from './tier-projection.js';
import { tieringActor } from './tier-stream.js';

const client = new MongoClient(mongoUrl());

/** The projection on a database of the test's own; movements in the order they happened. */
function spec() {
  const db = client.db(uniqueName('tier_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, tierProjection, events),
    documents: async () => {
      const { tiers, tierMovements } = await projectedDocuments(db, tierProjection);
      return { tiers, tierMovements: tierMovements.sort((a, b) => a.at.getTime() - b.at.getTime()) };
    },
  });
}

/** The customer's tier stream as stored: one event a day from `2025-01-15`, at positions 1, 2, ... */
function stream(...events: TierEvent[]): RecordedEvent[] {
  return events.map((event, revision) => {
    const occurredAt = new Date(Date.UTC(2025, 0, 15 + revision, 2)).toISOString();
    const [envelope] = envelopes(streamIdFor('tier', customerId), [event], { causationId: `cause-${revision}`, correlationId: 'projection-spec', occurredAt, actor: tieringActor });
    return { ...envelope!, revision, globalPosition: String(revision + 1), recordedAt: occurredAt };
  });
}

const day = (revision: number) => new Date(Date.UTC(2025, 0, 15 + revision, 2));

describe('the tier projection', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps the computed tier with its explanation, and one movement per assignment and change', async () => {
    const gold = assigned(scores.gold);
    const [upgrade] = decide({ kind: 'reassess', reason: 'facts_changed', customerId, snapshotDate: '2025-01-16', policy: testPolicy, values: scores.key }, evolve(initialTierState, gold));
    await spec()
      .given(...stream(gold, upgrade!))
      .then({
        tiers: [
          {
            _id: customerId,
            customerId,
            computedTier: 'key_account',
            computedSince: day(1),
            explanation: { from: 'gold', to: 'key_account', direction: 'upgrade', policyVersion: testPolicy.policyVersion },
            pendingDowngrade: null,
            lastEvent: { type: 'TierChanged', position: '2' },
          },
        ],
        tierMovements: [
          { customerId, at: day(0), from: null, to: 'gold', direction: 'assigned', policyVersion: testPolicy.policyVersion },
          { customerId, at: day(1), from: 'gold', to: 'key_account', direction: 'upgrade', rule: 'upgrade_immediate' },
        ],
      });
  });

  it('lays a warning and an override on top of the computed tier, and lifts the override when it expires', async () => {
    await spec()
      .given(...stream(assigned(scores.gold), warned('gold', '2025-01-16', '2025-03-01'), overridden('key_account', '2025-06-30T00:00:00Z')))
      .then({
      tiers: [
        {
          computedTier: 'gold',
          pendingDowngrade: { projectedTier: 'gold', keepScore: 0.75, confirmOn: '2025-03-01', reviewsBelow: 1, reviewsToConfirm: 2, warnedAt: day(1) },
          override: { overrideId: 'OV-1', tier: 'key_account', reasonCode: 'key_account_contract', expiresAt: '2025-06-30T00:00:00Z', overriddenBy: staff, since: day(2) },
          lastEvent: { type: 'TierOverridden', position: '3' },
        },
      ],
      tierMovements: [{ direction: 'assigned', to: 'gold' }],
    });
    await spec()
      .given(...stream(assigned(scores.gold), overridden('key_account', '2025-06-30T00:00:00Z'), { type: 'TierOverrideExpired', data: { customerId, overrideId: 'OV-1', tier: 'key_account', revertedTo: 'gold' } }))
      .then({ tiers: [{ computedTier: 'gold', override: null, lastEvent: { type: 'TierOverrideExpired', position: '3' } }], tierMovements: [{ direction: 'assigned' }] });
  });

  it('withdraws a merged-away customer: no tier left, and a withdrawal among the movements', async () => {
    await spec()
      .given(...stream(assigned(scores.gold), withdrawn('gold', 'C-2002')))
      .then({
        tiers: [{ _id: customerId, computedTier: null, override: null, pendingDowngrade: null, withdrawn: { reason: 'merged', mergedInto: 'C-2002', at: day(1) } }],
        tierMovements: [{ direction: 'assigned', to: 'gold' }, { at: day(1), from: 'gold', to: null, direction: 'withdrawn', reason: 'merged', mergedInto: 'C-2002' }],
      });
  });
});
