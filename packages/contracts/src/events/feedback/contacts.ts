import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, freeTextSchema, isoDateSchema, isoDateTimeSchema } from '../../primitives.js';
import { globalPositionSchema } from '../../position.js';
import { actorIdSchema } from '../case/shared.js';
import { lifecycleStages } from '../lifecycle/lifecycle-events.js';
import { tierIdSchema } from '../tier/explanation.js';

export const contactKinds = ['callback', 'visit'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** A callback is made by phone, email or SMS; a visit on site. */
export const contactChannels = ['phone', 'email', 'sms', 'on_site'] as const;
export const contactOutcomes = ['reached', 'not_reached', 'declined', 'visit_report'] as const;
export type ContactOutcome = (typeof contactOutcomes)[number];

export const obligationReasons = ['cadence', 'dissatisfaction', 'win_back', 'welcome', 'care'] as const;
export type ObligationReason = (typeof obligationReasons)[number];

/** The customer's owner when the event happened: what coverage is counted by. */
const ownerFields = {
  tier: tierIdSchema.nullable().describe('null: no tier (a dissatisfaction visit before any tier)'),
  team: z.string().min(1).max(100).nullable(),
  accountManager: z.string().min(1).max(100).nullable(),
};

const obligationRef = {
  customerId: entityIdSchema,
  obligationId: entityIdSchema.describe('<customerId>:<sequence on the contact stream>'),
  kind: z.enum(contactKinds),
  dueAt: isoDateTimeSchema,
  dueOn: isoDateSchema.describe('the due day in the business time zone: coverage is counted per due day'),
};

export const contactObligationsPlanned = defineEvent({
  type: 'ContactObligationsPlanned',
  category: 'contact',
  version: 1,
  description:
    "Contacts the customer is owed: a cadence year of the tier's callbacks and visits spread evenly from its start, one visit for a dissatisfied customer (a complaint, a poor survey answer), one win-back callback for a customer whose churn risk crossed the threshold, or a lifecycle stage's contact (welcome, care, win-back on lapsing).",
  schema: z.strictObject({
    customerId: entityIdSchema,
    reason: z.enum(obligationReasons),
    trigger: z.enum(['tier_assigned', 'tier_changed', 'tier_policy_changed', 'cadence_renewed', 'complaint', 'poor_survey_answer', 'churn_risk', 'lifecycle_stage']),
    tier: tierIdSchema.nullable(),
    tierPolicy: z.strictObject({ policyId: entityIdSchema, policyVersion: z.int().min(1) }).nullable(),
    entitlements: z
      .strictObject({ callbacksPerYear: z.int().min(1), onSiteVisitsPerYear: z.int().min(0), dedicatedManager: z.boolean() })
      .nullable()
      .describe("the tier's service entitlements (callbacks at least one a year); null for a dissatisfaction visit"),
    year: z.strictObject({ from: isoDateTimeSchema, to: isoDateTimeSchema }).nullable().describe('the cadence year a cadence plan covers'),
    caseId: entityIdSchema.nullable().describe('the complaint (or the surveyed case) a dissatisfaction visit answers'),
    winBack: z
      .strictObject({ eventId: z.uuid(), position: globalPositionSchema, crossing: z.int().min(1) })
      .optional()
      .describe("a win-back callback: the analytics WinBackRequested it answers (one obligation per such event)"),
    lifecycle: z
      .strictObject({ eventId: z.uuid(), position: globalPositionSchema, stage: z.enum(lifecycleStages) })
      .optional()
      .describe('a stage contact (welcome, care, win-back on lapsing): the LifecycleStageChanged it answers (one obligation per such event)'),
    obligations: z.array(z.strictObject({ obligationId: entityIdSchema, kind: z.enum(contactKinds), dueAt: isoDateTimeSchema, dueOn: isoDateSchema })),
    plannedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const contactObligationsCancelled = defineEvent({
  type: 'ContactObligationsCancelled',
  category: 'contact',
  version: 1,
  description: "Obligations not yet due were dropped: the tier or its policy's entitlements changed (the new plan follows), the tier was withdrawn, or the customer was erased.",
  schema: z.strictObject({
    customerId: entityIdSchema,
    obligationIds: z.array(entityIdSchema),
    reason: z.enum(['tier_changed', 'tier_policy_changed', 'tier_withdrawn', 'erasure']),
    detail: z.string().min(1).max(200).describe('e.g. "tier key -> standard", "policy standard v2: key entitlements changed"'),
    cancelledAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const contactOwnerAssigned = defineEvent({
  type: 'ContactOwnerAssigned',
  category: 'contact',
  version: 1,
  description: "The customer's account manager and team: who an overdue contact escalates to, and what coverage is counted by.",
  schema: z.strictObject({ customerId: entityIdSchema, team: ownerFields.team, accountManager: ownerFields.accountManager, assignedAt: isoDateTimeSchema, by: actorIdSchema }),
  personalFields: [],
  subject: 'customerId',
});

export const contactObligationFellDue = defineEvent({
  type: 'ContactObligationFellDue',
  category: 'contact',
  version: 1,
  description: 'An obligation reached its due instant: counted as due, and as fulfilled when an outcome fulfilled it before.',
  schema: z.strictObject({ ...obligationRef, ...ownerFields, fulfilled: z.boolean() }),
  personalFields: [],
  subject: 'customerId',
});

export const contactOutcomeRecorded = defineEvent({
  type: 'ContactOutcomeRecorded',
  category: 'contact',
  version: 1,
  description:
    'An agent recorded a contact attempt: reached, declined and a visit report fulfil the obligation, not reached does not. The note is personal.',
  schema: z.strictObject({
    ...obligationRef,
    ...ownerFields,
    outcome: z.enum(contactOutcomes),
    channel: z.enum(contactChannels),
    note: freeTextSchema.nullable().describe('personal: encrypted; the visit report for visit_report'),
    fulfils: z.boolean(),
    late: z.boolean().describe('fulfilled after the due instant: counted as fulfilled now, it was counted as due then'),
    at: isoDateTimeSchema,
    by: actorIdSchema,
  }),
  personalFields: ['note'],
  subject: 'customerId',
});

export const contactObligationOverdue = defineEvent({
  type: 'ContactObligationOverdue',
  category: 'contact',
  version: 1,
  description: 'An obligation still unfulfilled a grace period after it fell due.',
  schema: z.strictObject({ ...obligationRef, ...ownerFields, overdueAt: isoDateTimeSchema }),
  personalFields: [],
  subject: 'customerId',
});

export const contactObligationEscalated = defineEvent({
  type: 'ContactObligationEscalated',
  category: 'contact',
  version: 1,
  description: 'An overdue obligation escalated: level 1 to the account manager (the team lead when there is none), level 2 to the team lead.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    obligationId: entityIdSchema,
    level: z.int().min(1).max(2),
    to: z.strictObject({ kind: z.enum(['account_manager', 'team_lead']), id: z.string().min(1).max(100) }),
    escalatedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const contactPlanEnded = defineEvent({
  type: 'ContactPlanEnded',
  category: 'contact',
  version: 1,
  description: 'No contact is planned any more: the customer was erased, or left the tiers. Open obligations were cancelled before.',
  schema: z.strictObject({ customerId: entityIdSchema, reason: z.enum(['erasure', 'tier_withdrawn']), endedAt: isoDateTimeSchema }),
  personalFields: [],
  subject: 'customerId',
});
