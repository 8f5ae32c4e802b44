import type { ContactEvent, ContactKind, ObligationReason } from '@ctp/contracts';
import type { CadenceYear, Entitlements } from './cadence-plan.js';

export interface Obligation {
  readonly obligationId: string;
  readonly kind: ContactKind;
  readonly reason: ObligationReason;
  /** A win-back callback: the WinBackRequested event it answers. */
  readonly winBackEventId: string | null;
  /** A stage contact: the LifecycleStageChanged event it answers. */
  readonly lifecycleEventId: string | null;
  readonly dueAt: string;
  readonly dueOn: string;
  readonly cancelled: boolean;
  readonly fulfilled: boolean;
  readonly fellDue: boolean;
  readonly overdueAt: string | null;
  readonly escalationLevel: number;
}

/** A customer's contact plan, folded from its `contact-<customerId>` stream. */
export interface ContactState {
  readonly customerId: string | null;
  readonly tier: string | null;
  readonly tierPolicy: { readonly policyId: string; readonly policyVersion: number } | null;
  readonly entitlements: Entitlements | null;
  readonly year: CadenceYear | null;
  readonly team: string | null;
  readonly accountManager: string | null;
  /** Obligations planned so far: the next one's id is `<customerId>:<planned + 1>`. */
  readonly planned: number;
  readonly obligations: Readonly<Record<string, Obligation>>;
  readonly ended: boolean;
}

export const initialContactState = (): ContactState => ({ customerId: null, tier: null, tierPolicy: null, entitlements: null, year: null, team: null, accountManager: null, planned: 0, obligations: {}, ended: false });

const changed = (state: ContactState, ids: readonly string[], change: (obligation: Obligation) => Partial<Obligation>): ContactState => ({
  ...state,
  obligations: { ...state.obligations, ...Object.fromEntries(ids.filter((id) => state.obligations[id]).map((id) => [id, { ...state.obligations[id]!, ...change(state.obligations[id]!) }])) },
});

export function evolveContact(state: ContactState, event: ContactEvent): ContactState {
  switch (event.type) {
    case 'ContactObligationsPlanned': {
      const { data } = event;
      const added = data.obligations.map((planned) => [planned.obligationId, { ...planned, reason: data.reason, winBackEventId: data.winBack?.eventId ?? null, lifecycleEventId: data.lifecycle?.eventId ?? null, cancelled: false, fulfilled: false, fellDue: false, overdueAt: null, escalationLevel: 0 }] as const);
      const cadence = data.reason === 'cadence' ? { tier: data.tier, tierPolicy: data.tierPolicy, entitlements: data.entitlements, year: data.year } : {};
      return { ...state, ...cadence, customerId: data.customerId, planned: state.planned + added.length, obligations: { ...state.obligations, ...Object.fromEntries(added) } };
    }
    case 'ContactObligationsCancelled': {
      const cancelled = changed(state, event.data.obligationIds, () => ({ cancelled: true }));
      return event.data.reason === 'tier_withdrawn' ? { ...cancelled, tier: null, tierPolicy: null, entitlements: null, year: null } : cancelled;
    }
    case 'ContactOwnerAssigned':
      return { ...state, customerId: event.data.customerId, team: event.data.team, accountManager: event.data.accountManager };
    case 'ContactObligationFellDue':
      return changed(state, [event.data.obligationId], () => ({ fellDue: true }));
    case 'ContactOutcomeRecorded':
      return event.data.fulfils ? changed(state, [event.data.obligationId], () => ({ fulfilled: true })) : state;
    case 'ContactObligationOverdue':
      return changed(state, [event.data.obligationId], () => ({ overdueAt: event.data.overdueAt }));
    case 'ContactObligationEscalated':
      return changed(state, [event.data.obligationId], () => ({ escalationLevel: event.data.level }));
    case 'ContactPlanEnded':
      return { ...state, ended: true, year: null };
    default:
      return state;
  }
}

/** Not cancelled and not fulfilled: still owed. */
export const isOpen = (obligation: Obligation) => !obligation.cancelled && !obligation.fulfilled;
