import { checkAppend } from './append-checks.js';
import { InvalidAppendError } from './errors.js';
import type { AppendResult, StreamAppend } from './port.js';

/** Each part as `append` checks it, and no id twice across the parts. */
export function checkAppendMany(appends: readonly StreamAppend[]): void {
  const seen = new Set<string>();
  for (const { streamId, events, expectedRevision } of appends) {
    checkAppend(streamId, events, expectedRevision);
    for (const event of events) {
      if (seen.has(event.id)) throw new InvalidAppendError(`appendMany repeats event id ${event.id}`);
      seen.add(event.id);
    }
  }
}

/** One AppendResult per part, in the order given, from where each event id landed. */
export function resultsInOrder(appends: readonly StreamAppend[], landed: ReadonlyMap<string, { revision: number; globalPosition: string }>): AppendResult[] {
  return appends.map(({ streamId, events }) => {
    const appended = events.map((event) => {
      const at = landed.get(event.id);
      if (!at) throw new Error(`appendMany: no result for event ${event.id}`);
      return { id: event.id, ...at, duplicate: false };
    });
    const last = appended[appended.length - 1]!;
    return { streamId, lastRevision: last.revision, lastPosition: last.globalPosition, events: appended };
  });
}
