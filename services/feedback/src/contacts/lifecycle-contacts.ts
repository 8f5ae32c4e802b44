import { decoderFor, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import type { CareOwed } from '../domain/contacts/contact-commands.js';
import type { ContactDeps } from './contact-deps.js';
import { feedbackActor, withContactStream } from './contact-stream.js';

const lifecycleEvent = decoderFor('lifecycle');

/**
 * Tiering moved a customer to a lifecycle stage whose rules plan a contact (a welcome call for a new
 * customer, a care call for a mature key account, a win-back call for a lapsed one): one callback per
 * stage change, tracked like every obligation (due, overdue, escalated).
 */
export async function contactByLifecycleStage(deps: ContactDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events.map(lifecycleEvent)) {
    const { customerId, to, contact, changedAt } = event.data;
    if (!contact) continue;
    const context = { causationId: event.id, correlationId: event.correlationId, occurredAt: event.occurredAt, actor: feedbackActor, traceparent: event.traceparent };
    const lifecycle = { eventId: event.id, position: event.globalPosition, stage: to };
    await withContactStream(deps, customerId, context, () => ({ kind: 'stage_contact', customerId, ...contact, lifecycle, at: changedAt, now: deps.clock().toISOString(), timeZone: deps.timeZone }));
  }
}

/**
 * A care call the customer's latest lifecycle change (to mature) asked for and only a tier with a dedicated
 * manager gets: planned when the customer is upgraded to such a tier later. Null when none is owed.
 */
export async function careOwedAt(deps: ContactDeps, customerId: string): Promise<CareOwed | null> {
  const latest = (await deps.history.readStream(streamIdFor('lifecycle', customerId))).at(-1);
  if (!latest) return null;
  const event = lifecycleEvent(latest);
  const { to, contact } = event.data;
  if (to !== 'mature' || contact?.reason !== 'care' || !contact.dedicatedManagerOnly) return null;
  return { lifecycle: { eventId: event.id, position: event.globalPosition, stage: to }, withinWorkingDays: contact.withinWorkingDays, now: deps.clock().toISOString() };
}
