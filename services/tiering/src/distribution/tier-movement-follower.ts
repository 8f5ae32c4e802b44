import { isDuplicateKey } from '@ctp/projections';
import { decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { addToDay, dayOf, freshMoves, type DayMove, type MovementDay, type MovementPage } from '../domain/movement-days.js';
import { addToMonth, monthOf, type MovementMonth } from '../domain/movement-months.js';
import { movementOf } from '../domain/tier-movements.js';

/**
 * One collection, read by `_id` only: the head (`movements-v2`, how far the feed was followed), one document per UTC
 * month (`movements-v2:2026-06`, its days' counts and page spans), one per UTC day of moves
 * (`movements-v2:2026-06-01`, its counts and page summaries) and the day's pages (`movements-v2:2026-06-01:0003`).
 * A new rule or shape gets new ids, so a deployment follows the feed again from its start (v2: the months).
 */
/** Events per batch read from the feed. */
export const followerBatchSize = 1_000;
export const movementDaysCollection = 'tierMovementDays';
export const movementsHeadId = 'movements-v2';
export const movementMonthId = (month: string) => `${movementsHeadId}:${month}`;
export const movementDayId = (day: string) => `${movementsHeadId}:${day}`;
export const movementPageId = (day: string, index: number) => `${movementDayId(day)}:${String(index).padStart(4, '0')}`;

export type Stored<T> = T & { readonly _id: string };
export interface MovementsHead {
  readonly position: GlobalPosition;
  readonly followedAt: Date;
}
/** `size` guards the page: a page never shrinks. */
export type StoredPage = Stored<MovementPage> & { readonly size: number };

/** The collection's four kinds of document, each read by `_id`. */
export function movementDocuments(db: Db) {
  return {
    head: db.collection<Stored<MovementsHead>>(movementDaysCollection),
    months: db.collection<Stored<MovementMonth>>(movementDaysCollection),
    days: db.collection<Stored<MovementDay>>(movementDaysCollection),
    pages: db.collection<StoredPage>(movementDaysCollection),
  };
}
export type MovementDocuments = ReturnType<typeof movementDocuments>;

const tierEvent = decoderFor('tier');

/**
 * Follows the store's global feed and files each tier movement under its UTC day: counts and pages of moves in
 * order. Each day document is written only if its position is the one read (compare and set) and skips moves at
 * or before it, so every event counts once whatever crashes, redeliveries or other instances do; pages only grow.
 * One process follows at a time (a lease), as the tier counts do.
 */
export function tierMovementFollower(deps: FeedFollowerDeps): BackgroundWork {
  const documents = movementDocuments(deps.db);
  return feedFollower({
    name: 'tier movements',
    ...deps,
    leaseName: `ctp-tier-movements:${deps.schema}`,
    heads: documents.head,
    headId: movementsHeadId,
    maxBatchSize: followerBatchSize,
    handler: () => (events) => headAfter(documents, events, deps.clock()),
  });
}

export function movesOf(events: readonly RecordedEvent[]): DayMove[] {
  return events.flatMap((raw) => {
    if (!raw.streamId.startsWith('tier-')) return [];
    const event = tierEvent(raw);
    const movement = movementOf(event);
    return movement ? [{ ...movement, eventId: event.id, position: event.globalPosition }] : [];
  });
}

/** Files a batch's days; answers the head to write after them. */
async function headAfter(documents: MovementDocuments, events: readonly RecordedEvent[], now: Date): Promise<Stored<MovementsHead>> {
  return { _id: movementsHeadId, position: await fileMoves(documents, events), followedAt: now };
}

/** A batch filed as the follower files it: its days, then the head by compare and set. */
export async function fileBatch(documents: MovementDocuments, events: readonly RecordedEvent[], head: Stored<MovementsHead> | null, now: Date): Promise<Stored<MovementsHead>> {
  const next = await headAfter(documents, events, now);
  await writeAtPosition(documents.head, head, next, 'the tier movements');
  return next;
}

/**
 * Files a batch's moves under their days, then their months; answers the batch's last position. A crash between a
 * day and its month leaves the day ahead: the batch read again adds nothing to the day, and to the month what it lacks.
 */
export async function fileMoves(documents: MovementDocuments, events: readonly RecordedEvent[]): Promise<GlobalPosition> {
  const last = events.at(-1)!.globalPosition;
  const moves = movesOf(events);
  for (const [day, ofDay] of groupBy(moves, (move) => dayOf(move.at))) await fileDay(documents, day, ofDay, last);
  for (const [month, ofMonth] of groupBy(moves, (move) => monthOf(dayOf(move.at)))) await fileMonth(documents, month, ofMonth, last);
  return last;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** One month's moves of a batch (in feed order), by compare and set on the month's position. */
export async function fileMonth(documents: MovementDocuments, month: string, moves: readonly DayMove[], last: GlobalPosition): Promise<void> {
  const stored = await documents.months.findOne({ _id: movementMonthId(month) });
  const added = addToMonth(stored, month, moves, last);
  if (added !== null) await writeAtPosition(documents.months, stored, { _id: movementMonthId(month), ...added }, `the moves of ${month}`);
}

/** One day's moves of a batch (in feed order). Pages first, then the day: a crash in between leaves pages ahead of their day, which the next try writes again. */
export async function fileDay(documents: MovementDocuments, day: string, moves: readonly DayMove[], last: GlobalPosition): Promise<void> {
  const stored = await documents.days.findOne({ _id: movementDayId(day) });
  if (freshMoves(stored, moves).length === 0) return;
  const lastIndex = (stored?.pages.length ?? 0) - 1;
  const lastPage = lastIndex < 0 ? null : await documents.pages.findOne({ _id: movementPageId(day, lastIndex) });
  const added = addToDay(stored, lastPage?.moves ?? [], moves, last, day);
  if (added === null) return;
  for (const page of added.pages) {
    // A page never shrinks: a writer with fewer moves on it finds it longer already, and its insert is refused.
    await documents.pages.replaceOne({ _id: movementPageId(day, page.index), size: { $lt: page.moves.length } }, { ...page, size: page.moves.length }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  }
  await writeAtPosition(documents.days, stored, { _id: movementDayId(day), ...added.day }, `the moves of ${day}`);
}
