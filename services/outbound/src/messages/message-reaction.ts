import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { messageRequestFor } from '../domain/messages/message-request.js';
import type { MessageDeps } from './message-deps.js';
import { scheduleFirstAttempts } from './message-timers.js';

export const messageReactorCategories = ['survey', 'lifecycle'] as const;

const decoders = { survey: decoderFor('survey'), lifecycle: decoderFor('lifecycle') };

/** Survey invitations and stage changes with a contact plan each schedule their message's first attempt, due now: a batch's in one statement. */
export async function reactToMessageCauses(deps: MessageDeps, events: readonly RecordedEvent[]): Promise<void> {
  const requests = events.flatMap((event) => messageRequestFor(event.streamId.startsWith('survey-') ? decoders.survey(event) : decoders.lifecycle(event)) ?? []);
  await scheduleFirstAttempts(deps, requests, deps.clock());
}
