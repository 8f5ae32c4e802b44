import { decoderFor, streamIdFor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';

const decode = decoderFor('case');

/** Who answers for a case: whom it was last assigned to (agent or team), else the agent who opened it. */
export async function caseOwner(history: EventStore, caseId: string): Promise<string | null> {
  let owner: string | null = null;
  for (const event of (await history.readStream(streamIdFor('case', caseId))).map(decode)) {
    if (event.type === 'CaseOpened') owner ??= event.data.openedBy;
    if (event.type === 'CaseReassigned') owner = event.data.to.id;
  }
  return owner;
}
