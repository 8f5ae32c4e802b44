import { customerMessageKinds } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, scheduleTimers, timerRegistry, type TimerOfKind } from '@ctp/timers';
import { z } from 'zod';
import type { MessageRequest } from '../domain/messages/message-request.js';
import type { MessageDeps } from './message-deps.js';
import { attemptMessage } from './send-message.js';

const payload = z.strictObject({
  request: z.strictObject({
    messageId: z.uuid(),
    customerId: z.string().min(1),
    kind: z.enum(customerMessageKinds),
    purpose: z.string().min(1),
    cause: z.strictObject({ type: z.string().min(1), eventId: z.uuid() }),
    survey: z.strictObject({ invitationId: z.string().min(1), expiresAt: z.string().min(1) }).nullable(),
  }),
  attempt: z.int().min(1),
});

/**
 * One timer per message and attempt: its id names both, so a redelivered cause schedules nothing new. An attempt in
 * quiet hours is scheduled again for their end, under an id naming that time (the firing one is done).
 */
const customerMessage = defineTimerKind<MessageDeps, z.output<typeof payload>>({
  kind: 'customer-message',
  payload,
  handle: ({ deps, payload: { request, attempt } }) =>
    attemptMessage(deps, request, attempt, { scheduleNext: (at) => scheduleMessage(deps, request, attempt + 1, at), deferTo: (at) => scheduleMessage(deps, request, attempt, at, 'quiet') }),
});

export const messageTimers = timerRegistry<MessageDeps>([customerMessage]);

type MessageTimer = TimerOfKind<z.output<typeof payload>>;

/** `deferred`: the attempt again after quiet hours, its id naming when. */
function messageTimer(request: MessageRequest, attempt: number, dueAt: Date, deferred?: 'quiet'): MessageTimer {
  const id = `customer-message:${request.messageId}:${attempt}${deferred ? `:quiet-until-${dueAt.getTime()}` : ''}`;
  return { id, dueAt, payload: { request, attempt } };
}

export function scheduleMessage(deps: Pick<MessageDeps, 'timers'>, request: MessageRequest, attempt: number, dueAt: Date, deferred?: 'quiet'): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(deps.timers, customerMessage, messageTimer(request, attempt, dueAt, deferred));
}

/** Each message's first attempt, in one statement. */
export function scheduleFirstAttempts(deps: Pick<MessageDeps, 'timers'>, requests: readonly MessageRequest[], dueAt: Date): Promise<number> {
  return scheduleTimers(deps.timers, customerMessage, requests.map((request) => messageTimer(request, 1, dueAt)));
}
