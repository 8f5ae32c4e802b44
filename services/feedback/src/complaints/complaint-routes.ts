import { decoderFor, entityIdSchema, rootCauseCodeSchema, type EventData } from '@ctp/contracts';
import { commandRequest, positionOf, ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decideComplaint } from '../domain/complaints/decide-complaint.js';
import { Refusal } from '../domain/complaints/refusal.js';
import type { ComplaintDeps } from './complaint-deps.js';
import { complaintDecider, complaintStreamId, withComplaintStream } from './complaint-stream.js';
import { complaintsOf } from './earlier-complaints.js';
import { asProblem } from './problems.js';
import { latestTaxonomy } from './root-cause-stream.js';

export const caseIdParamsSchema = z.object({ caseId: entityIdSchema });

const causesBodySchema = z.strictObject({
  causes: z.array(rootCauseCodeSchema).min(1).max(9).describe('codes of the latest taxonomy version; replaces the causes set before'),
  stage: z.enum(['handling', 'resolution']).default('handling').describe('resolution: set as the case is resolved'),
});

const anyObject = z.record(z.string(), z.unknown());

/**
 * The repeat check reads the complaints read model, which follows the store with a lag: it first waits
 * until the model has passed the store's head as it was when the request arrived, so causes set a
 * moment before are seen (a 503 CTP_NOT_READY with Retry-After when it does not in READ_WAIT_TIMEOUT_MS).
 */
async function readModelCaughtUp(deps: ComplaintDeps): Promise<void> {
  const head = await deps.history.headPosition();
  if (head !== null) await deps.complaintReads.readYourWrites(head);
}

/** Root causes on a complaint (with the repeat check) and the complaint as its stream has it. */
export function complaintRoutes(deps: ComplaintDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'PUT', url: '/v1/complaints/:caseId/causes', operationId: 'setComplaintCauses', tags: ['complaints'],
      summary:
        'Set the root causes of a complaint case; a cause the same customer complained about within the repeat window ' +
        '(REPEAT_COMPLAINT_WINDOW_DAYS, default 90) before this one is flagged naming the earlier complaint',
      roles: ['agent'],
      params: caseIdParamsSchema,
      body: causesBodySchema,
      responses: {
        200: { description: 'The causes, the repeat flags raised now, and the global position', schema: z.object({ caseId: z.string(), causes: z.array(z.string()), repeats: z.array(anyObject), position: z.string().nullable() }) },
        404: { description: 'No complaint case with this id was recorded (yet: feedback follows sla with a short lag)' },
        422: { description: 'Refused: errors[].rule unknown_cause' },
        503: { description: 'CTP_NOT_READY: the complaints read model did not pass the store’s head within READ_WAIT_TIMEOUT_MS; nothing written, retry after Retry-After' },
      },
      handler: async ({ params: { caseId }, body, request }) => {
        const asking = commandRequest(deps, request);
        await readModelCaughtUp(deps);
        const taxonomy = await latestTaxonomy(deps.history);
        if (!taxonomy) throw new ProblemError(problems.CTP_NOT_READY, 'no root-cause taxonomy is published yet');
        const handled = await asProblem(
          () =>
            withComplaintStream(deps, caseId, asking.context, async (state) => {
              if (!state) throw new Refusal('complaint_not_found', `no complaint case ${caseId} was recorded`);
              const earlier = await complaintsOf(deps.complaintReads, state.customerId);
              const { repeatWindowDays: windowDays } = deps.complaintSettings;
              return decideComplaint({ kind: 'set_causes', causes: body.causes, stage: body.stage, taxonomy, earlier, windowDays, at: asking.now.toISOString(), by: asking.by }, state);
            }),
          { unknown_cause: 'body.causes' },
        );
        const streamId = complaintStreamId(caseId);
        const repeats = (await deps.history.readStream(streamId))
          .filter((event) => event.type === 'RepeatComplaintFlagged' && event.causationId === asking.context.causationId)
          .map((event) => event.data as EventData<'RepeatComplaintFlagged'>);
        return { caseId, causes: handled.state?.causes ?? [], repeats, position: await positionOf(deps.history, streamId, handled, asking.context.causationId) };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/complaints/:caseId', operationId: 'getComplaint', tags: ['complaints'],
      summary: 'A complaint as its stream has it (consistent, no lag): customer, channel, tier at opening, team, causes, repeat flags, remedies',
      roles: ['agent', 'analyst', 'admin'],
      params: caseIdParamsSchema,
      responses: { 200: { description: 'The complaint', schema: anyObject }, 404: { description: 'No complaint case with this id' } },
      handler: async ({ params: { caseId } }) => {
        const events = (await deps.history.readStream(complaintStreamId(caseId))).map(decoderFor('complaint'));
        const state = events.reduce(complaintDecider.evolve, complaintDecider.initialState());
        if (!state) throw new ProblemError(problems.CTP_NOT_FOUND, `no complaint case ${caseId} was recorded`);
        const repeats = events.flatMap((event) => (event.type === 'RepeatComplaintFlagged' ? [event.data] : []));
        return { ...state, repeats, remedies: Object.values(state.remedies), position: events.at(-1)!.globalPosition };
      },
    });
  };
}
