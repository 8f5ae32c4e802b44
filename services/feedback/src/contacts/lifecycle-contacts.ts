import { decoderFor, type RecordedEvent } from '@ctp/contracts';
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
