import { compareGlobalPositions, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { feedFollower, timeSlices, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { addToCells, type Cell, type Increment } from './counts.js';
import { cellsOf, figureMonthDocuments, figureMonthsHeadId, monthDocumentId, storedCells, type FigureMonthsHead, type MonthDocument } from './month-store.js';

/** A kind of fact the month documents count, and how to count it. */
export interface FigureSource {
  /** The streams whose events make the fact this event changes, or null: the event changes no fact of this kind. */
  streamsOf(event: RecordedEvent): readonly string[] | null;
  /** What the fact made of these events (its streams' events, in feed order) adds to the months. */
  incrementsOf(events: readonly RecordedEvent[], timeZone: string): readonly Increment[];
}

export interface FigureMonthDeps extends FeedFollowerDeps {
  readonly timeZone: string;
  readonly sources: readonly FigureSource[];
  readonly batchSize?: number;
}

type Positioned = Increment & { readonly position: GlobalPosition };

/**
 * Follows the store's global feed into the month documents of the feedback figures. An event's increments are what
 * its fact adds after it minus what it added before (its streams folded up to it, and up to the event before), so a
 * dimension set late (a cause, a team, an answer, a resolution) moves the fact from one cell or month to another.
 * Each month document holds the position it was written at and takes only increments after it; the head is written
 * last by compare and set. A batch read again after a crash, or cut otherwise, so adds nothing twice; one process
 * follows at a time (a lease), as the tier month follower does.
 */
export function figureMonthFollower(deps: FigureMonthDeps): BackgroundWork {
  const documents = figureMonthDocuments(deps.db);
  return feedFollower({
    name: 'feedback figure months',
    ...deps,
    leaseName: `ctp-analytics-feedback-months:${deps.schema}`,
    heads: documents.head,
    headId: figureMonthsHeadId(deps.timeZone),
    maxBatchSize: deps.batchSize,
    handler: () => async (events) => {
      await addBatch(deps, events);
      return { _id: figureMonthsHeadId(deps.timeZone), position: events.at(-1)!.globalPosition, followedAt: deps.clock() };
    },
  });
}

const before = (a: GlobalPosition, b: GlobalPosition) => compareGlobalPositions(a, b) < 0;

/** Each event's increments: its fact after it, less its fact before it. */
export async function incrementsOfBatch(history: EventStore, sources: readonly FigureSource[], events: readonly RecordedEvent[], timeZone: string): Promise<Positioned[]> {
  const touched = events.flatMap((event) => sources.flatMap((source) => {
    const streams = source.streamsOf(event);
    return streams === null ? [] : [{ event, source, streams }];
  }));
  if (touched.length === 0) return [];
  const read = await history.readStreams([...new Set(touched.flatMap(({ streams }) => streams))]);
  const giveWay = timeSlices();
  const increments: Positioned[] = [];
  for (const { event, source, streams } of touched) {
    await giveWay();
    const position = event.globalPosition;
    const history = streams.flatMap((streamId) => read.get(streamId) ?? []).sort((a, b) => compareGlobalPositions(a.globalPosition, b.globalPosition));
    const upTo = history.filter((each) => !before(position, each.globalPosition));
    const earlier = upTo.filter((each) => each.globalPosition !== position);
    const tagged = (ofFact: readonly Increment[], sign: 1 | -1) => ofFact.map((increment) => ({ ...increment, counts: sign === 1 ? increment.counts : negate(increment.counts), position }));
    increments.push(...tagged(source.incrementsOf(upTo, timeZone), 1), ...tagged(source.incrementsOf(earlier, timeZone), -1));
  }
  return increments;
}

const negate = (counts: Increment['counts']) => Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, -count]));

/** Adds a batch's increments to their month documents, each only those after the position it holds. */
export async function addBatch(deps: Pick<FigureMonthDeps, 'db' | 'history' | 'sources' | 'timeZone'>, events: readonly RecordedEvent[]): Promise<void> {
  const last = events.at(-1)!.globalPosition;
  const increments = await incrementsOfBatch(deps.history, deps.sources, events, deps.timeZone);
  const byDocument = new Map<string, Positioned[]>();
  for (const increment of increments) {
    const id = monthDocumentId(increment.family, increment.month, deps.timeZone);
    byDocument.set(id, byDocument.get(id) ?? []).get(id)!.push(increment);
  }
  const { months: documents } = figureMonthDocuments(deps.db);
  await Promise.all([...byDocument].map(async ([id, ofDocument]) => {
    const stored = await documents.findOne({ _id: id });
    const fresh = ofDocument.filter(({ position }) => stored === null || before(stored.position, position));
    if (fresh.length === 0) return;
    const months = new Map<string, Cell[]>();
    for (const { month, key, counts } of fresh) months.set(month, addToCells(months.get(month) ?? cellsOf(stored, month), key, counts));
    const updated = Object.entries({ ...stored?.months, ...Object.fromEntries([...months].map(([month, cells]) => [month, cells.length === 0 ? null : storedCells(cells)])) });
    const next: MonthDocument = { _id: id, position: last, months: Object.fromEntries(updated.filter((entry): entry is [string, string] => entry[1] !== null)) };
    await writeAtPosition(documents, stored, next, `the month document ${id}`);
  }));
}

/** A batch followed as the follower does: its month documents, then the head by compare and set. */
export async function followBatch(deps: Pick<FigureMonthDeps, 'db' | 'history' | 'sources' | 'timeZone' | 'clock'>, events: readonly RecordedEvent[], head: FigureMonthsHead | null): Promise<FigureMonthsHead> {
  await addBatch(deps, events);
  const next = { _id: figureMonthsHeadId(deps.timeZone), position: events.at(-1)!.globalPosition, followedAt: deps.clock() };
  await writeAtPosition(figureMonthDocuments(deps.db).head, head, next, 'the head of the feedback figure months');
  return next;
}
