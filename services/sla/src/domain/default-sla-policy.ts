import type { ServiceEntitlements } from '@ctp/contracts';
import type { SlaPolicy, SlaRule } from './sla-policy.js';

/** A tier's service entitlement, as the tier policy states it (TierPolicyVersionPublished tiers[].service). */
export interface TierEntitlement {
  readonly tier: string;
  readonly service: Pick<ServiceEntitlements, 'dedicatedManager' | 'priorityResponseHours'>;
}

const calendarId = 'default';
const business = (duration: string) => ({ duration, basis: 'business', calendarId }) as const;
const clockTime = (duration: string) => ({ duration, basis: 'calendar', calendarId }) as const;

/** The plans' general first response: any request within 24 hours (../shared/domain.md section 3). */
const GENERAL_RESPONSE_HOURS = 24;
const complaintResolution = business('3 working days');
const pauses = { next_response: ['waiting_on_customer'], resolution: ['waiting_on_customer'] } satisfies SlaRule['pauses'];
const escalation = [
  { level: 1, after: 'PT0S', to: { kind: 'role', id: 'team_lead' } },
  { level: 2, after: 'PT4H', to: { kind: 'role', id: 'service_manager' } },
] satisfies SlaRule['escalation'];
const common = { warnAtRatio: 0.75, escalation, pauses };

function complaintRule(id: string, firstResponse: string, channels?: SlaRule['match']['channels']): SlaRule {
  return {
    id,
    match: { types: ['complaint'], ...(channels ? { channels } : {}) },
    targets: { first_response: business(firstResponse), next_response: business('PT2H'), resolution: complaintResolution },
    ...common,
  };
}

/** Tiers promised a response at least as fast as the general one get their own rule, after the complaint rules. */
function tierRules(tiers: readonly TierEntitlement[]): SlaRule[] {
  return tiers.flatMap(({ tier, service }) => {
    const hours = service.priorityResponseHours;
    if (hours === null || hours > GENERAL_RESPONSE_HOURS) return [];
    const response = clockTime(`PT${hours}H`);
    const manager = service.dedicatedManager ? [{ level: 1, after: 'PT0S', to: { kind: 'role', id: 'account_manager' } } as const] : [];
    const ladder = [...manager, ...escalation].map((entry, index) => ({ ...entry, level: index + 1 }));
    return [{ id: `tier-${tier}`, match: { tiers: [tier] }, targets: { first_response: response, next_response: response }, ...common, escalation: ladder }];
  });
}

/**
 * A crisis: the response team is engaged (its first reply to the customer) within 2 hours round the clock,
 * warned at half of it; past the deadline the crisis manager, an hour later the service manager. The hours
 * are this project's choice (the plans leave them to be set): an admin changes them by publishing a version.
 */
const crisisRule: SlaRule = {
  id: 'crisis',
  match: { types: ['crisis'] },
  targets: { first_response: clockTime('PT2H'), next_response: clockTime('PT2H'), resolution: business('PT8H') },
  warnAtRatio: 0.5,
  escalation: [
    { level: 1, after: 'PT0S', to: { kind: 'role', id: 'crisis_manager' } },
    { level: 2, after: 'PT1H', to: { kind: 'role', id: 'service_manager' } },
  ],
  pauses: { next_response: [], resolution: ['waiting_on_third_party'] },
};

/**
 * The default SLA policy: the plans' numbers (phone complaint 15 min, online complaint 30 min, any
 * complaint 2 h first response, complaints resolved in 3 working days, any request 24 h, key accounts'
 * priority response from the tier policy), on the default calendar. Urgent cases (the plans' crisis
 * line names no number) get a first response within 1 business hour: this project's choice.
 */
export function defaultSlaPolicy(tiers: readonly TierEntitlement[], version = 1): SlaPolicy {
  return {
    id: 'default',
    version,
    rules: [
      crisisRule,
      complaintRule('phone-complaint', 'PT15M', ['phone']),
      complaintRule('online-complaint', 'PT30M', ['online']),
      {
        id: 'urgent',
        match: { priorities: ['urgent'] },
        targets: { first_response: business('PT1H'), next_response: business('PT1H'), resolution: complaintResolution },
        ...common,
      },
      complaintRule('complaint', 'PT2H'),
      ...tierRules(tiers),
      {
        id: 'any-request',
        match: {},
        targets: { first_response: clockTime(`PT${GENERAL_RESPONSE_HOURS}H`), next_response: clockTime(`PT${GENERAL_RESPONSE_HOURS}H`) },
        ...common,
      },
    ],
  };
}

const isTierRule = ({ id }: SlaRule) => id.startsWith('tier-');

/**
 * The policy's `tier-<tier>` rules made again from a tier policy version's entitlements, in the place the
 * old ones held (before `any-request` when there were none); every other rule as it is. Null when that
 * changes nothing, or when the policy has neither tier rules nor an `any-request` rule to put them before.
 */
export function withTierRules(policy: SlaPolicy, tiers: readonly TierEntitlement[]): SlaPolicy | null {
  const at = policy.rules.findIndex(isTierRule);
  const anchor = at >= 0 ? at : policy.rules.findIndex(({ id }) => id === 'any-request');
  if (anchor < 0) return null;
  const others = policy.rules.filter((rule) => !isTierRule(rule));
  const before = policy.rules.slice(0, anchor).filter((rule) => !isTierRule(rule)).length;
  const rules = [...others.slice(0, before), ...tierRules(tiers), ...others.slice(before)];
  return JSON.stringify(rules) === JSON.stringify(policy.rules) ? null : { ...policy, version: policy.version + 1, rules };
}
