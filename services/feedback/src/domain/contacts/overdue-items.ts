import type { ContactEvent, ObligationReason } from '@ctp/contracts';

/** An overdue obligation as the overdue list shows it. */
export interface OverdueItem {
  readonly obligationId: string;
  readonly customerId: string;
  readonly kind: 'callback' | 'visit';
  readonly reason: ObligationReason;
  readonly dueAt: string;
  readonly dueOn: string;
  readonly tier: string | null;
  readonly team: string | null;
  readonly accountManager: string | null;
  readonly overdueAt: string;
  readonly escalation: { readonly level: number; readonly to: { readonly kind: string; readonly id: string } } | null;
}

/** An obligation that went overdue: on the list while `listed`, off it once fulfilled or cancelled. */
export interface OverdueStanding {
  readonly item: OverdueItem;
  readonly listed: boolean;
}

const iso = (text: string) => new Date(text).toISOString();

/**
 * Where each obligation of a customer's contact events that ever went overdue stands after them, as the
 * `obligations` read model shows it: the overdue event's owner, the plan's reason, the last escalation.
 */
export function overdueStandings(events: readonly ContactEvent[]): Map<string, OverdueStanding> {
  const reasons = new Map<string, ObligationReason>();
  const standings = new Map<string, OverdueStanding>();
  const unlist = (obligationId: string) => {
    const standing = standings.get(obligationId);
    if (standing) standings.set(obligationId, { ...standing, listed: false });
  };
  for (const event of events) {
    switch (event.type) {
      case 'ContactObligationsPlanned':
        for (const { obligationId } of event.data.obligations) reasons.set(obligationId, event.data.reason);
        break;
      case 'ContactObligationOverdue': {
        const { obligationId, customerId, kind, dueAt, dueOn, tier, team, accountManager, overdueAt } = event.data;
        const reason = reasons.get(obligationId);
        if (reason === undefined) break;
        standings.set(obligationId, { listed: true, item: { obligationId, customerId, kind, reason, dueAt: iso(dueAt), dueOn, tier, team, accountManager, overdueAt: iso(overdueAt), escalation: standings.get(obligationId)?.item.escalation ?? null } });
        break;
      }
      case 'ContactObligationEscalated': {
        const standing = standings.get(event.data.obligationId);
        if (standing) standings.set(event.data.obligationId, { ...standing, item: { ...standing.item, escalation: { level: event.data.level, to: event.data.to } } });
        break;
      }
      case 'ContactOutcomeRecorded':
        if (event.data.fulfils) unlist(event.data.obligationId);
        break;
      case 'ContactObligationsCancelled':
        event.data.obligationIds.forEach(unlist);
        break;
      default:
        break;
    }
  }
  return standings;
}

/** The lists an item is on: all of them, and its tier's, team's and account manager's. */
export function listKeysOf(item: Pick<OverdueItem, 'tier' | 'team' | 'accountManager'>): string[] {
  return ['all', ...(item.tier ? [`tier|${item.tier}`] : []), ...(item.team ? [`team|${item.team}`] : []), ...(item.accountManager ? [`manager|${item.accountManager}`] : [])];
}

/** The list a query reads, or null when it filters by more than one owner field (no list is kept for those). */
export function listKeyOf(filter: { tier?: string | undefined; team?: string | undefined; manager?: string | undefined }): string | null {
  const keys = [...(filter.tier ? [`tier|${filter.tier}`] : []), ...(filter.team ? [`team|${filter.team}`] : []), ...(filter.manager ? [`manager|${filter.manager}`] : [])];
  if (keys.length > 1) return null;
  return keys[0] ?? 'all';
}
