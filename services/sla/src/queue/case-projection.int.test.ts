import type { CaseEvent, RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { caseId, openCase, play, priority, reply, status, tier } from '../domain/test-support/cases.js';
import { caseProjection } from './case-projection.js';
import { splitByDay } from './pause-sums.js';
import { recordedCase } from './test-support/recorded-case.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('sla_case_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, caseProjection, events),
    documents: () => projectedDocuments(db, caseProjection),
  });
}

const hour = 3_600_000;
const lastDeadline = (events: readonly CaseEvent[], metric: string) =>
  events.findLast((event): event is Extract<CaseEvent, { data: { deadline: unknown } }> => 'deadline' in event.data && 'metric' in event.data && event.data.metric === metric)!.data.deadline as string;

describe('the cases read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps one document per case: what it is, its status, assignee and each metric’s cycle, ordered by the running deadline', async () => {
    const history = [
      ...play(openCase(), reply('2026-03-04T14:05:00+08:00'), status('waiting_on_customer', '2026-03-05T10:00:00+08:00'), status('open', '2026-03-06T10:00:00+08:00')),
      { type: 'CaseReassigned', data: { caseId, from: null, to: { kind: 'team', id: 'T-complaints' }, reassignedAt: '2026-03-06T10:05:00+08:00', by: 'agent-7' } } as const,
    ];
    const documents = await spec()
      .given(...recordedCase(history))
      .then({
        cases: [
          {
            _id: caseId,
            customerId: 'C-1001',
            channel: 'phone',
            type: 'complaint',
            priority: 'normal',
            status: 'open',
            tier: 'standard',
            assignee: { kind: 'team', id: 'T-complaints' },
            escalationLevel: 0,
            openedAt: new Date('2026-03-04T06:00:00Z'),
            mergedInto: null,
            clocks: {
              first_response: { cycle: 1, phase: 'met', warned: false, breached: false, due: null },
              resolution: { cycle: 1, phase: 'running', warned: false, breached: false, deadline: new Date(lastDeadline(history, 'resolution')), due: new Date(lastDeadline(history, 'resolution')) },
            },
            updatedAt: new Date('2026-03-06T02:05:00Z'),
            lastEvent: { type: 'CaseReassigned' },
          },
        ],
        pauses: [
          { _id: '2026-03-05:agent-7:waiting_on_customer', day: '2026-03-05', agent: 'agent-7', status: 'waiting_on_customer', pausedMs: 22 * hour, pauses: 0 },
          { _id: '2026-03-06:agent-7:waiting_on_customer', day: '2026-03-06', agent: 'agent-7', status: 'waiting_on_customer', pausedMs: 2 * hour, pauses: 1 },
        ],
        caseScopes: [
          { _id: 'customer:C-1001', caseIds: [caseId] },
          { _id: 'team:T-complaints', caseIds: [caseId] },
        ],
      });
    expect(JSON.stringify(documents.cases)).not.toContain('Invoice charged twice');
  });

  it('marks a warned and breached clock, the escalation level, and a paused clock without a deadline', async () => {
    const first = { metric: 'first_response', cycle: 1 } as const;
    const history = play(
      openCase(),
      { kind: 'fire', timer: { ...first, kind: 'warning' }, now: '2026-03-04T14:12:00+08:00' },
      { kind: 'fire', timer: { ...first, kind: 'breach' }, now: '2026-03-04T14:16:00+08:00' },
      { kind: 'fire', timer: { ...first, kind: 'escalation', level: 1 }, now: '2026-03-04T14:16:00+08:00' },
      status('waiting_on_customer', '2026-03-04T15:00:00+08:00'),
    );
    await spec()
      .given(...recordedCase(history))
      .then({
        cases: [
          {
            status: 'waiting_on_customer',
            escalationLevel: 1,
            clocks: {
              first_response: { phase: 'running', warned: true, breached: true, deadline: new Date('2026-03-04T06:15:00Z'), due: new Date('2026-03-04T06:15:00Z') },
              resolution: { phase: 'paused', deadline: null, due: null },
            },
          },
        ],
        pauses: [],
      });
  });

  it('follows priority and tier changes and a merge', async () => {
    const history = [
      ...play(openCase({ type: 'inquiry', channel: 'email' }), priority('urgent', '2026-03-04T14:30:00+08:00'), tier('key_account', '2026-03-04T15:00:00+08:00')),
      { type: 'CaseMerged', data: { caseId, into: 'K-2', mergedAt: '2026-03-04T16:00:00+08:00', by: 'agent-7' } } as const,
    ];
    await spec()
      .given(...recordedCase(history))
      .then({ cases: [{ priority: 'urgent', tier: 'key_account', mergedInto: 'K-2', clocks: { first_response: { phase: 'running' } } }] });
  });
});

describe('time paused split by day', () => {
  it('cuts a wait at each UTC midnight', () => {
    expect(splitByDay(Date.parse('2026-03-05T20:00:00Z'), Date.parse('2026-03-07T01:00:00Z'))).toEqual([
      { day: '2026-03-05', ms: 4 * hour },
      { day: '2026-03-06', ms: 24 * hour },
      { day: '2026-03-07', ms: 1 * hour },
    ]);
  });
});
