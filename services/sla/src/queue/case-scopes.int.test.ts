import type { CaseEvent } from '@ctp/contracts';
import { activeCollection, projectEvents } from '@ctp/projections';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { openCase, play, reply, status, type Step } from '../domain/test-support/cases.js';
import { caseProjection, type CaseDocument } from './case-projection.js';
import { scopedQueuePage, scopeOf, type CaseScope } from './case-scopes.js';
import { queueFilter, queueQuerySchema } from './queue-query.js';
import { queuePage } from './queue-order.js';
import { recordedCase } from './test-support/recorded-case.js';

const client = new MongoClient(mongoUrl());
const day = '2026-03-04T';
const assign = (caseId: string, kind: 'agent' | 'team', id: string, hour: string): CaseEvent => ({
  type: 'CaseReassigned',
  data: { caseId, from: null, to: { kind, id }, reassignedAt: `${day}${hour}:00:00+08:00`, by: 'lead-1' },
});

/** The events `step` adds to a case that went through `before`. */
const next = (before: Step[], step: Step) => play(...before, step).slice(play(...before).length);

/** Each case's whole history so far; `project` appends what was added since the last call at later positions. */
function caseBook(db: Db) {
  const histories = new Map<string, CaseEvent[]>();
  const projected = new Map<string, number>();
  let nextPosition = 1;
  return {
    add: (caseId: string, ...events: CaseEvent[]) => void histories.set(caseId, [...(histories.get(caseId) ?? []), ...events]),
    project: async () => {
      const recorded = [...histories].flatMap(([caseId, history]) => {
        const fresh = recordedCase(history, caseId).slice(projected.get(caseId) ?? 0);
        projected.set(caseId, history.length);
        return fresh.map((event) => ({ ...event, globalPosition: String(nextPosition++) }));
      });
      await projectEvents(db, caseProjection, recorded);
    },
  };
}

describe('the queues of a customer, an agent and a team, read from their case ids', () => {
  afterAll(async () => {
    await client.close();
  });

  async function queues() {
    const db = client.db(uniqueName('sla_case_scopes'));
    const [cases, scopes] = [await activeCollection<CaseDocument>(db, caseProjection.name, 'cases'), await activeCollection<CaseScope>(db, caseProjection.name, 'caseScopes')];
    /** The page from the scope, checked against the whole queue filtered (the path for every other query). */
    const page = async (query: string) => {
      const parsed = queueQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));
      const scoped = await scopedQueuePage(scopes, cases, scopeOf(parsed)!, parsed);
      const filtered = await queuePage(cases, queueFilter(parsed), parsed.offset, parsed.limit);
      expect(scoped, query).toEqual(filtered);
      return scoped.documents.map(({ _id }) => _id);
    };
    return { book: caseBook(db), page };
  }

  it('answers every filter and page of a scope as the whole queue filtered', async () => {
    const { book, page } = await queues();
    book.add('Q-1', ...play(openCase({ caseId: 'Q-1', openedAt: `${day}09:00:00+08:00` })), assign('Q-1', 'agent', 'agent-1', '09'));
    book.add('Q-2', ...play(openCase({ caseId: 'Q-2', channel: 'email', openedAt: `${day}10:00:00+08:00` }), reply(`${day}10:05:00+08:00`)), assign('Q-2', 'agent', 'agent-1', '10'));
    book.add('Q-3', ...play(openCase({ caseId: 'Q-3', customerId: 'C-2002', openedAt: `${day}08:00:00+08:00` }), reply(`${day}08:05:00+08:00`), status('resolved', `${day}09:00:00+08:00`)), assign('Q-3', 'team', 'T-1', '09'));
    book.add('Q-4', ...play(openCase({ caseId: 'Q-4', openedAt: `${day}08:30:00+08:00` }), reply(`${day}09:05:00+08:00`), status('waiting_on_customer', `${day}10:00:00+08:00`)), assign('Q-4', 'team', 'T-1', '10'));
    await book.project();
    expect(await page('customerId=C-1001')).toEqual(['Q-1', 'Q-2', 'Q-4']);
    expect(await page('agent=agent-1')).toEqual(['Q-1', 'Q-2']);
    expect(await page('team=T-1')).toEqual(['Q-3', 'Q-4']);
    for (const query of [
      'customerId=C-1001&limit=1&offset=1', 'customerId=C-1001&offset=5', 'customerId=C-2002&view=open', 'customerId=C-1001&view=open&channel=email',
      'customerId=C-1001&agent=agent-1&limit=1', 'customerId=C-1001&team=T-1', 'agent=agent-1&status=open&tier=standard&type=complaint',
      'team=T-1&view=open', 'team=T-1&status=resolved', 'team=T-1&agent=agent-1', 'agent=agent-9', 'customerId=C-9',
    ]) await page(query);
  });

  it('shows a case moving between agents, views and deadlines in the pages it now belongs to', async () => {
    const { book, page } = await queues();
    book.add('Q-1', ...play(openCase({ caseId: 'Q-1', openedAt: `${day}09:00:00+08:00` })), assign('Q-1', 'agent', 'agent-1', '09'));
    book.add('Q-2', ...play(openCase({ caseId: 'Q-2', openedAt: `${day}10:00:00+08:00` })), assign('Q-2', 'agent', 'agent-1', '10'));
    await book.project();
    expect(await page('agent=agent-1&view=open')).toEqual(['Q-1', 'Q-2']);

    const opened = openCase({ caseId: 'Q-1', openedAt: `${day}09:00:00+08:00` });
    book.add('Q-1', ...next([opened], reply(`${day}09:05:00+08:00`)));
    await book.project();
    expect(await page('agent=agent-1&view=open'), 'Q-1 answered: its next deadline is the resolution').toEqual(['Q-2', 'Q-1']);

    book.add('Q-2', assign('Q-2', 'agent', 'agent-2', '11'));
    await book.project();
    expect(await page('agent=agent-1')).toEqual(['Q-1']);
    expect(await page('agent=agent-2')).toEqual(['Q-2']);

    book.add('Q-2', assign('Q-2', 'agent', 'agent-1', '12'));
    book.add('Q-1', ...next([opened, reply(`${day}09:05:00+08:00`)], status('resolved', `${day}12:00:00+08:00`)));
    await book.project();
    expect(await page('agent=agent-1')).toEqual(['Q-2', 'Q-1']);
    expect(await page('agent=agent-1&view=open'), 'Q-1 resolved').toEqual(['Q-2']);
    expect(await page('agent=agent-2')).toEqual([]);
  });
});
