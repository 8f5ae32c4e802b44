import { randomBytes } from 'node:crypto';
import { defaultCalendarDocument } from '@ctp/calendar';
import { buildEvent, streamIdFor, type EventData } from '@ctp/contracts';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { isRetriable } from '@ctp/service-kit';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { documentEnvelope, loadCalendarVersions } from '../calendars/calendar-stream.js';
import { defaultSlaPolicy } from '../domain/default-sla-policy.js';
import { ensureSlaDefaults, TierPolicyNotYetPublished } from './ensure-sla-policy.js';
import { loadSlaPolicyVersions } from './sla-policy-stream.js';

const now = new Date('2026-02-10T02:00:00Z');
const quiet = { info: () => undefined };

const service = (dedicatedManager: boolean, priorityResponseHours: number | null) => ({ dedicatedManager, priorityResponseHours, onSiteVisitsPerYear: 0, callbacksPerYear: 1 });

const tierPolicy: EventData<'TierPolicyVersionPublished'> = {
  policyId: 'default',
  policyVersion: 1,
  effectiveFrom: '2026-01-01T00:00:00+08:00',
  currency: 'CNY',
  monetaryBasis: 'margin',
  windowMonths: 12,
  activeWithinMonths: 12,
  reviewCadence: 'monthly',
  components: [{ component: 'frequency', weight: 1, normalisation: { method: 'fixed', breakpoints: [2, 4, 8] } }],
  tiers: [
    { tier: 'key_account', label: 'Key account', minScore: 0.9, service: service(true, 24) },
    { tier: 'gold', label: 'Gold', minScore: 0.5, service: service(false, 48) },
    { tier: 'standard', label: 'Standard', minScore: 0, service: service(false, null) },
  ],
  downgrade: { hysteresisGap: 0.05, confirmationReviews: 2, maxStepsDown: 1, noticeDays: 30 },
  override: { maxDays: 180, allowedTiers: 'any', reasonCodes: ['key_account_contract'] },
};

async function publishTierPolicy(stores: ProtectedStores) {
  const streamId = streamIdFor('tierPolicy', 'default');
  await stores.store.append(streamId, [buildEvent('TierPolicyVersionPublished', tierPolicy, documentEnvelope(streamId, { actor: { kind: 'service', id: 'tiering' }, correlationId: 'test', occurredAt: now }))], { expectedRevision: 'no_stream' });
}

describe('the start-up publication of the default calendar and SLA policy', () => {
  const opened: ProtectedStores[] = [];
  afterAll(async () => Promise.all(opened.map((stores) => stores.close())));
  const emptyStore = async () => {
    const stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema: uniqueName('ensure_sla_policy'), masterKey: randomBytes(32).toString('base64') });
    opened.push(stores);
    return { stores, deps: { store: stores.store, clock: () => now, policyId: 'default' } };
  };

  it('publishes the default calendar, waits (retriably) for tiering’s policy, then publishes the defaults with its entitlements once', async () => {
    const { stores, deps } = await emptyStore();
    const waiting = await ensureSlaDefaults(deps, quiet).catch((error: unknown) => error);
    expect(waiting).toBeInstanceOf(TierPolicyNotYetPublished);
    expect(isRetriable(waiting)).toBe(true);
    expect((await loadCalendarVersions(stores.store, 'default')).map(({ calendar, effectiveFrom }) => [calendar, effectiveFrom])).toEqual([[defaultCalendarDocument, now.toISOString()]]);
    expect(await loadSlaPolicyVersions(stores.store, 'default')).toEqual([]);

    await publishTierPolicy(stores);
    await ensureSlaDefaults(deps, quiet);
    await ensureSlaDefaults(deps, quiet);
    const policies = await loadSlaPolicyVersions(stores.store, 'default');
    expect(policies.map(({ policy }) => policy)).toEqual([defaultSlaPolicy([{ tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours: 24 } }, { tier: 'gold', service: { dedicatedManager: false, priorityResponseHours: 48 } }, { tier: 'standard', service: { dedicatedManager: false, priorityResponseHours: null } }])]);
    expect(policies[0]!.policy.rules.map(({ id }) => id)).toContain('tier-key_account');
    expect(await loadCalendarVersions(stores.store, 'default')).toHaveLength(1);
  });

  it('lets two processes starting at once both succeed, publishing each document once', async () => {
    const { stores, deps } = await emptyStore();
    await publishTierPolicy(stores);
    await Promise.all([ensureSlaDefaults(deps, quiet), ensureSlaDefaults(deps, quiet), ensureSlaDefaults(deps, quiet)]);
    expect(await loadCalendarVersions(stores.store, 'default')).toHaveLength(1);
    expect(await loadSlaPolicyVersions(stores.store, 'default')).toHaveLength(1);
  });
});
