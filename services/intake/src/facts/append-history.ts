import { streamIdFor, type EventToAppend } from '@ctp/contracts';
import { EventStoreUnavailableError, type EventStore } from '@ctp/event-store';
import { mergeGroup, recordMerge, type MergeLinks } from '@ctp/identity';
import { mergedAwayIdsOf } from '../rules/customer-state.js';
import { mergeMarkers, type PlannedFact } from '../rules/plan-batch.js';
import { validateFacts, type Fact } from './fact-batch.js';
import { toEvent, type PublishContext } from './publish-facts.js';

export interface HistoryTarget {
  /** The protected store: personal fields are encrypted as intake's appends encrypt them. */
  readonly store: EventStore;
  /** Honours an erasure (destroys the customer's key), as intake does once the request is stored. */
  readonly erase: (customerId: string) => Promise<unknown>;
}

export interface AppendHistoryOptions {
  readonly context: PublishContext;
  /** appendMany calls in flight (default 8). */
  readonly writers?: number;
  /** Streams per appendMany call (default 200). */
  readonly streamsPerAppend?: number;
  /** Facts held before their streams are appended (default 200,000); each stream gets one append per flush. */
  readonly factsPerFlush?: number;
  readonly onFlush?: (progress: { readonly facts: number; readonly events: number }) => void;
}

export interface AppendedHistory {
  readonly facts: number;
  readonly events: number;
  readonly streams: number;
  /** appendMany calls. */
  readonly appends: number;
}

/**
 * Stores a history straight in the event store as POST /v1/events would store it: the same events
 * and envelopes, merge markers on merged-away streams, personal fields encrypted, erased customers'
 * keys destroyed. Unlike intake it judges no business rule beyond the order (registered first,
 * nothing after a merge-away or an erasure), so it is for loading known-good histories, such as
 * synthetic ones, in time order. Each flush appends every stream's held events, many streams per
 * appendMany call, so the store's global order follows the flushes, not the facts' order across
 * customers.
 */
export async function appendHistory(target: HistoryTarget, facts: Iterable<Fact>, options: AppendHistoryOptions): Promise<AppendedHistory> {
  const writers = options.writers ?? 8;
  const streamsPerAppend = options.streamsPerAppend ?? 200;
  const factsPerFlush = options.factsPerFlush ?? 200_000;
  const revisions = new Map<string, number>();
  const registered = new Set<string>();
  const closedBy = new Map<string, string>();
  const merges = new Map<string, MergeLinks>();
  let pending = new Map<string, EventToAppend[]>();
  let toErase: string[] = [];
  const totals = { facts: 0, events: 0, appends: 0 };
  let held = 0;

  const hold = (fact: PlannedFact) => {
    const streamId = streamIdFor('customer', fact.customerId);
    const events = pending.get(streamId) ?? [];
    if (events.length === 0) pending.set(streamId, events);
    events.push(toEvent(fact, options.context));
    totals.events += 1;
  };
  const flush = async () => {
    const parts = [...pending].map(([streamId, events]) => {
      const revision = revisions.get(streamId) ?? -1;
      return { streamId, events, expectedRevision: revision < 0 ? ('no_stream' as const) : revision };
    });
    pending = new Map();
    held = 0;
    let next = 0;
    const writer = async () => {
      for (let start = next; start < parts.length; start = next) {
        next += streamsPerAppend;
        for (const result of await appendRetrying(target.store, parts.slice(start, start + streamsPerAppend))) revisions.set(result.streamId, result.lastRevision);
        totals.appends += 1;
      }
    };
    await Promise.all(Array.from({ length: writers }, writer));
    for (const customerId of toErase) await target.erase(customerId);
    toErase = [];
    options.onFlush?.({ facts: totals.facts, events: totals.events });
  };

  for (const fact of facts) {
    const planned = plannedFact(fact, registered, closedBy);
    hold(planned);
    if (planned.type === 'CustomerRegistered') registered.add(planned.customerId);
    if (planned.type === 'CustomersMerged') {
      for (const marker of mergeMarkers(planned)) {
        if (!registered.has(marker.customerId)) throw new HistoryOrderError(planned, `merges ${marker.customerId}, which is not registered`);
        hold(marker);
        closedBy.set(marker.customerId, 'its merge');
      }
      recordMerge(merges, planned.customerId, mergedAwayIdsOf(planned));
    }
    if (planned.type === 'CustomerErasureRequested') {
      closedBy.set(planned.customerId, 'its erasure request');
      // One person, one erasure: every id merged into the customer loses its key too.
      toErase.push(...mergeGroup(merges, planned.customerId));
    }
    totals.facts += 1;
    held += 1;
    if (held >= factsPerFlush) await flush();
  }
  if (held > 0) await flush();
  return { ...totals, streams: revisions.size };
}

/** Attempts of an append the store could not take (unavailable: a connection not had in time, or dropped). */
const appendAttempts = 5;

/**
 * An appendMany tried again while the store is unavailable, waiting a second more each time. Each stream's expected
 * revision makes a second try safe: an append that was stored after all is refused (wrong expected revision), never
 * stored twice.
 */
export async function appendRetrying(store: Pick<EventStore, 'appendMany'>, parts: Parameters<EventStore['appendMany']>[0], pauseMs = 1_000): ReturnType<EventStore['appendMany']> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await store.appendMany(parts);
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError) || attempt === appendAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * pauseMs));
    }
  }
}

export class HistoryOrderError extends Error {
  constructor(fact: { readonly id: string; readonly type: string; readonly customerId: string }, why: string) {
    super(`fact ${fact.id} (${fact.type} for ${fact.customerId}) ${why}`);
  }
}

/** The fact validated as intake validates it, on its own customer's stream. */
function plannedFact(fact: Fact, registered: ReadonlySet<string>, closedBy: ReadonlyMap<string, string>): PlannedFact {
  const closed = closedBy.get(fact.customerId);
  if (closed) throw new HistoryOrderError(fact, `comes after ${closed}`);
  if (fact.type === 'CustomerRegistered' && registered.has(fact.customerId)) throw new HistoryOrderError(fact, 'registers it twice');
  if (fact.type !== 'CustomerRegistered' && !registered.has(fact.customerId)) throw new HistoryOrderError(fact, 'comes before its registration');
  const { valid, issues } = validateFacts([fact]);
  if (issues.length > 0) throw new HistoryOrderError(fact, `is invalid: ${issues.map(({ path, message }) => `${path.replace('body.events[0].', '')} ${message}`).join('; ')}`);
  return { index: null, ...fact, data: valid[0]!.data };
}
