import { decoderFor, entitledTier, evolveTierStanding, noTierStanding, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { loadPolicyVersions, policyAt } from '../policy/policy-stream.js';
import { tieringActor } from '../tiers/tier-stream.js';
import type { AccountDeps } from './account-deps.js';
import { withAccountStream } from './account-stream.js';
import { scheduleRelease } from './account-timers.js';
import { decideAccount } from './domain/decide-account.js';
import { managerLoads } from './manager-loads.js';
import { latestRoster } from './roster-stream.js';

const tierEvent = decoderFor('tier');
const accountEvent = decoderFor('account');

/** The topics the accounts reactor reads: tier changes to follow, and its own events to schedule releases from. */
export const accountReactorCategories = ['tier', 'account'] as const;

/**
 * A tier event: the customer's manager follows the tier in force after it (the tier stream up to that
 * event), as of the event's business time, with the event's id as the cause. Loads come from the read
 * model, plus this batch's own assignments, which it may not show yet.
 */
async function followTier(deps: AccountDeps, trigger: RecordedEvent, assignedInBatch: Map<string, number>): Promise<void> {
  const customerId = trigger.streamId.slice('tier-'.length);
  const tierStream = await deps.history.readStream(streamIdFor('tier', customerId));
  const standing = tierStream.filter((event) => event.revision <= trigger.revision).map(tierEvent).reduce(evolveTierStanding, noTierStanding);
  const versions = standing.policy ? await loadPolicyVersions(deps.store, standing.policy.tierPolicyId) : [];
  const entitled = entitledTier(versions.map(({ policy }) => policy), standing, trigger.occurredAt);
  const noticeDays = policyAt(versions, Date.parse(trigger.occurredAt))?.downgrade.noticeDays ?? versions.at(-1)?.policy.downgrade.noticeDays ?? 0;
  const loads = await managerLoads(deps.accountReads.db);
  for (const [managerId, added] of assignedInBatch) loads.set(managerId, (loads.get(managerId) ?? 0) + added);
  const roster = await latestRoster(deps.store);
  const context = { causationId: trigger.id, correlationId: trigger.correlationId, occurredAt: trigger.occurredAt, actor: tieringActor, traceparent: trigger.traceparent };
  let assigned: string | undefined;
  await withAccountStream(deps.store, customerId, context, (state) => {
    const decided = decideAccount({ kind: 'follow_tier', customerId, entitled, noticeDays, roster, loads, region: null, at: trigger.occurredAt }, state);
    assigned = decided.flatMap((event) => (event.type === 'AccountManagerAssigned' ? [event.data.managerId] : []))[0];
    return decided;
  });
  if (assigned) assignedInBatch.set(assigned, (assignedInBatch.get(assigned) ?? 0) + 1);
}

export async function reactToAccountEvents(deps: AccountDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const assignedInBatch = new Map<string, number>();
  for (const event of events) {
    if (event.streamId.startsWith('tier-')) await followTier(deps, event, assignedInBatch);
    else {
      const decoded = accountEvent(event);
      if (decoded.type === 'AccountManagerReleaseScheduled') await scheduleRelease(deps, decoded.data.customerId, decoded.data.releaseAt);
    }
    await heartbeat();
  }
}
