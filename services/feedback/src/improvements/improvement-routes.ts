import { caseChannels, entityIdSchema, improvementStatuses, isoDateSchema, rootCauseCodeSchema, tierIdSchema } from '@ctp/contracts';
import { isoDateIn } from '@ctp/calendar';
import { commandRequest, positionOf, ProblemError, problems, readYourWritesQuery, type Role, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ComplaintDeps } from '../complaints/complaint-deps.js';
import { asProblem } from '../complaints/problems.js';
import { latestTaxonomy } from '../complaints/root-cause-stream.js';
import { equalPeriods, measuredEffect } from '../domain/improvements/effect.js';
import { periodCountsOf } from '../domain/improvements/effect-series.js';
import { countedEffect } from './effect-reads.js';
import { improvementStreamId, loadImprovement, withImprovementStream } from './improvement-stream.js';
import { scheduleOverdue } from './improvement-timers.js';

const leads: readonly Role[] = ['admin', 'agent'];
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).default([]);

const createSchema = z
  .strictObject({
    actionId: entityIdSchema.optional().describe('default: generated'),
    title: z.string().min(1).max(200),
    owner: entityIdSchema.describe('who carries the action out; an overdue action escalates past them'),
    scope: z.strictObject({ causes: list(rootCauseCodeSchema, 20), channels: list(z.enum(caseChannels), 20), tiers: list(tierIdSchema, 20), teams: list(entityIdSchema, 50) }).describe('each list narrows the complaints the action targets; empty: all'),
    startsOn: isoDateSchema.optional().describe('the day the change takes effect (default today, business time zone)'),
    dueDate: isoDateSchema,
  })
  .refine(({ startsOn, dueDate }) => startsOn === undefined || startsOn <= dueDate, { message: 'dueDate must not be before startsOn', path: ['dueDate'] });

const actionParamsSchema = z.object({ actionId: entityIdSchema });
const answerSchema = z.object({ actionId: z.string(), position: z.string().nullable() });
const anyObject = z.record(z.string(), z.unknown());

/** Improvement actions against complaint root causes: created, moved through their statuses, their effect measured. */
export function improvementRoutes(deps: ComplaintDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/improvement-actions', operationId: 'createImprovementAction', tags: ['improvements'],
      summary: 'Create an improvement action (owner, scope, start, due date); one still open at the end of its due date escalates (ImprovementActionOverdue)',
      roles: leads,
      body: createSchema,
      responses: { 200: { description: 'The action’s id and the global position', schema: answerSchema }, 422: { description: 'Refused: errors[].rule unknown_cause, action_exists' } },
      handler: async ({ body, request }) => {
        const asking = commandRequest(deps, request);
        const taxonomy = await latestTaxonomy(deps.history);
        const unknown = body.scope.causes.filter((cause) => !taxonomy?.causes.some(({ code }) => code === cause));
        if (unknown.length > 0) throw new ProblemError(problems.CTP_UNPROCESSABLE, `not in the root-cause taxonomy: ${unknown.join(', ')}`, [{ path: 'body.scope.causes', message: `unknown: ${unknown.join(', ')}`, rule: 'unknown_cause' }]);
        const actionId = body.actionId ?? `A-${asking.context.causationId}`;
        const startsOn = body.startsOn ?? isoDateIn(asking.now.getTime(), deps.timeZone);
        if (body.dueDate < startsOn) throw new ProblemError(problems.CTP_VALIDATION_FAILED, '1 problem(s) in the request', [{ path: 'body.dueDate', message: `dueDate must not be before startsOn (${startsOn})` }]);
        const action = {
          actionId, title: body.title, owner: body.owner, scope: body.scope,
          startsOn, dueDate: body.dueDate,
          createdAt: asking.now.toISOString(), by: asking.by,
        };
        const handled = await asProblem(() => withImprovementStream(deps, actionId, asking.context, { kind: 'create', action }), { action_exists: 'body.actionId' });
        if (handled.state) await scheduleOverdue(deps, actionId, handled.state.dueDate);
        return { actionId, position: await positionOf(deps.history, improvementStreamId(actionId), handled, asking.context.causationId) };
      },
    });
    route(app, {
      method: 'POST', url: '/v1/improvement-actions/:actionId/status', operationId: 'changeImprovementActionStatus', tags: ['improvements'],
      summary: 'Move the action: planned -> in_progress -> done, or cancelled; done and cancelled are final',
      roles: leads,
      params: actionParamsSchema,
      body: z.strictObject({ to: z.enum(improvementStatuses), note: z.string().min(1).max(500).optional() }),
      responses: { 200: { description: 'The global position', schema: answerSchema }, 404: { description: 'No such action' }, 422: { description: 'Refused: errors[].rule transition_not_allowed' } },
      handler: async ({ params: { actionId }, body, request }) => {
        const asking = commandRequest(deps, request);
        const command = { kind: 'change_status', to: body.to, at: asking.now.toISOString(), by: asking.by, ...(body.note === undefined ? {} : { note: body.note }) } as const;
        const handled = await asProblem(() => withImprovementStream(deps, actionId, asking.context, command), { transition_not_allowed: 'body.to' });
        return { actionId, position: await positionOf(deps.history, improvementStreamId(actionId), handled, asking.context.causationId) };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/improvement-actions/:actionId', operationId: 'getImprovementAction', tags: ['improvements'],
      summary: 'The action as its stream has it: scope, owner, dates, status, whether it escalated',
      roles: ['admin', 'agent', 'analyst'],
      params: actionParamsSchema,
      responses: { 200: { description: 'The action', schema: anyObject }, 404: { description: 'No such action' } },
      handler: async ({ params: { actionId } }) => {
        const action = await loadImprovement(deps, actionId);
        if (!action) throw new ProblemError(problems.CTP_NOT_FOUND, `no improvement action ${actionId}`);
        return action;
      },
    });
    route(app, {
      method: 'GET', url: '/v1/improvement-actions/:actionId/effect', operationId: 'getImprovementActionEffect', tags: ['improvements'],
      summary:
        'The measured effect: complaint rate in scope (complaints / active customers) and CSAT (share of 4-5) for equal periods before and after ' +
        'the start, with sample sizes and a two-proportion z-test note (docs/feedback.md "Improvement actions"); counted from the series the effect follower keeps per action ' +
        '(one read), 503 CTP_NOT_READY with Retry-After until it has counted the action',
      roles: ['admin', 'agent', 'analyst'],
      params: actionParamsSchema,
      query: z.strictObject({
        days: z.coerce.number().int().min(1).max(366).default(90).describe('length of each period; cut to the days since the start when fewer have passed'),
        ...readYourWritesQuery,
      }),
      responses: {
        200: { description: 'Both periods, their counts, rates and the test notes', schema: anyObject },
        404: { description: 'No such action' },
        503: { description: 'CTP_NOT_READY with Retry-After: the effect follower has not counted the action (or reached minPosition) within READ_WAIT_TIMEOUT_MS' },
      },
      handler: async ({ params: { actionId }, query }) => {
        const action = await loadImprovement(deps, actionId);
        if (!action) throw new ProblemError(problems.CTP_NOT_FOUND, `no improvement action ${actionId}`);
        const series = await countedEffect(deps.complaintReads.db, actionId, query.minPosition, deps.readWaitMs ?? 5_000, () => deps.history.headPosition());
        const periods = equalPeriods(action.startsOn, query.days, isoDateIn(deps.clock().getTime(), deps.timeZone));
        const { before, after } = periodCountsOf(series, periods);
        return { actionId, scope: action.scope, startsOn: action.startsOn, days: periods.days, ...measuredEffect(before, after) };
      },
    });
  };
}
