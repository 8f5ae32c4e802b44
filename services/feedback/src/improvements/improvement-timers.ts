import { entityIdSchema } from '@ctp/contracts';
import { addDays, startOfDayIn } from '@ctp/calendar';
import { defineTimerKind, scheduleTimer, timerRegistry } from '@ctp/timers';
import { z } from 'zod';
import type { FeedbackDeps } from '../feedback-deps.js';
import { withImprovementStream } from './improvement-stream.js';

const overdueTimer = defineTimerKind<FeedbackDeps, { actionId: string }>({
  kind: 'improvement-overdue',
  payload: z.object({ actionId: entityIdSchema }),
  handle: async ({ deps, payload, timer }) => {
    const context = { causationId: timer.id, correlationId: timer.id, occurredAt: timer.dueAt.toISOString(), actor: { kind: 'service', id: 'feedback' } as const };
    await withImprovementStream(deps, payload.actionId, context, { kind: 'overdue', at: timer.dueAt.toISOString() });
  },
});

export const improvementTimers = timerRegistry<FeedbackDeps>([overdueTimer]);

/** The end of the due date (the next day's midnight in the business time zone): an action still open then escalates. */
export function overdueAt(dueDate: string, timeZone: string): Date {
  return new Date(startOfDayIn(addDays(dueDate, 1), timeZone));
}

/** One timer per action: scheduling it again is a no-op; it fires harmlessly for an action done by then. */
export function scheduleOverdue(deps: Pick<FeedbackDeps, 'timers' | 'timeZone'>, actionId: string, dueDate: string) {
  return scheduleTimer(deps.timers, overdueTimer, { id: `improvement-overdue:${actionId}`, dueAt: overdueAt(dueDate, deps.timeZone), payload: { actionId } });
}
