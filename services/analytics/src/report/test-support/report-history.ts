import type { RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { wholeFeed } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import { calendarPublished, caseMoves, complaintStream } from '../../complaints/test-support/complaint-events.js';
import { complaintFactProjection } from '../../complaints/complaint-fact-projection.js';
import { customerProjection } from '../../retention/customer-projection.js';
import { customerEvents } from '../../retention/test-support/customer-events.js';
import { invitationProjection } from '../../satisfaction/invitation-projection.js';
import { surveyStream } from '../../satisfaction/test-support/survey-events.js';
import { serviceLevelProjection } from '../../service-levels/service-level-projection.js';
import { caseEvents, recordedOn } from '../../service-levels/test-support/case-events.js';
import { targetProjection } from '../../targets/target-projection.js';
import { publishTarget } from '../../targets/target-stream.js';
import { recorded } from '../../test-support/recorded-events.js';
import { tierProjection } from '../../tiers/tier-projection.js';
import { tierEvents } from '../../tiers/test-support/tier-events.js';
import { improvementProjection } from '../improvement-projection.js';
import type { ReportReadModels } from '../report-figures.js';

/** Every read model in one database, as the service has them in MONGO_DATABASE; the test's projections are caught up by hand. */
export const readModelsOn = (db: Db): ReportReadModels => {
  const view = { db, readYourWrites: async () => undefined };
  return { targets: view, satisfaction: view, complaints: view, serviceLevels: view, retention: view, tiers: view, improvements: view };
};

const at = (date: string) => `${date}T10:00:00+08:00`;
const answered = (id: string, date: string, csat: number, position: number) => surveyStream({ id, invitedAt: at(date), tier: 'gold', channel: 'phone' }, position, { csat, answeredAt: at(date) });
const scope = { causes: ['attitude'], channels: [], tiers: [], teams: [] };
const created = (actionId: string, title: string, createdAt: string) => ({ type: 'ImprovementActionCreated', data: { actionId, title, owner: 'T-service', scope, startsOn: '2026-04-01', dueDate: '2026-06-30', createdAt, by: 'admin-1' } }) as const;
const moved = (actionId: string, from: 'planned' | 'in_progress', to: 'in_progress' | 'done' | 'cancelled', changedAt: string) => ({ type: 'ImprovementActionStatusChanged', data: { actionId, from, to, changedAt, by: 'admin-1' } }) as const;
const purchase = (customerId: string, orderId: string, instant: string, position: number) => recorded(`customer-${customerId}`, customerEvents(customerId).purchased(orderId), instant, position);

/**
 * A small history around April 2026 whose figures the report test works out by hand (see there), area by
 * area as each projection reads it.
 */
export function reportHistory() {
  const purchases = [
    purchase('A', 'A-1', '2026-03-05T02:00:00Z', 40), purchase('A', 'A-2', '2026-04-05T02:00:00Z', 41),
    purchase('B', 'B-1', '2026-03-10T02:00:00Z', 42), purchase('C', 'C-1', '2025-01-10T02:00:00Z', 43),
    purchase('D', 'D-1', '2026-04-15T02:00:00Z', 44),
  ];
  const k2 = caseEvents('K-2', { customerId: 'C-2' });
  const step = (event: ReturnType<typeof k2.opened>, time: string) => ({ event, at: time });
  const a6 = (time: string) => `2026-04-06T${time}:00+08:00`;
  return {
    surveys: [
      ...answered('I-1', '2026-03-02', 5, 20), ...answered('I-2', '2026-03-20', 4, 22),
      ...answered('I-3', '2026-04-02', 4, 24), ...answered('I-4', '2026-04-20', 2, 26),
    ],
    purchases,
    complaints: [
      ...calendarPublished(1, '2026-01-01T00:00:00+08:00', 50),
      ...purchases,
      ...complaintStream({ caseId: 'K-1', openedAt: '2026-03-06T17:00:00+08:00', tier: 'gold', causes: ['process'] }, 60),
      ...caseMoves('K-1', [['open', 'resolved', '2026-03-10T10:00:00+08:00']], 70),
      // Wednesday 10:00 -> 14:30 on Mon-Fri 9-18: 4.5 h = 0.5 working days.
      ...complaintStream({ caseId: 'K-2', openedAt: '2026-04-08T10:00:00+08:00', tier: 'silver', causes: ['process', 'attitude'] }, 80),
      ...caseMoves('K-2', [['open', 'resolved', '2026-04-08T14:30:00+08:00']], 90),
      ...complaintStream({ caseId: 'K-3', openedAt: '2026-04-20T10:00:00+08:00', tier: 'gold', causes: ['attitude'] }, 100),
    ],
    cases: recordedOn('case-K-2', [
      step(k2.opened(a6('09:00')), a6('09:00')), step(k2.clockStarted('first_response', 1, a6('09:00'), a6('09:15')), a6('09:00')), step(k2.clockStarted('resolution', 1, a6('09:00'), a6('18:00')), a6('09:00')),
      step(k2.breached('first_response', 1, a6('09:15'), a6('09:15')), a6('09:15')), step(k2.replied(a6('09:30')), a6('09:30')), step(k2.stopped('first_response', 1, a6('09:30'), 'replied', 1_800_000), a6('09:30')),
    ], 300),
    tiers: [
      recorded('tier-A', tierEvents('A').assigned('gold'), '2026-02-01T02:00:00Z', 400),
      recorded('tier-B', tierEvents('B').assigned('silver'), '2026-03-01T02:00:00Z', 401),
      recorded('tier-B', { ...tierEvents('B').changed('silver', 'gold', 'upgrade') }, '2026-04-10T02:00:00Z', 402),
    ],
    // under way at the end of April (done only in May); A-0: cancelled before April began, not shown.
    improvements: [
      ...recordedOn('improvement-A-1', [
        { event: created('A-1', 'Friendlier hotline scripts', '2026-03-20T02:00:00Z'), at: '2026-03-20T02:00:00Z' },
        { event: moved('A-1', 'planned', 'in_progress', '2026-04-02T02:00:00Z'), at: '2026-04-02T02:00:00Z' },
        { event: moved('A-1', 'in_progress', 'done', '2026-05-10T02:00:00Z'), at: '2026-05-10T02:00:00Z' },
      ], 500),
      ...recordedOn('improvement-A-0', [
        { event: created('A-0', 'Dropped idea', '2026-02-01T02:00:00Z'), at: '2026-02-01T02:00:00Z' },
        { event: moved('A-0', 'planned', 'cancelled', '2026-03-01T02:00:00Z'), at: '2026-03-01T02:00:00Z' },
      ], 510),
    ],
  } satisfies Record<string, RecordedEvent[]>;
}


/** Projects the history, and the targets published in `events`, into `db`: a read-model version of its own over the same events. */
export async function projectHistory(db: Db, events: EventStore): Promise<void> {
  const history = reportHistory();
  await projectEvents(db, invitationProjection, history.surveys);
  await projectEvents(db, customerProjection, history.purchases);
  await projectEvents(db, complaintFactProjection, history.complaints);
  await projectEvents(db, serviceLevelProjection, history.cases);
  await projectEvents(db, tierProjection, history.tiers);
  await projectEvents(db, improvementProjection, history.improvements);
  await projectEvents(db, targetProjection, (await wholeFeed(events)) as RecordedEvent[]);
}

/** A satisfaction target: 78 % over January and February 2026 to 85 % by the end of February 2027. */
export function publishCsatTarget(events: EventStore, occurredAt: Date) {
  const target = {
    metric: 'csat', scope: {}, baseline: { value: 0.78, from: '2026-01', to: '2026-02' }, targetValue: 0.85,
    direction: 'increase', deadline: '2027-02-28', description: 'Satisfaction 78 % -> 85 % in 12 months', owner: 'service-quality',
  } as const;
  return publishTarget(events, { kind: 'publish', targetId: 'csat', expectedVersion: 0, target }, { actor: { kind: 'api-key', id: 'k-admin', role: 'admin' }, correlationId: 'report-test', occurredAt });
}
