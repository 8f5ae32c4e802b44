import type { CaseEvent, RecordedEvent } from '@ctp/contracts';
import { activeCollection, projectEvents } from '@ctp/projections';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { openCase, play, priority, reply, status, tier, type Step } from '../domain/test-support/cases.js';
import { caseProjection, type CaseDocument } from './case-projection.js';
import { queueHeadAfter } from './queue-follower.js';
import { queueItem } from './queue-item.js';
import { listedQueuePage, listOf } from './queue-lists-reads.js';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { chunkId, fileQueueBatch, listHeadId, queueHeadId, queueListDocuments, type QueueListDocuments } from './queue-lists-store.js';
import { queueFilter, queueQuerySchema } from './queue-query.js';
import { queuePage } from './queue-order.js';
import { queueRoutes } from './queue-routes.js';
import { recordedCase } from './test-support/recorded-case.js';

const client = new MongoClient(mongoUrl());
const day = '2026-03-04T';
const first = { metric: 'first_response', cycle: 1 } as const;
const assign = (caseId: string, kind: 'agent' | 'team', id: string, hour: string): CaseEvent => ({
  type: 'CaseReassigned',
  data: { caseId, from: null, to: { kind, id }, reassignedAt: `${day}${hour}:00:00+08:00`, by: 'lead-1' },
});
const next = (before: Step[], step: Step) => play(...before, step).slice(play(...before).length);

const opened = (caseId: string, hour: string, changes: Partial<Parameters<typeof openCase>[0]> = {}) => openCase({ caseId, openedAt: `${day}${hour}:00:00+08:00`, ...changes });
const breachedSteps: Step[] = [opened('L-breached', '09'), { kind: 'fire', timer: { ...first, kind: 'warning' }, now: `${day}09:12:00+08:00` }, { kind: 'fire', timer: { ...first, kind: 'breach' }, now: `${day}09:16:00+08:00` }];
const warnedSteps: Step[] = [opened('L-warned', '10'), { kind: 'fire', timer: { ...first, kind: 'warning' }, now: `${day}10:12:00+08:00` }];
const histories: Record<string, CaseEvent[]> = {
  'L-breached': [...play(...breachedSteps), assign('L-breached', 'agent', 'agent-1', '09')],
  'L-warned': [...play(...warnedSteps), assign('L-warned', 'agent', 'agent-1', '10')],
  'L-online': play(opened('L-online', '13', { channel: 'online' })),
  'L-phone': [...play(opened('L-phone', '14')), assign('L-phone', 'team', 'T-1', '14')],
  'L-answered': [...play(opened('L-answered', '10'), reply(`${day}10:05:00+08:00`)), assign('L-answered', 'agent', 'agent-1', '10')],
  'L-resolved': play(opened('L-resolved', '08'), reply(`${day}09:05:00+08:00`), status('resolved', `${day}09:30:00+08:00`)),
  'L-waiting': [...play(opened('L-waiting', '08'), reply(`${day}09:05:00+08:00`), status('waiting_on_customer', `${day}10:00:00+08:00`)), assign('L-waiting', 'team', 'T-1', '10')],
};

/** The cases' events interleaved (one of each case in turn), at positions 1, 2, ... after `from`. */
function feed(streams: Record<string, CaseEvent[]>, from = 0): RecordedEvent[] {
  const recorded = Object.entries(streams).map(([caseId, events]) => recordedCase(events, caseId));
  const longest = Math.max(...recorded.map((events) => events.length));
  const interleaved = Array.from({ length: longest }, (_, index) => recorded.flatMap((events) => (events[index] ? [events[index]] : []))).flat();
  return interleaved.map((event, index) => ({ ...event, globalPosition: String(from + index + 1) }));
}

/** Events that come after `histories`: their revisions renumbered after each case's history. */
const afterHistories = (later: readonly RecordedEvent[]) =>
  later.map((event) => ({ ...event, revision: (histories[event.streamId.slice('case-'.length)]?.length ?? 0) + later.filter((other) => other.streamId === event.streamId && BigInt(other.globalPosition) < BigInt(event.globalPosition)).length }));

/** Chunks of two to four cases, so that the seven cases' lists are cut into several. */
const chunkSize = 2;
const file = (documents: QueueListDocuments, events: readonly RecordedEvent[]) => fileQueueBatch(documents, events, chunkSize);

async function fileInBatches(documents: QueueListDocuments, events: readonly RecordedEvent[], size: number) {
  for (let start = 0; start < events.length; start += size) await file(documents, events.slice(start, start + size));
}

/** The collection with its writes failing, as if the process ended before them. */
const failingWrites = <T extends Document>(collection: Collection<T>) =>
  new Proxy(collection, {
    get: (target, name, receiver) => (['insertOne', 'replaceOne'].includes(String(name)) ? async () => Promise.reject(new Error('gone')) : Reflect.get(target, name, receiver)),
  });

const queries = ['', 'limit=2', 'limit=3&offset=2', 'offset=6', 'view=open', 'view=at_risk', 'view=breached', 'view=open&limit=2&offset=1', 'agent=agent-1', 'agent=agent-1&view=open', 'agent=agent-1&view=open&limit=1&offset=1', 'team=T-1', 'team=T-1&view=open', 'agent=agent-9',
  'status=open', 'status=waiting_on_customer', 'status=resolved', 'status=resolved&view=open', 'channel=phone&limit=2&offset=1', 'channel=online', 'type=complaint&view=at_risk', 'tier=standard', 'tier=gold'];

describe('the queue kept in lists by a follower of the case streams', () => {
  afterAll(async () => {
    await client.close();
  });

  async function setUp(events: readonly RecordedEvent[]) {
    const db = client.db(uniqueName('sla_queue_lists'));
    await projectEvents(db, caseProjection, events);
    const cases = await activeCollection<CaseDocument>(db, caseProjection.name, 'cases');
    const documents = queueListDocuments(db);
    /** Every query's page from the lists, checked against the whole queue filtered; answers the ids by query. */
    const pages = async () => {
      const answers: Record<string, string[]> = {};
      for (const query of queries) {
        const parsed = queueQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));
        const listed = await listedQueuePage(documents, listOf(parsed)!, parsed.offset, parsed.limit);
        const filtered = await queuePage(cases, queueFilter(parsed), parsed.offset, parsed.limit);
        expect(JSON.stringify(listed), query).toBe(JSON.stringify({ total: filtered.total, lines: filtered.documents.map(queueItem) }));
        answers[query] = listed.lines.map(({ caseId }) => caseId);
      }
      return answers;
    };
    return { db, cases, documents, pages, project: (more: readonly RecordedEvent[]) => projectEvents(db, caseProjection, more) };
  }

  /**
   * What the lists hold: each list's cases and keys through its chunks in order (where it is cut differs by batch), each
   * chunk holding its head's count and at most twice the chunk size, and no other chunk but those a crash left past them.
   */
  const held = async (documents: QueueListDocuments) => {
    const heads = await documents.lists.find({ _id: new RegExp(`^${queueHeadId}:list:`) }).sort({ _id: 1 }).toArray();
    const chunks = new Map((await documents.chunks.find({ _id: new RegExp(`^${queueHeadId}:chunk:`) }).toArray()).map((chunk) => [chunk._id, chunk.entries]));
    const lists = heads.map(({ _id, chunks: ranges, nextChunk }) => {
      const list = _id.slice(listHeadId('').length);
      const entries = ranges.map(({ id, cases }) => {
        const stored = chunks.get(chunkId(list, id)) ?? [];
        chunks.delete(chunkId(list, id));
        expect(stored.length, `${list} chunk ${id}`).toBe(cases);
        expect(stored.length).toBeLessThanOrEqual(2 * chunkSize);
        return stored;
      });
      for (const id of [...chunks.keys()].filter((id) => id.startsWith(chunkId(list, '')))) {
        expect(Number(id.slice(chunkId(list, '').length)), `${id}, left by a crash, is numbered for the next cut to write over`).toBeGreaterThanOrEqual(nextChunk);
        chunks.delete(id);
      }
      // When an entry was put depends on where the batches were cut; which case is at which key does not.
      return { list, entries: entries.flat().map(({ caseId, key }) => ({ caseId, key })) };
    });
    expect([...chunks.keys()], 'chunks of no list').toEqual([]);
    return lists.filter(({ entries }) => entries.length > 0);
  };

  it('answers every page of the whole queue, each view and each agent and team as the filter does', async () => {
    const events = feed(histories);
    const { documents, pages } = await setUp(events);
    await file(documents, events);
    const answers = await pages();
    expect(answers['']).toEqual(['L-breached', 'L-warned', 'L-online', 'L-phone', 'L-answered', 'L-resolved', 'L-waiting']);
    expect(answers['view=breached']).toEqual(['L-breached']);
    expect(answers['view=at_risk']).toEqual(['L-warned']);
    expect(answers['agent=agent-1']).toEqual(['L-breached', 'L-warned', 'L-answered']);
    expect(answers['status=waiting_on_customer']).toEqual(['L-waiting']);
    expect(answers['channel=online']).toEqual(['L-online']);
  });

  it('counts nothing twice when the feed is filed again in other batch boundaries, as after a crash', async () => {
    const events = feed(histories);
    const once = await setUp(events);
    await file(once.documents, events);
    const again = await setUp(events);
    await fileInBatches(again.documents, events.slice(0, 11), 4);
    await fileInBatches(again.documents, events, 3);
    await fileInBatches(again.documents, events.slice(5), 7);
    expect(await again.pages()).toEqual(await once.pages());
    expect(await held(again.documents)).toEqual(await held(once.documents));

    const placesOnly = await setUp(events);
    await placesOnly.documents.places.insertMany(await once.documents.places.find({ _id: new RegExp(`^${queueHeadId}:case:`) }).toArray());
    await fileInBatches(placesOnly.documents, events, 6);
    expect(await held(placesOnly.documents), 'places written, the process gone before their chunks').toEqual(await held(once.documents));

    const chunksOnly = await setUp(events);
    const crashing = { ...chunksOnly.documents, lists: failingWrites(chunksOnly.documents.lists) };
    await file(chunksOnly.documents, events.slice(0, 9));
    await expect(file(crashing, events.slice(9)), 'the process gone after the chunks, before the heads').rejects.toThrow('gone');
    await fileInBatches(chunksOnly.documents, events.slice(9), 5);
    expect(await held(chunksOnly.documents)).toEqual(await held(once.documents));
    expect(await chunksOnly.pages()).toEqual(await once.pages());
  });

  it('shows a case moving between agents, views and deadlines in the pages it now belongs to', async () => {
    const events = feed(histories);
    const { documents, pages, project } = await setUp(events);
    await file(documents, events);
    const later = feed(
      {
        'L-warned': [...next(warnedSteps, reply(`${day}10:20:00+08:00`)), assign('L-warned', 'team', 'T-1', '11')],
        'L-breached': next(breachedSteps, status('resolved', `${day}11:00:00+08:00`)),
        'L-online': [assign('L-online', 'agent', 'agent-1', '11')],
      },
      events.length,
    );
    const revised = afterHistories(later);
    await project(revised);
    await fileInBatches(documents, revised, 2);
    const answers = await pages();
    expect(answers['agent=agent-1']?.toSorted()).toEqual(['L-answered', 'L-breached', 'L-online']);
    expect(answers['agent=agent-1&view=open'], 'L-breached resolved').toEqual(['L-online', 'L-answered']);
    expect(answers['team=T-1']).toContain('L-warned');
    expect(answers['view=at_risk'], 'L-warned answered').toEqual([]);
    expect(answers['status=resolved']?.toSorted(), 'L-breached resolved').toEqual(['L-breached', 'L-resolved']);
  });

  it("keeps each case's line in its place as its events change it, and answers a page without the cases documents", async () => {
    const events = feed(histories);
    const { cases, documents, pages, project } = await setUp(events);
    await file(documents, events);
    const later = afterHistories(
      feed(
        {
          'L-online': next([opened('L-online', '13', { channel: 'online' })], status('waiting_on_customer', `${day}13:30:00+08:00`)),
          'L-phone': [assign('L-phone', 'agent', 'agent-2', '15')],
          'L-answered': next([opened('L-answered', '10'), reply(`${day}10:05:00+08:00`)], priority('urgent', `${day}11:00:00+08:00`)),
          'L-waiting': next([opened('L-waiting', '08'), reply(`${day}09:05:00+08:00`), status('waiting_on_customer', `${day}10:00:00+08:00`)], tier('gold', `${day}12:00:00+08:00`)),
        },
        events.length,
      ),
    );
    await project(later);
    await fileInBatches(documents, later, 3);
    const answers = await pages();
    expect(answers['status=waiting_on_customer']?.toSorted()).toEqual(['L-online', 'L-waiting']);
    expect(answers['tier=gold']).toEqual(['L-waiting']);
    const line = async (caseId: string) => (await listedQueuePage(documents, 'all', 0, 50)).lines.find((item) => item.caseId === caseId);
    expect(await line('L-online')).toMatchObject({ status: 'waiting_on_customer' });
    expect(await line('L-phone')).toMatchObject({ assignee: { kind: 'agent', id: 'agent-2' } });
    expect(await line('L-answered')).toMatchObject({ priority: 'urgent' });
    expect(await line('L-waiting')).toMatchObject({ tier: 'gold', position: later.filter(({ streamId }) => streamId === 'case-L-waiting').at(-1)!.globalPosition });
    const page = await listedQueuePage(documents, 'all', 0, 50);
    await cases.deleteMany({});
    expect(await listedQueuePage(documents, 'all', 0, 50), 'read from the lists and places alone').toEqual(page);
  });

  it('answers the route from the lists once they followed the feed, and by the filter for a minPosition they have not reached', async () => {
    const events = feed(histories);
    const { db, documents } = await setUp(events);
    const filed = events.slice(0, 5);
    await documents.head.insertOne(await queueHeadAfter(documents, { headPosition: async () => filed.at(-1)!.globalPosition }, filed, null, new Date('2026-03-05T00:00:00Z')));
    const app = await testApp({ routes: queueRoutes({ db, readYourWrites: async () => undefined }) });
    const ids = async (query: string) => ((await app.inject({ url: `/v1/cases?${query}`, headers: bearer('agent') })).json().cases as { caseId: string }[]).map(({ caseId }) => caseId);
    try {
      expect(await ids(''), 'the five cases the lists hold').toHaveLength(5);
      expect(await ids(`minPosition=${events.length}`)).toEqual(['L-breached', 'L-warned', 'L-online', 'L-phone', 'L-answered', 'L-resolved', 'L-waiting']);
      const head = await documents.head.findOne({ _id: queueHeadId });
      await documents.head.replaceOne({ _id: queueHeadId }, await queueHeadAfter(documents, { headPosition: async () => events.at(-1)!.globalPosition }, events.slice(5), head, new Date('2026-03-05T00:01:00Z')));
      const body = async (query: string) => (await app.inject({ url: `/v1/cases?${query}`, headers: bearer('agent') })).body;
      for (const query of ['', 'view=open&limit=3&offset=1', 'agent=agent-1', 'status=open', 'channel=phone&view=open', 'status=open,resolved']) {
        expect(await body(query), `${query} from the lists, byte for byte as by the filter`).toBe(await body(`${query}&minPosition=${events.length + 1}`));
      }
    } finally {
      await app.close();
    }
  });
});
