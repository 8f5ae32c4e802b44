import { compareGlobalPositions, type EventData, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { ProjectionWaitTimeoutError, projectEvents } from '@ctp/projections';
import { readYourWrites } from '@ctp/service-kit';
import { testApp } from '@ctp/service-kit/testing';
import { eachFeedPage, mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { improvementActionListProjection } from '../../improvements/action-list-projection.js';
import { fileEffects } from '../../improvements/effect-follower.js';
import { effectDocuments, type EffectsHead } from '../../improvements/effect-store.js';
import { actionListRoutes } from '../../improvements/action-list-routes.js';
import { improvementRoutes } from '../../improvements/improvement-routes.js';
import { remedyRoutes } from '../../remedies/remedy-routes.js';
import { feedbackStore, type FeedbackStore } from '../../test-support/feedback-store.js';
import { reactToComplaintCases } from '../case-reaction.js';
import type { ComplaintDeps } from '../complaint-deps.js';
import { complaintProjection } from '../complaint-projection.js';
import { complaintRoutes } from '../complaint-routes.js';
import { rootCauseRoutes } from '../root-cause-routes.js';
import { ensureDefaultTaxonomy } from '../root-cause-stream.js';
import { recordedOn } from './recorded-events.js';

export interface ComplaintApp {
  readonly app: FastifyInstance;
  readonly deps: ComplaintDeps;
  readonly store: FeedbackStore;
  /** Projects everything stored since the last call into the test's read models, as the runtime would. */
  catchUp(): Promise<void>;
  /** A stalled read model: a wait for a position times out (503 CTP_NOT_READY) until resumed. */
  stallReadModel(stalled: boolean): void;
  /** sla opened a complaint case: the reactor records it. */
  openComplaint(caseId: string, customerId: string, openedAt: string, channel?: 'phone' | 'email'): Promise<void>;
  /** A CaseOpened of another type, through the same reactor. */
  openCase(caseId: string, customerId: string, openedAt: string, type: 'inquiry' | 'complaint', channel?: 'phone' | 'email'): Promise<void>;
}

/** The complaint, remedy and improvement routes on a real store and read models (complaints, improvement actions) of the test's own, the service clock at `now`. */
export function complaintApp(seed: string, now: Date): () => Promise<ComplaintApp> {
  const client = new MongoClient(mongoUrl());
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
    await client.close();
  });
  return async () => {
    const store = await feedbackStore(seed, now);
    const db = client.db(uniqueName(seed));
    let after: string | null = null;
    let stalled = false;
    const effects = effectDocuments(db);
    let effectsHead: EffectsHead | null = null;
    const catchUp = async () => {
      await eachFeedPage(store.stores.reader, async (events) => {
        await projectEvents(db, complaintProjection, events);
        await projectEvents(db, improvementActionListProjection, events);
        // The effect follower's batches, its head written after each as the kit's feedFollower does.
        effectsHead = await fileEffects(effects, events, effectsHead, (ids) => store.stores.reader.readStreams(ids), 'Asia/Shanghai', now);
        await effects.head.replaceOne({ _id: effectsHead._id }, effectsHead, { upsert: true });
        after = events.at(-1)!.globalPosition;
      }, { after, pageSize: 1_000 });
    };
    /** The read model lags the store until a read waits on it; then it catches up, as the runtime does in the background. */
    const waiter = {
      waitForPosition: async (position: GlobalPosition, timeoutMs: number) => {
        if (!stalled) await catchUp();
        if (stalled || after === null || compareGlobalPositions(after, position) < 0) throw new ProjectionWaitTimeoutError(complaintProjection.name, position, timeoutMs);
      },
    };
    const complaintReads = { db, readYourWrites: readYourWrites(waiter, 50, () => store.stores.reader.headPosition()) };
    const deps: ComplaintDeps = { ...store.depsWith(), complaintSettings: { repeatWindowDays: 90, remedyBandPercent: 10 }, complaintReads };
    await ensureDefaultTaxonomy(deps);
    const app = await testApp({
      routes: async (instance) => {
        await instance.register(rootCauseRoutes(deps));
        await instance.register(complaintRoutes(deps));
        await instance.register(remedyRoutes(deps));
        await instance.register(improvementRoutes(deps));
        await instance.register(actionListRoutes({ ...complaintReads, timeZone: deps.timeZone, clock: deps.clock }));
      },
    });
    closers.push(() => app.close(), () => store.close());
    let sequence = 0;
    const openCase = async (caseId: string, customerId: string, openedAt: string, type: 'inquiry' | 'complaint', channel: 'phone' | 'email' = 'phone') => {
      sequence += 1;
      const opened = recordedOn(`case-${caseId}`, [{ type: 'CaseOpened', data: caseOpened(caseId, customerId, openedAt, type, channel) }], openedAt, 1_000_000 + sequence);
      await reactToComplaintCases(deps, opened satisfies RecordedEvent[]);
    };
    return { app, deps, store, catchUp, stallReadModel: (value) => void (stalled = value), openCase, openComplaint: (caseId, customerId, openedAt, channel) => openCase(caseId, customerId, openedAt, 'complaint', channel) };
  };
}

function caseOpened(caseId: string, customerId: string, openedAt: string, type: 'inquiry' | 'complaint', channel: 'phone' | 'email'): EventData<'CaseOpened'> {
  return {
    caseId, customerId, channel, type, priority: 'normal', subject: 'It broke', openedAt, openedBy: 'agent-7', source: null,
    tierAtStart: { tier: 'standard', tierPolicyId: 'default', tierPolicyVersion: 1 },
    slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'phone-complaint' },
    calendars: [{ calendarId: 'default', version: 1 }],
    targets: [{ metric: 'first_response', duration: 'PT15M', basis: 'business', calendarId: 'default', warnAtRatio: 0.75 }],
  };
}
