import type { ContactFactDocument, WinBackTaskDocument } from '../../contacts/contact-fact-projection.js';
import type { TraceEvent } from '../../metrics/drill.js';
import { eventsLinks } from '../churn-rows.js';

export const winBackStatuses = ['requested', 'open', 'fulfilled', 'cancelled'] as const;
export type WinBackStatus = (typeof winBackStatuses)[number];

/**
 * Where a task stands in feedback's contact cadence: requested (no obligation planned yet), open (planned,
 * neither fulfilled nor cancelled), fulfilled, or cancelled (e.g. the customer was erased).
 */
export function statusOf(obligation: ContactFactDocument | undefined): WinBackStatus {
  if (obligation === undefined) return 'requested';
  if (obligation.fulfilledAt !== undefined) return 'fulfilled';
  if (obligation.cancelledAt !== undefined) return 'cancelled';
  return 'open';
}

export const winBackColumns = ['taskId', 'customerId', 'crossing', 'tier', 'score', 'modelVersion', 'asOf', 'requestedAt', 'status', 'obligationId', 'dueAt', 'overdue', 'topFactors', 'drill'];

/** Each task with its obligation (joined by the WinBackRequested event id), newest request first. */
export function winBackRows(tasks: readonly WinBackTaskDocument[], obligations: readonly ContactFactDocument[]) {
  const byTask = new Map(obligations.filter(({ winBackEventId }) => winBackEventId !== undefined).map((obligation) => [obligation.winBackEventId!, obligation]));
  return tasks
    .map((task) => {
      const obligation = byTask.get(task._id);
      const status = statusOf(obligation);
      const trace: TraceEvent[] = [...task.trace, ...(obligation?.trace ?? [])];
      return {
        taskId: task._id, customerId: task.customerId, crossing: task.crossing, tier: task.tier, score: task.score, modelVersion: task.model.version, asOf: task.asOf,
        requestedAt: task.requestedAt.toISOString(), status, obligationId: obligation?._id ?? null, dueAt: obligation?.dueAt?.toISOString() ?? null,
        overdue: status === 'open' && obligation?.overdueAt !== undefined, topFactors: task.topFactors,
        drill: { task: eventsLinks(trace), causes: eventsLinks(task.causes.map((position) => ({ position, type: 'cause' }))) },
      };
    })
    .toSorted((a, b) => b.requestedAt.localeCompare(a.requestedAt) || a.taskId.localeCompare(b.taskId));
}
