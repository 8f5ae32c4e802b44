import type { OutboundDeps } from '../outbound-deps.js';
import { scheduleAttempts } from './delivery-timers.js';
import { loadSubscriptions } from './subscription-stream.js';

/**
 * At start, the head of every lane of every active subscription is scheduled again (an id already used schedules
 * nothing): a crash between marking a delivery sent and scheduling the next one leaves no lane waiting.
 */
export async function restartLanes(deps: OutboundDeps): Promise<void> {
  for (const subscription of await loadSubscriptions(deps.history, await deps.deliveries.subscriptionIds())) {
    if (subscription.status !== 'active') continue;
    await scheduleAttempts(deps, await deps.deliveries.laneHeads(subscription.subscriptionId), deps.clock());
  }
}
