import type { SurveyEvent } from '@ctp/contracts';
import { z } from 'zod';
import type { PageOrder } from '../lists/sorted-pages.js';

/** A follow-up as the follow-ups list answers it (the read model's public fields, instants in ISO form); the OpenAPI's item schema. */
export const followUpItemSchema = z.object({
  followUpId: z.string(),
  invitationId: z.string(),
  customerId: z.string(),
  caseId: z.string().nullable(),
  owner: z.object({ kind: z.enum(['agent', 'team']), id: z.string() }),
  reasons: z.array(z.string()),
  status: z.enum(['open', 'overdue', 'done']),
  openedAt: z.string(),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  late: z.boolean(),
});
export type FollowUpItem = z.infer<typeof followUpItemSchema>;

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
