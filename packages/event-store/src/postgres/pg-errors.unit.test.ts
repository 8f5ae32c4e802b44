import { describe, expect, it } from 'vitest';
import { EventIdConflictError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors.js';
import { translatePgError } from './pg-errors.js';

const pgError = (fields: Record<string, string>) => Object.assign(new Error('from pg'), fields);

describe('translatePgError', () => {
  it('turns EV001 into WrongExpectedRevisionError, with -1 meaning no stream', () => {
    const stale = translatePgError(pgError({ code: 'EV001', detail: '4' }), 'customer-1', 2);
    expect(stale).toEqual(new WrongExpectedRevisionError('customer-1', 2, 4));
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect(translatePgError(pgError({ code: 'EV001', detail: '-1' }), 'customer-1', 'stream_exists')).toMatchObject({ actual: 'no_stream' });
  });

  it('turns EV002 into EventIdConflictError naming the id and the stream that holds it', () => {
    const detail = JSON.stringify({ eventId: 'e-1', streamId: 'customer-9' });
    const conflict = translatePgError(pgError({ code: 'EV002', detail }), 'customer-1', 'any');
    expect(conflict).toBeInstanceOf(EventIdConflictError);
    expect(conflict).toMatchObject({ eventId: 'e-1', existingStreamId: 'customer-9' });
  });

  it.each(['ECONNREFUSED', '57P01', '08006', '53300', '53100'])('reports %s as the store being unavailable', (code) => {
    expect(translatePgError(pgError({ code }), 'customer-1', 'any')).toBeInstanceOf(EventStoreUnavailableError);
  });

  it("reports pg-pool's wait for a connection that timed out (every connection busy) as the store being unavailable", () => {
    expect(translatePgError(new Error('timeout exceeded when trying to connect'), 'customer-1', 'any')).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('passes anything else through unchanged', () => {
    const other = pgError({ code: '42P01' });
    expect(translatePgError(other, 'customer-1', 'any')).toBe(other);
  });
});
