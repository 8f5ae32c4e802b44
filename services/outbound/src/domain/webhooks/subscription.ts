import type { NotificationKind, WebhookEvent } from '@ctp/contracts';

export interface SubscriptionTerms {
  readonly subscriptionId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  /** Derived notifications delivered too (docs/outbound.md); none for a subscription made before they were offered. */
  readonly notificationKinds: readonly NotificationKind[];
  readonly secret: string;
  readonly subscribedAt: string;
}

export type SubscriptionState =
  | { readonly status: 'none' }
  | ({ readonly status: 'active' } & SubscriptionTerms)
  | ({ readonly status: 'paused'; readonly reason: string; readonly pausedAt: string } & SubscriptionTerms);

export type SubscriptionCommand =
  | { readonly kind: 'subscribe'; readonly terms: SubscriptionTerms; readonly by: string }
  | { readonly kind: 'pause'; readonly reason: string; readonly at: string; readonly by: string }
  | { readonly kind: 'resume'; readonly at: string; readonly by: string }
  | { readonly kind: 'park_delivery'; readonly delivery: ParkedDelivery; readonly by: string };

export interface ParkedDelivery {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly parkedAt: string;
}

export type SubscriptionRefusalCode = 'subscription_exists' | 'subscription_not_found';

export class SubscriptionRefusal extends Error {
  override readonly name = 'SubscriptionRefusal';
  constructor(
    readonly code: SubscriptionRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

export const initialSubscriptionState = (): SubscriptionState => ({ status: 'none' });

/**
 * A parked delivery pauses its subscription: a receiver failing that long fails the other customers' deliveries too,
 * and pausing keeps them queued in order instead of parking them one by one.
 * Pausing a paused subscription or resuming an active one decides nothing: the request is answered as done. */
export function decideSubscription(command: SubscriptionCommand, state: SubscriptionState): WebhookEvent[] {
  switch (command.kind) {
    case 'subscribe': {
      if (state.status !== 'none') throw new SubscriptionRefusal('subscription_exists', `webhook subscription ${command.terms.subscriptionId} exists`);
      const { terms } = command;
      return [{ type: 'WebhookSubscribed', data: { subscriptionId: terms.subscriptionId, url: terms.url, eventTypes: [...terms.eventTypes], notificationKinds: [...terms.notificationKinds], secret: terms.secret, secretKeyOwner: `webhook:${terms.subscriptionId}`, subscribedAt: terms.subscribedAt, by: command.by } }];
    }
    case 'pause':
      if (state.status === 'none') throw new SubscriptionRefusal('subscription_not_found', 'no such webhook subscription');
      return state.status === 'paused' ? [] : [{ type: 'WebhookSubscriptionPaused', data: { subscriptionId: state.subscriptionId, reason: command.reason, pausedAt: command.at, by: command.by } }];
    case 'resume':
      if (state.status === 'none') throw new SubscriptionRefusal('subscription_not_found', 'no such webhook subscription');
      return state.status === 'active' ? [] : [{ type: 'WebhookSubscriptionResumed', data: { subscriptionId: state.subscriptionId, resumedAt: command.at, by: command.by } }];
    case 'park_delivery': {
      if (state.status === 'none') throw new SubscriptionRefusal('subscription_not_found', 'no such webhook subscription');
      const { delivery } = command;
      const parked: WebhookEvent = { type: 'WebhookDeliveryParked', data: { subscriptionId: state.subscriptionId, ...delivery, lastError: delivery.lastError.slice(0, 500) } };
      if (state.status === 'paused') return [parked];
      const reason = `delivery ${delivery.deliveryId} failed ${delivery.attempts} attempts (last: ${delivery.lastError})`.slice(0, 500);
      return [parked, { type: 'WebhookSubscriptionPaused', data: { subscriptionId: state.subscriptionId, reason, pausedAt: delivery.parkedAt, by: command.by } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveSubscription(state: SubscriptionState, event: WebhookEvent): SubscriptionState {
  switch (event.type) {
    case 'WebhookSubscribed': {
      const { subscriptionId, url, eventTypes, notificationKinds = [], secret, subscribedAt } = event.data;
      return { status: 'active', subscriptionId, url, eventTypes, notificationKinds, secret, subscribedAt };
    }
    case 'WebhookSubscriptionPaused':
      return state.status === 'none' ? state : { ...terms(state), status: 'paused', reason: event.data.reason, pausedAt: event.data.pausedAt };
    case 'WebhookSubscriptionResumed':
      return state.status === 'none' ? state : { ...terms(state), status: 'active' };
    case 'WebhookDeliveryParked':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

function terms(state: Exclude<SubscriptionState, { status: 'none' }>): SubscriptionTerms {
  const { subscriptionId, url, eventTypes, notificationKinds, secret, subscribedAt } = state;
  return { subscriptionId, url, eventTypes, notificationKinds, secret, subscribedAt };
}
