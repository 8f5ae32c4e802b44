import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import type { OutboundDeps } from '../outbound-deps.js';
import { scheduleAttempts } from './delivery-timers.js';
import { loadSubscription } from './subscription-stream.js';

export const subscriptionReactorCategories = ['webhook'] as const;

const decode = decoderFor('webhook');

/**
 * A resumed subscription starts a new round of its waiting and parked deliveries and schedules every lane's head:
 * the attempts that fired while it was paused did nothing. Handled again (a redelivery), it starts one more round;
 * a receiver may then see a delivery twice, with the same delivery id. One paused again since is left alone.
 */
export async function reactToSubscriptionEvents(deps: OutboundDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events.map(decode)) {
    if (event.type !== 'WebhookSubscriptionResumed') continue;
    if ((await loadSubscription(deps.history, event.data.subscriptionId)).status !== 'active') continue;
    await deps.deliveries.newRound(event.data.subscriptionId, { redriveParked: true });
    await scheduleAttempts(deps, await deps.deliveries.laneHeads(event.data.subscriptionId), deps.clock());
  }
}
