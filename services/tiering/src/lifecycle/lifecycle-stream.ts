import { decoderFor, streamIdFor, type LifecycleEvent, type RecordedDomainEvent } from '@ctp/contracts';
import { handleCommand, type CommandContext, type EventStore, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { evolveLifecycle, initialLifecycleState, type LifecycleState } from '../domain/lifecycle/lifecycle-state.js';

const lifecycleEvent = decoderFor('lifecycle');

export const lifecycleDecider: StreamDecider<LifecycleState, LifecycleEvent> = { initialState: initialLifecycleState, evolve: evolveLifecycle, decode: lifecycleEvent };

/** Load, decide, append through the shared command handler: a cause already on the stream appends nothing. */
export function withLifecycleStream(store: EventStore, customerId: string, context: CommandContext, decide: (state: LifecycleState) => readonly LifecycleEvent[]): Promise<HandledCommand<LifecycleState>> {
  return handleCommand(store, streamIdFor('lifecycle', customerId), lifecycleDecider, decide, context);
}

export async function lifecycleEvents(store: EventStore, customerId: string): Promise<RecordedDomainEvent<'LifecycleStageChanged'>[]> {
  return (await store.readStream(streamIdFor('lifecycle', customerId))).map(lifecycleEvent);
}
