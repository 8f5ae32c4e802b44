import type { Timer } from '@ctp/timers';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.js';
import { problems } from '../problems/catalogue.js';
import { ProblemError } from '../problems/problem.js';
import type { AdminParts } from './admin-parts.js';
import { replayBody, reactorParams, consumerParams, deadLettersSchema, jobParams, jobSchema, jobsQuery, jobsSchema, limitQuery, projectionParams, redriveSchema, statusSchema, timerParams, timersQuery, timersSchema } from './admin-schemas.js';
import { AdminJobs } from './admin-jobs.js';
import { AdminLookupError } from './admin-lookup-error.js';
import { Operations } from './operations.js';
import { observeOperations } from '../metrics/operations-metrics.js';
import { watchMajorCollections } from '../metrics/process-memory.js';

const tags = ['admin'];
const roles = ['admin'] as const;

/** The operators' routes (`ctp-ops` calls them): status, dead letters, timers, rebuild jobs. */
export function adminRoutes(parts: AdminParts) {
  const operations = new Operations(parts);
  const jobs = new AdminJobs(parts);
  watchMajorCollections();
  return async (app: FastifyInstance) => {
    const stopObserving = observeOperations(app.metrics.meter, () => operations.status(), parts.clock);
    app.addHook('onClose', async () => {
      stopObserving();
      await operations.close();
    });
    route(app, {
      method: 'GET', url: '/v1/admin/status', operationId: 'adminStatus', tags, roles,
      summary: 'Each read model and reactor (position, head, lag, events/s, group members, parked dead letters, healthy and why not) and each timer kind (due, failing, parked)',
      responses: { 200: { description: 'The service’s operational status; healthy is false when any part is not', schema: statusSchema } },
      handler: () => operations.status(),
    });
    route(app, {
      method: 'GET', url: '/v1/admin/dead-letters/:consumer', operationId: 'listDeadLetters', tags, roles,
      summary: 'The events a read model or reactor parked and not redriven yet, with their errors',
      params: consumerParams, query: limitQuery,
      responses: { 200: { description: 'Parked count and the oldest parked letters', schema: deadLettersSchema }, 404: { description: 'No such read model or reactor' } },
      handler: ({ params, query }) => answer(() => operations.deadLetters(params.consumer, query.limit)),
    });
    route(app, {
      method: 'POST', url: '/v1/admin/dead-letters/:consumer/redrive', operationId: 'redriveDeadLetters', tags, roles,
      summary: 'Hands every parked event of the consumer to it again, in order; events failing again are parked again',
      params: consumerParams,
      responses: { 200: { description: 'What the redrive did', schema: redriveSchema }, 404: { description: 'No such read model or reactor' } },
      handler: ({ params }) => answer(() => operations.redrive(params.consumer)),
    });
    route(app, {
      method: 'GET', url: '/v1/admin/timers', operationId: 'listTimers', tags, roles,
      summary: 'Timers due now, failing, or parked (default), in every timer table of the service',
      query: timersQuery,
      responses: { 200: { description: 'The timers in that state', schema: timersSchema } },
      handler: async ({ query }) => ({ state: query.state, timers: (await operations.timers(query.state, query.limit)).map(timerView) }),
    });
    route(app, {
      method: 'POST', url: '/v1/admin/timers/:id/retry', operationId: 'retryTimer', tags, roles,
      summary: 'Puts a parked timer back, due now with its attempts reset',
      params: timerParams,
      responses: { 200: { description: 'The timer is pending again', schema: z.object({ id: z.string(), table: z.string() }) }, 404: { description: 'No parked timer with this id' } },
      handler: ({ params }) => answer(() => operations.retryTimer(params.id)),
    });
    route(app, {
      method: 'POST', url: '/v1/admin/rebuilds/:projection', operationId: 'startRebuild', tags, roles,
      summary: 'Starts a blue-green rebuild of a read model from the event store as a job; the old version is kept',
      params: projectionParams,
      responses: { 202: { description: 'The job, running; follow it at Location', schema: jobSchema }, 404: { description: 'No such read model' }, 409: { description: 'A rebuild of this read model is running; runningJob names it' } },
      handler: async ({ params, reply }) => {
        const job = await answer(() => jobs.startRebuild(params.projection));
        return reply.code(202).header('location', `/v1/admin/jobs/${job.id}`).send(job);
      },
    });
    route(app, {
      method: 'POST', url: '/v1/admin/replays/:reactor', operationId: 'startReplay', tags, roles,
      summary: 'Hands a reactor the events of a range of positions again (idempotent by cause) as a job; its result lists what the reactions appended',
      params: reactorParams, body: replayBody,
      responses: { 202: { description: 'The job, running; follow it at Location', schema: jobSchema }, 404: { description: 'No such reactor' }, 409: { description: 'A replay of this reactor is running; runningJob names it' } },
      handler: async ({ params, body, reply }) => {
        const job = await answer(() => jobs.startReplay(params.reactor, { from: body.from, to: body.to ?? null }));
        return reply.code(202).header('location', `/v1/admin/jobs/${job.id}`).send(job);
      },
    });
    route(app, {
      method: 'GET', url: '/v1/admin/jobs', operationId: 'listAdminJobs', tags, roles,
      summary: 'The service’s recent rebuild and replay jobs, newest first, optionally of one kind or in one state',
      query: jobsQuery,
      responses: { 200: { description: 'The jobs', schema: jobsSchema } },
      handler: async ({ query }) => ({ jobs: await jobs.list({ kind: query.kind ?? null, state: query.state ?? null, limit: query.limit }) }),
    });
    route(app, {
      method: 'GET', url: '/v1/admin/jobs/:id', operationId: 'adminJob', tags, roles,
      summary: 'A job’s state, progress (events, rate, ETA) and result; a job whose service stopped while it ran is interrupted',
      params: jobParams,
      responses: { 200: { description: 'The job', schema: jobSchema }, 404: { description: 'No such job' } },
      handler: ({ params }) => answer(() => jobs.job(params.id)),
    });
  };
}

async function answer<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof AdminLookupError)) throw error;
    if (error.kind === 'not_found') throw new ProblemError(problems.CTP_NOT_FOUND, error.message);
    throw new ProblemError(problems.CTP_CONFLICT, error.message, [], error.running ? { runningJob: error.running.id } : {});
  }
}

function timerView(timer: Timer & { table: string }) {
  return {
    table: timer.table,
    id: timer.id,
    kind: timer.kind,
    state: timer.state,
    dueAt: timer.dueAt.toISOString(),
    attempts: timer.attempts,
    lastError: timer.lastError,
    lastAttemptAt: timer.lastAttemptAt?.toISOString() ?? null,
    parkedAt: timer.parkedAt?.toISOString() ?? null,
  };
}
