import { eventRegistry } from '@ctp/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batches, judgeAll, settings } from '../test-support/fact-arbitraries.js';
import { ruleCodes } from './fact-rules.js';
import { planBatch } from './plan-batch.js';

const numRuns = 300;

describe('intake rules (planBatch), for any sequence of batches', () => {
  it('judge without throwing, deterministically, naming each refused fact by its index and field', () => {
    fc.assert(
      fc.property(batches, (sent) => {
        for (const { batch, before, judgement } of judgeAll(sent).judged) {
          expect(planBatch(batch, before, settings)).toEqual(judgement);
          if (judgement.ok) continue;
          for (const violation of judgement.violations) {
            expect(violation.path.startsWith(`body.events[${violation.index}].`)).toBe(true);
            expect(ruleCodes).toContain(violation.rule);
          }
        }
      }),
      { numRuns },
    );
  });

  it('plan only facts that pass their contract, each on the stream its data names', () => {
    fc.assert(
      fc.property(batches, (sent) => {
        for (const [customerId, facts] of judgeAll(sent).streams) {
          for (const fact of facts) {
            eventRegistry.parseData(fact.type, eventRegistry.latest(fact.type).version, fact.data);
            expect(fact.data[fact.type === 'CustomersMerged' ? 'survivorId' : 'customerId']).toBe(customerId);
          }
        }
      }),
      { numRuns },
    );
  });

  it('are idempotent: an accepted batch sent again plans nothing new (a duplicate purchase is not counted twice)', () => {
    fc.assert(
      fc.property(batches, (sent) => {
        for (const { batch, judgement, after } of judgeAll(sent).judged) {
          if (!judgement.ok) continue;
          const again = planBatch(batch, after, settings);
          expect(again.ok && again.streams.flatMap(({ fresh }) => fresh)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });

  it('never refund more of an order than was paid, record an order twice on one customer, or add facts after an erasure or a merge-away', () => {
    fc.assert(
      fc.property(batches, (sent) => {
        const { states, streams } = judgeAll(sent);
        for (const state of states.values()) {
          for (const [order, refunded] of state.refundedMinor) {
            const paid = [...states.values()].reduce((sum, other) => sum + (other.orders.get(order)?.paidMinor ?? 0), 0);
            expect(refunded).toBeLessThanOrEqual(paid);
          }
        }
        for (const facts of streams.values()) {
          const orders = facts.filter(({ type }) => type === 'PurchaseRecorded').map(({ data }) => data.orderId);
          expect(new Set(orders).size).toBe(orders.length);
          const erased = facts.findIndex(({ type }) => type === 'CustomerErasureRequested');
          if (erased >= 0) expect(facts.slice(erased).every(({ type }) => type === 'CustomerErasureRequested')).toBe(true);
          const mergedAway = facts.findIndex(({ type }) => type === 'CustomerMergedInto');
          if (mergedAway >= 0) expect(facts.slice(mergedAway + 1)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });
});
