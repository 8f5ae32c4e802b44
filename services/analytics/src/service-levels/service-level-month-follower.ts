import { compareGlobalPositions, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { feedEndAtRunStart, feedFollower, timeSlices, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { AnyBulkWriteOperation } from 'mongodb';
import { nextMonth, previousMonth, type Month } from '../metrics/period.js';
import { foldCase } from './case-fold.js';
import { caseEntriesOf, type OpenedCase, type ResolvedCase } from './month-entries.js';
import { monthFiguresOf } from './month-figures.js';
import {
  entriesOf, serviceLevelFiguresId, serviceLevelMonthDocuments, serviceLevelMonthId, serviceLevelMonthsHeadId, storedEntries, storedFigures,
  type ServiceLevelMonthsHead, type StoredEntries, type StoredFigures,
} from './service-level-month-store.js';
import { fileRows, rowEntry, type RowEntry } from './service-level-rows.js';

export interface ServiceLevelMonthDeps extends FeedFollowerDeps {
  readonly timeZone: string;
  readonly batchSize?: number;
  /** Rows per piece of a month's rows (tests cut small pieces). */
  readonly rowsPerPiece?: number;
}

interface MonthInMemory {
  readonly opened: Map<string, OpenedCase>;
  readonly resolved: Map<string, ResolvedCase>;
}

/** What a run keeps between batches: the months as it read and wrote them (one writer holds the lease, so they stay what is stored), and the end of the feed when it started. */
export interface FollowingRun {
  /** Months of entries held in memory at most; the others are read again when needed. */
  readonly monthsHeld: number;
  readonly months: Map<Month, MonthInMemory>;
  /** The rows' pieces the last batch wrote (listing-documents.ts). */
  readonly lastWritten: Map<string, readonly RowEntry[]>;
  readonly feedEndAtStart: Promise<GlobalPosition | null>;
}

export const followingRun = (history: EventStore, monthsHeld = 24): FollowingRun => ({ monthsHeld, months: new Map(), lastWritten: new Map(), feedEndAtStart: feedEndAtRunStart(history) });

const defaultBatchSize = 1_000;

/**
 * Follows the store's global feed and, for each case a batch touches, folds the case's stream up to the batch's last
 * event (the projection's own rules) and puts its entries in the month it was opened and the month it was first
 * resolved (and its fact and clocks, the listings' rows, in the pieces of the month opened: service-level-rows.ts),
 * replacing what they held of it; the figures of those months (and of the month before an opening, whose repeats it
 * may be) are counted again from their entries. An entry is set, never added to, so a batch read again after a crash
 * (the month documents are written before the head, which names the rows' directory) or a rebuild from the start gives
 * the same documents. The head moves by compare and set; one process follows at a time (a lease), as for the tier months.
 */
export function serviceLevelMonthFollower(deps: ServiceLevelMonthDeps): BackgroundWork {
  const documents = serviceLevelMonthDocuments(deps.db);
  return feedFollower({
    name: 'service-level months',
    ...deps,
    leaseName: `ctp-analytics-service-level-months:${deps.schema}`,
    heads: documents.heads,
    headId: serviceLevelMonthsHeadId(deps.timeZone),
    maxBatchSize: deps.batchSize ?? defaultBatchSize,
    handler: () => {
      const run = followingRun(deps.history);
      return (events, head) => followBatch(deps, run, events, head);
    },
  });
}

/** A month's value, moved to the end of the map's order (the most recently used). */
function recentlyUsed<T>(held: Map<Month, T>, month: Month): T | undefined {
  const value = held.get(month);
  if (value !== undefined) {
    held.delete(month);
    held.set(month, value);
  }
  return value;
}

/** A batch followed: the month documents it changes written, then the head it moves to answered. */
export async function followBatch(
  deps: Pick<ServiceLevelMonthDeps, 'history' | 'db' | 'timeZone' | 'clock' | 'rowsPerPiece'>,
  { monthsHeld, months, lastWritten, feedEndAtStart }: FollowingRun,
  events: readonly RecordedEvent[],
  head: ServiceLevelMonthsHead | null,
): Promise<ServiceLevelMonthsHead> {
  const last = events.at(-1)!.globalPosition;
  const caseStreams = [...new Set(events.filter(({ streamId }) => streamId.startsWith('case-')).map(({ streamId }) => streamId))];
  const changed = new Set<Month>();
  const figured = new Set<Month>();
  const load = async (month: Month) => {
    const known = recentlyUsed(months, month);
    if (known) return known;
    const entries = await entriesOf(await serviceLevelMonthDocuments(deps.db).months.findOne({ _id: serviceLevelMonthId(deps.timeZone, month) }));
    const loaded = { opened: new Map(entries.opened.map((entry) => [entry.id, entry])), resolved: new Map(entries.resolved.map((entry) => [entry.id, entry])) };
    months.set(month, loaded);
    return loaded;
  };
  const rows = new Map<Month, RowEntry[]>();
  if (caseStreams.length > 0) {
    const streams = await deps.history.readStreams(caseStreams);
    const giveWay = timeSlices();
    for (const streamId of caseStreams) {
      await giveWay();
      const upToBatch = (streams.get(streamId) ?? []).filter(({ globalPosition }) => compareGlobalPositions(globalPosition, last) <= 0);
      const folded = foldCase(streamId.slice('case-'.length), upToBatch);
      const { opened, resolved } = caseEntriesOf(folded, deps.timeZone);
      if (opened) {
        (await load(opened.month)).opened.set(opened.entry.id, opened.entry);
        (rows.get(opened.month) ?? rows.set(opened.month, []).get(opened.month)!).push(rowEntry({ fact: folded.fact!, clocks: folded.clocks }));
        // An opening may be a repeat of a case resolved in its month or the month before.
        for (const month of [opened.month, previousMonth(opened.month)]) figured.add(month);
      }
      if (resolved) (await load(resolved.month)).resolved.set(resolved.entry.id, resolved.entry);
      for (const placed of [opened, resolved]) if (placed) changed.add(placed.month);
      if (resolved) figured.add(resolved.month);
    }
    for (const month of figured) await Promise.all([load(month), load(nextMonth(month))]);
    await writeMonths(deps, months, changed, figured, giveWay);
    // Written: the months used least recently are dropped, and read again if a later batch needs them.
    for (const month of months.keys()) if (months.size > monthsHeld) months.delete(month);
  }
  const headId = serviceLevelMonthsHeadId(deps.timeZone);
  const listings = await fileRows(serviceLevelMonthDocuments(deps.db).rows, { headId, position: last, head }, rows, { size: deps.rowsPerPiece, lastWritten });
  const feedEnd = await feedEndAtStart;
  const caughtUp = head?.caughtUp === true || feedEnd === null || compareGlobalPositions(last, feedEnd) >= 0;
  return { _id: headId, position: last, followedAt: deps.clock(), caughtUp, ...listings };
}

async function writeMonths(deps: Pick<ServiceLevelMonthDeps, 'db' | 'timeZone'>, months: Map<Month, MonthInMemory>, changed: ReadonlySet<Month>, figured: ReadonlySet<Month>, giveWay: () => Promise<void>): Promise<void> {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const entries: AnyBulkWriteOperation<StoredEntries>[] = [];
  for (const month of changed) {
    await giveWay();
    const { opened, resolved } = months.get(month)!;
    const _id = serviceLevelMonthId(deps.timeZone, month);
    entries.push({ replaceOne: { filter: { _id }, replacement: await storedEntries(_id, month, { opened: [...opened.values()].sort(byId), resolved: [...resolved.values()].sort(byId) }), upsert: true } });
  }
  const figures: AnyBulkWriteOperation<StoredFigures>[] = [];
  for (const month of figured) {
    await giveWay();
    const { opened, resolved } = months.get(month)!;
    const openings = [...opened.values(), ...months.get(nextMonth(month))!.opened.values()];
    const _id = serviceLevelFiguresId(deps.timeZone, month);
    figures.push({ replaceOne: { filter: { _id }, replacement: await storedFigures(_id, month, monthFiguresOf([...opened.values()].sort(byId), [...resolved.values()].sort(byId), openings)), upsert: true } });
  }
  const documents = serviceLevelMonthDocuments(deps.db);
  if (entries.length > 0) await documents.months.bulkWrite(entries, { ordered: false });
  if (figures.length > 0) await documents.figures.bulkWrite(figures, { ordered: false });
}
