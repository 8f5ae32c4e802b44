import { buildEvent, decoderFor, nameUuid, streamIdFor, type EventData } from '@ctp/contracts';
import type { CommandContext } from '@ctp/event-store';
import { activeCollection } from '@ctp/projections';
import type { Db } from 'mongodb';
import { relationshipSurveyTemplate } from '../domain/surveys/default-templates.js';
import { drawSample, type SampleCandidate } from '../domain/surveys/sampling.js';
import { evolveRecipient, initialRecipientState } from '../domain/surveys/survey-state.js';
import { surveyConsentAt, tierOf } from './customer-facts.js';
import { surveyPopulationProjection, type PopulationMember } from './population-projection.js';
import type { SurveyDeps } from './survey-deps.js';
import { inviteOnLedger, recipientStreamId } from './survey-stream.js';
import { scheduleSurveyExpiry } from './survey-timers.js';
import { loadTemplate } from './template-stream.js';

const dayMs = 86_400_000;
const decode = decoderFor('survey');

export const sampleStreamId = (sampleId: string) => streamIdFor('survey', `sample.${sampleId}`);

export interface DrawnRelationshipSample {
  readonly sampleId: string;
  readonly strata: EventData<'SurveySampleDrawn'>['strata'];
  /** Null when the seed was drawn before: its invitations are the SurveyInvited events naming the sample. */
  readonly invitationIds: readonly string[] | null;
  readonly position: string;
}

/** Last year's active customers: a purchase in the 12 months before `now`, not erased or merged away. */
async function activeCustomers(db: Db, now: Date): Promise<{ ids: string[]; since: Date }> {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  const members = await (await activeCollection<PopulationMember>(db, surveyPopulationProjection.name, 'surveyPopulation')).find({ lastPurchaseAt: { $gte: since }, gone: { $ne: true } }, { projection: { _id: 1 } }).toArray();
  return { ids: members.map(({ _id }) => _id), since };
}

/** Each customer's tier in force and whether they may be surveyed now (survey consent, outside the cooldown), read from the store. */
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

/**
 * Draws the seed's sample (drawSample) and invites each drawn customer on their ledger; the ledger has the
 * last word on the cooldown, so a customer invited meanwhile is left out and the stratum's count says so.
 * The sample id derives from the seed: a seed drawn before answers its recorded sample. Each invitation's
 * cause derives from the sample and customer, so a draw interrupted and repeated invites nobody twice.
 */
export async function drawRelationshipSample(deps: SurveyDeps, db: Db, seed: string, rate: number, by: string, context: CommandContext): Promise<DrawnRelationshipSample> {
  const sampleId = nameUuid(['survey-sample', seed]);
  const streamId = sampleStreamId(sampleId);
  const earlier = (await deps.history.readStream(streamId)).at(-1);
  if (earlier) return { sampleId, strata: (earlier.data as EventData<'SurveySampleDrawn'>).strata, invitationIds: null, position: earlier.globalPosition };
  const now = deps.clock();
  const active = await activeCustomers(db, now);
  const candidates = await candidatesOf(deps, active.ids, now);
  const tiers = new Map(candidates.map(({ customerId, tier }) => [customerId, tier]));
  const { strata, drawn } = drawSample(candidates, seed, rate);
  const template = (await loadTemplate(deps.store, relationshipSurveyTemplate.id)) ?? relationshipSurveyTemplate;
  const invited: { invitationId: string; tier: string | null }[] = [];
  for (const customerId of drawn) {
    const invitationId = nameUuid(['survey-sample', sampleId, customerId]);
    const tier = tiers.get(customerId) ?? null;
    const state = await inviteOnLedger(
      deps,
      {
        kind: 'invite',
        invitation: { invitationId, customerId, kind: 'relationship', caseId: null, sampleId, template: { templateId: template.id, version: template.version }, tier, channel: null },
        now: now.toISOString(), consented: true, cooldownDays: deps.surveys.cooldownDays, expiryDays: deps.surveys.expiryDays,
      },
      { ...context, causationId: nameUuid([sampleId, customerId]) },
    );
    if (state === null || state.status === 'skipped') continue;
    await scheduleSurveyExpiry(deps, state.invitation);
    invited.push({ invitationId, tier });
  }
  const recorded = strata.map((stratum) => ({ ...stratum, invited: invited.filter(({ tier }) => tier === stratum.tier).length }));
  const data = { sampleId, seed, rate, asOf: now.toISOString(), activeSince: active.since.toISOString(), template: { templateId: template.id, version: template.version }, strata: recorded, drawnAt: now.toISOString(), by };
  const event = buildEvent('SurveySampleDrawn', data, { id: nameUuid([streamId, 'drawn']), streamId, occurredAt: now.toISOString(), correlationId: context.correlationId, causationId: context.causationId, actor: context.actor, traceparent: context.traceparent ?? null });
  const appended = await deps.store.append(streamId, [event], { expectedRevision: 'no_stream' });
  return { sampleId, strata: recorded, invitationIds: invited.map(({ invitationId }) => invitationId), position: appended.lastPosition };
}
