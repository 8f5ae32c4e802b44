import { ERASED, type RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { recorded } from '../test-support/recorded-events.js';
import { tierEvents } from './test-support/tier-events.js';
import { tierProjection } from './tier-projection.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('analytics_tier_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, tierProjection, events),
    documents: () => projectedDocuments(db, tierProjection),
  });
}

describe('the tier movements read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps one document per tier event that can move the tier in force, with the event for the fold and its trace; no personal data, no warnings', async () => {
    const c1 = tierEvents('C-1');
    const events = [
      recorded('tier-C-1', c1.assigned('silver'), '2026-01-10T02:00:00Z', 11),
      recorded('tier-C-1', c1.warned('silver', 'bronze'), '2026-01-20T02:00:00Z', 12),
      recorded('tier-C-1', c1.overridden('gold', 'silver'), '2026-02-01T02:00:00Z', 13),
      recorded('tier-C-1', c1.overrideExpired('gold', 'silver'), '2026-03-01T02:00:00Z', 14),
      recorded('tier-C-1', c1.changed('silver', 'gold', 'upgrade'), '2026-03-02T02:00:00Z', 15),
      recorded('tier-C-1', c1.withdrawn('gold', 'merged'), '2026-03-03T02:00:00Z', 16),
    ];
    const documents = (position: number, direction: string, rule: string | null, type: string) => ({
      _id: events[position - 11]!.id, customerId: 'C-1', at: new Date(events[position - 11]!.occurredAt), position: String(position), direction, rule, event: { type }, trace: [{ position: String(position), type }],
    });
    const stored = await spec()
      .given(...events)
      .then({
        movementFacts: [
          documents(11, 'assigned', 'initial_assignment', 'TierAssigned'),
          { ...documents(13, 'override', 'key_account_contract', 'TierOverridden'), event: { type: 'TierOverridden', data: { tier: 'gold', reason: ERASED } } },
          documents(14, 'override_expired', null, 'TierOverrideExpired'),
          documents(15, 'upgrade', 'upgrade_immediate', 'TierChanged'),
          documents(16, 'withdrawn', 'merged', 'TierWithdrawn'),
        ].sort((a, b) => (a._id < b._id ? -1 : 1)),
      });
    expect(JSON.stringify(stored)).not.toContain('Wang Fang');
  });
});
