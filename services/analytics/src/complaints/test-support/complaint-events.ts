import type { CalendarDocument } from '@ctp/calendar';
import type { DomainEvent, RecordedEvent } from '@ctp/contracts';
import { recordedOn } from '../../test-support/recorded-events.js';

export interface Complaint {
  readonly caseId: string;
  readonly openedAt: string;
  readonly tier: string | null;
  readonly channel?: 'phone' | 'email';
  readonly team?: string;
  readonly causes?: readonly string[];
  readonly repeatOf?: string;
}

/** A complaint's stream `complaint-<caseId>` from `position`: recorded, then its team, causes and repeat flag when given. */
export function complaintStream({ caseId, openedAt, tier, channel = 'phone', team, causes, repeatOf }: Complaint, position: number): RecordedEvent[] {
  const customerId = `C-${caseId}`;
  return recordedOn(
    `complaint-${caseId}`,
    [
      { type: 'ComplaintRecorded', data: { caseId, customerId, channel, tier, openedAt } },
      ...(team ? [{ type: 'ComplaintTeamAssigned', data: { caseId, team, assignedAt: openedAt } } satisfies DomainEvent] : []),
      ...(causes ? [{ type: 'ComplaintCausesSet', data: { caseId, customerId, causes: [...causes], taxonomyVersion: 1, stage: 'handling', setAt: openedAt, by: 'agent-7' } } satisfies DomainEvent] : []),
      ...(repeatOf && causes ? [{ type: 'RepeatComplaintFlagged', data: { caseId, customerId, cause: causes[0]!, earlierCaseId: repeatOf, earlierOpenedAt: '2026-01-05T10:00:00+08:00', windowDays: 90, flaggedAt: openedAt } } satisfies DomainEvent] : []),
    ],
    openedAt,
    position,
  );
}

/** sla's `case-<caseId>` stream: status moves as [from, to, at]. */
export function caseMoves(caseId: string, moves: readonly (readonly ['open' | 'resolved' | 'reopened' | 'closed', 'open' | 'resolved' | 'reopened' | 'closed', string])[], position: number): RecordedEvent[] {
  return moves.flatMap(([from, to, changedAt], index) => recordedOn(`case-${caseId}`, [{ type: 'CaseStatusChanged', data: { caseId, from, to, changedAt, by: 'agent-7', reason: 'handled' } }], changedAt, position + index).map((event) => ({ ...event, revision: index + 1 })));
}

export function purchase(customerId: string, at: string, position: number, orderId = `O-${position}`): RecordedEvent[] {
  return recordedOn(`customer-${customerId}`, [{ type: 'PurchaseRecorded', data: { customerId, orderId, amount: '100.00', currency: 'CNY', channel: 'store' } }], at, position);
}

const nineToSix = [{ from: '09:00', to: '18:00' }];

/** The `default` calendar, Mon-Fri 9-18 in Asia/Shanghai, published as version `version` counting from `effectiveFrom`. */
export function calendarPublished(version: number, effectiveFrom: string, position: number): RecordedEvent[] {
  const calendar: CalendarDocument = {
    id: 'default', version, timeZone: 'Asia/Shanghai', holidays: [], makeUpDays: [], overrides: [],
    week: { monday: nineToSix, tuesday: nineToSix, wednesday: nineToSix, thursday: nineToSix, friday: nineToSix },
  };
  return recordedOn('calendar-default', [{ type: 'CalendarVersionPublished', data: { calendar, effectiveFrom } }], effectiveFrom, position).map((event) => ({ ...event, revision: version - 1 }));
}
