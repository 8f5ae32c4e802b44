import { decoderFor, streamIdFor, type ImprovementEvent } from '@ctp/contracts';
import { handleCommand, type CommandContext, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { decideImprovement, evolveImprovement, initialImprovementState, type ImprovementCommand, type ImprovementState } from '../domain/improvements/improvement-action.js';
import type { FeedbackDeps } from '../feedback-deps.js';

export const improvementDecider: StreamDecider<ImprovementState, ImprovementEvent> = { initialState: initialImprovementState, evolve: evolveImprovement, decode: decoderFor('improvement') };

export const improvementStreamId = (actionId: string) => streamIdFor('improvement', actionId);

export function withImprovementStream(deps: Pick<FeedbackDeps, 'store'>, actionId: string, context: CommandContext, command: ImprovementCommand): Promise<HandledCommand<ImprovementState>> {
  return handleCommand(deps.store, improvementStreamId(actionId), improvementDecider, (state) => decideImprovement(command, state), context);
}

export async function loadImprovement(deps: Pick<FeedbackDeps, 'history'>, actionId: string): Promise<ImprovementState> {
  const events = await deps.history.readStream(improvementStreamId(actionId));
  return events.map(improvementDecider.decode).reduce(improvementDecider.evolve, improvementDecider.initialState());
}
