import { defaultCalendarDocument } from '@ctp/calendar';
import { buildEvent, streamIdFor, type DomainEvent, type EventType, type RecordedEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { testApp } from '@ctp/service-kit/testing';
import { eachFeedPage, mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { feedbackStore, type FeedbackStore } from '../../test-support/feedback-store.js';
import { dispatchTimers, timerArea } from '@ctp/timers';
import { ensureSurveyTemplates } from '../ensure-survey-templates.js';
import { followUpProjection } from '../follow-up-projection.js';
import { followUpReadRoutes } from '../follow-up-routes.js';
import { surveyPopulationProjection } from '../population-projection.js';
import { surveyResponseRoutes } from '../response-routes.js';
import { surveySampleRoutes } from '../sample-routes.js';
import { surveyScoreProjection } from '../score-projection.js';
import { surveyScoreRoutes } from '../score-routes.js';
import { defaultSurveySettings, type SurveyDeps } from '../survey-deps.js';
import { reactToSurveyEvents } from '../survey-reaction.js';
import { surveyTimers } from '../survey-timers.js';
import { surveyTemplateRoutes } from '../template-routes.js';

const actor = { kind: 'api-key', id: 'key-test', role: 'integrator' } as const;
const evidence = { method: 'web_form', reference: 'form-7781', noticeVersion: '2025-01' } as const;

export interface SurveyApp {
  readonly app: FastifyInstance;
  readonly deps: SurveyDeps;
  readonly store: FeedbackStore;
  readonly db: Db;
  /** The service clock; tests move it. */
  setNow(now: Date): void;
  /** Appends events on a stream as another service (sla, intake) would, at `occurredAt`. */
  append(streamId: string, events: readonly DomainEvent[], occurredAt: string): Promise<RecordedEvent[]>;
  /** The survey reactor on events as Kafka would deliver them. */
  react(events: readonly RecordedEvent[]): Promise<void>;
  /** Fires a scheduled timer through the worker's dispatch, as a worker would at its due instant. */
  fire(timerId: string): Promise<void>;
  /** Projects everything stored since the last call into the test's read models. */
  catchUp(): Promise<void>;
  setConsent(customerId: string, granted: boolean): Promise<void>;
}

/** The survey routes on a real store, timer table and read models of the test's own; an SLA policy and calendar published. */
export function surveyApp(seed: string, start: Date): () => Promise<SurveyApp> {
  const client = new MongoClient(mongoUrl());
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
    await client.close();
  });
  return async () => {
    let now = start;
    const store = await feedbackStore(seed, start);
    const db = client.db(uniqueName(seed));
    const deps: SurveyDeps = { ...store.depsWith({ now: () => now }), surveys: defaultSurveySettings };
    const scores = surveyScoreProjection(deps.timeZone);
    await ensureSurveyTemplates(deps);
    const app = await testApp({
      routes: async (instance) => {
        await instance.register(surveyTemplateRoutes(deps));
        await instance.register(surveyResponseRoutes(deps));
        await instance.register(surveySampleRoutes(deps, { db, readYourWrites: async () => undefined }));
        await instance.register(followUpReadRoutes({ db, readYourWrites: async () => undefined }));
        await instance.register(surveyScoreRoutes({ db, projectionName: scores.name, readYourWrites: async () => undefined }));
      },
    });
    closers.push(() => app.close(), () => store.close());
    const append = async (streamId: string, events: readonly DomainEvent[], occurredAt: string) => {
      const existing = await store.stores.reader.readStream(streamId);
      const built = events.map((event) => buildEvent(event.type as EventType, event.data as never, { id: crypto.randomUUID(), streamId, occurredAt, correlationId: seed, causationId: null, actor, traceparent: null }));
      await store.stores.store.append(streamId, built, { expectedRevision: existing.length === 0 ? 'no_stream' : existing.length - 1 });
      return (await store.stores.reader.readStream(streamId)).slice(existing.length);
    };
    const at = new Date(start.getTime() - 86_400_000).toISOString();
    await append(streamIdFor('calendar', 'default'), [{ type: 'CalendarVersionPublished', data: { calendar: defaultCalendarDocument, effectiveFrom: '2025-01-01T00:00:00+08:00' } }], at);
    await append(
      streamIdFor('slaPolicy', 'default'),
      [
        {
          type: 'SlaPolicyVersionPublished',
          data: {
            id: 'default', version: 1,
            rules: [{ id: 'phone', match: { channels: ['phone'] }, targets: { first_response: { duration: 'PT15M', basis: 'calendar', calendarId: 'default' } }, warnAtRatio: 0.75, escalation: [{ level: 1, after: 'PT0S', to: { kind: 'team', id: 'phone-leads' } }], pauses: { next_response: [], resolution: [] } }],
          },
        },
      ],
      at,
    );
    let after: string | null = null;
    return {
      app, deps, store, db,
      setNow: (next) => void (now = next),
      append,
      react: (events) => reactToSurveyEvents(deps, events, async () => undefined),
      fire: async (timerId) => {
        const timer = await store.timers.get(timerId);
        if (!timer) throw new Error(`no timer ${timerId}`);
        await dispatchTimers('feedback', [timerArea(surveyTimers, deps)])(timer, { signal: new AbortController().signal });
      },
      catchUp: async () => {
        await eachFeedPage(store.stores.reader, async (events) => {
          await projectEvents(db, scores, events);
          await projectEvents(db, surveyPopulationProjection, events);
          await projectEvents(db, followUpProjection, events);
          after = events.at(-1)!.globalPosition;
        }, { after, pageSize: 1_000 });
      },
      setConsent: async (customerId, granted) => {
        const event: DomainEvent = granted ? { type: 'ConsentGranted', data: { customerId, purpose: 'survey', evidence } } : { type: 'ConsentWithdrawn', data: { customerId, purpose: 'survey', via: 'app' } };
        await append(streamIdFor('customer', customerId), [event], new Date(now.getTime() - 1_000).toISOString());
      },
    };
  };
}

/** A phone case opened, given to an agent and resolved: what sla records. */
export function resolvedCase(caseId: string, customerId: string, openedAt: string, assignee: string | null = 'agent-7'): DomainEvent[] {
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId, customerId, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'It broke', openedAt, openedBy: 'agent-7', source: null,
        tierAtStart: null, slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'phone' }, calendars: [{ calendarId: 'default', version: 1 }],
        targets: [{ metric: 'first_response', duration: 'PT15M', basis: 'calendar', calendarId: 'default', warnAtRatio: 0.75 }],
      },
    },
    ...(assignee ? [{ type: 'CaseReassigned', data: { caseId, from: null, to: { kind: 'agent', id: assignee }, reassignedAt: openedAt, by: 'lead-1' } } as const] : []),
    { type: 'CaseStatusChanged', data: { caseId, from: 'open', to: 'resolved', changedAt: openedAt, by: 'agent-7', reason: 'fixed' } },
  ];
}
