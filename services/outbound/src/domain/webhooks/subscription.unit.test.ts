import { eventRegistry, type WebhookEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { decideSubscription, evolveSubscription, initialSubscriptionState, SubscriptionRefusal } from './subscription.js';

const spec = deciderSpecification({
  decide: decideSubscription,
  evolve: evolveSubscription,
  initialState: initialSubscriptionState,
  validate: (events: readonly WebhookEvent[]) => events.forEach((event) => eventRegistry.parseData(event.type, 1, event.data)),
});
const terms = { subscriptionId: 'WH-1', url: 'https://crm.example/hooks', eventTypes: ['PurchaseRecorded'], notificationKinds: [], secret: 'a-secret-of-sixteen', subscribedAt: '2026-03-04T06:00:00.000Z' };
const subscribed: WebhookEvent = { type: 'WebhookSubscribed', data: { ...terms, secretKeyOwner: 'webhook:WH-1', by: 'admin-key' } };
const paused: WebhookEvent = { type: 'WebhookSubscriptionPaused', data: { subscriptionId: 'WH-1', reason: 'maintenance', pausedAt: '2026-03-04T07:00:00.000Z', by: 'admin-key' } };
const parking = { kind: 'park_delivery', by: 'outbound', delivery: { deliveryId: '00000000-0000-4000-8000-000000000001', eventId: '00000000-0000-4000-8000-000000000002', attempts: 10, lastError: 'HTTP 503', parkedAt: '2026-03-04T08:00:00.000Z' } } as const;

const refusedWith = (code: string) => (error: unknown) => expect(error).toMatchObject({ name: SubscriptionRefusal.name, code });

describe('a webhook subscription', () => {
  it('given nothing, when subscribed, then WebhookSubscribed with the secret sealed under the subscription’s own key', () => {
    spec.given().when({ kind: 'subscribe', terms, by: 'admin-key' }).then({ type: 'WebhookSubscribed', data: { subscriptionId: 'WH-1', secretKeyOwner: 'webhook:WH-1', secret: terms.secret } });
  });

  it('given nothing, when subscribed to notification kinds only, then WebhookSubscribed with them and no event type', () => {
    spec.given().when({ kind: 'subscribe', terms: { ...terms, eventTypes: [], notificationKinds: ['sla_warning', 'case_escalated'] }, by: 'admin-key' })
      .then({ type: 'WebhookSubscribed', data: { eventTypes: [], notificationKinds: ['sla_warning', 'case_escalated'] } });
  });

  it('given a subscription recorded before notification kinds were offered, then it wants none', () => {
    const { notificationKinds: _none, ...older } = subscribed.data as typeof subscribed.data & { notificationKinds?: unknown };
    expect(spec.given({ type: 'WebhookSubscribed', data: older } as WebhookEvent).state).toMatchObject({ status: 'active', notificationKinds: [] });
  });

  it('given a subscription, when subscribed again under its id, then refused as subscription_exists', () => {
    spec.given(subscribed).when({ kind: 'subscribe', terms, by: 'admin-key' }).thenThrows(refusedWith('subscription_exists'));
  });

  it('given an active subscription, when paused, then paused with the reason; pausing again decides nothing', () => {
    spec.given(subscribed).when({ kind: 'pause', reason: 'maintenance', at: '2026-03-04T07:00:00.000Z', by: 'admin-key' }).then({ type: 'WebhookSubscriptionPaused', data: { reason: 'maintenance' } });
    spec.given(subscribed, paused).when({ kind: 'pause', reason: 'again', at: '2026-03-04T07:30:00.000Z', by: 'admin-key' }).thenNothing();
    expect(spec.given(subscribed, paused).state).toMatchObject({ status: 'paused', reason: 'maintenance', url: terms.url });
  });

  it('given a paused subscription, when resumed, then active again; resuming an active one decides nothing', () => {
    spec.given(subscribed, paused).when({ kind: 'resume', at: '2026-03-04T09:00:00.000Z', by: 'admin-key' }).then({ type: 'WebhookSubscriptionResumed' });
    spec.given(subscribed).when({ kind: 'resume', at: '2026-03-04T09:00:00.000Z', by: 'admin-key' }).thenNothing();
  });

  it('given an active subscription, when a delivery is parked, then the parking and a pause naming the delivery and its last error', () => {
    spec.given(subscribed).when(parking).then(
      { type: 'WebhookDeliveryParked', data: { deliveryId: parking.delivery.deliveryId, attempts: 10 } },
      { type: 'WebhookSubscriptionPaused', data: { by: 'outbound', reason: `delivery ${parking.delivery.deliveryId} failed 10 attempts (last: HTTP 503)` } },
    );
  });

  it('given a paused subscription, when a delivery is parked, then only the parking', () => {
    spec.given(subscribed, paused).when(parking).then({ type: 'WebhookDeliveryParked' });
  });

  it('given no subscription, when paused, resumed or parked into, then refused as subscription_not_found', () => {
    for (const command of [{ kind: 'pause', reason: 'x', at: terms.subscribedAt, by: 'a' }, { kind: 'resume', at: terms.subscribedAt, by: 'a' }, parking] as const) {
      spec.given().when(command).thenThrows(refusedWith('subscription_not_found'));
    }
  });
});
