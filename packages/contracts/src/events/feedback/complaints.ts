import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { actorIdSchema, caseChannels } from '../case/shared.js';
import { tierIdSchema } from '../tier/explanation.js';

export const rootCauseCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/)
  .describe('a root cause code of the taxonomy, e.g. process, attitude, response_speed');

export const rootCauseTaxonomyPublished = defineEvent({
  type: 'RootCauseTaxonomyPublished',
  category: 'causeTaxonomy',
  version: 1,
  description: 'A version of the complaint root-cause taxonomy: the codes complaints are classified by from then on.',
  schema: z
    .strictObject({
      taxonomyId: entityIdSchema,
      version: z.int().min(1),
      causes: z.array(z.strictObject({ code: rootCauseCodeSchema, label: z.string().min(1).max(100) })).min(1).max(50),
    })
    .refine(({ causes }) => new Set(causes.map(({ code }) => code)).size === causes.length, { message: 'each code once', path: ['causes'] }),
  personalFields: [],
  subject: null,
});

export const complaintRecorded = defineEvent({
  type: 'ComplaintRecorded',
  category: 'complaint',
  version: 1,
  description: "A complaint case was opened (sla's CaseOpened with type complaint): who complained, through which channel, in which tier then.",
  schema: z.strictObject({
    caseId: entityIdSchema,
    customerId: entityIdSchema,
    channel: z.enum(caseChannels),
    tier: tierIdSchema.nullable().describe('the tier at opening; null: none'),
    openedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const complaintTeamAssigned = defineEvent({
  type: 'ComplaintTeamAssigned',
  category: 'complaint',
  version: 1,
  description: 'The complaint case was given to a team (improvement actions may be scoped by team).',
  schema: z.strictObject({ caseId: entityIdSchema, team: entityIdSchema, assignedAt: isoDateTimeSchema }),
  personalFields: [],
  subject: null,
});

export const complaintCausesSet = defineEvent({
  type: 'ComplaintCausesSet',
  category: 'complaint',
  version: 1,
  description: 'The root causes of a complaint (one or several codes of a taxonomy version), set by the agent while handling it or at resolution.',
  schema: z.strictObject({
    caseId: entityIdSchema,
    customerId: entityIdSchema,
    causes: z.array(rootCauseCodeSchema).min(1).max(9),
    taxonomyVersion: z.int().min(1),
    stage: z.enum(['handling', 'resolution']),
    setAt: isoDateTimeSchema,
    by: actorIdSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const repeatComplaintFlagged = defineEvent({
  type: 'RepeatComplaintFlagged',
  category: 'complaint',
  version: 1,
  description: 'The same customer complained about the same root cause within the repeat window: names the earlier complaint.',
  schema: z.strictObject({
    caseId: entityIdSchema,
    customerId: entityIdSchema,
    cause: rootCauseCodeSchema,
    earlierCaseId: entityIdSchema,
    earlierOpenedAt: isoDateTimeSchema,
    windowDays: z.int().min(1),
    flaggedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});
