import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateSchema, isoDateTimeSchema } from '../../primitives.js';
import { actorIdSchema, caseChannels } from '../case/shared.js';
import { tierIdSchema } from '../tier/explanation.js';
import { rootCauseCodeSchema } from './complaints.js';

export const improvementStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ImprovementStatus = (typeof improvementStatuses)[number];

export const improvementScopeSchema = z
  .strictObject({
    causes: z.array(rootCauseCodeSchema).max(20).describe('empty: every cause'),
    channels: z.array(z.enum(caseChannels)).max(20).describe('empty: every channel'),
    tiers: z.array(tierIdSchema).max(20).describe('empty: every tier'),
    teams: z.array(entityIdSchema).max(50).describe('empty: every team'),
  })
  .describe('the complaints the action means to reduce: each list narrows it, an empty list does not');

export const improvementActionCreated = defineEvent({
  type: 'ImprovementActionCreated',
  category: 'improvement',
  version: 1,
  description: 'An improvement action against complaint root causes: owner, scope, start and due date (its effect is measured from the start).',
  schema: z
    .strictObject({
      actionId: entityIdSchema,
      title: z.string().min(1).max(200),
      owner: entityIdSchema,
      scope: improvementScopeSchema,
      startsOn: isoDateSchema.describe('the day the change takes effect: the before and after periods meet there'),
      dueDate: isoDateSchema,
      createdAt: isoDateTimeSchema,
      by: actorIdSchema,
    })
    .refine(({ startsOn, dueDate }) => startsOn <= dueDate, { message: 'dueDate must not be before startsOn', path: ['dueDate'] }),
  personalFields: [],
  subject: null,
});

export const improvementActionStatusChanged = defineEvent({
  type: 'ImprovementActionStatusChanged',
  category: 'improvement',
  version: 1,
  description: 'The action moved from one status to another (planned, in_progress, done, cancelled).',
  schema: z
    .strictObject({
      actionId: entityIdSchema,
      from: z.enum(improvementStatuses),
      to: z.enum(improvementStatuses),
      changedAt: isoDateTimeSchema,
      by: actorIdSchema,
      note: z.string().min(1).max(500).optional(),
    })
    .refine(({ from, to }) => from !== to, { message: 'from and to must differ', path: ['to'] }),
  personalFields: [],
  subject: null,
});

export const improvementActionOverdue = defineEvent({
  type: 'ImprovementActionOverdue',
  category: 'improvement',
  version: 1,
  description: 'The action was neither done nor cancelled by the end of its due date: escalated to its owner’s lead (by durable timer).',
  schema: z.strictObject({
    actionId: entityIdSchema,
    owner: entityIdSchema,
    dueDate: isoDateSchema,
    status: z.enum(improvementStatuses),
    escalatedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: null,
});
