import { decoderFor, streamIdFor, type ComplaintEvent } from '@ctp/contracts';
import { handleCommand, type CommandContext, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { evolveComplaint, initialComplaintState, type ComplaintState } from '../domain/complaints/complaint-state.js';
import type { FeedbackDeps } from '../feedback-deps.js';

/** A complaint-<caseId> stream as a fold of its events. */
export const complaintDecider: StreamDecider<ComplaintState, ComplaintEvent> = { initialState: initialComplaintState, evolve: evolveComplaint, decode: decoderFor('complaint') };

export const complaintStreamId = (caseId: string) => streamIdFor('complaint', caseId);

/** Load, decide, append through the shared command handler: a cause already on the stream appends nothing. */
export function withComplaintStream(
  deps: Pick<FeedbackDeps, 'store'>,
  caseId: string,
  context: CommandContext,
  decide: (state: ComplaintState) => readonly ComplaintEvent[] | Promise<readonly ComplaintEvent[]>,
): Promise<HandledCommand<ComplaintState>> {
  return handleCommand(deps.store, complaintStreamId(caseId), complaintDecider, decide, context);
}
