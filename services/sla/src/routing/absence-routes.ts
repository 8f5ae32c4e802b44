import { decoderFor, entityIdSchema, isoDateTimeSchema, streamIdFor } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { commandRequest, problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SlaDeps } from '../sla-deps.js';

const managerParams = z.object({ managerId: entityIdSchema });
const absenceEvent = decoderFor('managerAbsence');
const absenceSchema = z.object({ managerId: z.string(), absenceId: z.string(), from: z.string(), to: z.string(), recordedAt: z.string(), by: z.string() });

export function absenceRoutes(deps: Pick<SlaDeps, 'store' | 'history' | 'clock'>) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/account-managers/:managerId/absences', operationId: 'recordManagerAbsence', tags: ['routing'],
      summary: "Record an account manager's absence: new cases of their customers opened from `from` until `to` go to the manager's team (CaseRouted rule manager_absent_to_team)",
      roles: ['admin'],
      params: managerParams,
      body: z.strictObject({ absenceId: entityIdSchema, from: isoDateTimeSchema, to: isoDateTimeSchema }),
      responses: { 201: { description: 'Recorded', schema: z.object({ position: z.string() }) }, 200: { description: 'This absence id was recorded before: nothing appended', schema: z.object({ position: z.string().nullable() }) }, 409: { description: 'This absence id was recorded before with other dates' } },
      handler: async ({ params: { managerId }, body, request, reply }) => {
        if (Date.parse(body.from) >= Date.parse(body.to)) throw new ProblemError(problems.CTP_VALIDATION_FAILED, '1 problem(s) in the request', [{ path: 'body.to', message: 'must be after from' }]);
        const streamId = streamIdFor('managerAbsence', managerId);
        const recorded = (await deps.history.readStream(streamId)).map(absenceEvent);
        const same = recorded.find(({ data }) => data.absenceId === body.absenceId);
        if (same) {
          if (same.data.from !== body.from || same.data.to !== body.to) throw new ProblemError(problems.CTP_CONFLICT, `absence ${body.absenceId} was recorded with other dates`);
          return reply.code(200).send({ position: same.globalPosition });
        }
        const asking = commandRequest(deps, request);
        const data = { managerId, ...body, recordedAt: asking.now.toISOString(), by: asking.by };
        const result = await deps.store.append(streamId, envelopes(streamId, [{ type: 'ManagerAbsenceRecorded', data }], { ...asking.context, causationId: `absence:${body.absenceId}` }), { expectedRevision: recorded.length === 0 ? 'no_stream' : recorded.length - 1 });
        return reply.code(201).send({ position: result.lastPosition });
      },
    });
    route(app, {
      method: 'GET', url: '/v1/account-managers/:managerId/absences', operationId: 'listManagerAbsences', tags: ['routing'],
      summary: "The manager's recorded absences, oldest first",
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: managerParams,
      responses: { 200: { description: 'The absences', schema: z.object({ managerId: z.string(), absences: z.array(absenceSchema) }) } },
      handler: async ({ params: { managerId } }) => ({ managerId, absences: (await deps.history.readStream(streamIdFor('managerAbsence', managerId))).map(absenceEvent).map(({ data }) => data) }),
    });
  };
}
