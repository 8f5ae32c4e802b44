import { decoderFor, streamIdFor, type AccountEvent } from '@ctp/contracts';
import { handleCommand, type CommandContext, type EventStore, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { evolveAccount, initialAccountState, type AccountState } from '../domain/accounts/account-state.js';

export const accountDecider: StreamDecider<AccountState, AccountEvent> = { initialState: () => initialAccountState, evolve: evolveAccount, decode: decoderFor('account') };

/** Load, decide, append on `account-<customerId>`: a cause already on the stream appends nothing. */
export function withAccountStream(store: EventStore, customerId: string, context: CommandContext, decideOn: (state: AccountState) => readonly AccountEvent[] | Promise<readonly AccountEvent[]>): Promise<HandledCommand<AccountState>> {
  return handleCommand(store, streamIdFor('account', customerId), accountDecider, decideOn, context);
}

export async function accountStateOf(store: EventStore, customerId: string): Promise<AccountState> {
  const events = await store.readStream(streamIdFor('account', customerId));
  return events.map(accountDecider.decode).reduce(accountDecider.evolve, accountDecider.initialState());
}
