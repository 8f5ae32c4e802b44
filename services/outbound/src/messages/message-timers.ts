import { customerMessageKinds } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, timerRegistry } from '@ctp/timers';
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

/** One timer per message and attempt: its id names both, so a redelivered cause schedules nothing new. */
const customerMessage = defineTimerKind<MessageDeps, z.output<typeof payload>>({
  kind: 'customer-message',
  payload,
  handle: ({ deps, payload: { request, attempt } }) => attemptMessage(deps, request, attempt, (at) => scheduleMessage(deps, request, attempt + 1, at)),
});

export const messageTimers = timerRegistry<MessageDeps>([customerMessage]);

export function scheduleMessage(deps: Pick<MessageDeps, 'timers'>, request: MessageRequest, attempt: number, dueAt: Date): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(deps.timers, customerMessage, { id: `customer-message:${request.messageId}:${attempt}`, dueAt, payload: { request, attempt } });
}
