import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { tierIdSchema } from '../tier/explanation.js';
import { actorIdSchema, assigneeSchema, caseIdentity, caseStatuses, changeSchema, escalationTargetSchema, slaMetrics } from './shared.js';

export const caseStatusChanged = defineEvent({
  type: 'CaseStatusChanged',
  category: 'case',
  version: 1,
  description: 'The status moved along an allowed transition (docs/sla.md); the policy says which statuses pause which metric.',
  schema: changeSchema(caseStatuses, {
    fromSince: isoDateTimeSchema.optional().describe('when the case entered `from` (absent on events recorded before it was kept)'),
    fromBy: actorIdSchema.optional().describe('who put the case in `from`: the pause it ends is theirs (time paused per agent)'),
  }),
  personalFields: [],
  subject: null,
});

export const caseTierChanged = defineEvent({
  type: 'CaseTierChanged',
  category: 'case',
  version: 1,
  description: "The customer's tier changed while the case was open; the clocks keep their start and are rescheduled.",
  schema: z.strictObject({
    ...caseIdentity,
    from: tierIdSchema.nullable(),
    to: tierIdSchema,
    tierPolicyId: entityIdSchema,
    tierPolicyVersion: z.int().min(1),
    changedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: null,
});

export const caseReassigned = defineEvent({
  type: 'CaseReassigned',
  category: 'case',
  version: 1,
  description: 'The case was given to an agent or a team.',
  schema: z.strictObject({
    ...caseIdentity,
    from: assigneeSchema.nullable(),
    to: assigneeSchema,
    reassignedAt: isoDateTimeSchema,
    by: actorIdSchema,
  }),
  personalFields: [],
  subject: null,
});

export const caseEscalated = defineEvent({
  type: 'CaseEscalated',
  category: 'case',
  version: 1,
  description: "Escalated to a level of the SLA policy's escalation ladder, by an agent or because a deadline passed.",
  schema: z
    .strictObject({
      ...caseIdentity,
      level: z.int().min(1),
      to: escalationTargetSchema,
      escalatedAt: isoDateTimeSchema,
      trigger: z.enum(['manual', 'sla_breach']),
      metric: z.enum(slaMetrics).nullable().describe('the breached metric when trigger is sla_breach'),
      by: actorIdSchema,
    })
    .refine(({ trigger, metric }) => (trigger === 'sla_breach') === (metric !== null), {
      message: 'metric is the breached metric when trigger is sla_breach, and null otherwise',
      path: ['metric'],
    }),
  personalFields: [],
  subject: null,
});

export const caseMerged = defineEvent({
  type: 'CaseMerged',
  category: 'case',
  version: 1,
  description: 'A duplicate case was merged into another; it takes no further command and its clocks stop.',
  schema: z
    .strictObject({
      ...caseIdentity,
      into: entityIdSchema,
      mergedAt: isoDateTimeSchema,
      by: actorIdSchema,
    })
    .refine(({ caseId, into }) => caseId !== into, { message: 'a case cannot merge into itself', path: ['into'] }),
  personalFields: [],
  subject: null,
});
