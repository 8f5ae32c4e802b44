import type { ContactEvent } from '@ctp/contracts';
import { cadenceYearFrom, planCadenceYear, planDissatisfactionVisit, planWinBackCallback, type CadenceYear, type Entitlements, type PlannedContact } from './cadence-plan.js';
import { defaultCadenceRules, winBackWorkingDays, type CadenceRules } from './cadence-rules.js';
import type { ContactCommand, TierInForce } from './contact-commands.js';
import { ContactError } from './contact-errors.js';
import { evolveContact, isOpen, type ContactState, type Obligation } from './contact-state.js';

type Decided = ContactEvent[];
type Command<K extends ContactCommand['kind']> = Extract<ContactCommand, { kind: K }>;
const dayMs = 86_400_000;
const plusDays = (instant: string, days: number) => new Date(Date.parse(instant) + days * dayMs).toISOString();

const owner = (state: ContactState) => ({ tier: state.tier, team: state.team, accountManager: state.accountManager });
const reference = (customerId: string, { obligationId, kind, dueAt, dueOn }: Obligation) => ({ customerId, obligationId, kind, dueAt, dueOn });

function planned(state: ContactState, customerId: string, contacts: readonly PlannedContact[]) {
  return contacts.map((contact, index) => ({ obligationId: `${customerId}:${state.planned + index + 1}`, ...contact }));
}

function cadencePlan(state: ContactState, customerId: string, tier: TierInForce, year: CadenceYear, trigger: 'tier_assigned' | 'tier_changed' | 'tier_policy_changed' | 'cadence_renewed', timeZone: string): ContactEvent {
  const obligations = planned(state, customerId, planCadenceYear(tier.entitlements, year, timeZone));
  return { type: 'ContactObligationsPlanned', data: { customerId, reason: 'cadence', trigger, tier: tier.tier, tierPolicy: tier.tierPolicy, entitlements: tier.entitlements, year, caseId: null, obligations, plannedAt: year.from } };
}

/** Cadence obligations not fallen due by `at`: what a tier change replaces (fulfilled and past ones stay). */
const futureCadence = (state: ContactState, at: string) => Object.values(state.obligations).filter((obligation) => obligation.reason === 'cadence' && isOpen(obligation) && !obligation.fellDue && Date.parse(obligation.dueAt) > Date.parse(at));

function followTier(state: ContactState, { customerId, tier, careOwed, at, timeZone }: Command<'follow_tier'>): Decided {
  if (state.ended) return [];
  if (state.year && Date.parse(at) < Date.parse(state.year.from)) return [];
  const same = tier && state.tier === tier.tier && state.tierPolicy?.policyId === tier.tierPolicy.policyId && state.tierPolicy.policyVersion === tier.tierPolicy.policyVersion;
  if (same || (!tier && !state.tier)) return [];
  const replaced = futureCadence(state, at).map(({ obligationId }) => obligationId);
  const detail = `tier ${state.tier ?? 'none'} -> ${tier?.tier ?? 'none'}${tier && state.tier === tier.tier ? ` (policy v${tier.tierPolicy.policyVersion})` : ''}`;
  const cancelled: Decided = replaced.length > 0 || !tier ? [{ type: 'ContactObligationsCancelled', data: { customerId, obligationIds: replaced, reason: tier ? 'tier_changed' : 'tier_withdrawn', detail, cancelledAt: at } }] : [];
  if (!tier) return cancelled;
  const replanned = [...cancelled, cadencePlan(state, customerId, tier, cadenceYearFrom(at), state.tier ? 'tier_changed' : 'tier_assigned', timeZone)];
  if (!careOwed || !tier.entitlements.dedicatedManager) return replanned;
  const care = stageContact(replanned.reduce(evolveContact, state), { kind: 'stage_contact', customerId, reason: 'care', ...careOwed, dedicatedManagerOnly: true, at, timeZone });
  return [...replanned, ...care];
}

const sameEntitlements = (a: Entitlements, b: Entitlements) => a.callbacksPerYear === b.callbacksPerYear && a.onSiteVisitsPerYear === b.onSiteVisitsPerYear && a.dedicatedManager === b.dedicatedManager;

function followPolicy(state: ContactState, { tierPolicy, entitlements, at, timeZone }: Command<'follow_policy'>): Decided {
  const { customerId, tier, entitlements: current, year } = state;
  if (state.ended || !customerId || !tier || !current || !year || state.tierPolicy?.policyId !== tierPolicy.policyId || state.tierPolicy.policyVersion >= tierPolicy.policyVersion) return [];
  const next = entitlements[tier];
  if (!next || sameEntitlements(current, next) || Date.parse(at) < Date.parse(year.from)) return [];
  const replaced = futureCadence(state, at).map(({ obligationId }) => obligationId);
  const detail = `policy ${tierPolicy.policyId} v${tierPolicy.policyVersion}: ${tier} entitlements changed`;
  const cancelled: Decided = replaced.length > 0 ? [{ type: 'ContactObligationsCancelled', data: { customerId, obligationIds: replaced, reason: 'tier_policy_changed', detail, cancelledAt: at } }] : [];
  return [...cancelled, cadencePlan(state, customerId, { tier, tierPolicy, entitlements: next }, cadenceYearFrom(at), 'tier_policy_changed', timeZone)];
}

function renew(state: ContactState, { yearEnd, tier, timeZone }: Command<'renew'>): Decided {
  if (state.ended || !state.customerId || !state.tier || state.year?.to !== yearEnd) return [];
  return [cadencePlan(state, state.customerId, tier, cadenceYearFrom(yearEnd), 'cadence_renewed', timeZone)];
}

function dissatisfied(state: ContactState, { customerId, trigger, caseId, at, timeZone }: Command<'dissatisfied'>, rules: CadenceRules): Decided {
  if (state.ended) return [];
  if (Object.values(state.obligations).some((obligation) => obligation.reason === 'dissatisfaction' && isOpen(obligation))) return [];
  const obligations = planned(state, customerId, [planDissatisfactionVisit(at, rules.dissatisfactionVisitWithinDays, timeZone)]);
  return [{ type: 'ContactObligationsPlanned', data: { customerId, reason: 'dissatisfaction', trigger, tier: state.tier, tierPolicy: state.tierPolicy, entitlements: null, year: null, caseId, obligations, plannedAt: at } }];
}

/**
 * A win-back callback, once per WinBackRequested (its event id), due in the tier's working days: the tier
 * feedback knows for the customer, else the one analytics scored with.
 */
function winBack(state: ContactState, { customerId, tier, winBack: cause, at, timeZone }: Command<'win_back'>, rules: CadenceRules): Decided {
  if (state.ended) return [];
  if (Object.values(state.obligations).some(({ winBackEventId }) => winBackEventId === cause.eventId)) return [];
  const inForce = state.tier ?? tier;
  const obligations = planned(state, customerId, [planWinBackCallback(at, winBackWorkingDays(rules, inForce), timeZone)]);
  return [{ type: 'ContactObligationsPlanned', data: { customerId, reason: 'win_back', trigger: 'churn_risk', tier: inForce, tierPolicy: state.tierPolicy, entitlements: null, year: null, caseId: null, winBack: cause, obligations, plannedAt: at } }];
}

/**
 * A lifecycle stage's contact, once per LifecycleStageChanged (its event id): a callback due in the rules'
 * working days. A care call waits for a tier with a dedicated manager when the rules say so; a lapsed
 * customer already owed a win-back callback (analytics' churn model) gets no second one.
 */
function stageContact(state: ContactState, { customerId, reason, lifecycle, withinWorkingDays, dedicatedManagerOnly, at, now, timeZone }: Command<'stage_contact'>): Decided {
  if (state.ended || (dedicatedManagerOnly && !state.entitlements?.dedicatedManager)) return [];
  const owed = Object.values(state.obligations);
  if (owed.some(({ lifecycleEventId }) => lifecycleEventId === lifecycle.eventId) || owed.some((obligation) => obligation.reason === reason && isOpen(obligation))) return [];
  const obligations = planned(state, customerId, [planWinBackCallback(at, withinWorkingDays, timeZone)]);
  if (obligations.every(({ dueAt }) => Date.parse(dueAt) < Date.parse(now))) return [];
  return [{ type: 'ContactObligationsPlanned', data: { customerId, reason, trigger: 'lifecycle_stage', tier: state.tier, tierPolicy: state.tierPolicy, entitlements: null, year: null, caseId: null, lifecycle, obligations, plannedAt: at } }];
}

function assignOwner(state: ContactState, { customerId, team, accountManager, at, by }: Command<'assign_owner'>): Decided {
  if (state.ended) throw new ContactError('plan_ended', `customer ${customerId} has no contact plan any more`);
  if (state.customerId && state.team === team && state.accountManager === accountManager) return [];
  return [{ type: 'ContactOwnerAssigned', data: { customerId, team, accountManager, assignedAt: at, by } }];
}

function obligationOf(state: ContactState, obligationId: string): Obligation {
  const obligation = state.obligations[obligationId];
  if (!obligation) throw new ContactError('obligation_not_found', `no contact obligation ${obligationId}`);
  return obligation;
}

function recordOutcome(state: ContactState, command: Command<'record_outcome'>): Decided {
  const obligation = obligationOf(state, command.obligationId);
  if (obligation.cancelled) throw new ContactError('obligation_cancelled', `obligation ${obligation.obligationId} was cancelled`);
  if (obligation.fulfilled) throw new ContactError('obligation_fulfilled', `obligation ${obligation.obligationId} is fulfilled already`);
  const visit = obligation.kind === 'visit';
  if (command.outcome === (visit ? 'reached' : 'visit_report')) throw new ContactError('outcome_not_for_kind', `a ${obligation.kind} records ${visit ? 'visit_report, not_reached or declined' : 'reached, not_reached or declined'}`);
  if ((command.channel === 'on_site') !== visit) throw new ContactError('channel_not_for_kind', visit ? 'a visit is on_site' : 'a callback is by phone, email or sms');
  if (command.outcome === 'visit_report' && command.note === null) throw new ContactError('visit_report_needs_text', 'a visit report needs its text in note');
  const fulfils = command.outcome !== 'not_reached';
  const { outcome, channel, note, at, by } = command;
  return [{ type: 'ContactOutcomeRecorded', data: { ...reference(state.customerId!, obligation), ...owner(state), outcome, channel, note, fulfils, late: fulfils && obligation.fellDue, at, by } }];
}

function fire(state: ContactState, { step, obligationId, now }: Command<'fire'>, rules: CadenceRules): Decided {
  const obligation = state.obligations[obligationId];
  if (!obligation || obligation.cancelled || state.ended) return [];
  const ref = reference(state.customerId!, obligation);
  const reached = (instant: string) => Date.parse(now) >= Date.parse(instant);
  if (step === 'due') return !obligation.fellDue && reached(obligation.dueAt) ? [{ type: 'ContactObligationFellDue', data: { ...ref, ...owner(state), fulfilled: obligation.fulfilled } }] : [];
  if (obligation.fulfilled || !obligation.fellDue) return [];
  if (step === 'overdue') {
    const overdueAt = plusDays(obligation.dueAt, rules.overdueAfterDays);
    if (obligation.overdueAt || !reached(overdueAt)) return [];
    const to = state.accountManager ? { kind: 'account_manager' as const, id: state.accountManager } : teamLead(state);
    return [
      { type: 'ContactObligationOverdue', data: { ...ref, ...owner(state), overdueAt } },
      { type: 'ContactObligationEscalated', data: { customerId: ref.customerId, obligationId, level: 1, to, escalatedAt: overdueAt } },
    ];
  }
  if (!obligation.overdueAt || obligation.escalationLevel >= 2) return [];
  const escalatedAt = plusDays(obligation.overdueAt, rules.teamLeadAfterDays);
  return reached(escalatedAt) ? [{ type: 'ContactObligationEscalated', data: { customerId: ref.customerId, obligationId, level: 2, to: teamLead(state), escalatedAt } }] : [];
}

const teamLead = (state: ContactState) => ({ kind: 'team_lead' as const, id: state.team ?? 'unassigned' });

/** Erasure: every obligation still owed is cancelled and nothing is planned again. */
function end(state: ContactState, { at }: Command<'end'>): Decided {
  if (state.ended || !state.customerId) return [];
  const open = Object.values(state.obligations).filter(isOpen).map(({ obligationId }) => obligationId);
  const customerId = state.customerId;
  const cancelled: Decided = open.length > 0 ? [{ type: 'ContactObligationsCancelled', data: { customerId, obligationIds: open, reason: 'erasure', detail: 'the customer was erased', cancelledAt: at } }] : [];
  return [...cancelled, { type: 'ContactPlanEnded', data: { customerId, reason: 'erasure', endedAt: at } }];
}

export function decideContact(command: ContactCommand, state: ContactState, rules: CadenceRules = defaultCadenceRules): Decided {
  switch (command.kind) {
    case 'follow_tier':
      return followTier(state, command);
    case 'follow_policy':
      return followPolicy(state, command);
    case 'renew':
      return renew(state, command);
    case 'dissatisfied':
      return dissatisfied(state, command, rules);
    case 'win_back':
      return winBack(state, command, rules);
    case 'stage_contact':
      return stageContact(state, command);
    case 'assign_owner':
      return assignOwner(state, command);
    case 'record_outcome':
      return recordOutcome(state, command);
    case 'fire':
      return fire(state, command, rules);
    case 'end':
      return end(state, command);
  }
}
