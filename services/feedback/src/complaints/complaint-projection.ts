import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/**
 * `complaints`: one document per complaint case (`_id` the case id): customer, channel, tier at opening,
 * team, root causes and repeat flags; the repeat check and the improvement effect count them.
 * `activity`: one document per customer and UTC day with a purchase (`at` the day's first): the active
 * customers of a period. `csat`: one document per answered survey with a CSAT score (tier, channel,
 * satisfied = 4 or 5), from the surveys' SurveyAnswered. No personal data.
 */
export const complaintProjection = defineProjection({
  name: 'feedback-complaints',
  version: 1,
  categories: ['complaint', 'customer', 'survey'],
  collections: {
    complaints: { indexes: [{ key: { customerId: 1 } }, { key: { openedAt: 1 } }] },
    activity: { indexes: [{ key: { at: 1 } }] },
    csat: { indexes: [{ key: { at: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export type ComplaintCollection = 'complaints' | 'activity' | 'csat';

export interface ComplaintDocument {
  readonly _id: string;
  readonly customerId: string;
  readonly channel: string;
  readonly tier: string | null;
  readonly team: string | null;
  readonly openedAt: Date;
  readonly causes: readonly string[];
  readonly repeats?: readonly { readonly cause: string; readonly earlierCaseId: string }[];
}

const complaintEvent = decoderFor('complaint');

function writesFor(event: RecordedEvent): ProjectionWrite<ComplaintCollection>[] {
  const position = event.globalPosition;
  if (event.type === 'PurchaseRecorded') {
    const { customerId } = event.data as { customerId: string };
    return [guardedUpsert('activity', `${customerId}:${event.occurredAt.slice(0, 10)}`, position, { $set: { customerId }, $min: { at: new Date(event.occurredAt) } })];
  }
  if (event.type === 'SurveyAnswered') {
    const { invitationId, csat, tier, channel, answeredAt } = event.data as { invitationId: string; csat: number | null; tier: string | null; channel: string | null; answeredAt: string };
    if (csat === null) return [];
    return [guardedUpsert('csat', invitationId, position, { $set: { at: new Date(answeredAt), tier, channel, csat, satisfied: csat >= 4 } })];
  }
  if (!event.streamId.startsWith('complaint-')) return [];
  const complaint = complaintEvent(event);
  const upsert = (update: Parameters<typeof guardedUpsert>[3]) => [guardedUpsert<ComplaintCollection>('complaints', complaint.data.caseId, position, update)];
  switch (complaint.type) {
    case 'ComplaintRecorded': {
      const { customerId, channel, tier, openedAt } = complaint.data;
      return upsert({ $set: { customerId, channel, tier, openedAt: new Date(openedAt), causes: [], team: null } });
    }
    case 'ComplaintTeamAssigned':
      return upsert({ $set: { team: complaint.data.team } });
    case 'ComplaintCausesSet':
      return upsert({ $set: { causes: complaint.data.causes } });
    case 'RepeatComplaintFlagged':
      return upsert({ $addToSet: { repeats: { cause: complaint.data.cause, earlierCaseId: complaint.data.earlierCaseId } } });
    default:
      return [];
  }
}
