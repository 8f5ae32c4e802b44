import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { isoDateSchema } from '../../primitives.js';

/** The figures a target can follow, each bound to an analytics figure (docs/analytics/targets.md). */
export const targetMetrics = ['csat', 'nps', 'complaint_rate', 'complaint_cycle_days', 'repeat_share', 'sla_compliance', 'average_wait_minutes', 'fcr', 'retention', 'churn', 'repeat_purchase'] as const;
export type TargetMetric = (typeof targetMetrics)[number];

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');

/** A target as `PUT /v1/analytics/targets/{id}` accepts it and its published version records it. */
export const targetDocumentSchema = z
  .strictObject({
    metric: z.enum(targetMetrics),
    scope: z
      .strictObject({ tier: z.string().min(1).max(100).optional(), channel: z.string().min(1).max(100).optional() })
      .default({})
      .describe('filters of the figure, where it has them (satisfaction, complaint and service-level figures)'),
    baseline: z
      .strictObject({
        value: z.number().finite().optional().describe('left out: measured with the figure over the baseline period'),
        from: monthSchema,
        to: monthSchema,
      })
      .refine(({ from, to }) => from <= to, { message: 'must not be before from', path: ['to'] }),
    targetValue: z.number().finite().optional().describe('the value to reach'),
    targetChange: z.number().finite().gt(-1).optional().describe('instead of targetValue: a change relative to the baseline, e.g. -0.2 for "-20 %"'),
    direction: z.enum(['increase', 'decrease']),
    deadline: isoDateSchema,
    description: z.string().min(1).max(500),
    owner: z.string().min(1).max(100).describe('a role or team code, never a person’s name'),
  })
  .superRefine((target, context) => {
    if ((target.targetValue === undefined) === (target.targetChange === undefined)) context.addIssue({ code: 'custom', path: ['targetValue'], message: 'give either targetValue or targetChange' });
    const { value } = target.baseline;
    const moves = target.targetChange ?? (target.targetValue !== undefined && value !== undefined ? target.targetValue - value : undefined);
    if (moves !== undefined && (target.direction === 'increase' ? moves <= 0 : moves >= 0)) context.addIssue({ code: 'custom', path: ['direction'], message: `the target does not ${target.direction === 'increase' ? 'rise above' : 'fall below'} the baseline` });
    if (target.deadline.slice(0, 7) <= target.baseline.to) context.addIssue({ code: 'custom', path: ['deadline'], message: 'must fall after the baseline period' });
  });

export const targetVersionPublished = defineEvent({
  type: 'TargetVersionPublished',
  category: 'target',
  version: 1,
  description: 'An admin (or the analytics service preloading the plans’ targets) published a version of a service-quality target; its progress is computed from the analytics figures.',
  schema: z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/), version: z.int().min(1), target: targetDocumentSchema }),
  personalFields: [],
  subject: null,
});
