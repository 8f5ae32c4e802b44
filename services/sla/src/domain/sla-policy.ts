import { fieldPathOf, parseDuration, type TargetDuration } from '@ctp/calendar';
import { slaPolicySchema, type CaseChannel, type CasePriority, type CaseType, type SlaMetric } from '@ctp/contracts';
import type { z } from 'zod';
import { SlaError } from './errors.js';

export { slaPolicySchema };
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
