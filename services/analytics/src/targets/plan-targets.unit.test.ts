import { targetDocumentSchema } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { planPeriod, planTargetDocument, planTargets } from './plan-targets.js';

describe('the plans’ targets', () => {
  it('take the 12 full months before the start as baseline and end 12 months after it, across a year end', () => {
    expect(planPeriod(new Date('2026-01-15T02:00:00Z'), 'Asia/Shanghai')).toEqual({ from: '2025-01', to: '2025-12', deadline: '2026-12-31' });
    // 1 March 01:00 in Shanghai is still February in UTC: the business month counts.
    expect(planPeriod(new Date('2026-02-28T17:00:00Z'), 'Asia/Shanghai')).toEqual({ from: '2025-03', to: '2026-02', deadline: '2027-02-28' });
  });

  it('are valid target documents, keeping the baselines the plans state and measuring the others', () => {
    const documents = Object.fromEntries(Object.entries(planTargets).map(([id, plan]) => [id, planTargetDocument(plan, new Date('2026-06-10T02:00:00Z'), 'Asia/Shanghai')]));
    for (const document of Object.values(documents)) expect(targetDocumentSchema.safeParse(document).error).toBeUndefined();
    expect(documents['plan-csat']).toMatchObject({ baseline: { value: 0.78 }, targetValue: 0.85 });
    expect(documents['plan-complaint-rate']).toMatchObject({ baseline: { from: '2025-06', to: '2026-05' }, targetChange: -0.2, direction: 'decrease' });
    expect(documents['plan-complaint-rate']!.baseline.value).toBeUndefined();
  });
});
