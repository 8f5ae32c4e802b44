import type { SurveyEvent } from '@ctp/contracts';
import type { PageOrder } from '../lists/sorted-pages.js';

/** A follow-up as the follow-ups list answers it (the read model's public fields, instants in ISO form). */
export interface FollowUpItem {
  readonly followUpId: string;
  readonly invitationId: string;
  readonly customerId: string;
  readonly caseId: string | null;
  readonly owner: { readonly kind: 'agent' | 'team'; readonly id: string };
  readonly reasons: readonly string[];
  readonly status: 'open' | 'overdue' | 'done';
  readonly openedAt: string;
  readonly dueAt: string;
  readonly doneAt: string | null;
  readonly late: boolean;
}

/** A follow-up's place in a list: the earliest deadline first, then by id (as the read model sorts). */
export interface FollowUpKey {
  readonly dueAt: string;
  readonly followUpId: string;
}

export const followUpOrder: PageOrder<FollowUpKey> = {
  keyOf: ({ dueAt, followUpId }) => ({ dueAt, followUpId }),
  idOf: (key) => key.followUpId,
  compare: (a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.followUpId < b.followUpId ? -1 : a.followUpId > b.followUpId ? 1 : 0),
};

const iso = (text: string) => new Date(text).toISOString();

/** The follow-ups of an invitation's events as they stand after them, as the `followUps` read model shows them. */
export function followUpsAfter(events: readonly SurveyEvent[]): Map<string, FollowUpItem> {
  const items = new Map<string, FollowUpItem>();
  const update = (followUpId: string, change: Partial<FollowUpItem>) => {
    const item = items.get(followUpId);
    if (item) items.set(followUpId, { ...item, ...change });
  };
  for (const event of events) {
    switch (event.type) {
      case 'FollowUpOpened': {
        const { followUpId, invitationId, customerId, caseId, owner, reasons, openedAt, dueAt } = event.data;
        items.set(followUpId, { followUpId, invitationId, customerId, caseId, owner: { kind: owner.kind, id: owner.id }, reasons: [...reasons], status: 'open', openedAt: iso(openedAt), dueAt: iso(dueAt), doneAt: null, late: false });
        break;
      }
      case 'FollowUpOverdue':
        update(event.data.followUpId, { status: 'overdue', late: true });
        break;
      case 'FollowUpDone':
        update(event.data.followUpId, { status: 'done', doneAt: iso(event.data.doneAt), late: event.data.late });
        break;
      default:
        break;
    }
  }
  return items;
}

/** The list a query reads: all, one status, one owner, or one owner's in one status. */
export const followUpListKey = ({ owner, status }: { owner?: string | undefined; status?: string | undefined }) => [...(owner ? [`owner|${owner}`] : []), ...(status ? [`status|${status}`] : [])].join('|') || 'all';

/** The lists a follow-up is on: the four its owner and status select. */
export const followUpListKeys = ({ owner, status }: FollowUpItem) => [{}, { status }, { owner: owner.id }, { owner: owner.id, status }].map(followUpListKey);
