import { entityIdSchema, type EventData } from '@ctp/contracts';
import { commandRequest, positionOf, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SurveyError } from '../domain/surveys/errors.js';
import { followUpPlan } from './follow-up-plan.js';
import { asSurveyProblem } from './survey-problems.js';
import type { SurveyDeps } from './survey-deps.js';
import { invitationStreamId, withSurveyStream } from './survey-stream.js';
import { scheduleFollowUpOverdue } from './survey-timers.js';
import { recordedTemplate } from './template-stream.js';

const answeredSchema = z.object({ invitationId: z.string(), followUpId: z.string().nullable().describe('the follow-up a poor answer opened'), position: z.string().nullable() });

export function surveyResponseRoutes(deps: SurveyDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/surveys/:invitationId/responses', operationId: 'answerSurvey', tags: ['surveys'],
      summary:
        'A customer’s answers to an invitation, by question id (scores are whole numbers: CSAT 1-5, NPS 0-10, CES 1-7, dimensions 0-100; nps_why and comment are text, stored encrypted). ' +
        'Refused with 422 after expiry (survey_expired), a second time (already_answered), or out of range (out_of_range, unknown_question, wrong_answer_kind); a poor answer opens a follow-up',
      roles: ['integrator'],
      params: z.object({ invitationId: entityIdSchema }),
      body: z.strictObject({ answers: z.record(z.string().min(1).max(40), z.union([z.number(), z.string().min(1).max(2000)])).describe('question id -> score or text') }),
      responses: { 201: { description: 'Recorded', schema: answeredSchema }, 404: { description: 'No such invitation' }, 422: { description: 'Refused by a survey rule (errors[].rule)' } },
      handler: async ({ params, body, request, reply }) => {
        const { context, now } = commandRequest(deps, request);
        const handled = await asSurveyProblem(() =>
          withSurveyStream(deps, params.invitationId, context, async (state) => {
            if (state === null || state.status === 'skipped') throw new SurveyError('invitation_not_found', `no survey invitation ${params.invitationId}`);
            const template = await recordedTemplate(deps.store, state.invitation.template);
            return { kind: 'respond', now: now.toISOString(), template, answers: body.answers, followUp: await followUpPlan(deps, state.invitation.caseId, now) };
          }),
        );
        const opened = handled.state && handled.state.status !== 'skipped' ? handled.state.followUp : null;
        if (opened) await scheduleFollowUpOverdue(deps, params.invitationId, opened.dueAt);
        const position = await positionOf(deps.history, invitationStreamId(params.invitationId), handled, context.causationId);
        return reply.code(201).send({ invitationId: params.invitationId, followUpId: opened?.followUpId ?? null, position });
      },
    });

    route(app, {
      method: 'POST', url: '/v1/follow-ups/:followUpId/done', operationId: 'completeFollowUp', tags: ['surveys'],
      summary: 'The owner followed up a poor answer (late when after its deadline); a second time is refused (follow_up_already_done)',
      roles: ['agent'],
      params: z.object({ followUpId: entityIdSchema }),
      responses: { 200: { description: 'Done', schema: z.object({ followUpId: z.string(), late: z.boolean(), position: z.string().nullable() }) }, 404: { description: 'No such follow-up' }, 422: { description: 'Done already' } },
      handler: async ({ params, request }) => {
        const { context, now, by } = commandRequest(deps, request);
        const handled = await asSurveyProblem(() => withSurveyStream(deps, params.followUpId, context, () => ({ kind: 'completeFollowUp', now: now.toISOString(), by })));
        const events = await deps.history.readStream(invitationStreamId(params.followUpId));
        const done = events.findLast(({ type }) => type === 'FollowUpDone')?.data as EventData<'FollowUpDone'> | undefined;
        return { followUpId: params.followUpId, late: done?.late ?? false, position: await positionOf(deps.history, invitationStreamId(params.followUpId), handled, context.causationId) };
      },
    });
  };
}
