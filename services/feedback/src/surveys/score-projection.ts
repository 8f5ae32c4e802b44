import { createHash } from 'node:crypto';
import { isoDateIn } from '@ctp/calendar';
import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

const surveyEvent = decoderFor('survey');
const laneOf = (streamId: string) => `s${createHash('sha256').update(streamId).digest('hex').slice(0, 32)}`;

/** A `segments` document: counts and sums of one business day of invitations, survey kind, tier and channel. */
export interface SurveySegment {
  readonly _id: string;
  readonly day: string;
  readonly kind: string;
  readonly tier: string | null;
  readonly channel: string | null;
}

function segmentWrite(event: RecordedEvent, timeZone: string, segment: { kind: string; tier: string | null; channel: string | null; invitedAt: string }, inc: Record<string, number>): ProjectionWrite<'segments'> {
  const day = isoDateIn(Date.parse(segment.invitedAt), timeZone);
  const id = `${day}|${segment.kind}|${segment.tier ?? '-'}|${segment.channel ?? '-'}`;
  return guardedUpsert('segments', id, event.globalPosition, { $inc: inc, $set: { day, kind: segment.kind, tier: segment.tier, channel: segment.channel } }, { lane: laneOf(event.streamId) });
}

/** An `invitations` document: one invitation in its segment and where it stands (no personal data). */
export interface InvitationDocument {
  readonly _id: string;
  readonly day: string;
  readonly kind: string;
  readonly tier: string | null;
  readonly channel: string | null;
  readonly caseId: string | null;
  readonly sampleId: string | null;
  readonly status: 'invited' | 'answered' | 'expired';
  readonly invitedAt: Date;
  readonly expiresAt: Date;
  readonly answeredAt: Date | null;
  readonly expiredAt: Date | null;
}

function invitationWrites(event: RecordedEvent, timeZone: string): ProjectionWrite<'invitations'>[] {
  const decoded = surveyEvent(event);
  const write = (invitationId: string, fields: Record<string, unknown>) => [guardedUpsert('invitations', invitationId, event.globalPosition, { $set: fields })];
  switch (decoded.type) {
    case 'SurveyInvited': {
      const { invitationId, kind, tier, channel, caseId, sampleId, invitedAt, expiresAt } = decoded.data;
      return write(invitationId, { day: isoDateIn(Date.parse(invitedAt), timeZone), kind, tier, channel, caseId, sampleId, status: 'invited', invitedAt: new Date(invitedAt), expiresAt: new Date(expiresAt), answeredAt: null, expiredAt: null });
    }
    case 'SurveyAnswered':
      return write(decoded.data.invitationId, { status: 'answered', answeredAt: new Date(decoded.data.answeredAt) });
    case 'SurveyExpired':
      return write(decoded.data.invitationId, { status: 'expired', expiredAt: new Date(decoded.data.expiredAt) });
    default:
      return [];
  }
}

/** An answer's counts: CSAT top-2 box, NPS promoters and detractors, CES and dimension sums. */
function answerIncrements(data: { csat: number | null; nps: number | null; ces: number | null; dimensions: Record<string, number> }): Record<string, number> {
  const inc: Record<string, number> = { responded: 1 };
  if (data.csat !== null) Object.assign(inc, { csatN: 1, csatTop: data.csat >= 4 ? 1 : 0 });
  if (data.nps !== null) Object.assign(inc, { npsN: 1, promoters: data.nps >= 9 ? 1 : 0, detractors: data.nps <= 6 ? 1 : 0 });
  if (data.ces !== null) Object.assign(inc, { cesN: 1, cesSum: data.ces });
  for (const [dimension, score] of Object.entries(data.dimensions)) Object.assign(inc, { [`dimensions.${dimension}.n`]: 1, [`dimensions.${dimension}.sum`]: score });
  return inc;
}

/**
 * `segments`: survey counts and sums per business day of invitation, kind, tier and channel. An answer
 * counts in its invitation's segment, so a period's response rate is answers / invitations of that period.
 * `invitations`: each invitation in its segment, invited, answered or expired (SurveyExpired names no
 * segment, so the expired are counted from here). No personal data: free text stays in the store.
 */
export function surveyScoreProjection(timeZone: string) {
  return defineProjection({
    name: 'feedback-survey-scores',
    version: 2,
    categories: ['survey'],
    collections: { segments: { indexes: [{ key: { day: 1 } }] }, invitations: { indexes: [{ key: { day: 1, status: 1 } }] } },
    handle: (events) =>
      events.flatMap((raw): ProjectionWrite<'segments' | 'invitations'>[] => {
        if (raw.type !== 'SurveyInvited' && raw.type !== 'SurveyAnswered' && raw.type !== 'SurveyExpired') return [];
        const event = surveyEvent(raw);
        const invitation = invitationWrites(raw, timeZone);
        if (event.type === 'SurveyInvited') return [segmentWrite(raw, timeZone, event.data, { invited: 1 }), ...invitation];
        if (event.type === 'SurveyAnswered') return [segmentWrite(raw, timeZone, event.data, answerIncrements(event.data)), ...invitation];
        return invitation;
      }),
  });
}
