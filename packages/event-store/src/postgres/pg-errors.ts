import { EventIdConflictError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors.js';
import type { ExpectedRevision, StreamAppend } from '../port.js';

interface PgErrorFields {
  code?: string;
  detail?: string;
  constraint?: string;
}

/** A server away, shutting down, out of connections, or out of disk (53100: the append wrote nothing; it passes once space is freed). */
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53100', '53300']);

function fieldsOf(error: unknown): PgErrorFields {
  return typeof error === 'object' && error !== null ? (error as PgErrorFields) : {};
}

/** Translates append_events' own SQLSTATEs (EV001, EV002) and connection failures; rethrows the rest. */
export function translatePgError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  const { code, detail } = fieldsOf(error);
  if (code === 'EV001') {
    const actual = Number(detail);
    return new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
  }
  if (code === 'EV002') {
    const conflict = JSON.parse(detail ?? '{}') as { eventId: string; streamId: string };
    return new EventIdConflictError(conflict.eventId, conflict.streamId);
  }
  if (isUnavailable(error)) {
    return new EventStoreUnavailableError(`PostgreSQL event store unavailable: ${(error as Error).message}`, { cause: error });
  }
  return error;
}

/** append_streams names the stream in its EV001 detail: `{ streamId, actual }`. */
export function translateAppendManyError(error: unknown, appends: readonly StreamAppend[]): unknown {
  const { code, detail } = fieldsOf(error);
  if (code !== 'EV001') return translatePgError(error, appends[0]?.streamId ?? '', 'any');
  const { streamId, actual } = JSON.parse(detail ?? '{}') as { streamId: string; actual: number };
  const expected = appends.find((part) => part.streamId === streamId)?.expectedRevision ?? 'any';
  return new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
}

/** A duplicate key: in an append, an id stored already or a revision taken meanwhile. */
export function isUniqueViolation(error: unknown): boolean {
  return fieldsOf(error).code === '23505';
}

export function isUnavailable(error: unknown): boolean {
  const { code } = fieldsOf(error);
  if (code !== undefined && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  // pg-pool's own "timeout exceeded when trying to connect": no connection of the pool came free in time; nothing was sent.
  return error instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(error.message);
}
