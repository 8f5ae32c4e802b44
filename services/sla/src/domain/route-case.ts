import type { CaseRoutingRule, CaseType, ServiceEntitlements } from '@ctp/contracts';

/** Where cases go when no manager takes them (config CRISIS_TEAM, SERVICE_TEAM). */
export interface RoutingTeams {
  readonly crisis: string;
  readonly queue: string;
}

/** What routing a new case depends on, gathered at opening. */
export interface RoutingFacts {
  readonly type: CaseType;
  readonly tier: string | null;
  /** The tier's service section in the tier policy version of the tier at start; null: no tier. */
  readonly entitlements: ServiceEntitlements | null;
  /** The customer's dedicated manager when the case opened (in notice included). */
  readonly manager: { readonly managerId: string; readonly team: string } | null;
  /** The absence of that manager covering the opening instant. */
  readonly absenceId: string | null;
  readonly teams: RoutingTeams;
}

export interface CaseRouting {
  readonly rule: CaseRoutingRule;
  readonly to: { readonly kind: 'agent' | 'team'; readonly id: string };
  readonly lane: 'priority' | 'standard';
  readonly tier: string | null;
  readonly priorityResponseHours: number | null;
  readonly managerId: string | null;
  readonly absenceId: string | null;
}

/** First rule that applies: crisis team, the dedicated manager, the manager's team while they are away, the team queue. */
export function routeCase(facts: RoutingFacts): CaseRouting {
  const priorityResponseHours = facts.entitlements?.priorityResponseHours ?? null;
  const common = { lane: priorityResponseHours === null ? 'standard' : 'priority', tier: facts.tier, priorityResponseHours, managerId: facts.manager?.managerId ?? null, absenceId: null } as const;
  if (facts.type === 'crisis') return { ...common, rule: 'crisis_team', to: { kind: 'team', id: facts.teams.crisis } };
  if (facts.manager && facts.absenceId) return { ...common, rule: 'manager_absent_to_team', to: { kind: 'team', id: facts.manager.team }, absenceId: facts.absenceId };
  if (facts.manager) return { ...common, rule: 'dedicated_manager', to: { kind: 'agent', id: facts.manager.managerId } };
  return { ...common, rule: 'tier_queue', to: { kind: 'team', id: facts.teams.queue } };
}
