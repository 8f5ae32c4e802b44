import { streamIdFor, type TierEvent } from '@ctp/contracts';
import { problems, ProblemError } from '@ctp/service-kit';
import type { Collection } from 'mongodb';
import { effectiveTier, evolve, initialTierState } from '../domain/state.js';
import { asDomainEvent } from '../history/customer-history.js';
import type { TieringDeps } from '../reactions/tiering-deps.js';
import type { TierDocument } from './tier-view.js';

/** Merges chain (B into A, later A into Z); a longer chain than this is a data error, not a customer. */
const maxMerges = 20;

/** The customer an id stands for: itself, or the survivor it was merged into, as intake answers. */
export interface Requested {
  readonly requestedId: string;
  readonly mergedAway: boolean;
}

export async function tierEvents(deps: TieringDeps, customerId: string) {
  return (await deps.store.readStream(streamIdFor('tier', customerId))).map(asDomainEvent);
}

const erased = (customerId: string) =>
  new ProblemError(problems.CTP_NOT_FOUND, `customer ${customerId} was erased; its tier was withdrawn`, [], { withdrawn: 'erased' });

const noTier = (customerId: string, requestedId: string, when = '') =>
  new ProblemError(problems.CTP_NOT_FOUND, customerId === requestedId ? `customer ${customerId} has no tier${when}` : `customer ${requestedId} was merged into ${customerId}, which has no tier${when}`);

/** The read model's document of the customer the id stands for now. */
export async function currentTierDocument(customers: Collection<TierDocument>, requestedId: string): Promise<{ document: TierDocument } & Requested> {
  let customerId = requestedId;
  for (let merges = 0; merges <= maxMerges; merges += 1) {
    const document = await customers.findOne({ _id: customerId } as never);
    if (document?.withdrawn?.reason === 'merged' && document.withdrawn.mergedInto) {
      customerId = document.withdrawn.mergedInto;
      continue;
    }
    if (document?.withdrawn?.reason === 'erased') throw erased(customerId);
    if (!document?.computedTier && !document?.override) throw noTier(customerId, requestedId);
    return { document, requestedId, mergedAway: customerId !== requestedId };
  }
  throw new Error(`customer ${requestedId} is merged more than ${maxMerges} times over`);
}

/** The tier in force at an instant, from the tier streams themselves: a merged-away id's survivor's then. */
export async function tierAt(deps: TieringDeps, requestedId: string, asOf: string) {
  const at = Date.parse(asOf);
  let customerId = requestedId;
  for (let merges = 0; merges <= maxMerges; merges += 1) {
    const events = (await tierEvents(deps, customerId)).filter((event) => Date.parse(event.occurredAt) <= at);
    const state = events.map((event) => event as unknown as TierEvent).reduce(evolve, initialTierState);
    if (state.status === 'withdrawn' && state.mergedInto !== null) {
      customerId = state.mergedInto;
      continue;
    }
    if (state.status === 'withdrawn') throw erased(customerId);
    const tier = effectiveTier(state);
    if (!tier) throw noTier(customerId, requestedId, ` at ${asOf}`);
    const computedTier = state.status === 'assigned' ? state.computedTier : null;
    return { customerId, requestedId, mergedAway: customerId !== requestedId, asOf, tier, computedTier, override: state.override };
  }
  throw new Error(`customer ${requestedId} is merged more than ${maxMerges} times over`);
}
