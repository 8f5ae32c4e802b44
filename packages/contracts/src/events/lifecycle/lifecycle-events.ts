import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { globalPositionSchema } from '../../position.js';

export const lifecycleStages = ['new', 'activating', 'active', 'mature', 'at_risk', 'lapsed', 'won_back'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

/** The rule that moved a customer, named after the fact it reads. */
export const lifecycleRules = [
  'registered',
  'first_purchase',
  'repeat_purchase',
  'new_period_ended',
  'never_activated',
  'tenure_reached',
  'churn_risk',
  'churn_risk_subsided',
  'inactive',
  'purchase_after_lapse',
] as const;
export type LifecycleRule = (typeof lifecycleRules)[number];

export const stageContactReasons = ['welcome', 'care', 'win_back'] as const;
export type StageContactReason = (typeof stageContactReasons)[number];

const workingDays = z.int().min(1).max(60);

/** The rules document a policy owner writes; the published event adds its id and version. */
export const lifecycleRulesFields = {
  effectiveFrom: isoDateTimeSchema,
  newForDays: z.int().min(1).max(730).describe('new (and activating) for this many days after registration, unless a repeat purchase makes the customer active first'),
  activeAfterPurchases: z.int().min(2).max(20).describe('the purchase that makes a new customer active, e.g. the 2nd'),
  mature: z.strictObject({
    afterMonths: z.int().min(1).max(120).describe('tenure since registration'),
    minPurchases: z.int().min(2).max(1000).describe('repeat purchases the tenure needs'),
  }),
  lapsedAfterDays: z.int().min(1).max(3660).describe('the activity window: no purchase for this long (from the last one, or from registration) is lapsed'),
  contacts: z
    .strictObject({
      welcome: z.strictObject({ withinWorkingDays: workingDays }).nullable().describe('a welcome call for a new customer'),
      care: z.strictObject({ withinWorkingDays: workingDays, dedicatedManagerOnly: z.boolean() }).nullable().describe('a care call on becoming mature (only key accounts: dedicatedManagerOnly)'),
      winBack: z.strictObject({ withinWorkingDays: workingDays }).nullable().describe('a win-back contact on lapsing'),
    })
    .describe('stage communication plans; null: no contact for that stage'),
};

export const lifecycleRulesBodySchema = z.strictObject(lifecycleRulesFields);

export const lifecycleRulesVersionPublished = defineEvent({
  type: 'LifecycleRulesVersionPublished',
  category: 'lifecycleRules',
  version: 1,
  description: 'A policy owner published a version of the lifecycle stage rules and stage communication plans; decisions from effectiveFrom on use it.',
  schema: z.strictObject({ rulesId: entityIdSchema, rulesVersion: z.int().min(1), ...lifecycleRulesFields }),
  personalFields: [],
  subject: null,
});

const stageContact = z
  .strictObject({ reason: z.enum(stageContactReasons), withinWorkingDays: workingDays, dedicatedManagerOnly: z.boolean() })
  .nullable()
  .describe("the stage's communication plan from the rules version: feedback plans the contact");

export const lifecycleStageChanged = defineEvent({
  type: 'LifecycleStageChanged',
  category: 'lifecycle',
  version: 1,
  description: "A customer's lifecycle stage changed: the rule that fired, the fact it read (an event, or the end of a time window), the rules version, and the stage's contact plan.",
  schema: z.strictObject({
    customerId: entityIdSchema,
    from: z.enum(lifecycleStages).nullable().describe('null: the first stage'),
    to: z.enum(lifecycleStages),
    rule: z.enum(lifecycleRules),
    fact: z
      .discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('event'), type: z.string().min(1).max(100), eventId: z.uuid(), position: globalPositionSchema, at: isoDateTimeSchema }),
        z.strictObject({ kind: z.literal('time'), timerId: z.string().min(1).max(200), at: isoDateTimeSchema }),
      ])
      .describe('the event that fired the rule, or the daily check that found its time window over'),
    detail: z.string().min(1).max(200).describe('the rule as it read the facts, e.g. "2 purchases >= 2"'),
    rules: z.strictObject({ rulesId: entityIdSchema, rulesVersion: z.int().min(1) }),
    contact: stageContact,
    changedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});
