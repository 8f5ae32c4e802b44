import { MongoBulkWriteError, MongoNetworkError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { duplicatesMet } from './listing-documents.js';

describe('a listing write that met documents already stored', () => {
  it('replaces them when duplicate keys are all that failed (a batch written again after a crash)', () => {
    const duplicates = { message: 'E11000 duplicate key error', code: 11_000, writeErrors: [{ code: 11_000, index: 0 }, { code: 11_000, index: 2 }] };
    expect(duplicatesMet(new MongoBulkWriteError(duplicates as never, {} as never))).toEqual([0, 2]);
  });

  it('throws when the command itself failed: the driver reports a closed connection with no write errors, and what was stored is not known', () => {
    // Soak seed soak-8: taken for "all duplicates", the retention follower wrote a head naming a directory never stored.
    expect(duplicatesMet(new MongoBulkWriteError(new MongoNetworkError('connection 8 to 127.0.0.1:17206 closed'), {} as never))).toBeNull();
  });

  it('throws on any other write error, and on errors of other kinds', () => {
    const mixed = { message: 'write errors', code: 11_000, writeErrors: [{ code: 11_000, index: 0 }, { code: 2, index: 1 }] };
    expect(duplicatesMet(new MongoBulkWriteError(mixed as never, {} as never))).toBeNull();
    expect(duplicatesMet(new MongoNetworkError('connection closed'))).toBeNull();
  });
});
