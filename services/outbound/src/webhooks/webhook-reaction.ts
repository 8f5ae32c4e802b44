import { categories, nameUuid, type RecordedEvent } from '@ctp/contracts';
import type { OutboundDeps } from '../outbound-deps.js';
import type { SubscriptionState } from '../domain/webhooks/subscription.js';
import type { NewDelivery } from './delivery-queue.js';
import { scheduleAttempts } from './delivery-timers.js';
import { loadSubscriptions } from './subscription-stream.js';

/** Every category but the subscriptions' own: a webhook about webhooks would feed itself. */
export const webhookReactorCategories = categories.filter((category) => category !== 'webhook');

/** The body a receiver gets: the event as published (personal fields stay sealed), with the delivery id it can deduplicate on. */
export function deliveryBody(deliveryId: string, subscriptionId: string, event: RecordedEvent): string {
  const { id, type, schemaVersion, streamId, revision, globalPosition, occurredAt, recordedAt, correlationId, causationId, data } = event;
  return JSON.stringify({ deliveryId, subscriptionId, event: { id, type, schemaVersion, streamId, revision, globalPosition, occurredAt, recordedAt, correlationId, causationId, data } });
}

/** Deliveries of one customer keep their order; an event naming no customer keeps its stream's. */
export function laneOf(event: RecordedEvent): string {
  const data = event.data as Record<string, unknown> | null;
  const customerId = data !== null && typeof data === 'object' ? data.customerId : undefined;
  return typeof customerId === 'string' ? `customer:${customerId}` : `stream:${event.streamId}`;
}

const wants = (subscription: SubscriptionState, event: RecordedEvent) =>
  subscription.status !== 'none' && subscription.eventTypes.includes(event.type) && Date.parse(event.recordedAt) >= Date.parse(subscription.subscribedAt);

/** Queues a delivery per subscription that wants the event (only events recorded after it subscribed), then starts each lane touched. */
export async function queueDeliveries(deps: OutboundDeps, events: readonly RecordedEvent[]): Promise<void> {
  const subscriptions = await loadSubscriptions(deps.history, await deps.deliveries.subscriptionIds());
  const queued: NewDelivery[] = subscriptions.flatMap((subscription) =>
    subscription.status === 'none'
      ? []
      : events.filter((event) => wants(subscription, event)).map((event) => {
          const deliveryId = nameUuid(['webhook-delivery', subscription.subscriptionId, event.id]);
          return { deliveryId, subscriptionId: subscription.subscriptionId, lane: laneOf(event), eventId: event.id, eventType: event.type, body: deliveryBody(deliveryId, subscription.subscriptionId, event), queuedAt: deps.clock() };
        }),
  );
  if (queued.length === 0) return;
  const heads = await deps.deliveries.enqueue(queued);
  await scheduleAttempts(deps, heads, deps.clock());
}
