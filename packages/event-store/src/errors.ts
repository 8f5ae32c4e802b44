import type { ExpectedRevision } from './port.js';

/** The stream is not where the caller expected it: reload, decide again, retry (bounded). */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * An event id was appended before with other content, or a batch repeats only some of an earlier
 * append's ids; the same id may only ever mean one event.
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly eventId: string,
    readonly existingStreamId: string,
  ) {
    super(`event id ${eventId} was already appended to ${existingStreamId} with different content`);
    this.name = 'EventIdConflictError';
  }
}

/** The append itself is malformed (empty batch, repeated id, event of another stream, bad envelope). */
export class InvalidAppendError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.join('; ')}` : message);
    this.name = 'InvalidAppendError';
  }
}

export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
