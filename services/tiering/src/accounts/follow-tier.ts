import { decoderFor, entitledTier, evolveTierStanding, noTierStanding, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { activeCollection, ProjectionWaitTimeoutError } from '@ctp/projections';
import { loadPolicyVersions, policyAt } from '../policy/policy-stream.js';
import { tierProjection } from '../tiers/tier-projection.js';
import type { TierDocument } from '../tiers/tier-view.js';
import { tieringActor } from '../tiers/tier-stream.js';
import type { AccountDeps } from './account-deps.js';
import { customerRegion } from './customer-region.js';
import { withAccountStream } from './account-stream.js';
import { scheduleRelease } from './account-timers.js';
import { decideAccount } from '../domain/accounts/decide-account.js';
import { managerLoads } from './manager-loads.js';
import { latestRoster } from './roster-stream.js';

const tierEvent = decoderFor('tier');
const accountEvent = decoderFor('account');

/** The topics the accounts reactor reads: tier changes to follow, its own events to schedule releases from, and roster versions. */
export const accountReactorCategories = ['tier', 'account', 'accountRoster'] as const;

/** A new roster waits for the tier read model to take in every tier event before it: twelve 5-second slices, a heartbeat between. */
const tierReadsWait = { slices: 12, sliceMs: 5_000 };

async function tierReadsPassed(deps: AccountDeps, position: string, heartbeat: () => Promise<void>): Promise<void> {
  for (let slice = 1; ; slice += 1) {
    try {
      return await deps.tierReads.runtime.waitForPosition(position, tierReadsWait.sliceMs);
    } catch (error) {
      if (!(error instanceof ProjectionWaitTimeoutError) || slice >= tierReadsWait.slices) throw error;
      await heartbeat();
    }
  }
}

/**
 * The customer's manager follows the tier in force after `cause` (for a tier event, the tier stream up to
 * it; for a roster, the whole stream), as of the cause's business time, with the cause's id as the cause.
 * Loads come from the read model, plus this batch's own assignments, which it may not show yet.
 */
async function followTier(deps: AccountDeps, customerId: string, cause: RecordedEvent, assignedInBatch: Map<string, number>): Promise<void> {
  const tierStream = await deps.history.readStream(streamIdFor('tier', customerId));
  const upTo = cause.streamId === streamIdFor('tier', customerId) ? cause.revision : Number.POSITIVE_INFINITY;
  const standing = tierStream.filter((event) => event.revision <= upTo).map(tierEvent).reduce(evolveTierStanding, noTierStanding);
  const versions = standing.policy ? await loadPolicyVersions(deps.store, standing.policy.tierPolicyId) : [];
  const entitled = entitledTier(versions.map(({ policy }) => policy), standing, cause.occurredAt);
  const noticeDays = policyAt(versions, Date.parse(cause.occurredAt))?.downgrade.noticeDays ?? versions.at(-1)?.policy.downgrade.noticeDays ?? 0;
  const loads = await managerLoads(deps.accountReads.db);
  for (const [managerId, added] of assignedInBatch) loads.set(managerId, (loads.get(managerId) ?? 0) + added);
  const [roster, region] = await Promise.all([latestRoster(deps.store), customerRegion(deps.history, customerId)]);
  const context = { causationId: cause.id, correlationId: cause.correlationId, occurredAt: cause.occurredAt, actor: tieringActor, traceparent: cause.traceparent };
  let assigned: string | undefined;
  await withAccountStream(deps.store, customerId, context, (state) => {
    const decided = decideAccount({ kind: 'follow_tier', customerId, entitled, noticeDays, roster, loads, region, at: cause.occurredAt }, state);
    assigned = decided.flatMap((event) => (event.type === 'AccountManagerAssigned' ? [event.data.managerId] : []))[0];
    return decided;
  });
  if (assigned) assignedInBatch.set(assigned, (assignedInBatch.get(assigned) ?? 0) + 1);
}

/**
 * A roster version: every customer whose tier entitles a manager and who holds none gets one now (a tier
 * event before the first roster found nobody to assign). The candidates are read from the tier read model
 * once it has passed the roster's position; a tier event after it is followed with the roster in hand.
 */
async function assignFromRoster(deps: AccountDeps, roster: RecordedEvent, assignedInBatch: Map<string, number>, heartbeat: () => Promise<void>): Promise<void> {
  const managerTiers = [...new Set((await loadPolicyVersions(deps.store, deps.policyId)).flatMap(({ policy }) => policy.tiers.filter(({ service }) => service.dedicatedManager).map(({ tier }) => tier)))];
  if (managerTiers.length === 0) return;
  await tierReadsPassed(deps, roster.globalPosition, heartbeat);
  const tiers = await activeCollection<TierDocument>(deps.tierReads.db, tierProjection.name, 'tiers');
  const candidates = tiers.find({ $or: [{ computedTier: { $in: managerTiers } }, { 'override.tier': { $in: managerTiers } }] }, { projection: { _id: 1 } }).sort({ _id: 1 });
  for await (const { _id: customerId } of candidates) {
    await followTier(deps, customerId, roster, assignedInBatch);
    await heartbeat();
  }
}

export async function reactToAccountEvents(deps: AccountDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const assignedInBatch = new Map<string, number>();
  for (const event of events) {
    if (event.streamId.startsWith('tier-')) await followTier(deps, event.streamId.slice('tier-'.length), event, assignedInBatch);
    else if (event.streamId.startsWith('accountRoster-')) await assignFromRoster(deps, event, assignedInBatch, heartbeat);
    else {
      const decoded = accountEvent(event);
      if (decoded.type === 'AccountManagerReleaseScheduled') await scheduleRelease(deps, decoded.data.customerId, decoded.data.releaseAt);
    }
    await heartbeat();
  }
}
