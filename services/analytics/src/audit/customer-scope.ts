import { decodeRecordedEvent, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { mergeGroup, missingIds, survivorOf, type MergeLinks } from '@ctp/identity';
import type { AuditDeps } from './audit-routes.js';
import { customerOf } from './event-customer.js';

/** Events after the sealer read per request at most; past them an answer is complete only up to where the read stopped. */
const tailLimit = 50_000;
const pageSize = 1_000;

/** How far an answer reaches: the seal index up to `sealedUpTo`, then the feed read after it up to `completeUpTo`. */
export interface Coverage {
  readonly sealedUpTo: string | null;
  /** Every event up to this position is taken into account; null for an empty store. */
  readonly completeUpTo: string | null;
  /** The streams of the events after the sealer, by the customer each concerns (the sealer's rule). */
  readonly streamsAfterSeal: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The sealer's position, then the feed after it (gap-safe), indexed as the sealer will index it. */
export async function readCoverage(deps: AuditDeps): Promise<Coverage> {
  // The state before the index: the index read later holds at least every seal up to this position.
  const { position: sealedUpTo } = await deps.audit.state();
  const streamsAfterSeal = new Map<string, Set<string>>();
  let completeUpTo = sealedUpTo;
  for (let read = 0; read < tailLimit; ) {
    const events = await deps.events.readAll({ after: completeUpTo, limit: Math.min(pageSize, tailLimit - read) });
    if (events.length === 0) break;
    for (const event of events) {
      const customerId = customerOf(event);
      if (customerId !== null) streamsAfterSeal.set(customerId, (streamsAfterSeal.get(customerId) ?? new Set()).add(event.streamId));
    }
    completeUpTo = events.at(-1)!.globalPosition;
    read += events.length;
  }
  return { sealedUpTo, completeUpTo, streamsAfterSeal };
}

/** Every event of every stream about these customers (their own, the seal index's and the tail's), up to the coverage, in feed order. */
export async function eventsAbout(deps: AuditDeps, coverage: Coverage, customerIds: readonly string[]): Promise<RecordedEvent[]> {
  if (coverage.completeUpTo === null) return [];
  const indexed = await Promise.all(customerIds.map((customerId) => deps.audit.customerStreams(customerId)));
  const streams = new Set(customerIds.flatMap((customerId, index) => [streamIdFor('customer', customerId), ...indexed[index]!, ...(coverage.streamsAfterSeal.get(customerId) ?? [])]));
  const head = BigInt(coverage.completeUpTo);
  const events = [...(await deps.events.readStreams([...streams])).values()].flat().filter((event) => BigInt(event.globalPosition) <= head);
  return events.sort((a, b) => (BigInt(a.globalPosition) < BigInt(b.globalPosition) ? -1 : 1));
}

/** A merge link as one id's own stream states it: CustomerMergedInto (it went), CustomersMerged (others came). */
function linksOf(events: readonly RecordedEvent[]): MergeLinks {
  let mergedInto: string | null = null;
  const mergedFrom: string[] = [];
  for (const raw of events) {
    if (raw.type !== 'CustomersMerged' && raw.type !== 'CustomerMergedInto') continue;
    const event = decodeRecordedEvent(raw);
    if (event.type === 'CustomersMerged') mergedFrom.push(...event.data.mergedAwayIds);
    if (event.type === 'CustomerMergedInto') mergedInto = event.data.survivorId;
  }
  return { mergedInto, mergedFrom };
}

/** The merges of an id's group as the events `within` state them (a merge after the point does not count), each stream read once. */
async function mergeLinks(deps: AuditDeps, customerId: string, within: (event: RecordedEvent) => boolean): Promise<Map<string, MergeLinks>> {
  const links = new Map<string, MergeLinks>();
  for (let missing = missingIds(links, [customerId]); missing.length > 0; missing = missingIds(links, [customerId])) {
    const streams = await deps.events.readStreams(missing.map((id) => streamIdFor('customer', id)));
    for (const id of missing) links.set(id, linksOf((streams.get(streamIdFor('customer', id)) ?? []).filter(within)));
  }
  return links;
}

export interface Point {
  /** Events up to this global position (inclusive). */
  readonly position?: string | undefined;
  /** Events recorded up to this instant (ISO-8601). */
  readonly at?: string | undefined;
}

/**
 * A customer's events up to a point, with every id merged into it by then (intake's merge rules):
 * the survivor's scope holds its merged-away ids' streams too; a merged-away id's scope is its own
 * group, and `mergedInto` names the survivor it went to.
 */
export async function customerScope(deps: AuditDeps, customerId: string, point: Point) {
  const coverage = await readCoverage(deps);
  const head = coverage.completeUpTo === null ? null : BigInt(coverage.completeUpTo);
  const upTo = point.position === undefined ? null : BigInt(point.position);
  const until = point.at === undefined ? null : Date.parse(point.at);
  const within = (event: RecordedEvent) => {
    const position = BigInt(event.globalPosition);
    return head !== null && position <= head && (upTo === null || position <= upTo) && (until === null || Date.parse(event.recordedAt) <= until);
  };
  const links = await mergeLinks(deps, customerId, within);
  const survivorId = survivorOf(links, customerId);
  const memberIds = mergeGroup(links, customerId);
  const events = (await eventsAbout(deps, coverage, memberIds)).filter(within);
  return { sealedUpTo: coverage.sealedUpTo, completeUpTo: coverage.completeUpTo, mergedInto: survivorId === customerId ? null : survivorId, memberIds, events };
}
