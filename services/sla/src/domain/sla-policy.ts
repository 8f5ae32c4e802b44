import { fieldPathOf, parseDuration, type TargetDuration } from '@ctp/calendar';
import { calendarIdSchema, caseChannels, casePriorities, caseStatuses, caseTypes, escalationTargetSchema, tierIdSchema, type CaseChannel, type CasePriority, type CaseType, type SlaMetric } from '@ctp/contracts';
import { z } from 'zod';
import { SlaError } from './errors.js';

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

export const slaPolicySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  version: z.int().min(1),
  rules: z
    .array(ruleSchema)
    .min(1)
    .refine((rules) => new Set(rules.map(({ id }) => id)).size === rules.length, 'rule ids must be distinct')
    .describe('ordered: the first rule that matches wins'),
});

export type SlaPolicy = z.output<typeof slaPolicySchema>;
export type SlaRule = SlaPolicy['rules'][number];
export type SlaRuleTarget = NonNullable<SlaRule['targets'][SlaMetric]>;
export type EscalationLevel = SlaRule['escalation'][number];

export interface CaseProfile {
  readonly tier: string | null;
  readonly channel: CaseChannel;
  readonly type: CaseType;
  readonly priority: CasePriority;
}

const matches = <T>(allowed: readonly T[] | undefined, value: T | null) => allowed === undefined || (value !== null && allowed.includes(value));

/** The first rule matching the case's tier at start, channel, type and priority. */
export function matchRule(policy: SlaPolicy, profile: CaseProfile): SlaRule {
  const rule = policy.rules.find(({ match }) =>
    matches(match.tiers, profile.tier) && matches(match.channels, profile.channel) && matches(match.types, profile.type) && matches(match.priorities, profile.priority),
  );
  if (!rule) {
    const { tier, channel, type, priority } = profile;
    throw new SlaError('no_matching_sla_rule', `no rule of SLA policy ${policy.id} v${policy.version} matches tier ${tier}, channel ${channel}, type ${type}, priority ${priority}`);
  }
  return rule;
}

/** The target as the calendar package counts it. */
export function targetDuration({ duration, basis }: { duration: string; basis: 'business' | 'calendar' }): TargetDuration {
  const parsed = parseDuration(duration, basis);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.duration;
}

/** How long past the deadline an escalation level waits (calendar time; the schema refuses anything else). */
export function escalationDelayMs(level: EscalationLevel): number {
  const delay = targetDuration({ duration: level.after, basis: 'calendar' });
  return delay.basis === 'calendar' ? delay.ms : 0;
}

export type ParsedSlaPolicy = { readonly ok: true; readonly policy: SlaPolicy } | { readonly ok: false; readonly problems: readonly { path: string; message: string }[] };

export function parseSlaPolicy(input: unknown): ParsedSlaPolicy {
  const parsed = slaPolicySchema.safeParse(input);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, problems: parsed.error.issues.map(({ path, message }) => ({ path: fieldPathOf(path), message })) };
}
