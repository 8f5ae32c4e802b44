import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { serviceLevelProjection } from './service-level-projection.js';
import { caseEvents, recordedOn } from './test-support/case-events.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('analytics_service_levels_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, serviceLevelProjection, events),
    documents: () => projectedDocuments(db, serviceLevelProjection),
  });
}

const on = (day: string, time: string) => `2026-03-${day}T${time}:00+08:00`;
const date = (day: string, time: string) => new Date(on(day, time));
const positionsOf = (events: readonly RecordedEvent[]) => events.map(({ globalPosition, type }) => ({ position: globalPosition, type }));

describe('the service-levels read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps a case: latest priority and tier, the last team, replies and messages, the first resolution, a reopening, and a clock per metric', async () => {
    const k = caseEvents('K-1', { tier: 'gold' });
    const steps = [
      { event: k.opened(on('02', '09:00')), at: on('02', '09:00') },
      { event: k.clockStarted('first_response', 1, on('02', '09:00'), on('02', '09:15')), at: on('02', '09:00') },
      { event: k.clockStarted('resolution', 1, on('02', '09:00'), on('05', '18:00'), 97_200_000), at: on('02', '09:00') },
      { event: k.reassigned({ kind: 'team', id: 'T-1' }, on('02', '09:01')), at: on('02', '09:01') },
      { event: k.reassigned({ kind: 'agent', id: 'A-1' }, on('02', '09:02')), at: on('02', '09:02') },
      { event: k.customerWrote(on('02', '09:03')), at: on('02', '09:03') },
      { event: k.replied(on('02', '09:10')), at: on('02', '09:10') },
      { event: k.met('first_response', 1, on('02', '09:10'), on('02', '09:15'), 600_000), at: on('02', '09:10') },
      { event: k.priority('normal', 'high', on('02', '09:20')), at: on('02', '09:20') },
      { event: k.tierChanged('gold', 'key', on('02', '09:30')), at: on('02', '09:30') },
      { event: k.noted(on('02', '09:40')), at: on('02', '09:40') },
      { event: k.escalated(on('02', '09:45')), at: on('02', '09:45') },
      { event: k.status('open', 'resolved', on('02', '10:00')), at: on('02', '10:00') },
      { event: k.met('resolution', 1, on('02', '10:00'), on('05', '18:00'), 3_600_000), at: on('02', '10:00') },
      { event: k.status('resolved', 'reopened', on('03', '09:00')), at: on('03', '09:00') },
      { event: k.resumed('resolution', on('03', '09:00'), 'reopened', 3_600_000, on('05', '17:00')), at: on('03', '09:00') },
      { event: k.reassigned({ kind: 'team', id: 'T-2' }, on('03', '09:01')), at: on('03', '09:01') },
      { event: k.customerWrote(on('03', '09:05')), at: on('03', '09:05') },
      { event: k.replied(on('03', '09:30')), at: on('03', '09:30') },
      { event: k.status('reopened', 'resolved', on('03', '10:00')), at: on('03', '10:00') },
      { event: k.met('resolution', 1, on('03', '10:00'), on('05', '17:00'), 5_400_000), at: on('03', '10:00') },
    ];
    const events = recordedOn('case-K-1', steps, 1);
    const caseTypes = new Set(['CaseOpened', 'CaseReassigned', 'CaseCustomerWrote', 'CaseReplied', 'CasePriorityChanged', 'CaseTierChanged', 'CaseStatusChanged']);
    await spec()
      .given(...events)
      .then({
        caseFacts: [
          {
            _id: 'K-1', customerId: 'C-1', type: 'complaint', channel: 'phone', priority: 'high', tierAtStart: 'gold', tier: 'key', team: 'T-2', status: 'resolved',
            openedAt: date('02', '09:00'), firstReplyAt: date('02', '09:10'), lastCustomerMessageAt: date('03', '09:05'), replies: 2, customerMessages: 2,
            resolvedAt: date('02', '10:00'), reopened: 1,
            // An agent assignment keeps the team and writes nothing.
            trace: positionsOf(events.filter(({ type, globalPosition }) => caseTypes.has(type) && globalPosition !== '5')),
          },
        ],
        clockFacts: [
          { _id: 'K-1:first_response:1', caseId: 'K-1', metric: 'first_response', cycle: 1, startedAt: date('02', '09:00'), deadline: date('02', '09:15'), outcome: 'met', elapsedMs: 600_000, stoppedAt: date('02', '09:10'), stopReason: null, trace: positionsOf([events[1]!, events[7]!]) },
          { _id: 'K-1:resolution:1', metric: 'resolution', outcome: 'met', paused: false, deadline: date('05', '17:00'), elapsedMs: 5_400_000, stoppedAt: date('03', '10:00'), targetMs: 97_200_000, trace: positionsOf([2, 13, 15, 20].map((index) => events[index]!)) },
        ],
      });
  });

  it('follows a breach retracted for a moved deadline, breached again and answered late, a pause, a merge, and a late report answered in time', async () => {
    const k2 = caseEvents('K-2', { tier: null, channel: 'email', type: 'inquiry' });
    const k3 = caseEvents('K-3', { customerId: 'C-3' });
    const k2Steps = [
      k2.opened(on('04', '10:00')),
      k2.clockStarted('first_response', 1, on('04', '10:00'), on('04', '10:15')),
      k2.clockStarted('resolution', 1, on('04', '10:00'), on('06', '18:00')),
      k2.breached('first_response', 1, on('04', '10:15'), on('04', '10:15')),
      k2.priority('normal', 'urgent', on('04', '10:20')),
      k2.rescheduled('first_response', on('04', '10:20'), on('04', '11:00'), 3_600_000),
      k2.retracted('first_response', on('04', '10:20'), 'priority_changed', on('04', '11:00')),
      k2.breached('first_response', 1, on('04', '11:00'), on('04', '11:00')),
      k2.replied(on('04', '11:30')),
      k2.stopped('first_response', 1, on('04', '11:30'), 'replied', 5_400_000),
      k2.status('open', 'waiting_on_customer', on('04', '11:40')),
      k2.paused('resolution', on('04', '11:40'), 6_000_000),
      k2.status('waiting_on_customer', 'open', on('04', '14:00')),
      k2.resumed('resolution', on('04', '14:00'), 'open', 6_000_000, on('07', '10:00')),
      k2.warned('resolution', on('04', '15:00'), on('07', '10:00')),
      k2.merged('K-1', on('04', '16:00')),
      k2.stopped('resolution', 1, on('04', '16:00'), 'merged', 7_200_000),
    ].map((event, index) => ({ event, at: on('04', `1${Math.floor(index / 10)}:0${index % 10}`) }));
    const k3Steps = [
      k3.opened(on('04', '10:00')),
      k3.clockStarted('first_response', 1, on('04', '10:00'), on('04', '10:15')),
      k3.breached('first_response', 1, on('04', '10:15'), on('04', '10:15')),
      k3.replied(on('04', '10:10')),
      k3.retracted('first_response', on('04', '10:10'), 'answered_in_time', on('04', '10:15')),
      k3.met('first_response', 1, on('04', '10:10'), on('04', '10:15'), 600_000),
    ].map((event) => ({ event, at: on('04', '10:20') }));
    const events = [...recordedOn('case-K-2', k2Steps, 100), ...recordedOn('case-K-3', k3Steps, 200)];
    await spec()
      .given(...events)
      .then({
        caseFacts: [
          { _id: 'K-2', tierAtStart: null, tier: null, team: null, channel: 'email', type: 'inquiry', priority: 'urgent', status: 'merged', mergedInto: 'K-1', replies: 1, customerMessages: 0, reopened: 0 },
          { _id: 'K-3', customerId: 'C-3', replies: 1, status: 'open' },
        ],
        clockFacts: [
          { _id: 'K-2:first_response:1', outcome: 'breached', deadline: date('04', '11:00'), targetMs: 3_600_000, elapsedMs: 5_400_000, stoppedAt: date('04', '11:30'), stopReason: 'replied' },
          { _id: 'K-2:resolution:1', outcome: 'running', paused: false, deadline: date('07', '10:00'), elapsedMs: 7_200_000, stoppedAt: date('04', '16:00'), stopReason: 'merged' },
          { _id: 'K-3:first_response:1', outcome: 'met', elapsedMs: 600_000, deadline: date('04', '10:15'), stopReason: null },
        ],
      });
  });

  it('keeps a breach standing when a case resolved late is reopened, and marks a pause', async () => {
    const k = caseEvents('K-4');
    const steps = [
      k.opened(on('01', '09:00')),
      k.clockStarted('resolution', 1, on('01', '09:00'), on('04', '18:00')),
      k.breached('resolution', 1, on('04', '18:00'), on('04', '18:00')),
      k.status('open', 'resolved', on('05', '10:00')),
      k.stopped('resolution', 1, on('05', '10:00'), 'resolved', 100_000_000),
      k.status('resolved', 'reopened', on('06', '09:00')),
      k.resumed('resolution', on('06', '09:00'), 'reopened', 100_000_000, on('04', '18:00')),
      k.status('reopened', 'waiting_on_customer', on('06', '10:00')),
      k.paused('resolution', on('06', '10:00'), 103_600_000),
    ].map((event, index) => ({ event, at: on('06', `10:0${index}`) }));
    await spec()
      .given(...recordedOn('case-K-4', steps, 300))
      .then({
        caseFacts: [{ _id: 'K-4', status: 'waiting_on_customer', resolvedAt: date('05', '10:00'), reopened: 1 }],
        clockFacts: [{ _id: 'K-4:resolution:1', outcome: 'breached', paused: true, deadline: null, elapsedMs: null, stoppedAt: null, stopReason: null }],
      });
  });
});
