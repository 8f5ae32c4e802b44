import { parseDuration } from '@ctp/calendar';
import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { tierIdSchema } from '../tier/explanation.js';
import { calendarIdSchema, caseChannels, casePriorities, caseStatuses, caseTypes, escalationTargetSchema } from '../case/shared.js';

const ruleIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/);

const targetSchema = z
  .strictObject({
    duration: z.string().min(1).max(40).describe('PT2H, PT15M, "3 working days"; P1D only in calendar time'),
    basis: z.enum(['business', 'calendar']),
    calendarId: calendarIdSchema,
  })
  .superRefine(({ duration, basis }, context) => {
    const parsed = parseDuration(duration, basis);
    if (!parsed.ok) context.addIssue({ code: 'custom', path: ['duration'], message: parsed.message });
  });

const pausingStatuses = z.array(z.enum(caseStatuses).exclude(['open', 'resolved', 'closed', 'reopened'])).max(2);

const escalationLevelSchema = z.strictObject({
  level: z.int().min(1),
  after: z.string().min(1).max(40).describe('calendar time past the deadline, e.g. PT0S, PT4H'),
  to: escalationTargetSchema,
});

const ruleSchema = z
  .strictObject({
    id: ruleIdSchema,
    match: z
      .strictObject({
        tiers: z.array(tierIdSchema).min(1).optional(),
        channels: z.array(z.enum(caseChannels)).min(1).optional(),
        types: z.array(z.enum(caseTypes)).min(1).optional(),
        priorities: z.array(z.enum(casePriorities)).min(1).optional(),
      })
      .describe('a field left out matches anything; tiers match the tier at case start'),
    targets: z
      .strictObject({ first_response: targetSchema.optional(), next_response: targetSchema.optional(), resolution: targetSchema.optional() })
      .refine((targets) => Object.keys(targets).length > 0, 'at least one metric needs a target'),
    warnAtRatio: z.number().gt(0).lt(1),
    escalation: z
      .array(escalationLevelSchema)
      .max(5)
      .refine((levels) => levels.every((entry, index) => entry.level === index + 1), 'levels count 1, 2, 3 in order'),
    pauses: z
      .strictObject({ next_response: pausingStatuses, resolution: pausingStatuses })
      .describe('statuses that pause each metric; first response never pauses'),
  })
  .superRefine(({ escalation }, context) => {
    escalation.forEach(({ after }, index) => {
      const parsed = parseDuration(after, 'calendar');
      if (!parsed.ok || parsed.duration.basis !== 'calendar') {
        context.addIssue({ code: 'custom', path: ['escalation', index, 'after'], message: `${after} is not a calendar-time ISO 8601 duration` });
      }
    });
  });

/** An SLA policy as `PUT /v1/sla-policies/{id}` accepts it and its published version records it (docs/sla.md). */
export const slaPolicySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  version: z.int().min(1),
  rules: z
    .array(ruleSchema)
    .min(1)
    .refine((rules) => new Set(rules.map(({ id }) => id)).size === rules.length, 'rule ids must be distinct')
    .describe('ordered: the first rule that matches wins'),
});

export const slaPolicyVersionPublished = defineEvent({
  type: 'SlaPolicyVersionPublished',
  category: 'slaPolicy',
  version: 1,
  description: 'An admin published a version of an SLA policy; cases opened from then on match its rules, and each case records the version it used.',
  schema: slaPolicySchema,
  personalFields: [],
  subject: null,
});
