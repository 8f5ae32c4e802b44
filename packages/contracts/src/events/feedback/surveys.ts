import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, freeTextSchema, isoDateTimeSchema } from '../../primitives.js';
import { actorIdSchema, assigneeSchema, caseChannels } from '../case/shared.js';
import { tierIdSchema } from '../tier/explanation.js';

/** The scored questions and their standard scales (docs/feedback.md "Surveys"). */
export const surveyScales = { csat: { min: 1, max: 5 }, nps: { min: 0, max: 10 }, ces: { min: 1, max: 7 }, dimension: { min: 0, max: 100 } } as const;
export const surveyDimensions = ['efficiency', 'speed', 'resolution', 'attitude', 'environment', 'personalisation'] as const;
export type SurveyDimension = (typeof surveyDimensions)[number];
export const surveyQuestionKinds = ['csat', 'nps', 'nps_why', 'ces', 'dimension', 'comment'] as const;
export const surveyKinds = ['transactional', 'relationship'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

const templateIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const questionIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

const surveyQuestionSchema = z
  .strictObject({
    id: questionIdSchema,
    kind: z.enum(surveyQuestionKinds).describe('csat 1-5, nps 0-10, ces 1-7, dimension 0-100; nps_why and comment are free text (personal)'),
    dimension: z.enum(surveyDimensions).optional().describe('the dimension a `dimension` question scores'),
    text: z.string().min(1).max(500).describe('the wording shown to the customer'),
  })
  .refine(({ kind, dimension }) => (kind === 'dimension') === (dimension !== undefined), { message: 'a dimension question names its dimension, no other does', path: ['dimension'] });

/** A survey template as `PUT /v1/survey-templates/{id}` accepts it and its published version records it. */
export const surveyTemplateSchema = z.strictObject({
  id: templateIdSchema,
  version: z.int().min(1),
  kind: z.enum(surveyKinds).describe('transactional: sent after a resolved case; relationship: sampled NPS'),
  title: z.string().min(1).max(200),
  questions: z
    .array(surveyQuestionSchema)
    .min(1)
    .max(20)
    .refine((questions) => new Set(questions.map(({ id }) => id)).size === questions.length, 'question ids must be distinct')
    .refine((questions) => (['csat', 'nps', 'ces'] as const).every((kind) => questions.filter((question) => question.kind === kind).length <= 1), 'at most one csat, nps and ces question')
    .refine((questions) => new Set(questions.filter(({ dimension }) => dimension).map(({ dimension }) => dimension)).size === questions.filter(({ dimension }) => dimension).length, 'one question per dimension'),
});
export type SurveyTemplate = z.infer<typeof surveyTemplateSchema>;

export const surveyTemplateVersionPublished = defineEvent({
  type: 'SurveyTemplateVersionPublished',
  category: 'surveyTemplate',
  version: 1,
  description: 'An admin published a version of a survey template; invitations from then on record the version they use.',
  schema: surveyTemplateSchema,
  personalFields: [],
  subject: null,
});

const templateRefSchema = z.strictObject({ templateId: templateIdSchema, version: z.int().min(1) });

const invitationIdentity = { invitationId: entityIdSchema, customerId: entityIdSchema };

export const surveyInvited = defineEvent({
  type: 'SurveyInvited',
  category: 'survey',
  version: 1,
  description: 'A customer was invited to answer a survey: after a resolved case (at most once per case) or drawn in a relationship sample.',
  schema: z
    .strictObject({
      ...invitationIdentity,
      kind: z.enum(surveyKinds),
      caseId: entityIdSchema.nullable().describe('the resolved case (transactional), else null'),
      sampleId: entityIdSchema.nullable().describe('the relationship sample that drew the customer, else null'),
      template: templateRefSchema,
      tier: tierIdSchema.nullable().describe("the customer's tier when invited"),
      channel: z.enum(caseChannels).nullable().describe("the case's channel (transactional), else null"),
      invitedAt: isoDateTimeSchema,
      expiresAt: isoDateTimeSchema,
    })
    .refine(({ kind, caseId, sampleId }) => (kind === 'transactional' ? caseId !== null && sampleId === null : caseId === null && sampleId !== null), { message: 'a transactional survey names its case, a relationship one its sample', path: ['kind'] }),
  personalFields: [],
  subject: 'customerId',
});

export const surveySkipped = defineEvent({
  type: 'SurveySkipped',
  category: 'survey',
  version: 1,
  description: 'A resolved case got no survey: the customer had not consented to surveys then, or was surveyed within the cooldown.',
  schema: z.strictObject({
    ...invitationIdentity,
    caseId: entityIdSchema,
    reason: z.enum(['no_consent', 'cooldown']),
    lastInvitedAt: isoDateTimeSchema.nullable().describe('the previous invitation, for a cooldown skip'),
    decidedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const surveyExpired = defineEvent({
  type: 'SurveyExpired',
  category: 'survey',
  version: 1,
  description: 'An invitation reached its expiresAt unanswered (its durable timer fired); answers after it stay refused.',
  schema: z.strictObject({ ...invitationIdentity, kind: z.enum(surveyKinds), invitedAt: isoDateTimeSchema, expiredAt: isoDateTimeSchema.describe('the invitation\'s expiresAt') }),
  personalFields: [],
  subject: 'customerId',
});

const scoreSchema = z.int();

export const surveyAnswered = defineEvent({
  type: 'SurveyAnswered',
  category: 'survey',
  version: 1,
  description: "The customer answered an invitation (once, before it expired); the invitation's segment is copied for the scores.",
  schema: z.strictObject({
    ...invitationIdentity,
    kind: z.enum(surveyKinds),
    tier: tierIdSchema.nullable(),
    channel: z.enum(caseChannels).nullable(),
    invitedAt: isoDateTimeSchema,
    answeredAt: isoDateTimeSchema,
    csat: scoreSchema.nullable(),
    nps: scoreSchema.nullable(),
    ces: scoreSchema.nullable(),
    dimensions: z.partialRecord(z.enum(surveyDimensions), scoreSchema),
    npsWhy: freeTextSchema.nullable(),
    comment: freeTextSchema.nullable(),
  }),
  personalFields: ['npsWhy', 'comment'],
  subject: 'customerId',
});

export const surveyRecipientInvited = defineEvent({
  type: 'SurveyRecipientInvited',
  category: 'survey',
  version: 1,
  description: "A customer's survey ledger (stream survey-recipient.<customerId>): every invitation of any kind, for the cooldown.",
  schema: z.strictObject({ ...invitationIdentity, kind: z.enum(surveyKinds), invitedAt: isoDateTimeSchema }),
  personalFields: [],
  subject: 'customerId',
});

export const surveySampleDrawn = defineEvent({
  type: 'SurveySampleDrawn',
  category: 'survey',
  version: 1,
  description: "A relationship NPS sample drawn (seeded, stratified by tier) from last year's active customers.",
  schema: z.strictObject({
    sampleId: entityIdSchema,
    seed: z.string().min(1).max(100),
    rate: z.number().gt(0).max(1),
    asOf: isoDateTimeSchema,
    activeSince: isoDateTimeSchema.describe('customers with a purchase from then on are active'),
    template: templateRefSchema,
    strata: z.array(
      z.strictObject({
        tier: tierIdSchema.nullable(),
        active: z.int().min(0),
        quota: z.int().min(0).describe('ceil(rate x active)'),
        invited: z.int().min(0),
        ineligible: z.int().min(0).describe('passed over: no survey consent, or within the cooldown'),
      }),
    ),
    drawnAt: isoDateTimeSchema,
    by: actorIdSchema,
  }),
  personalFields: [],
  subject: null,
});

export const followUpOpened = defineEvent({
  type: 'FollowUpOpened',
  category: 'survey',
  version: 1,
  description: "A poor answer (CSAT <= 2, NPS 0-6, CES <= 3) opened a follow-up task for the case owner, due by the SLA policy's first-response target.",
  schema: z.strictObject({
    ...invitationIdentity,
    followUpId: entityIdSchema,
    caseId: entityIdSchema.nullable(),
    owner: assigneeSchema,
    ownerSource: z.enum(['case_assignee', 'rule_team', 'default_team']),
    reasons: z.array(z.enum(['csat', 'nps', 'ces'])).min(1),
    openedAt: isoDateTimeSchema,
    dueAt: isoDateTimeSchema,
    deadlineSource: z.enum(['sla_policy', 'default']).describe("sla_policy: the first-response target of the case's rule"),
  }),
  personalFields: [],
  subject: 'customerId',
});

export const followUpDone = defineEvent({
  type: 'FollowUpDone',
  category: 'survey',
  version: 1,
  description: 'The owner followed up with the customer.',
  schema: z.strictObject({ ...invitationIdentity, followUpId: entityIdSchema, doneAt: isoDateTimeSchema, by: actorIdSchema, late: z.boolean() }),
  personalFields: [],
  subject: 'customerId',
});

export const followUpOverdue = defineEvent({
  type: 'FollowUpOverdue',
  category: 'survey',
  version: 1,
  description: 'A follow-up passed its deadline undone (its timer fired).',
  schema: z.strictObject({ ...invitationIdentity, followUpId: entityIdSchema, dueAt: isoDateTimeSchema, owner: assigneeSchema }),
  personalFields: [],
  subject: 'customerId',
});
