import type { EventToAppend } from '@ctp/contracts';
import { EventIdConflictError } from '../errors.js';
import type { AppendResult } from '../port.js';
import { sameContent } from '../same-content.js';
import type { StoredEvent } from './mapping.js';

/**
 * Decides what an append did, from the stored events found under its ids: null when none is
 * stored; a result (fresh when written by this attempt, duplicate otherwise) when all are and match;
 * EventIdConflictError when only some are stored or content differs.
 */
export function classifyAppend(
  streamId: string,
  events: readonly EventToAppend[],
  storedById: ReadonlyMap<string, StoredEvent>,
  appendId: string,
): AppendResult | null {
  const found = events.filter((event) => storedById.has(event.id));
  if (found.length === 0) return null;
  const differing = found.find((event) => !sameContent(event, storedById.get(event.id)!.event));
  const culprit = differing ?? (found.length < events.length ? found[0] : undefined);
  if (culprit) throw new EventIdConflictError(culprit.id, storedById.get(culprit.id)!.event.streamId);
  const appended = events.map((event) => {
    const stored = storedById.get(event.id)!;
    return {
      id: event.id,
      revision: stored.event.revision,
      globalPosition: stored.event.globalPosition,
      duplicate: stored.appendId !== appendId,
    };
  });
  const last = appended[appended.length - 1]!;
  return { streamId, lastRevision: last.revision, lastPosition: last.globalPosition, events: appended };
}
