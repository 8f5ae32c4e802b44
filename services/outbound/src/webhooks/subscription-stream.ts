import { decoderFor, streamIdFor, type WebhookEvent } from '@ctp/contracts';
import { handleCommand, type CommandContext, type EventStore, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { decideSubscription, evolveSubscription, initialSubscriptionState, type SubscriptionCommand, type SubscriptionState } from '../domain/webhooks/subscription.js';

export const subscriptionDecider: StreamDecider<SubscriptionState, WebhookEvent> = { initialState: initialSubscriptionState, evolve: evolveSubscription, decode: decoderFor('webhook') };

export const subscriptionStreamId = (subscriptionId: string) => streamIdFor('webhook', subscriptionId);

export function withSubscriptionStream(store: EventStore, subscriptionId: string, context: CommandContext, command: SubscriptionCommand): Promise<HandledCommand<SubscriptionState>> {
  return handleCommand(store, subscriptionStreamId(subscriptionId), subscriptionDecider, (state) => decideSubscription(command, state), context);
}

export async function loadSubscription(store: EventStore, subscriptionId: string): Promise<SubscriptionState> {
  const events = await store.readStream(subscriptionStreamId(subscriptionId));
  return events.map(subscriptionDecider.decode).reduce(subscriptionDecider.evolve, subscriptionDecider.initialState());
}

/** Every subscription the queue knows of, folded from its stream (read in one call). */
export async function loadSubscriptions(store: EventStore, subscriptionIds: readonly string[]): Promise<SubscriptionState[]> {
  const streams = await store.readStreams(subscriptionIds.map(subscriptionStreamId));
  return [...streams.values()].map((events) => events.map(subscriptionDecider.decode).reduce(subscriptionDecider.evolve, subscriptionDecider.initialState())).filter((state) => state.status !== 'none');
}
