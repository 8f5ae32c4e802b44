import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import type { ProjectionWrite } from '@ctp/projections';
import { feedFollower, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db, Document } from 'mongodb';
import { contactFactProjection, type ContactFactCollection, type ContactFactDocument, type WinBackTaskDocument } from '../../contacts/contact-fact-projection.js';
import { followerVersion } from '../../metrics/answer-cache.js';
import type { TraceEvent } from '../../metrics/drill.js';

/**
 * The win-back list (collection `winBackLists`, `_id` `win-back-list-v1`): every win-back task and the obligations
 * feedback planned for them, as the contact facts projection keeps them (its own writes, applied here), held as two
 * JSON strings in the one document that is also the follower's head, so a batch is written at once (compare and
 * set on `position`) and the listing is one read by `_id` instead of every task and obligation document. A new rule
 * or shape gets a new id and follows the feed again.
 */
export const winBackListsCollection = 'winBackLists';
export const winBackListId = 'win-back-list-v1';

export interface WinBackList {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** Set once a batch came shorter than a full one: the follower had reached the feed's end. */
  readonly caughtUp: boolean;
  /** `WinBackTaskDocument[]` as JSON, oldest request first. */
  readonly tasks: string;
  /** The obligations planned for a task (`winBackEventId` set), `ContactFactDocument[]` as JSON. */
  readonly obligations: string;
}

export interface WinBackEntries {
  readonly tasks: WinBackTaskDocument[];
  readonly obligations: ContactFactDocument[];
}

type Stored = Record<string, unknown> & { readonly _id: string; readonly trace: readonly TraceEvent[] };

const dateFields = new Set(['requestedAt', 'dueAt', 'plannedAt', 'fulfilledAt', 'cancelledAt', 'fellDueAt', 'overdueAt']);
const withDates = (key: string, value: unknown) => (dateFields.has(key) && typeof value === 'string' ? new Date(value) : value);

export function entriesOf(list: WinBackList | null): WinBackEntries {
  if (list === null) return { tasks: [], obligations: [] };
  const [tasks, obligations]: [WinBackTaskDocument[], ContactFactDocument[]] = [JSON.parse(list.tasks, withDates), JSON.parse(list.obligations, withDates)];
  return { tasks, obligations };
}

const storedOf = (json: string | undefined): Stored[] => (json === undefined ? [] : JSON.parse(json, withDates));
const followed = (streamId: string): boolean => streamId.startsWith('contact-') || streamId.startsWith('churn-');

/** A projection write applied to the documents in hand as the server would ($set, then the trace pushed), if `keep` says so. */
function applied(documents: Map<string, Stored>, write: ProjectionWrite<ContactFactCollection>, keep: (set: Document, stored: Stored | undefined) => boolean): void {
  if (write.kind !== 'upsert') return;
  const id = String(write.id);
  const stored = documents.get(id);
  const set = write.update.$set ?? {};
  if (!keep(set, stored)) return;
  const pushed: unknown = write.update.$push?.['trace'];
  documents.set(id, { ...(stored ?? { _id: id, trace: [] }), ...set, _id: id, trace: [...(stored?.trace ?? []), ...(isTrace(pushed) ? [pushed] : [])] });
}

const isTrace = (value: unknown): value is TraceEvent => typeof value === 'object' && value !== null && 'position' in value && 'type' in value;

/**
 * The list after `events` (the feed's, any categories): the contact facts projection's writes of the `churn` and
 * `contact` events, a task for each WinBackRequested, an obligation only once planned for a task. Pure.
 */
export function fileWinBack(list: WinBackList | null, events: readonly RecordedEvent[], now: Date, caughtUp: boolean): WinBackList {
  const position = events.at(-1)!.globalPosition;
  // Most batches hold no contact or churn event: the list moves on without parsing and serialising its entries again.
  if (list !== null && !events.some((event) => followed(event.streamId))) return { ...list, position, followedAt: now, caughtUp };
  const tasks = new Map(storedOf(list?.tasks).map((task) => [task._id, task] as const));
  const obligations = new Map(storedOf(list?.obligations).map((obligation) => [obligation._id, obligation] as const));
  for (const write of contactFactProjection.handle(events.filter((event) => followed(event.streamId)))) {
    if (write.collection === 'winBackTasks') applied(tasks, write, () => true);
    else applied(obligations, write, (set, stored) => stored !== undefined || typeof set['winBackEventId'] === 'string');
  }
  return { _id: winBackListId, position, followedAt: now, caughtUp, tasks: JSON.stringify([...tasks.values()]), obligations: JSON.stringify([...obligations.values()]) };
}

export function winBackListDocuments(db: Db) {
  return db.collection<WinBackList>(winBackListsCollection);
}

export const readWinBackList = (db: Db) => winBackListDocuments(db).findOne({ _id: winBackListId });

const batchSize = 1_000;

/**
 * Follows the store's global feed into the win-back list, one process at a time (a lease); the list is its own head,
 * written by compare and set on `position` after each batch, so a crash or a second process counts nothing twice.
 */
export function winBackListFollower(deps: FeedFollowerDeps): BackgroundWork {
  return feedFollower({
    name: 'win-back list',
    ...deps,
    leaseName: `ctp-analytics-win-back-list:${deps.schema}`,
    heads: winBackListDocuments(deps.db),
    headId: winBackListId,
    maxBatchSize: batchSize,
    handler: () => async (events, head) => fileWinBack(head, events, deps.clock(), head?.caughtUp === true || events.length < batchSize),
  });
}

/** The list's position, for the answer cache's version. */
export const winBackListVersion = (db: Db) => followerVersion('analytics-win-back-list', () => readWinBackList(db));
