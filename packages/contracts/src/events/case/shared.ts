import { z } from 'zod';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { tierIdSchema } from '../tier/explanation.js';

export const caseChannels = ['phone', 'online', 'email', 'walk_in', 'social', 'app', 'letter'] as const;
export type CaseChannel = (typeof caseChannels)[number];

/** crisis: a response team must be engaged (first response) within the policy's hours. */
export const caseTypes = ['inquiry', 'request', 'complaint', 'crisis'] as const;
export type CaseType = (typeof caseTypes)[number];

export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof casePriorities)[number];

export const caseStatuses = ['open', 'waiting_on_customer', 'waiting_on_third_party', 'resolved', 'closed', 'reopened'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const slaMetrics = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof slaMetrics)[number];

export const caseIdentity = { caseId: entityIdSchema };

export const actorIdSchema = z.string().min(1).max(100).describe('agent, integrator or system that acted');

export const assigneeSchema = z.strictObject({
  kind: z.enum(['agent', 'team']),
  id: entityIdSchema,
});

export const calendarIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
  .describe('a business calendar id (docs/calendars.md)');

export const slaTargetSchema = z.strictObject({
  metric: z.enum(slaMetrics),
  duration: z
    .string()
    .min(1)
    .max(40)
    .describe('ISO 8601 duration (PT2H) or "N working days" (docs/calendars.md "Durations as text")'),
  basis: z.enum(['business', 'calendar']).describe('business: only working periods count; calendar: every millisecond'),
  calendarId: calendarIdSchema,
  warnAtRatio: z.number().gt(0).lt(1).describe('share of the target elapsed when the warning fires, e.g. 0.75'),
});

export const tierAtStartSchema = z
  .strictObject({
    tier: tierIdSchema,
    tierPolicyId: entityIdSchema,
    tierPolicyVersion: z.int().min(1),
  })
  .describe("the customer's tier when the case opened (asked of tiering with asOf), with its policy version");

export const slaPolicyRefSchema = z.strictObject({
  policyId: entityIdSchema,
  policyVersion: z.int().min(1),
  rule: z.string().min(1).max(100).describe('the first matching rule of that version'),
});

export const calendarRefSchema = z.strictObject({
  calendarId: calendarIdSchema,
  version: z.int().min(1),
});

export const clockFields = {
  ...caseIdentity,
  metric: z.enum(slaMetrics),
  cycle: z.int().min(1).describe('1 for first_response and resolution; next_response counts one cycle per customer message'),
  at: isoDateTimeSchema,
};

export const escalationTargetSchema = z.strictObject({
  kind: z.enum(['agent', 'team', 'role']),
  id: entityIdSchema,
});

/** A field that moved from one value to another at a time, by someone, for a reason. */
export function changeSchema<const T extends readonly [string, ...string[]], const S extends z.ZodRawShape = Record<never, z.ZodType>>(values: T, more: S = {} as S) {
  return z
    .strictObject({
      ...caseIdentity,
      from: z.enum(values),
      to: z.enum(values),
      changedAt: isoDateTimeSchema,
      by: actorIdSchema,
      reason: z.string().min(1).max(500),
      ...more,
    })
    .refine((change) => (change as { from: string }).from !== (change as { to: string }).to, { message: 'from and to must differ', path: ['to'] });
}
