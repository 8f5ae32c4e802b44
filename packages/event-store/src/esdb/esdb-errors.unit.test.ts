import { StreamDeletedError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors.js';
import { translateEsdbError } from './esdb-errors.js';

describe('translateEsdbError', () => {
  it('turns WrongExpectedVersionError into WrongExpectedRevisionError', () => {
    const stale = new WrongExpectedVersionError(undefined, { streamName: 'customer-1', expected: 2n, current: 5n });
    expect(translateEsdbError(stale, 'customer-1', 2)).toEqual(new WrongExpectedRevisionError('customer-1', 2, 5));
    const missing = new WrongExpectedVersionError(undefined, { streamName: 'customer-1', expected: 'stream_exists', current: 'no_stream' });
    expect(translateEsdbError(missing, 'customer-1', 'stream_exists')).toMatchObject({ name: 'WrongExpectedRevisionError', actual: 'no_stream' });
  });

  it('reports an unreachable server as EventStoreUnavailableError', () => {
    expect(translateEsdbError(new UnavailableError(), 'customer-1', 'any')).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('passes other errors through', () => {
    const deleted = StreamDeletedError.fromStreamName('customer-1');
    expect(translateEsdbError(deleted, 'customer-1', 'any')).toBe(deleted);
  });
});
