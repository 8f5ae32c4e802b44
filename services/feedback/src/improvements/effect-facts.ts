import { isoDateIn } from '@ctp/calendar';
import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { AnswerFacts, ComplaintFacts } from '../domain/improvements/effect-series.js';

const complaintEvent = decoderFor('complaint');
const surveyEvent = decoderFor('survey');
const upTo = (position: GlobalPosition | null) => (event: RecordedEvent) => position !== null && compareGlobalPositions(event.globalPosition, position) <= 0;

/** A customer's purchase days (business days, sorted, each once) from its stream, as of `position` (null: none yet). */
export function purchaseDaysAt(stream: readonly RecordedEvent[], position: GlobalPosition | null, timeZone: string): string[] {
  const days = stream.filter(upTo(position)).filter((event) => event.type === 'PurchaseRecorded').map((event) => isoDateIn(Date.parse(event.occurredAt), timeZone));
  return [...new Set(days)].sort();
}

/** A complaint as its stream has it at `position`, or null before its ComplaintRecorded (or no position: nothing yet). */
export function complaintAt(stream: readonly RecordedEvent[], position: GlobalPosition | null, timeZone: string): ComplaintFacts | null {
  return stream.filter(upTo(position)).reduce<ComplaintFacts | null>((complaint, raw) => {
    const event = complaintEvent(raw);
    if (event.type === 'ComplaintRecorded') return { day: isoDateIn(Date.parse(event.data.openedAt), timeZone), causes: [], channel: event.data.channel, tier: event.data.tier, team: null };
    if (complaint === null) return null;
    if (event.type === 'ComplaintTeamAssigned') return { ...complaint, team: event.data.team };
    if (event.type === 'ComplaintCausesSet') return { ...complaint, causes: event.data.causes };
    return complaint;
  }, null);
}

/** A SurveyAnswered with a CSAT score, as the effect counts it; null for any other event. */
export function answerOf(raw: RecordedEvent, timeZone: string): (AnswerFacts & { readonly invitationId: string }) | null {
  if (raw.type !== 'SurveyAnswered' || !raw.streamId.startsWith('survey-')) return null;
  const event = surveyEvent(raw);
  if (event.type !== 'SurveyAnswered' || event.data.csat === null) return null;
  return { invitationId: event.data.invitationId, day: isoDateIn(Date.parse(event.data.answeredAt), timeZone), tier: event.data.tier, channel: event.data.channel, satisfied: event.data.csat >= 4 };
}

/** The customer a PurchaseRecorded is about. */
export const purchaserOf = (raw: RecordedEvent) => (raw.type === 'PurchaseRecorded' ? (raw.data as { customerId: string }).customerId : null);

export const complaintEventTypes = new Set(['ComplaintRecorded', 'ComplaintTeamAssigned', 'ComplaintCausesSet']);
