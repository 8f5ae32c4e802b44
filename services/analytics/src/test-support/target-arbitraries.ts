import { targetDocumentSchema, targetMetrics } from '@ctp/contracts';
import fc from 'fast-check';
import type { TargetDocument } from '../targets/target-decider.js';

const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));

/** A target as an admin may publish it: its direction agrees with the change, its deadline after the baseline. */
export const targetDocument: fc.Arbitrary<TargetDocument> = fc
  .record({
    metric: fc.constantFrom(...targetMetrics),
    scope: fc.record({ tier: fc.constantFrom('gold', 'standard'), channel: fc.constantFrom('phone', 'online') }, { requiredKeys: [] }),
    value: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
    baselineTo: month,
    deadline: fc.tuple(month, fc.integer({ min: 1, max: 28 })).map(([m, d]) => `2026-${m}-${String(d).padStart(2, '0')}`),
    direction: fc.constantFrom('increase' as const, 'decrease' as const),
    change: fc.double({ min: 0.01, max: 0.9, noNaN: true }),
    byValue: fc.boolean(),
    owner: fc.constantFrom('service-quality', 'complaints-team'),
  })
  .map(({ metric, scope, value, baselineTo, deadline, direction, change, byValue, owner }): TargetDocument => {
    const sign = direction === 'increase' ? 1 : -1;
    const goal = byValue ? { targetValue: (value ?? 50) + sign * change * 10 } : { targetChange: sign * change };
    return { metric, scope, baseline: { ...(value === undefined ? {} : { value }), from: '2025-01', to: `2025-${baselineTo}` }, ...goal, direction, deadline, description: `${metric} ${direction}`, owner };
  })
  .filter((document) => targetDocumentSchema.safeParse(document).success);

/** Publications of one target: most expect the version the publisher just read, some a stale or future one. */
export const publications = fc.array(fc.tuple(targetDocument, fc.option(fc.integer({ min: 0, max: 6 }), { freq: 3 })), { minLength: 1, maxLength: 10 });
