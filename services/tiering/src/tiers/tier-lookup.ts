import { decoderFor, streamIdFor } from '@ctp/contracts';
import { followMerges } from '@ctp/identity';
import { problems, ProblemError } from '@ctp/service-kit';
import type { Collection } from 'mongodb';
import { effectiveTier, evolve, initialTierState, type TierState } from '../domain/state.js';
import { policyInForce, type TieringDeps } from '../tiering-deps.js';
import type { TierDocument } from './tier-view.js';

/** The customer an id stands for: itself, or the survivor it was merged into, as intake answers. */
export interface Requested {
  readonly requestedId: string;
  readonly mergedAway: boolean;
}

const tierEvent = decoderFor('tier');

export async function tierEvents(deps: TieringDeps, customerId: string) {
  return (await deps.store.readStream(streamIdFor('tier', customerId))).map(tierEvent);
}

const erased = (customerId: string) =>
  new ProblemError(problems.CTP_NOT_FOUND, `customer ${customerId} was erased; its tier was withdrawn`, [], { withdrawn: 'erased' });

const noTier = (customerId: string, requestedId: string, when = '') =>
  new ProblemError(problems.CTP_NOT_FOUND, customerId === requestedId ? `customer ${customerId} has no tier${when}` : `customer ${requestedId} was merged into ${customerId}, which has no tier${when}`);

/** The read model's document of the customer the id stands for now. */
export async function currentTierDocument(customers: Collection<TierDocument>, requestedId: string): Promise<{ document: TierDocument } & Requested> {
  const { customerId, found: document, mergedAway } = await followMerges(
    requestedId,
    (id) => customers.findOne({ _id: id }),
    (found) => (found?.withdrawn?.reason === 'merged' && found.withdrawn.mergedInto) || null,
  );
  if (document?.withdrawn?.reason === 'erased') throw erased(customerId);
  if (!document?.computedTier && !document?.override) throw noTier(customerId, requestedId);
  return { document, requestedId, mergedAway };
}

/** The tier in force at an instant, from the tier streams themselves: a merged-away id's survivor's then. */
export async function tierAt(deps: TieringDeps, requestedId: string, asOf: string) {
  const at = Date.parse(asOf);
  const stateAt = async (id: string) =>
    (await tierEvents(deps, id))
      .filter((event) => Date.parse(event.occurredAt) <= at)
      .reduce(evolve, initialTierState);
  const { customerId, found: state, mergedAway } = await followMerges(requestedId, stateAt, (found) => (found.status === 'withdrawn' ? found.mergedInto : null));
  if (state.status === 'withdrawn') throw erased(customerId);
  const tier = effectiveTier(state);
  if (!tier) throw noTier(customerId, requestedId, ` at ${asOf}`);
  const computedTier = state.status === 'assigned' ? state.computedTier : null;
  return { customerId, requestedId, mergedAway, asOf, tier, computedTier, override: state.override, tierPolicy: await tierPolicyOf(deps, state, at) };
}

/** The policy version of the last decision; a tier that is only an override's, the version in force then. */
async function tierPolicyOf(deps: TieringDeps, state: TierState, at: number) {
  if (state.status === 'assigned') return { policyId: state.lastDecision.policyId, policyVersion: state.lastDecision.policyVersion };
  const inForce = await policyInForce(deps, at);
  return inForce ? { policyId: deps.policyId, policyVersion: inForce.policyVersion } : null;
}
