import { streamIdFor, type TierEvent } from '@ctp/contracts';
import { EventIdConflictError, WrongExpectedRevisionError, type StreamAppend } from '@ctp/event-store';
import { isoDateIn } from '@ctp/calendar';
import { decide } from '../domain/decide.js';
import type { CustomerHistory } from '../domain/metrics.js';
import type { TierState } from '../domain/state.js';
import { loadAllHistories } from '../history/customer-history.js';
import { measure } from '../policy/measure.js';
import { loadPolicyVersions, policyAt } from '../policy/policy-stream.js';
import { decisionEvents, tierStreamOf, tieringActor, withTierStream, type DecisionContext } from '../tiers/tier-stream.js';
import type { TieringDeps } from '../tiering-deps.js';

/** Customers decided together: their tier streams read in one call, their decisions appended in one. */
const chunkSize = 250;
/** Chunks in flight: one is decided while the store serves the other. */
const chunksAtOnce = 2;

type DecideFor = (history: CustomerHistory, state: TierState) => TierEvent[];

/** A version's rollout timer: its id is the cause of every decision it makes. */
export interface Rollout {
  readonly id: string;
  readonly dueAt: Date;
  readonly policyVersion: number;
}

/**
 * A new policy version came into force: every customer is reassessed under it (upgrades at once),
 * a chunk of customers at a time. Every decision is caused by the timer, so a rollout fired again
 * after a crash skips the customers it decided before. A version no longer in force (a later one
 * came into force meanwhile, and rolls out itself) is not rolled out.
 */
export async function rollOut(deps: TieringDeps, rollout: Rollout): Promise<void> {
  const asOf = rollout.dueAt.getTime();
  const versions = await loadPolicyVersions(deps.store, deps.policyId);
  const policy = policyAt(versions, Math.max(asOf, deps.clock().getTime()));
  if (policy?.policyVersion !== rollout.policyVersion) return;
  const snapshotDate = isoDateIn(asOf, deps.timeZone);
  const context: DecisionContext = { causationId: rollout.id, correlationId: rollout.id, occurredAt: rollout.dueAt.toISOString(), actor: tieringActor };
  const decideFor: DecideFor = (history, state) => {
    const values = measure(history, policy, asOf, deps);
    return decide({ kind: 'reassess', reason: 'policy_published', customerId: history.customerId, snapshotDate, policy, values }, state);
  };
  const histories = await loadAllHistories(deps.history, asOf);
  const chunks = Array.from({ length: Math.ceil(histories.length / chunkSize) }, (_, i) => histories.slice(i * chunkSize, (i + 1) * chunkSize));
  await forEachConcurrently(chunks, chunksAtOnce, (chunk) => decideChunk(deps, chunk, context, decideFor));
}

/**
 * Reads the chunk's tier streams at once and appends every decision in one atomic appendMany. If
 * another writer decided on one of these customers meanwhile, nothing of the chunk is written and
 * each customer is decided again on its fresh stream.
 */
async function decideChunk(deps: TieringDeps, chunk: readonly CustomerHistory[], context: DecisionContext, decideFor: DecideFor): Promise<void> {
  const streams = await deps.store.readStreams(chunk.map(({ customerId }) => streamIdFor('tier', customerId)));
  const appends: StreamAppend[] = [];
  for (const history of chunk) {
    const streamId = streamIdFor('tier', history.customerId);
    const stream = tierStreamOf(streams.get(streamId) ?? []);
    if (stream.causes.has(context.causationId)) continue;
    const events = decideFor(history, stream.state);
    if (events.length > 0) appends.push({ streamId, events: decisionEvents(history.customerId, events, context), expectedRevision: stream.revision < 0 ? 'no_stream' : stream.revision });
  }
  if (appends.length === 0) return;
  try {
    await deps.store.appendMany(appends);
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError)) throw error;
    await forEachConcurrently(chunk, 8, (history) => withTierStream(deps.store, history.customerId, context, (state) => decideFor(history, state)).then(() => undefined));
  }
}

/** Runs `act` on every item, at most `workers` at once; after a failure no item is started, and the first failure is thrown once all have settled. */
async function forEachConcurrently<T>(items: readonly T[], workers: number, act: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await act(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(workers, items.length) }, worker));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}
