import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { isoDateTimeSchema } from '../../primitives.js';
import { calendarRefSchema, caseStatuses, clockFields, slaPolicyRefSchema, slaTargetSchema } from './shared.js';

const msSchema = z.int().min(0);
const deadlineSchema = isoDateTimeSchema.describe('when the target is due, counted on the calendar versions listed');

export const slaClockStarted = defineEvent({
  type: 'SlaClockStarted',
  category: 'case',
  version: 1,
  description: 'A metric began counting; counting starts at countedFrom (the next working day for working-day targets after the cut-off).',
  schema: z.strictObject({
    ...clockFields,
    countedFrom: isoDateTimeSchema,
    target: slaTargetSchema,
    targetMs: msSchema.describe('the target as time to elapse on its basis'),
    deadline: deadlineSchema,
    calendars: z.array(calendarRefSchema).min(1),
  }),
  personalFields: [],
  subject: null,
});

export const slaClockPaused = defineEvent({
  type: 'SlaClockPaused',
  category: 'case',
  version: 1,
  description: 'The case entered a status that pauses this metric (never first_response); time paused does not count.',
  schema: z.strictObject({ ...clockFields, status: z.enum(caseStatuses), elapsedMs: msSchema }),
  personalFields: [],
  subject: null,
});

export const slaClockResumed = defineEvent({
  type: 'SlaClockResumed',
  category: 'case',
  version: 1,
  description: 'The clock counts again (left a pausing status, or the case was reopened), with its new deadline.',
  schema: z.strictObject({ ...clockFields, status: z.enum(caseStatuses), elapsedMs: msSchema, deadline: deadlineSchema }),
  personalFields: [],
  subject: null,
});

export const slaRescheduleCauses = ['priority_changed', 'tier_changed', 'calendar_changed'] as const;

export const slaDeadlineRescheduled = defineEvent({
  type: 'SlaDeadlineRescheduled',
  category: 'case',
  version: 1,
  description: 'A priority, tier or calendar change moved the deadline; the start and the time already counted stay.',
  schema: z.strictObject({
    ...clockFields,
    cause: z.enum(slaRescheduleCauses),
    slaPolicy: slaPolicyRefSchema,
    target: slaTargetSchema,
    targetMs: msSchema,
    previousDeadline: isoDateTimeSchema.nullable().describe('null when the clock was paused'),
    deadline: isoDateTimeSchema.nullable().describe('null when the clock is paused'),
    calendars: z.array(calendarRefSchema).min(1),
  }),
  personalFields: [],
  subject: null,
});

export const slaWarningRaised = defineEvent({
  type: 'SlaWarningRaised',
  category: 'case',
  version: 1,
  description: 'The warning share of the target elapsed before the deadline; fires once per clock cycle.',
  schema: z.strictObject({ ...clockFields, deadline: isoDateTimeSchema, elapsedMs: msSchema, targetMs: msSchema }),
  personalFields: [],
  subject: null,
});

export const slaMet = defineEvent({
  type: 'SlaMet',
  category: 'case',
  version: 1,
  description: 'The clock stopped at or before its deadline (a reply, or the case resolved).',
  schema: z.strictObject({ ...clockFields, deadline: isoDateTimeSchema, elapsedMs: msSchema }),
  personalFields: [],
  subject: null,
});

export const slaBreached = defineEvent({
  type: 'SlaBreached',
  category: 'case',
  version: 1,
  description: 'The deadline passed with the clock running; fires once per clock cycle unless retracted.',
  schema: z.strictObject({ ...clockFields, deadline: isoDateTimeSchema }),
  personalFields: [],
  subject: null,
});

export const slaClockStopped = defineEvent({
  type: 'SlaClockStopped',
  category: 'case',
  version: 1,
  description: 'A breached clock stopped (reply or resolution after the deadline), or a clock stopped because the case closed or merged.',
  schema: z.strictObject({ ...clockFields, reason: z.enum(['replied', 'resolved', 'closed', 'merged']), elapsedMs: msSchema }),
  personalFields: [],
  subject: null,
});

export const slaBreachRetracted = defineEvent({
  type: 'SlaBreachRetracted',
  category: 'case',
  version: 1,
  description:
    'A recorded breach no longer holds: its deadline moved later, or a reply or resolution reported late (a helpdesk syncing) happened before the deadline; the breach stays in the history.',
  schema: z.strictObject({
    ...clockFields,
    cause: z.enum([...slaRescheduleCauses, 'answered_in_time']).describe('answered_in_time: the answer reported after the breach was recorded came before the deadline'),
    deadline: isoDateTimeSchema.describe('the new deadline, still ahead; for answered_in_time the deadline the answer met'),
  }),
  personalFields: [],
  subject: null,
});
