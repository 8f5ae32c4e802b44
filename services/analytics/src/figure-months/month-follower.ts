import { compareGlobalPositions, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { feedFollower, timeSlices, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { addToCells, type Cell, type Increment } from './counts.js';
import type { Month } from '../metrics/period.js';
import { fileRowLists, type RowEntry } from '../metrics/row-lists.js';
import { cellsOf, figureMonthDocuments, figureMonthsHeadId, monthDocumentId, rowListOf, storedCells, type FigureMonthsHead, type MonthDocument } from './month-store.js';

/** A kind of fact the month documents count, and how to count it. */
export interface FigureSource {
  /** The streams whose events make the fact this event changes, or null: the event changes no fact of this kind. */
  streamsOf(event: RecordedEvent): readonly string[] | null;
  /** What the fact made of these events (its streams' events, in feed order) adds to the months. */
  incrementsOf(events: readonly RecordedEvent[], timeZone: string): readonly Increment[];
  /** The row a drill listing shows of the fact made of these events (its document as its projection writes it), and where it is listed; null: none. */
  rowOf?(events: readonly RecordedEvent[], timeZone: string): ListedRow | null;
}

/** A fact's row as a drill listing's family lists it in a month: its id and its JSON. */
export interface ListedRow {
  readonly family: string;
  readonly month: Month;
  readonly id: string;
  readonly json: string;
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
 * Each month document holds the position it was written at and takes only increments after it; the drill listings'
 * rows follow (row-lists.ts, under ids the batch's positions name), and the head, naming their directory, is written
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
    handler: () => {
      const lastWritten = new Map<string, readonly RowEntry[]>();
      return (events, head) => nextHead(deps, events, head, lastWritten);
    },
  });
}

const before = (a: GlobalPosition, b: GlobalPosition) => compareGlobalPositions(a, b) < 0;

/** What a batch changes: each event's increments (its fact after it, less its fact before it), and the listed rows of the facts it touches, per list. */
async function changesOfBatch(
  history: EventStore, sources: readonly FigureSource[], events: readonly RecordedEvent[], timeZone: string,
): Promise<{ readonly increments: Positioned[]; readonly rows: Map<string, RowEntry[]> }> {
  const touched = events.flatMap((event) => sources.flatMap((source) => {
    const streams = source.streamsOf(event);
    return streams === null ? [] : [{ event, source, streams }];
  }));
  const [increments, rows] = [[] as Positioned[], new Map<string, RowEntry[]>()];
  if (touched.length === 0) return { increments, rows };
  const read = await history.readStreams([...new Set(touched.flatMap(({ streams }) => streams))]);
  const historyOf = (streams: readonly string[]) => streams.flatMap((streamId) => read.get(streamId) ?? []).sort((a, b) => compareGlobalPositions(a.globalPosition, b.globalPosition));
  const last = events.at(-1)!.globalPosition;
  const giveWay = timeSlices();
  const facts = new Map<string, { readonly source: FigureSource; readonly streams: readonly string[] }>();
  for (const { event, source, streams } of touched) {
    await giveWay();
    const position = event.globalPosition;
    const upTo = historyOf(streams).filter((each) => !before(position, each.globalPosition));
    const earlier = upTo.filter((each) => each.globalPosition !== position);
    const tagged = (ofFact: readonly Increment[], sign: 1 | -1) => ofFact.map((increment) => ({ ...increment, counts: sign === 1 ? increment.counts : negate(increment.counts), position }));
    increments.push(...tagged(source.incrementsOf(upTo, timeZone), 1), ...tagged(source.incrementsOf(earlier, timeZone), -1));
    if (source.rowOf) facts.set(`${sources.indexOf(source)}:${streams.join(',')}`, { source, streams });
  }
  for (const { source, streams } of facts.values()) {
    await giveWay();
    const row = source.rowOf!(historyOf(streams).filter((each) => !before(last, each.globalPosition)), timeZone);
    if (row === null) continue;
    const list = rowListOf(row.family, row.month);
    (rows.get(list) ?? rows.set(list, []).get(list)!).push([row.id, row.json]);
  }
  return { increments, rows };
}

const negate = (counts: Increment['counts']) => Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, -count]));

/** Adds a batch's increments to their month documents, each only those after the position it holds; answers the batch's rows. */
export async function addBatch(deps: Pick<FigureMonthDeps, 'db' | 'history' | 'sources' | 'timeZone'>, events: readonly RecordedEvent[]): Promise<Map<string, RowEntry[]>> {
  const last = events.at(-1)!.globalPosition;
  const { increments, rows } = await changesOfBatch(deps.history, deps.sources, events, deps.timeZone);
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
  return rows;
}

type BatchDeps = Pick<FigureMonthDeps, 'db' | 'history' | 'sources' | 'timeZone' | 'clock'>;

/**
 * A batch's month documents and rows written (the rows under ids the head's position and the batch's last name, so a
 * batch read again after a crash writes the same), and the head it moves to answered.
 */
async function nextHead(deps: BatchDeps, events: readonly RecordedEvent[], head: FigureMonthsHead | null, lastWritten?: Map<string, readonly RowEntry[]>): Promise<FigureMonthsHead> {
  const rows = await addBatch(deps, events);
  const [headId, position] = [figureMonthsHeadId(deps.timeZone), events.at(-1)!.globalPosition];
  const listings = await fileRowLists(figureMonthDocuments(deps.db).rows, { headId, position, head }, rows, { lastWritten });
  return { _id: headId, position, followedAt: deps.clock(), ...listings };
}

/** A batch followed as the follower does: its month documents and rows, then the head by compare and set. */
export async function followBatch(deps: BatchDeps, events: readonly RecordedEvent[], head: FigureMonthsHead | null): Promise<FigureMonthsHead> {
  const next = await nextHead(deps, events, head);
  await writeAtPosition(figureMonthDocuments(deps.db).head, head, next, 'the head of the feedback figure months');
  return next;
}
