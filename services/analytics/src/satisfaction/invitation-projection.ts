import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';

/**
 * `invitations`: one document per survey invitation (stream `survey-<invitationId>`): the segment it was
 * sent in and, once answered, its scores. A skipped survey (SurveySkipped) is kept with `status: skipped`
 * but is no invitation: no figure counts it. An invitation left unanswered past its expiry (SurveyExpired)
 * becomes `expired`. The answer's free text (npsWhy, comment) is never copied.
 */
export const invitationProjection = defineProjection({
  name: 'analytics-satisfaction',
  version: 1,
  categories: ['survey'],
  collections: { invitationFacts: { indexes: [{ key: { invitedAt: 1 } }, { key: { customerId: 1 } }] } },
  handle: (events) => events.flatMap(writesFor),
});

export interface InvitationDocument {
  readonly _id: string;
  readonly status: 'invited' | 'answered' | 'skipped' | 'expired';
  readonly expiredAt?: Date;
  readonly customerId: string;
  readonly kind: string | null;
  readonly tier: string | null;
  readonly channel: string | null;
  readonly caseId: string | null;
  readonly sampleId: string | null;
  readonly invitedAt: Date | null;
  readonly answeredAt: Date | null;
  readonly csat: number | null;
  readonly nps: number | null;
  readonly ces: number | null;
  readonly dimensions: Readonly<Record<string, number>>;
  readonly trace: readonly TraceEvent[];
}

const surveyEvent = decoderFor('survey');
const counted = new Set(['SurveyInvited', 'SurveyAnswered', 'SurveySkipped', 'SurveyExpired']);

function writesFor(raw: RecordedEvent): ProjectionWrite<'invitationFacts'>[] {
  if (!counted.has(raw.type)) return [];
  const event = surveyEvent(raw);
  const trace = { position: raw.globalPosition, type: raw.type };
  const write = (id: string, fields: Record<string, unknown>) => [guardedUpsert('invitationFacts', id, raw.globalPosition, { $set: fields, $push: { trace } })];
  switch (event.type) {
    case 'SurveyInvited': {
      const { invitationId, customerId, kind, tier, channel, caseId, sampleId, invitedAt } = event.data;
      return write(invitationId, { status: 'invited', customerId, kind, tier, channel, caseId, sampleId, invitedAt: new Date(invitedAt), answeredAt: null, csat: null, nps: null, ces: null, dimensions: {} });
    }
    case 'SurveyAnswered': {
      const { invitationId, customerId, kind, tier, channel, invitedAt, answeredAt, csat, nps, ces, dimensions } = event.data;
      return write(invitationId, { status: 'answered', customerId, kind, tier, channel, invitedAt: new Date(invitedAt), answeredAt: new Date(answeredAt), csat, nps, ces, dimensions });
    }
    case 'SurveySkipped': {
      const { invitationId, customerId, caseId } = event.data;
      return write(invitationId, { status: 'skipped', customerId, kind: 'transactional', tier: null, channel: null, caseId, sampleId: null, invitedAt: null, answeredAt: null, csat: null, nps: null, ces: null, dimensions: {} });
    }
    case 'SurveyExpired':
      return write(event.data.invitationId, { status: 'expired', expiredAt: new Date(event.data.expiredAt) });
    default:
      return [];
  }
}
