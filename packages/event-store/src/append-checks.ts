import { eventToAppendSchema, type EventToAppend } from '@ctp/contracts';
import { InvalidAppendError } from './errors.js';
import type { ExpectedRevision, ReadAllOptions } from './port.js';

/** Checks what both adapters need before anything reaches the server. */
export function checkAppend(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): void {
  if (events.length === 0) throw new InvalidAppendError(`append to ${streamId} has no events`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new InvalidAppendError(`expected revision ${expected} is not 'any', 'no_stream', 'stream_exists' or a revision >= 0`);
  }
  const issues: string[] = [];
  const seen = new Set<string>();
  events.forEach((event, index) => {
    const parsed = eventToAppendSchema.safeParse(event);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(`events[${index}].${issue.path.join('.')}: ${issue.message}`);
    }
    if (event.streamId !== streamId) issues.push(`events[${index}] belongs to ${event.streamId}, not ${streamId}`);
    if (event.data === undefined) issues.push(`events[${index}].data is missing`);
    if (seen.has(event.id)) issues.push(`events[${index}] repeats id ${event.id}`);
    seen.add(event.id);
  });
  if (issues.length > 0) throw new InvalidAppendError(`invalid append to ${streamId}`, issues);
}

export function checkReadAll(options: ReadAllOptions): void {
  if (!Number.isSafeInteger(options.limit) || options.limit < 1) {
    throw new RangeError(`readAll limit must be a positive integer, got ${options.limit}`);
  }
}
