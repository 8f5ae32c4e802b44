import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { tierIdSchema } from '../tier/explanation.js';
import { assigneeSchema, caseIdentity } from './shared.js';

export const caseRoutingRules = ['crisis_team', 'dedicated_manager', 'manager_absent_to_team', 'tier_queue'] as const;
export type CaseRoutingRule = (typeof caseRoutingRules)[number];

export const caseRouted = defineEvent({
  type: 'CaseRouted',
  category: 'case',
  version: 1,
  description:
    "Where a new case went and by which rule: a crisis to the crisis response team; a customer with a dedicated manager to that manager, or to the manager's team while an absence covers the opening; anyone else to the team queue, in the priority lane when the tier's entitlements promise a priority response.",
  schema: z.strictObject({
    ...caseIdentity,
    customerId: entityIdSchema,
    rule: z.enum(caseRoutingRules),
    to: assigneeSchema,
    lane: z.enum(['priority', 'standard']).describe("priority: the tier's entitlements promise a priority response"),
    tier: tierIdSchema.nullable(),
    priorityResponseHours: z.int().min(1).nullable().describe("the tier's entitlement, null: standard service"),
    managerId: entityIdSchema.nullable().describe("the customer's dedicated manager when the case opened"),
    absenceId: entityIdSchema.nullable().describe('the absence that sent the case to the team instead'),
    routedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: null,
});
