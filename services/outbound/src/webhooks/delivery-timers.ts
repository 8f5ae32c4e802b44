import { nameUuid } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, timerRegistry } from '@ctp/timers';
import { z } from 'zod';
import { afterFailure } from '../domain/webhooks/retry-plan.js';
import type { OutboundDeps } from '../outbound-deps.js';
import type { Delivery, LaneHead } from './delivery-queue.js';
import { sendWebhook } from './send-webhook.js';
import { loadSubscription, withSubscriptionStream } from './subscription-stream.js';

export const outboundActor = { kind: 'service', id: 'outbound' } as const;

const attemptPayload = z.strictObject({ deliveryId: z.uuid(), round: z.int().min(0), attempt: z.int().min(1) });
type AttemptPayload = z.output<typeof attemptPayload>;

/** One timer per attempt: its id names delivery, round and attempt, so scheduling a lane's head twice schedules it once. */
const webhookAttempt = defineTimerKind<OutboundDeps, AttemptPayload>({
  kind: 'webhook-attempt',
  payload: attemptPayload,
  handle: ({ deps, payload }) => attemptDelivery(deps, payload),
});

export const deliveryTimers = timerRegistry<OutboundDeps>([webhookAttempt]);

export async function scheduleAttempts(deps: Pick<OutboundDeps, 'timers'>, heads: readonly LaneHead[], dueAt: Date): Promise<void> {
  for (const head of heads) {
    await scheduleTimer(deps.timers, webhookAttempt, { id: `webhook-attempt:${head.deliveryId}:${head.round}:${head.attempt}`, dueAt, payload: { deliveryId: head.deliveryId, round: head.round, attempt: head.attempt } });
  }
}

/**
 * An attempt that is no longer the next one (delivered, parked, a new round, a later attempt already made), of a
 * paused subscription, or behind an earlier delivery of its lane, does nothing: whatever unblocks it schedules it again.
 */
async function attemptDelivery(deps: OutboundDeps, payload: AttemptPayload): Promise<void> {
  const delivery = await deps.deliveries.get(payload.deliveryId);
  if (!delivery || delivery.state !== 'pending' || delivery.round !== payload.round || delivery.attempts >= payload.attempt) return;
  const subscription = await loadSubscription(deps.store, delivery.subscriptionId);
  if (subscription.status !== 'active') return;
  if (await deps.deliveries.waitsBehindEarlier(delivery)) return;
  const at = deps.clock();
  const outcome = await sendWebhook(subscription, delivery, at, deps.timeoutMs);
  await deps.deliveries.recordAttempt(delivery.deliveryId, { round: delivery.round, attempt: payload.attempt, at, status: outcome.status, error: outcome.ok ? null : outcome.error });
  if (outcome.ok) {
    await scheduleAttempts(deps, await deps.deliveries.markDelivered(delivery, payload.attempt, deps.clock()), deps.clock());
    return;
  }
  const next = afterFailure(payload.attempt, deps.retry, deps.clock());
  if (next.next === 'retry') {
    // Scheduled before the attempt is counted: a crash in between leaves a timer that still finds work.
    await scheduleAttempts(deps, [{ deliveryId: delivery.deliveryId, round: delivery.round, attempt: payload.attempt + 1 }], next.at);
    await deps.deliveries.noteFailure(delivery, payload.attempt, outcome.error);
    return;
  }
  await park(deps, delivery, payload.attempt, outcome.error);
}

async function park(deps: OutboundDeps, delivery: Delivery, attempts: number, lastError: string): Promise<void> {
  const parkedAt = deps.clock();
  // The events first: a crash before the row is marked leaves the delivery waiting behind a paused subscription, not parked unannounced.
  const context = { causationId: nameUuid(['webhook-parked', delivery.deliveryId, String(delivery.round)]), correlationId: delivery.deliveryId, occurredAt: parkedAt.toISOString(), actor: outboundActor };
  await withSubscriptionStream(deps.store, delivery.subscriptionId, context, { kind: 'park_delivery', by: 'outbound', delivery: { deliveryId: delivery.deliveryId, eventId: delivery.eventId, attempts, lastError, parkedAt: parkedAt.toISOString() } });
  await deps.deliveries.markParked(delivery, attempts, lastError, parkedAt);
}
