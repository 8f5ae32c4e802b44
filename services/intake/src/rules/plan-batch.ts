import { nameUuid } from '@ctp/contracts';
import { mergeChain } from '@ctp/identity';
import { evolve, emptyState, mergedAwayIdsOf, type States } from './customer-state.js';
import { checkFact, type RuleSettings, type RuleViolation } from './fact-rules.js';

export interface IncomingFact {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

/** A fact as it will be appended: on the customer it belongs to, with its data saying so. */
export interface PlannedFact {
  /** Position in the request; null for the merge markers intake adds. */
  readonly index: number | null;
  readonly id: string;
  readonly type: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

export interface StreamPlan {
  readonly customerId: string;
  readonly expectedRevision: number;
  /** Ids the stream already holds: appended as they are, the store answers duplicate or conflict. */
  readonly repeats: PlannedFact[];
  readonly fresh: PlannedFact[];
}

export type Judgement = { readonly ok: true; readonly streams: StreamPlan[] } | { readonly ok: false; readonly violations: RuleViolation[] };

const subjectField = (type: string) => (type === 'CustomersMerged' ? 'survivorId' : 'customerId');

/** The CustomerMergedInto marker a merge puts on each merged-away stream. */
export function mergeMarkers(merge: PlannedFact): PlannedFact[] {
  return mergedAwayIdsOf(merge).map((awayId) => ({
    index: null,
    id: nameUuid(['CustomerMergedInto', merge.id, awayId]),
    type: 'CustomerMergedInto',
    customerId: awayId,
    occurredAt: merge.occurredAt,
    data: { customerId: awayId, survivorId: merge.customerId, mergeEventId: merge.id },
  }));
}

/**
 * Judges a batch in order against the loaded states: facts for a merged-away id move to its
 * survivor, a merge adds a marker to each merged-away stream, and a fact may rely on the facts
 * before it in the batch. Returns every violation, or what to append per stream.
 */
export function planBatch(facts: readonly IncomingFact[], loaded: States, settings: RuleSettings): Judgement {
  const states: States = new Map(loaded);
  const plans = new Map<string, StreamPlan>();
  const violations: RuleViolation[] = [];
  const planFor = (customerId: string) => {
    const existing = plans.get(customerId);
    if (existing) return existing;
    const plan = { customerId, expectedRevision: loaded.get(customerId)?.revision ?? -1, repeats: [], fresh: [] };
    plans.set(customerId, plan);
    return plan;
  };
  const apply = (fact: PlannedFact) => {
    planFor(fact.customerId).fresh.push(fact);
    states.set(fact.customerId, evolve(states.get(fact.customerId) ?? emptyState(fact.customerId), fact));
  };
  for (const incoming of facts) {
    const chain = mergeChain(states, incoming.customerId);
    const heldBy = chain.find((id) => states.get(id)?.eventIds.has(incoming.id));
    const customerId = heldBy ?? (incoming.type === 'CustomerRegistered' ? incoming.customerId : chain.at(-1)!);
    const fact = { ...incoming, customerId, data: { ...incoming.data, [subjectField(incoming.type)]: customerId } };
    if (heldBy) {
      planFor(heldBy).repeats.push(fact);
      if (fact.type === 'CustomersMerged') mergeMarkers(fact).filter((marker) => !states.get(marker.customerId)?.eventIds.has(marker.id)).forEach(apply);
      continue;
    }
    const found = checkFact(fact, states, settings);
    if (found.length > 0) {
      violations.push(...found);
      continue;
    }
    apply(fact);
    if (fact.type === 'CustomersMerged') mergeMarkers(fact).forEach(apply);
  }
  return violations.length > 0 ? { ok: false, violations } : { ok: true, streams: [...plans.values()] };
}
