import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type GuardedUpdate, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';

/**
 * `complaints`: one document per complaint case (`_id` the case id), fed by its `complaint-<caseId>`
 * stream and, in lane `case`, by sla's `case-<caseId>` stream (the first `resolved` and `closed`). A case
 * that is no complaint leaves a stub without `openedAt`, which no figure or listing counts.
 * `activity`: one document per customer and UTC month with a purchase: the first and last purchase
 * instants, enough to tell whether the customer bought within any month of the business time zone
 * (see active-customers.ts). `calendars`: every published version of every business calendar.
 * No personal data: ids, codes, dates and numbers.
 */
export const complaintFactProjection = defineProjection({
  name: 'analytics-complaints',
  version: 1,
  categories: ['complaint', 'case', 'customer', 'calendar'],
  collections: {
    complaintFacts: { indexes: [{ key: { openedAt: 1 } }, { key: { customerId: 1 } }] },
    purchaseMonths: { indexes: [{ key: { first: 1 } }] },
    calendarVersions: { indexes: [{ key: { calendarId: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export type ComplaintFactCollection = 'complaintFacts' | 'purchaseMonths' | 'calendarVersions';

export interface ComplaintFactDocument {
  readonly _id: string;
  readonly customerId?: string;
  readonly channel?: string;
  readonly tier?: string | null;
  readonly team?: string | null;
  /** Absent on a stub: a case not (yet) known as a complaint. */
  readonly openedAt?: Date;
  readonly causes?: readonly string[];
  readonly repeats?: readonly { readonly cause: string; readonly earlierCaseId: string }[];
  readonly resolvedAt?: Date;
  readonly closedAt?: Date;
  readonly trace?: readonly TraceEvent[];
  readonly caseTrace?: readonly TraceEvent[];
}

export interface ActivityDocument {
  readonly _id: string;
  readonly customerId: string;
  readonly first: Date;
  readonly last: Date;
  readonly trace: readonly TraceEvent[];
}

export interface CalendarVersionDocument {
  readonly _id: string;
  readonly calendarId: string;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly document: unknown;
  readonly trace: readonly TraceEvent[];
}

const complaintEvent = decoderFor('complaint');
const caseEvent = decoderFor('case');
const calendarEvent = decoderFor('calendar');
const customerEvent = decoderFor('customer');
const complaintTypes = new Set(['ComplaintRecorded', 'ComplaintTeamAssigned', 'ComplaintCausesSet', 'RepeatComplaintFlagged']);

function writesFor(raw: RecordedEvent): ProjectionWrite<ComplaintFactCollection>[] {
  const trace = { position: raw.globalPosition, type: raw.type };
  if (complaintTypes.has(raw.type)) return complaintWrites(raw, trace);
  if (raw.type === 'CaseStatusChanged') return caseWrites(raw, trace);
  if (raw.type === 'PurchaseRecorded') return purchaseWrites(raw, trace);
  if (raw.type === 'CalendarVersionPublished') {
    const { calendar, effectiveFrom } = calendarEvent(raw).data;
    return [guardedUpsert('calendarVersions', `${calendar.id}:${calendar.version}`, raw.globalPosition, { $set: { calendarId: calendar.id, version: calendar.version, effectiveFrom: new Date(effectiveFrom), document: calendar }, $push: { trace } })];
  }
  return [];
}

function complaintWrites(raw: RecordedEvent, trace: TraceEvent): ProjectionWrite<ComplaintFactCollection>[] {
  const complaint = complaintEvent(raw);
  const upsert = (update: GuardedUpdate) => [guardedUpsert<ComplaintFactCollection>('complaintFacts', complaint.data.caseId, raw.globalPosition, { ...update, $push: { trace } })];
  switch (complaint.type) {
    case 'ComplaintRecorded': {
      const { customerId, channel, tier, openedAt } = complaint.data;
      return upsert({ $set: { customerId, channel, tier, openedAt: new Date(openedAt), team: null, causes: [] } });
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

/** Only the first resolution and the closing matter; other moves of a case write nothing. */
function caseWrites(raw: RecordedEvent, trace: TraceEvent): ProjectionWrite<ComplaintFactCollection>[] {
  const change = caseEvent(raw);
  if (change.type !== 'CaseStatusChanged' || (change.data.to !== 'resolved' && change.data.to !== 'closed')) return [];
  const field = change.data.to === 'resolved' ? 'resolvedAt' : 'closedAt';
  return [guardedUpsert('complaintFacts', change.data.caseId, raw.globalPosition, { $min: { [field]: new Date(change.data.changedAt) }, $push: { caseTrace: trace } }, { lane: 'case' })];
}

/** A purchase counts at the instant it happened (the envelope's occurredAt). */
function purchaseWrites(raw: RecordedEvent, trace: TraceEvent): ProjectionWrite<ComplaintFactCollection>[] {
  const purchase = customerEvent(raw);
  if (purchase.type !== 'PurchaseRecorded') return [];
  const at = new Date(raw.occurredAt);
  const id = `${purchase.data.customerId}:${at.toISOString().slice(0, 7)}`;
  return [guardedUpsert('purchaseMonths', id, raw.globalPosition, { $set: { customerId: purchase.data.customerId }, $min: { first: at }, $max: { last: at }, $push: { trace } })];
}
