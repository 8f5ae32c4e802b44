import { setTimeout as sleep } from 'node:timers/promises';
import { compareGlobalPositions, type ContactEvent, type DomainEvent, type SurveyEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import * as feedback from '@ctp/feedback/read-bench';
import type { Db } from 'mongodb';
import { appendStreams, fillReadModel, recordedStreams, type StreamEvents } from './reads-fill.js';
import { caseFacts } from './reads-sla.js';

type ContactCommand = Parameters<typeof feedback.decideContact>[0];
const dayMs = 86_400_000;
const now = Date.UTC(2026, 11, 4);
const iso = (instant: number) => new Date(instant).toISOString();
const timeZone = 'Asia/Shanghai';
const policy = { policyId: 'default', policyVersion: 1 };
const entitlements: Record<string, { callbacksPerYear: number; onSiteVisitsPerYear: number; dedicatedManager: boolean }> = {
  key_account: { callbacksPerYear: 4, onSiteVisitsPerYear: 2, dedicatedManager: true },
  gold: { callbacksPerYear: 2, onSiteVisitsPerYear: 0, dedicatedManager: false },
  silver: { callbacksPerYear: 1, onSiteVisitsPerYear: 0, dedicatedManager: false },
  standard: { callbacksPerYear: 1, onSiteVisitsPerYear: 0, dedicatedManager: false },
};

/** The complaint stream feedback records for each complaint case (its reaction to sla's CaseOpened), in its store; answers the case ids. */
export async function fillComplaints(store: EventStore, customerOf: (caseIndex: number) => string, cases: number): Promise<string[]> {
  const streams: StreamEvents[] = [];
  for (let index = 1; index <= cases; index += 1) {
    const { caseId, type, channel, tier, openedAt } = caseFacts(index);
    if (type !== 'complaint') continue;
    const events = feedback.decideComplaint({ kind: 'record', caseId, customerId: customerOf(index), channel, tier, openedAt: iso(openedAt) }, feedback.initialComplaintState());
    streams.push({ category: 'complaint', id: caseId, events: events.map((event) => ({ event, at: iso(openedAt) })) });
  }
  await appendStreams(store, streams);
  return streams.map(({ id }) => id);
}

/**
 * Customer `index`'s contact stream through feedback's contact decider: its tier's cadence for 2026 (key
 * accounts 4 callbacks and 2 visits, gold 2, silver and standard 1), a team of 10 and, for key and gold, one
 * of 50 account managers; of the obligations due by 4 December 7 in 10 reached before their day, the
 * others fall due and, 14 days on, half are reached late and half go overdue (and escalate).
 */
export function contactStream(index: number, customerId: string, tier: string): StreamEvents {
  let state = feedback.initialContactState();
  const events: { event: DomainEvent; at: string }[] = [];
  const play = (command: ContactCommand, at: string) => {
    for (const event of feedback.decideContact(command, state)) {
      state = feedback.evolveContact(state, event);
      events.push({ event, at });
    }
  };
  const start = '2026-01-01T00:00:00.000Z';
  play({ kind: 'follow_tier', customerId, tier: { tier, tierPolicy: policy, entitlements: entitlements[tier]! }, at: start, timeZone }, start);
  play({ kind: 'assign_owner', customerId, team: `team-${index % 10}`, accountManager: tier === 'key_account' || tier === 'gold' ? `am-${index % 50}` : null, at: start, by: 'admin-1' }, start);
  const planned = events.flatMap(({ event }) => ((event as ContactEvent).type === 'ContactObligationsPlanned' ? (event as Extract<ContactEvent, { type: 'ContactObligationsPlanned' }>).data.obligations : []));
  planned.forEach(({ obligationId, kind, dueAt }, n) => {
    const due = Date.parse(dueAt);
    const spread = (Math.floor(index / 10) + n) % 10;
    if (due > now) return;
    const reach = (at: number) => play({ kind: 'record_outcome', obligationId, outcome: kind === 'visit' ? 'visit_report' : 'reached', channel: kind === 'visit' ? 'on_site' : 'phone', note: kind === 'visit' ? 'Visited the plant' : null, at: iso(at), by: `agent-${index % 40}` }, iso(at));
    if (spread < 7) reach(due - 3 * dayMs);
    play({ kind: 'fire', step: 'due', obligationId, now: dueAt }, dueAt);
    if (spread < 7 || due + 14 * dayMs > now) return;
    if (spread % 2 === 0) reach(due + 5 * dayMs);
    else play({ kind: 'fire', step: 'overdue', obligationId, now: iso(due + 14 * dayMs) }, iso(due + 14 * dayMs));
  });
  return { category: 'contact', id: customerId, events };
}

/**
 * A survey after each resolved case, an hour after: one in three answered two days on (CSAT, NPS and CES
 * spread over their scales), the unanswered expire after 28 days; a poor answer opens a follow-up for the
 * case's agent, due a day later: done within 12 hours for six in seven of those older than 30 days, the
 * rest overdue; newer ones open.
 */
export function surveyStream(caseIndex: number, customerId: string): StreamEvents | null {
  const { caseId, tier, channel, agent, resolvedAt } = caseFacts(caseIndex);
  if (resolvedAt === null) return null;
  const invitationId = `I-${caseId}`;
  const invitedAt = resolvedAt + 3_600_000;
  const expiresAt = invitedAt + 28 * dayMs;
  const segment = { invitationId, customerId, kind: 'transactional' as const };
  const events: { event: SurveyEvent; at: string }[] = [
    { at: iso(invitedAt), event: { type: 'SurveyInvited', data: { ...segment, caseId, sampleId: null, template: { templateId: 'case-survey', version: 1 }, tier, channel, invitedAt: iso(invitedAt), expiresAt: iso(expiresAt) } } },
  ];
  if (caseIndex % 3 !== 0) {
    if (expiresAt <= now) events.push({ at: iso(expiresAt), event: { type: 'SurveyExpired', data: { ...segment, invitedAt: iso(invitedAt), expiredAt: iso(expiresAt) } } });
    return { category: 'survey', id: invitationId, events };
  }
  const answeredAt = invitedAt + 2 * dayMs;
  const [csat, nps, ces] = [1 + (caseIndex % 5), caseIndex % 11, 1 + (caseIndex % 7)];
  const answered = { ...segment, tier, channel, invitedAt: iso(invitedAt), answeredAt: iso(answeredAt), csat, nps, ces, dimensions: {}, npsWhy: null, comment: null };
  events.push({ at: iso(answeredAt), event: { type: 'SurveyAnswered', data: answered } });
  const reasons = [...(csat <= 2 ? ['csat' as const] : []), ...(nps <= 6 ? ['nps' as const] : []), ...(ces <= 3 ? ['ces' as const] : [])];
  if (reasons.length === 0) return { category: 'survey', id: invitationId, events };
  const followUpId = `F-${caseId}`;
  const dueAt = answeredAt + dayMs;
  const owner = { kind: 'agent' as const, id: agent };
  events.push({ at: iso(answeredAt), event: { type: 'FollowUpOpened', data: { invitationId, customerId, followUpId, caseId, owner, ownerSource: 'case_assignee', reasons, openedAt: iso(answeredAt), dueAt: iso(dueAt), deadlineSource: 'sla_policy' } } });
  if (answeredAt > now - 30 * dayMs) return { category: 'survey', id: invitationId, events };
  if (caseIndex % 7 !== 0) events.push({ at: iso(answeredAt + dayMs / 2), event: { type: 'FollowUpDone', data: { invitationId, customerId, followUpId, doneAt: iso(answeredAt + dayMs / 2), by: agent, late: false } } });
  else events.push({ at: iso(dueAt), event: { type: 'FollowUpOverdue', data: { invitationId, customerId, followUpId, dueAt: iso(dueAt), owner } } });
  return { category: 'survey', id: invitationId, events };
}

/** Improvement actions, one per 500 customers, over the year: planned, a third in progress, a third done. */
export function actionStream(index: number): StreamEvents {
  const actionId = `A-${String(index).padStart(5, '0')}`;
  const created = Date.UTC(2026, 0, 5) + ((index * 13) % 330) * dayMs;
  const day = (instant: number) => iso(instant).slice(0, 10);
  const events: { event: DomainEvent; at: string }[] = [
    { at: iso(created), event: { type: 'ImprovementActionCreated', data: { actionId, title: `Fix cause ${index % 12}`, owner: `owner-${index % 10}`, scope: { causes: [], channels: [], tiers: [], teams: [] }, startsOn: day(created + 7 * dayMs), dueDate: day(created + 60 * dayMs), createdAt: iso(created), by: 'admin-1' } } },
  ];
  const change = (from: string, to: string, at: number) => events.push({ at: iso(at), event: { type: 'ImprovementActionStatusChanged', data: { actionId, from, to, changedAt: iso(at), by: 'admin-1' } } as DomainEvent });
  if (index % 3 !== 0) change('planned', 'in_progress', created + 7 * dayMs);
  if (index % 3 === 2) change('in_progress', 'done', created + 50 * dayMs);
  return { category: 'improvement', id: actionId, events };
}

const actionsOf = (customers: number) => Array.from({ length: Math.max(1, Math.floor(customers / 500)) }, (_, i) => actionStream(i + 1));

/**
 * The improvement actions appended to feedback's store too (the effect route reads an action from its stream); the
 * started service's effect follower counts them with the complaint streams there (this fill puts no purchases or
 * survey answers in the store: those counts are zeros, in series of the size any action's has).
 */
export async function fillImprovementActions(store: EventStore, customers: number): Promise<{ actionIds: string[]; end: string }> {
  const actions = actionsOf(customers);
  const recorded = await appendStreams(store, actions);
  return { actionIds: actions.map(({ id }) => id), end: recorded.at(-1)!.globalPosition };
}

/** The started feedback's effect follower (services/feedback/src/improvements/effect-follower.ts) caught up past `position`. */
export async function untilEffectsFollowed(db: Db, position: string): Promise<void> {
  const { head } = feedback.effectDocuments(db);
  for (;;) {
    const followed = await head.findOne({ _id: feedback.effectsHeadId });
    if (followed?.caughtUp === true && compareGlobalPositions(followed.position, position) >= 0) return;
    await sleep(500);
  }
}

/** feedback's read models (contacts, survey scores, follow-ups, improvement actions) from the streams above, folded by its projections; the overdue contact lists, coverage days, follow-up lists and score days filed by its followers' code. */
export async function fillFeedbackReadModels(db: Db, customers: number, idOf: (index: number) => string, tierOf: (index: number) => string, customerOf: (caseIndex: number) => string, cases: number): Promise<void> {
  const contacts = recordedStreams(Array.from({ length: customers }, (_, i) => contactStream(i + 1, idOf(i + 1), tierOf(i + 1))));
  await fillReadModel(db, feedback.contactProjection, contacts);
  await feedback.fileContactFollowers(db, contacts, new Date(now));
  const surveys = recordedStreams(Array.from({ length: cases }, (_, i) => surveyStream(i + 1, customerOf(i + 1))).filter((stream) => stream !== null));
  await fillReadModel(db, feedback.surveyScoreProjection(timeZone), surveys);
  await fillReadModel(db, feedback.followUpProjection, surveys);
  await feedback.fileSurveyFollowers(db, surveys, timeZone, new Date(now));
  await fillReadModel(db, feedback.improvementActionListProjection, recordedStreams(actionsOf(customers)));
}
