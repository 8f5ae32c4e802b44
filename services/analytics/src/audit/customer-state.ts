import type { RecordedDomainEvent } from '@ctp/contracts';

export interface ClockState {
  readonly metric: string;
  readonly cycle: number;
  readonly state: 'running' | 'paused' | 'met' | 'breached' | 'stopped';
  readonly deadline: string | null;
  readonly warnedAt: string | null;
  readonly breachedAt: string | null;
}

export interface CaseState {
  readonly caseId: string;
  readonly type: string;
  readonly channel: string;
  readonly priority: string;
  readonly status: string;
  readonly openedAt: string;
  readonly clocks: readonly ClockState[];
}

/** What the event store held about a customer up to a point: ids, states and explanations, no personal field. */
export interface CustomerState {
  readonly customerId: string;
  readonly customer: { readonly kind: string; readonly customerSince: string; readonly sourceSystem: string; readonly status: 'active' | 'merged' | 'erasure_requested'; readonly mergedInto: string | null; readonly mergedAwayIds: readonly string[] } | null;
  readonly consent: Readonly<Record<string, { readonly granted: boolean; readonly at: string; readonly expiresAt: string | null }>>;
  readonly tier: { readonly tier: string | null; readonly rule: string; readonly since: string; readonly position: string; readonly explanation: Readonly<Record<string, unknown>> | null; readonly override: { readonly overrideId: string; readonly reasonCode: string; readonly expiresAt: string } | null } | null;
  /** Cases not resolved, closed or merged away then, with their SLA clocks. */
  readonly openCases: readonly CaseState[];
  readonly events: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
const endedStatuses = new Set(['resolved', 'closed']);

type Consent = CustomerState['consent'][string];

/** Per purpose, the latest decision of any id of the group, as intake's customer view combines them. */
function latestConsent(byMember: ReadonlyMap<string, Readonly<Record<string, Consent>>>): Record<string, Consent> {
  const consent: Record<string, Consent> = {};
  for (const [purpose, decision] of [...byMember.values()].flatMap((member) => Object.entries(member))) {
    if (!consent[purpose] || Date.parse(decision.at) > Date.parse(consent[purpose].at)) consent[purpose] = decision;
  }
  return consent;
}

/**
 * Folds a customer's events (every stream about it and every id merged into it, in feed order, already
 * cut at the point asked) into its state then: profile and tier are the customer's own; consent per
 * purpose is the latest of any id; the cases of every id are its cases (sla moves them to the survivor).
 */
export function customerStateAsOf(customerId: string, events: readonly RecordedDomainEvent[]): CustomerState {
  let customer = null as Mutable<NonNullable<CustomerState['customer']>> | null;
  const consentOf = new Map<string, Record<string, Consent>>();
  const decide = (member: string, purpose: string, decision: Consent) => consentOf.set(member, { ...consentOf.get(member), [purpose]: decision });
  let tier = null as Mutable<NonNullable<CustomerState['tier']>> | null;
  const cases = new Map<string, Mutable<CaseState> & { merged: boolean; clockMap: Map<string, Mutable<ClockState>> }>();
  const clock = (caseId: string, metric: string, cycle: number) => cases.get(caseId)?.clockMap.get(`${metric}:${cycle}`);

  for (const event of events) {
    switch (event.type) {
      case 'CustomerRegistered':
        if (event.data.customerId !== customerId) break;
        customer = { kind: event.data.kind, customerSince: event.data.customerSince, sourceSystem: event.data.source.system, status: 'active', mergedInto: null, mergedAwayIds: [] };
        break;
      case 'CustomersMerged':
        if (event.data.survivorId === customerId && customer) customer.mergedAwayIds.push(...event.data.mergedAwayIds);
        break;
      case 'CustomerMergedInto':
        if (event.data.customerId === customerId && customer) Object.assign(customer, { status: 'merged', mergedInto: event.data.survivorId });
        break;
      case 'CustomerErasureRequested':
        if (customer && event.data.customerId === customerId) customer.status = 'erasure_requested';
        break;
      case 'ConsentGranted':
        decide(event.data.customerId, event.data.purpose, { granted: true, at: event.occurredAt, expiresAt: event.data.expiresAt ?? null });
        break;
      case 'ConsentWithdrawn':
        decide(event.data.customerId, event.data.purpose, { granted: false, at: event.occurredAt, expiresAt: null });
        break;
      case 'TierAssigned':
      case 'TierChanged': {
        if (event.data.customerId !== customerId) break;
        const { customerId: _id, tier: _tier, rule, ...rest } = event.data as typeof event.data & { tier?: string };
        const assigned = event.type === 'TierAssigned' ? event.data.tier : event.data.to;
        tier = { tier: assigned, rule, since: event.occurredAt, position: event.globalPosition, explanation: rest, override: null };
        break;
      }
      case 'TierOverridden':
        if (event.data.customerId !== customerId) break;
        tier = { tier: event.data.tier, rule: 'override', since: event.occurredAt, position: event.globalPosition, explanation: tier?.explanation ?? null, override: { overrideId: event.data.overrideId, reasonCode: event.data.reasonCode, expiresAt: event.data.expiresAt } };
        break;
      case 'TierOverrideExpired':
        if (event.data.customerId !== customerId) break;
        tier = { tier: event.data.revertedTo, rule: 'override_expired', since: event.occurredAt, position: event.globalPosition, explanation: tier?.explanation ?? null, override: null };
        break;
      case 'TierWithdrawn':
        if (event.data.customerId !== customerId) break;
        tier = { tier: null, rule: `withdrawn_${event.data.reason}`, since: event.occurredAt, position: event.globalPosition, explanation: null, override: null };
        break;
      case 'CaseOpened':
        cases.set(event.data.caseId, { caseId: event.data.caseId, type: event.data.type, channel: event.data.channel, priority: event.data.priority, status: 'open', openedAt: event.data.openedAt, clocks: [], merged: false, clockMap: new Map() });
        break;
      case 'CaseStatusChanged': {
        const found = cases.get(event.data.caseId);
        if (found) found.status = event.data.to;
        break;
      }
      case 'CasePriorityChanged': {
        const found = cases.get(event.data.caseId);
        if (found) found.priority = event.data.to;
        break;
      }
      case 'CaseMerged': {
        const found = cases.get(event.data.caseId);
        if (found) found.merged = true;
        break;
      }
      case 'SlaClockStarted':
        cases.get(event.data.caseId)?.clockMap.set(`${event.data.metric}:${event.data.cycle}`, { metric: event.data.metric, cycle: event.data.cycle, state: 'running', deadline: event.data.deadline, warnedAt: null, breachedAt: null });
        break;
      case 'SlaClockPaused': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) Object.assign(found, { state: 'paused', deadline: null });
        break;
      }
      case 'SlaClockResumed': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) Object.assign(found, { state: found.breachedAt ? 'breached' : 'running', deadline: event.data.deadline });
        break;
      }
      case 'SlaDeadlineRescheduled': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) found.deadline = event.data.deadline;
        break;
      }
      case 'SlaWarningRaised': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) found.warnedAt = event.data.at;
        break;
      }
      case 'SlaBreached': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) Object.assign(found, { state: 'breached', breachedAt: event.data.at });
        break;
      }
      case 'SlaBreachRetracted': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) Object.assign(found, { state: 'running', breachedAt: null, deadline: event.data.deadline });
        break;
      }
      case 'SlaMet': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) found.state = 'met';
        break;
      }
      case 'SlaClockStopped': {
        const found = clock(event.data.caseId, event.data.metric, event.data.cycle);
        if (found) found.state = found.breachedAt ? 'breached' : 'stopped';
        break;
      }
      default:
        break;
    }
  }
  const openCases = [...cases.values()]
    .filter((found) => !found.merged && !endedStatuses.has(found.status))
    .map(({ merged: _merged, clockMap, ...found }) => ({ ...found, clocks: [...clockMap.values()] }));
  return { customerId, customer, consent: latestConsent(consentOf), tier, openCases, events: events.length };
}
