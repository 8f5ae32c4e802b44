import { streamIdFor, type DomainEvent, type EventData, type RecordedEvent } from '@ctp/contracts';
import { envelopes, type EventStore } from '@ctp/event-store';

const policyId = 'standard';

/** A tier policy version whose key accounts get 4 callbacks and 2 on-site visits a year, standard customers 1 callback. */
export function tierPolicy(policyVersion: number, effectiveFrom: string): EventData<'TierPolicyVersionPublished'> {
  return {
    policyId,
    policyVersion,
    effectiveFrom,
    currency: 'CNY',
    monetaryBasis: 'margin',
    windowMonths: 12,
    activeWithinMonths: 12,
    reviewCadence: 'monthly',
    components: [{ component: 'monetary', weight: 1, normalisation: { method: 'fixed', breakpoints: [100_000] } }],
    tiers: [
      { tier: 'key', label: 'Key account', minScore: 0.8, service: { dedicatedManager: true, priorityResponseHours: 24, onSiteVisitsPerYear: 2, callbacksPerYear: 4 } },
      { tier: 'standard', label: 'Standard', minScore: 0, service: { dedicatedManager: false, priorityResponseHours: null, onSiteVisitsPerYear: 0, callbacksPerYear: 1 } },
    ],
    downgrade: { hysteresisGap: 0.05, confirmationReviews: 2, maxStepsDown: 1, noticeDays: 30 },
    override: { maxDays: 180, allowedTiers: 'any', reasonCodes: ['key_account_contract'] },
  };
}

const explanation = (score: number) => ({
  score,
  components: [{ component: 'monetary' as const, value: '120000', normalised: score, weight: 1 }],
  thresholds: [{ tier: 'key', minScore: 0.8 }, { tier: 'standard', minScore: 0 }],
  currency: 'CNY',
  snapshotDate: '2025-12-31',
  policyId,
  policyVersion: 1,
});

export const tierAssigned = (customerId: string, tier: 'key' | 'standard'): DomainEvent => ({ type: 'TierAssigned', data: { customerId, tier, rule: 'initial_assignment', ...explanation(tier === 'key' ? 1 : 0) } });
export const downgraded = (customerId: string): DomainEvent => ({ type: 'TierChanged', data: { customerId, from: 'key', to: 'standard', direction: 'downgrade', rule: 'downgrade_confirmed', ...explanation(0) } });

const firstResponse = { metric: 'first_response', duration: 'PT15M', basis: 'business', calendarId: 'default', warnAtRatio: 0.75 } as const;

/** sla's complaint, opened by phone at `openedAt`. */
export const complaintOpened = (caseId: string, customerId: string, openedAt: string): DomainEvent => ({
  type: 'CaseOpened',
  data: {
    caseId, customerId, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Invoice charged twice', openedAt, openedBy: 'key-agent-7', source: null, tierAtStart: null,
    slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'phone-complaint' }, calendars: [{ calendarId: 'default', version: 1 }], targets: [firstResponse],
  },
});

/** The survey area's follow-up on a poor answer. */
export const poorAnswerFollowUp = (customerId: string, openedAt: string): DomainEvent => ({
  type: 'FollowUpOpened',
  data: { invitationId: `I-${customerId}`, customerId, followUpId: `F-${customerId}`, caseId: null, owner: { kind: 'team', id: 'north' }, ownerSource: 'default_team', reasons: ['nps'], openedAt, dueAt: openedAt, deadlineSource: 'default' },
});

/** Appends facts another service publishes, as it would at `occurredAt`; answers them as recorded. */
export async function publish(store: EventStore, category: 'tier' | 'tierPolicy' | 'case' | 'customer' | 'survey' | 'churn', id: string, events: readonly DomainEvent[], occurredAt: string): Promise<RecordedEvent[]> {
  const streamId = streamIdFor(category, id);
  const appended = await store.append(streamId, envelopes(streamId, events, { causationId: `${id}-${occurredAt}`, correlationId: 'contact-test', occurredAt, actor: { kind: 'service', id: 'tiering' } }), { expectedRevision: 'any' });
  return (await store.readStream(streamId)).slice(-appended.events.length);
}

export const publishPolicy = (store: EventStore, version: number, effectiveFrom: string) => publish(store, 'tierPolicy', policyId, [{ type: 'TierPolicyVersionPublished', data: tierPolicy(version, effectiveFrom) }], effectiveFrom);

/** Analytics' daily churn scan asking for a win-back contact (its `crossing`th crossing of the threshold). */
export const winBackRequested = (customerId: string, crossing: number, requestedAt: string, tier: string | null = 'key'): DomainEvent => ({
  type: 'WinBackRequested',
  data: {
    customerId, crossing, tier, score: 0.42, threshold: 0.35, model: { id: 'churn-early-warning', version: 2 }, asOf: requestedAt.slice(0, 10),
    topFactors: [{ factor: 'recencyDrift', value: 0.8, contribution: 0.28, share: 0.6667 }], causes: ['7'], requestedAt,
  },
});
