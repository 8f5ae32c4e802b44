import { describe, expect, it } from 'vitest';
import type { ComponentValues } from './component-values.js';
import type { TierPolicy } from './policy.js';
import { decide } from './decide.js';
import { evolve, initialTierState } from './state.js';
import { given } from './test-support/decider-spec.js';
import { scores, testPolicy, valuesInBands } from './test-support/policies.js';
import { assigned, customerId, warned } from './test-support/tier-events.js';

const reassess = (values: ComponentValues, policy: TierPolicy = testPolicy) =>
  ({ kind: 'reassess', reason: 'facts_changed', customerId, snapshotDate: '2025-02-10', policy, values }) as const;
const review = (reviewDate: string, values: ComponentValues, policy: TierPolicy = testPolicy) =>
  ({ kind: 'review', customerId, reviewDate, policy, values }) as const;
const downgradeTo = (to: string, rule: string) => ({ type: 'TierChanged', data: { from: 'key_account', to, direction: 'downgrade', rule } });

describe('given a customer never tiered', () => {
  it('when their facts are first assessed then they get the computed tier with its explanation', () => {
    given()
      .when(reassess(scores.gold))
      .then({
        type: 'TierAssigned',
        data: {
          customerId,
          tier: 'gold',
          rule: 'initial_assignment',
          score: 0.675,
          components: [
            { component: 'monetary', value: '10000.00', normalised: 0.75, weight: 0.5 },
            { component: 'frequency', value: '4', normalised: 0.5, weight: 0.3 },
            { component: 'recency', value: '90', normalised: 0.75, weight: 0.2 },
          ],
          thresholds: testPolicy.tiers.map(({ tier, minScore }) => ({ tier, minScore })),
          currency: 'CNY',
          snapshotDate: '2025-02-10',
          policyId: 'standard',
          policyVersion: 1,
        },
      });
  });

  it('when the first scheduled review runs then it assigns too', () => {
    given().when(review('2025-03-01', scores.standard)).then({ type: 'TierAssigned', data: { tier: 'standard', snapshotDate: '2025-03-01' } });
  });
});

describe('given a gold customer', () => {
  it('when their score reaches key account between reviews then the upgrade applies at once', () => {
    given(assigned(scores.gold))
      .when(reassess(scores.key))
      .then({ type: 'TierChanged', data: { from: 'gold', to: 'key_account', direction: 'upgrade', rule: 'upgrade_immediate', score: 1 } });
  });

  it('when a review finds them above their tier then the upgrade applies at the review', () => {
    given(assigned(scores.gold)).when(review('2025-03-01', scores.key)).then({ type: 'TierChanged', data: { to: 'key_account' } });
  });

  it('when a new policy version lowers the thresholds then reassessing reclassifies under that version', () => {
    const lenient = { ...testPolicy, policyVersion: 2, tiers: testPolicy.tiers.map((tier, i) => ({ ...tier, minScore: [0.65, 0.5, 0.3, 0][i]! })) };
    given(assigned(scores.gold))
      .when({ ...reassess(scores.gold, lenient), reason: 'policy_published' })
      .then({ type: 'TierChanged', data: { from: 'gold', to: 'key_account', policyVersion: 2, thresholds: [{ minScore: 0.65 }, {}, {}, {}] } });
  });

  it('when they hold a tier the new policy no longer defines then they move to the computed tier at once', () => {
    const renamed = { ...testPolicy, policyVersion: 2, tiers: testPolicy.tiers.map((tier) => (tier.tier === 'gold' ? { ...tier, tier: 'gold_plus' } : tier)) };
    given(assigned(scores.gold)).when(reassess(scores.gold, renamed)).then({ type: 'TierChanged', data: { from: 'gold', to: 'gold_plus' } });
  });
});

describe('given a key account', () => {
  const keyAccount = assigned(scores.key);

  it('when their score falls between reviews then nothing happens until the review', () => {
    given(keyAccount).when(reassess(scores.standard)).thenNothing();
  });

  it('when a stricter policy version is published then it does not downgrade them between reviews', () => {
    const strict = { ...testPolicy, policyVersion: 2, tiers: testPolicy.tiers.map((tier, i) => ({ ...tier, minScore: [1, 0.9, 0.8, 0][i]! })) };
    given(keyAccount).when(reassess(valuesInBands(4, 4, 3), strict)).thenNothing();
  });

  it('when a review finds them below the threshold but within the hysteresis gap then nothing happens', () => {
    given(keyAccount).when(review('2025-03-01', scores.keyWithinGap)).thenNothing();
  });

  it('when a review first finds them below the gap then they are warned, with what would keep the tier', () => {
    given(keyAccount)
      .when(review('2025-03-01', scores.gold))
      .then({
        type: 'TierDowngradeWarned',
        data: {
          tier: 'key_account',
          projectedTier: 'gold',
          score: 0.675,
          keepScore: 0.75,
          reviewsBelow: 1,
          reviewsToConfirm: 2,
          snapshotDate: '2025-03-01',
          confirmOn: '2025-04-01',
          needed: [
            { component: 'monetary', current: '10000.00', target: '50000.00' },
            { component: 'frequency', current: '4', target: '8' },
          ],
        },
      });
  });

  it('when the next review finds them below again then the downgrade is confirmed', () => {
    given(keyAccount, warned('key_account', '2025-03-01', '2025-04-01'))
      .when(review('2025-04-01', scores.gold))
      .then(downgradeTo('gold', 'downgrade_confirmed'));
  });

  it('when the score points several tiers lower then the downgrade moves one step', () => {
    given(keyAccount, warned('key_account', '2025-03-01', '2025-04-01'))
      .when(review('2025-04-01', valuesInBands(0, 0, 0)))
      .then({ type: 'TierChanged', data: { from: 'key_account', to: 'gold', rule: 'downgrade_step_limited', score: 0 } });
  });

  it('when a review that moved them one step is delivered again then it records nothing', () => {
    const history = [keyAccount, warned('key_account', '2025-03-01', '2025-04-01')];
    const moved = decide(review('2025-04-01', valuesInBands(0, 0, 0)), history.reduce(evolve, initialTierState));
    expect(moved).toMatchObject([{ type: 'TierChanged', data: { rule: 'downgrade_step_limited' } }]);
    given(...history, ...moved).when(review('2025-04-01', valuesInBands(0, 0, 0))).thenNothing();
  });

  it('when the same review runs twice then the second run records nothing', () => {
    given(keyAccount, warned('key_account', '2025-03-01', '2025-04-01')).when(review('2025-03-01', scores.gold)).thenNothing();
  });

  it('when they recovered at the review after the warning then a later fall starts the count again', () => {
    const afterWarning = given(keyAccount, warned('key_account', '2025-03-01', '2025-04-01'));
    afterWarning.when(review('2025-04-01', scores.key)).thenNothing();
    afterWarning
      .when(review('2025-05-01', scores.gold))
      .then({ type: 'TierDowngradeWarned', data: { reviewsBelow: 1, snapshotDate: '2025-05-01', confirmOn: '2025-06-01' } });
  });

  it('when confirmation needs three reviews then the second review below warns again', () => {
    const threeReviews = { ...testPolicy, downgrade: { ...testPolicy.downgrade, confirmationReviews: 3 } };
    given(keyAccount, warned('key_account', '2025-03-01', '2025-05-01'))
      .when(review('2025-04-01', scores.gold, threeReviews))
      .then({ type: 'TierDowngradeWarned', data: { reviewsBelow: 2, reviewsToConfirm: 3, confirmOn: '2025-05-01' } });
  });

  it('when weekly reviews come sooner than the notice then confirmation waits for the notice', () => {
    const weekly = { ...testPolicy, reviewCadence: 'weekly' as const };
    const firstWarning = warned('key_account', '2025-03-03', '2025-03-17');
    given(keyAccount, firstWarning)
      .when(review('2025-03-10', scores.gold, weekly))
      .then({ type: 'TierDowngradeWarned', data: { reviewsBelow: 2, confirmOn: '2025-03-17' } });
    given(keyAccount, firstWarning, warned('key_account', '2025-03-10', '2025-03-17', 2))
      .when(review('2025-03-17', scores.gold, weekly))
      .then(downgradeTo('gold', 'downgrade_confirmed'));
  });
});

describe('given a gold customer warned of a downgrade', () => {
  it('when an upgrade-worthy score arrives then the tier stays and the warning is cleared', () => {
    const spec = given(assigned(scores.gold), warned('gold', '2025-03-01', '2025-04-01'));
    const [upgrade] = spec.when(reassess(scores.key)).then({ type: 'TierChanged', data: { direction: 'upgrade' } });
    expect(given(assigned(scores.gold), warned('gold', '2025-03-01', '2025-04-01'), upgrade!).state).toMatchObject({
      computedTier: 'key_account',
      pendingDowngrade: null,
    });
  });
});
