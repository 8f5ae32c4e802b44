import { entityIdSchema, isoDateTimeSchema } from '@ctp/contracts';
import { defineTimerKind, scheduleTimers, timerRegistry, type Timer, type TimerStore } from '@ctp/timers';
import { z } from 'zod';
import { defaultCadenceRules } from '../domain/contacts/cadence-rules.js';
import type { ContactState } from '../domain/contacts/contact-state.js';
import { dueContactTimers, type DueContactTimer } from '../domain/contacts/due-timers.js';
import type { ContactDeps } from './contact-deps.js';
import { feedbackActor, withContactStream } from './contact-stream.js';
import { tierInForceAt } from './tier-entitlements.js';

export const contactTimerKind = 'contact-cadence';

const payloadSchema = z.discriminatedUnion('step', [
  z.object({ step: z.enum(['due', 'overdue', 'team_lead']), customerId: entityIdSchema, obligationId: entityIdSchema }),
  z.object({ step: z.literal('renewal'), customerId: entityIdSchema, yearTo: isoDateTimeSchema }),
]);
type ContactTimerPayload = z.infer<typeof payloadSchema>;

const contactTimer = defineTimerKind<ContactDeps, ContactTimerPayload>({
  kind: contactTimerKind,
  payload: payloadSchema,
  handle: ({ deps, payload, timer }) => fireContactTimer(deps, payload, timer),
});

/** What the timer workers dispatch through. */
export const contactTimers = timerRegistry<ContactDeps>([contactTimer]);

/** One id per obligation and step (per customer and year end for a renewal): scheduled again, it is the same timer. */
export function contactTimerId(customerId: string, due: DueContactTimer): string {
  return due.step === 'renewal' ? `${contactTimerKind}:${customerId}:renewal:${due.yearTo}` : `${contactTimerKind}:${due.obligationId}:${due.step}`;
}

const payloadOf = (customerId: string, due: DueContactTimer): ContactTimerPayload =>
  due.step === 'renewal' ? { step: 'renewal', customerId, yearTo: due.yearTo } : { step: due.step, customerId, obligationId: due.obligationId };

/** Every timer the plan needs, in one statement; those scheduled before stay as they are. */
export async function scheduleContactTimers(timers: Pick<TimerStore, 'scheduleAll'>, customerId: string, state: ContactState): Promise<void> {
  const due = dueContactTimers(state, defaultCadenceRules);
  await scheduleTimers(timers, contactTimer, due.map((each) => ({ id: contactTimerId(customerId, each), dueAt: new Date(each.at), payload: payloadOf(customerId, each) })));
}

/**
 * Decided at the timer's due instant, caused by the timer (fired again, it appends nothing). A renewal
 * plans the next year with the entitlements of the tier in force then, from the latest policy version.
 */
async function fireContactTimer(deps: ContactDeps, payload: ContactTimerPayload, fired: Timer): Promise<void> {
  const now = fired.dueAt.toISOString();
  const context = { causationId: fired.id, correlationId: fired.id, occurredAt: now, actor: feedbackActor };
  if (payload.step !== 'renewal') {
    await withContactStream(deps, payload.customerId, context, () => ({ kind: 'fire', step: payload.step, obligationId: payload.obligationId, now }));
    return;
  }
  const tier = await tierInForceAt(deps.history, payload.customerId, payload.yearTo);
  await withContactStream(deps, payload.customerId, context, () => (tier ? { kind: 'renew', yearEnd: payload.yearTo, tier, timeZone: deps.timeZone } : null));
}
