import { entityIdSchema } from '@ctp/contracts';
import { route, type PersonalDataAccess } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rulesFor } from '../cases/case-stream.js';
import { clockView } from '../domain/clock-view.js';
import type { SlaDeps } from '../sla-deps.js';
import { caseHistory } from './case-history.js';
import { caseSummary, slaLine, timelineOf } from './case-summary.js';

const caseParams = z.object({ caseId: entityIdSchema });
const anyObject = z.record(z.string(), z.unknown());
const notFound = { description: 'No case with this id was ever opened' };

/**
 * Single-case views, each from the case's stream in the store (never the read model): visible as soon
 * as a command answered, and the same after any rebuild. Clocks are read at the service's clock on the
 * calendar versions in the store.
 */
export function caseViewRoutes(deps: SlaDeps, access: PersonalDataAccess) {
  const personalQuery = z.object(access.query);
  const load = async (caseId: string) => {
    const history = await caseHistory(deps, caseId);
    const { calendars } = await rulesFor(deps, history.state);
    return { history, calendars, now: deps.clock().getTime() };
  };
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/cases/:caseId', operationId: 'getCase', tags: ['cases'],
      summary:
        'The case from its stream: status, tier, assignee and a line per clock; the subject in clear for PERSONAL_DATA_ROLES (agents and admins; the read is recorded with its purpose), ' +
        'masked for analysts, "[erased]" (erased: true) once the customer was erased',
      roles: ['agent', 'analyst', 'admin'],
      params: caseParams,
      query: personalQuery,
      responses: { 200: { description: 'The case', schema: anyObject }, 404: notFound },
      handler: async ({ params, query, request }) => {
        const { history, calendars, now } = await load(params.caseId);
        const { summary, revealed } = caseSummary(history, calendars, now, access.mayReveal(request));
        await access.record(request, { customerId: summary.customerId, view: 'GET /v1/cases/{id}', revealed, purpose: query.purpose });
        return summary;
      },
    });
    route(app, {
      method: 'GET', url: '/v1/cases/:caseId/timeline', operationId: 'getCaseTimeline', tags: ['cases'],
      summary: 'Every event of the case in stream order; replies, notes and customer messages in clear for PERSONAL_DATA_ROLES (the read is recorded with its purpose), masked otherwise',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: caseParams,
      query: personalQuery,
      responses: { 200: { description: 'The events', schema: z.object({ caseId: z.string(), events: z.array(anyObject) }) }, 404: notFound },
      handler: async ({ params, query, request }) => {
        const history = await caseHistory(deps, params.caseId);
        const { entries, revealed } = timelineOf(history.events, access.mayReveal(request));
        await access.record(request, { customerId: history.state.customerId, view: 'GET /v1/cases/{id}/timeline', revealed, purpose: query.purpose });
        return { caseId: params.caseId, events: entries };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/cases/:caseId/sla', operationId: 'getCaseSla', tags: ['cases'],
      summary: 'Each clock cycle now: target, deadline (null while paused), state, business time elapsed and remaining, whether paused and each paused span',
      roles: ['agent', 'analyst', 'admin'],
      params: caseParams,
      responses: { 200: { description: 'The clocks', schema: z.object({ caseId: z.string(), asOf: z.string(), slaPolicy: anyObject, metrics: z.array(anyObject) }) }, 404: notFound },
      handler: async ({ params }) => {
        const { history, calendars, now } = await load(params.caseId);
        return { caseId: params.caseId, asOf: new Date(now).toISOString(), slaPolicy: history.state.slaPolicy, metrics: clockView(history.state, calendars, now).map(slaLine) };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/cases/:caseId/sla/explain', operationId: 'explainCaseSla', tags: ['cases'],
      summary:
        'Why each clock stands where it does: the working segments that counted with their calendar versions, each paused span and its status, ' +
        'the policy version and rule, each reschedule and how the deadline was computed. From the stream only: the same after any rebuild',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: caseParams,
      responses: { 200: { description: 'The explanation', schema: z.object({ caseId: z.string(), asOf: z.string(), slaPolicy: anyObject, metrics: z.array(anyObject) }) }, 404: notFound },
      handler: async ({ params }) => {
        const { history, calendars, now } = await load(params.caseId);
        return { caseId: params.caseId, asOf: new Date(now).toISOString(), slaPolicy: history.state.slaPolicy, metrics: clockView(history.state, calendars, now) };
      },
    });
  };
}
