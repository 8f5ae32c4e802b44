import { buildEvent, decoderFor, nameUuid, streamIdFor } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { relationshipSurveyTemplate } from '../domain/surveys/default-templates.js';
import { drawSample, type SampleCandidate } from '../domain/surveys/sampling.js';
import { evolveRecipient, initialRecipientState } from '../domain/surveys/survey-state.js';
import { commandRequest } from '../http/command-request.js';
import { surveyConsentAt, tierOf } from './customer-facts.js';
import { surveyPopulationProjection, type PopulationMember } from './population-projection.js';
import type { SurveyDeps } from './survey-deps.js';
import { feedbackActor, inviteOnLedger, recipientStreamId } from './survey-stream.js';
import { loadTemplate } from './template-stream.js';

export interface PopulationReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
}

const minimumRate = 0.005;
const dayMs = 86_400_000;
const decode = decoderFor('survey');

/** Each active customer with their tier and whether they may be surveyed now (survey consent, outside the cooldown). */
async function candidatesOf(deps: SurveyDeps, customerIds: readonly string[], now: Date): Promise<SampleCandidate[]> {
  const candidates: SampleCandidate[] = [];
  for (let i = 0; i < customerIds.length; i += 200) {
    const chunk = customerIds.slice(i, i + 200);
    const streams = await deps.history.readStreams(chunk.flatMap((id) => [streamIdFor('customer', id), streamIdFor('tier', id), recipientStreamId(id)]));
    for (const customerId of chunk) {
      const ledger = (streams.get(recipientStreamId(customerId)) ?? []).map(decode).reduce(evolveRecipient, initialRecipientState());
      const cooling = ledger.lastInvitedAt !== null && Date.parse(ledger.lastInvitedAt) + deps.surveys.cooldownDays * dayMs > now.getTime();
      const consented = surveyConsentAt(streams.get(streamIdFor('customer', customerId)) ?? [], now);
      candidates.push({ customerId, tier: tierOf(streams.get(streamIdFor('tier', customerId)) ?? []), eligible: consented && !cooling });
    }
  }
  return candidates;
}

export function surveySampleRoutes(deps: SurveyDeps, reads: PopulationReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/surveys/samples', operationId: 'drawSurveySample', tags: ['surveys'],
      summary:
        'Draw a relationship NPS sample: at least `rate` (>= 0.5 %) of last year’s active customers (a purchase in the 12 months before now), stratified by tier ' +
        '(ceil(rate x active) per tier), reproducible from `seed`; customers without survey consent or within the cooldown are passed over; each drawn customer is invited',
      roles: ['admin', 'analyst'],
      body: z.strictObject({
        seed: z.string().min(1).max(100).describe('the same seed on the same population draws the same customers; a seed drawn before answers its sample again'),
        rate: z.number().min(minimumRate).max(1).default(minimumRate),
        minPosition: z.string().optional().describe('wait for the population read model to pass this position first'),
      }),
      responses: { 201: { description: 'Drawn', schema: z.object({ sampleId: z.string(), strata: z.array(z.record(z.string(), z.unknown())), invitationIds: z.array(z.string()).nullable().describe('null when the seed was drawn before (see each SurveyInvited of the sample)'), position: z.string().nullable() }) } },
      handler: async ({ body, request, reply }) => {
        await reads.readYourWrites(body.minPosition);
        const { now, by, context } = commandRequest(deps, request);
        const sampleId = nameUuid(['survey-sample', body.seed]);
        const asOf = now.toISOString();
        const activeSince = new Date(now);
        activeSince.setUTCFullYear(activeSince.getUTCFullYear() - 1);
        const streamId = streamIdFor('survey', `sample.${sampleId}`);
        const earlier = (await deps.history.readStream(streamId)).at(-1);
        if (earlier) {
          const drawnBefore = earlier.data as { strata: unknown[] };
          return reply.code(201).send({ sampleId, strata: drawnBefore.strata, invitationIds: null, position: earlier.globalPosition });
        }
        const members = await (await activeCollection<PopulationMember>(reads.db, surveyPopulationProjection.name, 'customers'))
          .find({ lastPurchaseAt: { $gte: activeSince }, gone: { $ne: true } }, { projection: { _id: 1 } })
          .toArray();
        const candidates = await candidatesOf(deps, members.map(({ _id }) => _id), now);
        const tiers = new Map(candidates.map(({ customerId, tier }) => [customerId, tier]));
        const { strata, drawn } = drawSample(candidates, body.seed, body.rate);
        const template = (await loadTemplate(deps.store, relationshipSurveyTemplate.id)) ?? relationshipSurveyTemplate;
        const invitationIds: string[] = [];
        for (const customerId of drawn) {
          const invitationId = nameUuid(['survey-sample', sampleId, customerId]);
          await inviteOnLedger(
            deps,
            {
              kind: 'invite',
              invitation: { invitationId, customerId, kind: 'relationship', caseId: null, sampleId, template: { templateId: template.id, version: template.version }, tier: tiers.get(customerId) ?? null, channel: null },
              now: asOf, consented: true, cooldownDays: deps.surveys.cooldownDays, expiryDays: deps.surveys.expiryDays,
            },
            { ...context, causationId: nameUuid([sampleId, customerId]) },
          );
          invitationIds.push(invitationId);
        }
        const event = buildEvent(
          'SurveySampleDrawn',
          { sampleId, seed: body.seed, rate: body.rate, asOf, activeSince: activeSince.toISOString(), template: { templateId: template.id, version: template.version }, strata: [...strata], drawnAt: asOf, by },
          { id: nameUuid([streamId, 'drawn']), streamId, occurredAt: asOf, correlationId: context.correlationId, causationId: context.causationId, actor: context.actor ?? feedbackActor, traceparent: null },
        );
        const appended = await deps.store.append(streamId, [event], { expectedRevision: 'no_stream' });
        return reply.code(201).send({ sampleId, strata, invitationIds, position: appended.lastPosition });
      },
    });
  };
}
