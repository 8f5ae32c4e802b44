import { categories, nameUuid, type RecordedEvent } from '@ctp/contracts';
import type { RaisedNotification } from '../domain/notifications/notification-of.js';
import type { OutboundDeps } from '../outbound-deps.js';
import type { SubscriptionState } from '../domain/webhooks/subscription.js';
import type { NewDelivery } from './delivery-queue.js';
import { scheduleAttempts } from './delivery-timers.js';
import { loadSubscriptions } from './subscription-stream.js';

/** Every category but the subscriptions' own: a webhook about webhooks would feed itself. */
export const webhookReactorCategories = categories.filter((category) => category !== 'webhook');

/** The notification an event raises (notifications/derive-notification.ts), or null. */
export type DeriveNotification = (event: RecordedEvent) => Promise<RaisedNotification | null>;

/** The body a receiver gets: the event as published (personal fields stay sealed), with the delivery id it can deduplicate on. */
export function deliveryBody(deliveryId: string, subscriptionId: string, event: RecordedEvent): string {
  const { id, type, schemaVersion, streamId, revision, globalPosition, occurredAt, recordedAt, correlationId, causationId, data } = event;
  return JSON.stringify({ deliveryId, subscriptionId, event: { id, type, schemaVersion, streamId, revision, globalPosition, occurredAt, recordedAt, correlationId, causationId, data } });
}

/** A derived notification's body: what it says and the event it was derived from. */
export function notificationBody(deliveryId: string, subscriptionId: string, notification: RaisedNotification, event: RecordedEvent): string {
  const { kind, owner, about, detail, deadline, raisedAt } = notification;
  const source = { id: event.id, type: event.type, streamId: event.streamId, globalPosition: event.globalPosition };
  return JSON.stringify({ deliveryId, subscriptionId, notification: { kind, for: owner, about, detail, deadline, raisedAt, event: source } });
}

/** Deliveries of one customer keep their order; an event naming no customer keeps its stream's. */
export function laneOf(event: RecordedEvent): string {
  const data = event.data as Record<string, unknown> | null;
  const customerId = data !== null && typeof data === 'object' ? data.customerId : undefined;
  return typeof customerId === 'string' ? `customer:${customerId}` : `stream:${event.streamId}`;
}

type Subscribed = Exclude<SubscriptionState, { status: 'none' }>;
const since = (subscription: Subscribed, event: RecordedEvent) => Date.parse(event.recordedAt) >= Date.parse(subscription.subscribedAt);

/**
 * Queues, per subscription, a delivery for each event it wants and each notification of a kind it wants (only
 * events recorded after it subscribed), in the order of the events, then starts each lane touched.
 */
export async function queueDeliveries(deps: OutboundDeps, events: readonly RecordedEvent[], derive: DeriveNotification): Promise<void> {
  const subscriptions = (await loadSubscriptions(deps.history, await deps.deliveries.subscriptionIds())).filter((subscription): subscription is Subscribed => subscription.status !== 'none');
  const wantsNotifications = subscriptions.some((subscription) => subscription.notificationKinds.length > 0);
  const queued: NewDelivery[] = [];
  for (const event of events) {
    const notification = wantsNotifications ? await derive(event) : null;
    for (const subscription of subscriptions.filter((candidate) => since(candidate, event))) {
      const { subscriptionId } = subscription;
      const delivery = { subscriptionId, lane: laneOf(event), eventId: event.id, queuedAt: deps.clock() };
      if (subscription.eventTypes.includes(event.type)) {
        const deliveryId = nameUuid(['webhook-delivery', subscriptionId, event.id]);
        queued.push({ ...delivery, deliveryId, eventType: event.type, body: deliveryBody(deliveryId, subscriptionId, event) });
      }
      if (notification && subscription.notificationKinds.includes(notification.kind)) {
        const deliveryId = nameUuid(['webhook-notification', subscriptionId, event.id, notification.kind]);
        queued.push({ ...delivery, deliveryId, eventType: `notification:${notification.kind}`, body: notificationBody(deliveryId, subscriptionId, notification, event) });
      }
    }
  }
  if (queued.length === 0) return;
  const heads = await deps.deliveries.enqueue(queued);
  await scheduleAttempts(deps, heads, deps.clock());
}
