import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/**
 * `complaints`: one document per complaint case (`_id` the case id): customer, channel, tier at opening,
 * team, root causes and repeat flags, which the repeat check reads. No personal data. (Version 2: the purchase
 * days and CSAT answers the improvement effect counted moved to the effect follower, improvements/effect-follower.ts.)
 */
export const complaintProjection = defineProjection({
  name: 'feedback-complaints',
  version: 2,
  categories: ['complaint'],
  collections: {
    complaints: { indexes: [{ key: { customerId: 1 } }, { key: { openedAt: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export type ComplaintCollection = 'complaints';

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
