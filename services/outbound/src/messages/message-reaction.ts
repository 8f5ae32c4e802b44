import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { messageRequestFor } from '../domain/messages/message-request.js';
import type { MessageDeps } from './message-deps.js';
import { scheduleMessage } from './message-timers.js';

export const messageReactorCategories = ['survey', 'lifecycle'] as const;

const decoders = { survey: decoderFor('survey'), lifecycle: decoderFor('lifecycle') };

/** Survey invitations and stage changes with a contact plan each schedule their message's first attempt, due now. */
export async function reactToMessageCauses(deps: MessageDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    const request = messageRequestFor(event.streamId.startsWith('survey-') ? decoders.survey(event) : decoders.lifecycle(event));
    if (request) await scheduleMessage(deps, request, 1, deps.clock());
  }
}
