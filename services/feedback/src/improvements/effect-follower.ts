import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { emptySeries, touches, withAnswer, withComplaint, withCustomerDays, type ComplaintFacts, type EffectScope, type EffectSeries } from '../domain/improvements/effect-series.js';
import type { StreamsOf } from '../lists/paged-lists.js';
import { answerOf, complaintAt, complaintEventTypes, purchaseDaysAt, purchaserOf } from './effect-facts.js';
import { effectDocuments, effectId, effectsHeadId, packSeries, unpackSeries, type ActionEffect, type EffectDocuments, type EffectsHead } from './effect-store.js';

const improvementEvent = decoderFor('improvement');
const batchSize = 1_000;
const parallelWrites = 8;
const after = (position: GlobalPosition, than: GlobalPosition | null) => than === null || compareGlobalPositions(position, than) > 0;
const later = (a: GlobalPosition | null, b: GlobalPosition | null) => (a === null ? b : b === null || compareGlobalPositions(a, b) >= 0 ? a : b);

async function eachInParallel<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  for (let first = 0; first < items.length; first += parallelWrites) await Promise.all(items.slice(first, first + parallelWrites).map(task));
}

/** What one batch of the feed says about the effects: whose purchase days, which complaints and which answers moved, which actions began. */
interface BatchFacts {
  readonly from: GlobalPosition | null;
  readonly position: GlobalPosition;
  readonly timeZone: string;
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]>;
  readonly customers: readonly string[];
  readonly caseIds: readonly string[];
  /** Each customer's purchase days at the batch's start and end, each read from its stream once. */
  readonly days: ReadonlyMap<string, Moved<readonly string[]>>;
  /** Each complaint at the batch's start and end. */
  readonly complaints: ReadonlyMap<string, Moved<ComplaintFacts | null>>;
  readonly answers: readonly { readonly position: GlobalPosition; readonly answer: NonNullable<ReturnType<typeof answerOf>> }[];
  readonly created: readonly NewAction[];
}

interface Moved<T> {
  readonly before: T;
  readonly now: T;
}

interface NewAction {
  readonly actionId: string;
  readonly scope: EffectScope;
  readonly startsOn: string;
}

const customerStream = (facts: BatchFacts, customerId: string) => facts.streams.get(`customer-${customerId}`) ?? [];
const complaintStream = (facts: BatchFacts, caseId: string) => facts.streams.get(`complaint-${caseId}`) ?? [];

async function batchFacts(events: readonly RecordedEvent[], from: GlobalPosition | null, streamsOf: StreamsOf, timeZone: string): Promise<BatchFacts> {
  const customers = [...new Set(events.map(purchaserOf).filter((id) => id !== null))];
  const caseIds = [...new Set(events.filter((event) => event.streamId.startsWith('complaint-') && complaintEventTypes.has(event.type)).map((event) => event.streamId.slice('complaint-'.length)))];
  const streamIds = [...customers.map((id) => `customer-${id}`), ...caseIds.map((id) => `complaint-${id}`)];
  const answers = events.flatMap((event) => {
    const answer = answerOf(event, timeZone);
    return answer === null ? [] : [{ position: event.globalPosition, answer }];
  });
  const created = events.filter((event) => event.type === 'ImprovementActionCreated').map((raw) => {
    const event = improvementEvent(raw);
    if (event.type !== 'ImprovementActionCreated') throw new Error(`expected ImprovementActionCreated at ${raw.globalPosition}`);
    return { actionId: event.data.actionId, scope: event.data.scope, startsOn: event.data.startsOn };
  });
  const position = events.at(-1)!.globalPosition;
  const streams: ReadonlyMap<string, readonly RecordedEvent[]> = streamIds.length > 0 ? await streamsOf(streamIds) : new Map();
  const streamOf = (id: string) => streams.get(id) ?? [];
  const days = new Map(customers.map((id) => [id, { before: purchaseDaysAt(streamOf(`customer-${id}`), from, timeZone), now: purchaseDaysAt(streamOf(`customer-${id}`), position, timeZone) }]));
  const complaints = new Map(caseIds.map((id) => [id, { before: complaintAt(streamOf(`complaint-${id}`), from, timeZone), now: complaintAt(streamOf(`complaint-${id}`), position, timeZone) }]));
  return { from, position, timeZone, streams, customers, caseIds, days, complaints, answers, created };
}

/** 1. The facts an action created later is counted from, each written as of the batch (never back to an earlier position). */
async function keepFacts(documents: EffectDocuments, facts: BatchFacts): Promise<void> {
  const { position } = facts;
  const keep = async <T>(collection: typeof documents.customers | typeof documents.complaints | typeof documents.answers, id: string, value: T) => {
    const stored = await collection.findOne({ _id: id });
    if (stored !== null && !after(position, stored.position)) return;
    await collection.replaceOne({ _id: id }, { position, facts: value } as never, { upsert: true });
  };
  await eachInParallel(facts.customers, (id) => keep(documents.customers, id, facts.days.get(id)!.now.join(',')));
  await eachInParallel(facts.caseIds, async (id) => {
    const complaint = facts.complaints.get(id)!.now;
    if (complaint !== null) await keep(documents.complaints, id, complaint);
  });
  await eachInParallel(facts.answers, ({ answer: { invitationId, ...answer } }) => keep(documents.answers, invitationId, answer));
}

/** The days a batch may have moved something on: an action whose window holds none of them is left alone. */
function movedDays(facts: BatchFacts): string[] {
  const days = [...facts.days.values()].flatMap(({ before, now }) => now.filter((day) => !before.includes(day)));
  const complaints = [...facts.complaints.values()].flatMap(({ now }) => now?.day ?? []);
  return [...new Set([...days, ...complaints, ...facts.answers.map(({ answer }) => answer.day)])];
}

/**
 * 2. An action's series moved by the batch: from what it holds (as of its own position, or the batch's start if
 * later: a document written before a crash holds part of this batch already), to the batch's end.
 */
function movedSeries(stored: ActionEffect, facts: BatchFacts): EffectSeries {
  const { scope } = stored;
  const base = later(stored.position, facts.from);
  // Held from the batch's start, unless written before a crash in this batch: then as of its own position.
  const fromStart = base === facts.from;
  let series = unpackSeries(stored.series);
  for (const [id, { before, now }] of facts.days) series = withCustomerDays(series, fromStart ? before : purchaseDaysAt(customerStream(facts, id), base, facts.timeZone), now);
  for (const [id, { before, now }] of facts.complaints) series = withComplaint(series, scope, fromStart ? before : complaintAt(complaintStream(facts, id), base, facts.timeZone), now);
  for (const { position, answer } of facts.answers) if (after(position, base)) series = withAnswer(series, scope, answer);
  return series;
}

/** 3. A new action's series, counted from every fact kept (as of the batch's end: a fact kept past it is read again from its stream). */
async function seriesFromFacts(documents: EffectDocuments, actions: readonly NewAction[], facts: BatchFacts, streamsOf: StreamsOf): Promise<EffectSeries[]> {
  const [customers, complaints, answers] = await Promise.all([documents.customers.find({}).toArray(), documents.complaints.find({}).toArray(), documents.answers.find({}).toArray()]);
  const ahead = [...customers.map(({ _id, position }) => ({ id: `customer-${_id}`, position })), ...complaints.map(({ _id, position }) => ({ id: `complaint-${_id}`, position }))].filter(({ position }) => after(position, facts.position));
  const streams = ahead.length > 0 ? await streamsOf(ahead.map(({ id }) => id)) : new Map<string, readonly RecordedEvent[]>();
  const daysOf = (kept: (typeof customers)[number]) => (after(kept.position, facts.position) ? purchaseDaysAt(streams.get(`customer-${kept._id}`) ?? [], facts.position, facts.timeZone) : kept.facts.split(',').filter((day) => day !== ''));
  const complaintOf = (kept: (typeof complaints)[number]) => (after(kept.position, facts.position) ? complaintAt(streams.get(`complaint-${kept._id}`) ?? [], facts.position, facts.timeZone) : kept.facts);
  return actions.map((action) => {
    let series = emptySeries(action.startsOn);
    for (const kept of customers) series = withCustomerDays(series, [], daysOf(kept));
    for (const kept of complaints) series = withComplaint(series, action.scope, null, complaintOf(kept));
    for (const kept of answers) if (!after(kept.position, facts.position)) series = withAnswer(series, action.scope, kept.facts);
    return series;
  });
}

/** A batch of the feed filed into the effects: facts kept, known actions' series moved, new actions counted; answers the head to write. */
export async function fileEffects(documents: EffectDocuments, events: readonly RecordedEvent[], head: EffectsHead | null, streamsOf: StreamsOf, timeZone: string, now: Date): Promise<EffectsHead> {
  const facts = await batchFacts(events, head?.position ?? null, streamsOf, timeZone);
  await keepFacts(documents, facts);
  const days = movedDays(facts);
  // Every action counted so far (a few hundred small documents), among them any counted before a crash in this batch.
  const counted = days.length > 0 || facts.created.length > 0 ? await documents.effects.find({ _id: { $ne: effectsHeadId } }).toArray() : [];
  const touched = counted.filter(({ series }) => days.some((day) => touches(day, series.startsOn)));
  await eachInParallel(touched, async (effect) => {
    const series = packSeries(movedSeries(effect, facts));
    if (series.counts !== effect.series.counts) await writeAtPosition(documents.effects, effect, { ...effect, position: facts.position, series }, `the effect of ${effect.actionId}`);
  });
  const fresh = facts.created.filter(({ actionId }) => !counted.some((effect) => effect.actionId === actionId));
  if (fresh.length > 0) {
    const series = await seriesFromFacts(documents, fresh, facts, streamsOf);
    await eachInParallel(fresh.map((action, index) => ({ action, series: series[index]! })), ({ action, series: counts }) =>
      writeAtPosition(documents.effects, null, { _id: effectId(action.actionId), position: facts.position, actionId: action.actionId, scope: action.scope, series: packSeries(counts) }, `the effect of ${action.actionId}`),
    );
  }
  return {
    _id: effectsHeadId,
    position: facts.position,
    followedAt: now,
    caughtUp: head?.caughtUp === true || events.length < batchSize,
  };
}

/**
 * Follows the store's global feed and keeps each improvement action's effect series (complaints in scope, CSAT in
 * scope and the customers' purchase days around its start), so the effect route reads one document. One process
 * follows at a time (a lease); the head is written last, and a batch filed again counts nothing twice.
 */
export function effectFollower(deps: FeedFollowerDeps & { timeZone: string }): BackgroundWork {
  const documents = effectDocuments(deps.db);
  return feedFollower({
    name: 'improvement effects',
    ...deps,
    leaseName: `ctp-improvement-effects:${deps.schema}`,
    heads: documents.head,
    headId: effectsHeadId,
    maxBatchSize: batchSize,
    handler: () => (events, head) => fileEffects(documents, events, head, (ids) => deps.history.readStreams(ids), deps.timeZone, deps.clock()),
  });
}
