import { describe, expect, it } from 'vitest';
import { createEventStore, eventStoreKind } from './create-event-store.js';

describe('eventStoreKind', () => {
  it.each([
    ['postgres://ctp:ctp@localhost:5432/ctp', 'postgres'],
    ['postgresql://localhost/ctp', 'postgres'],
    ['esdb://localhost:2113?tls=false', 'esdb'],
    ['esdb+discover://cluster.example:2113', 'esdb'],
    ['kurrentdb://localhost:2113?tls=false', 'esdb'],
    ['KurrentDB://localhost:2113', 'esdb'],
  ])('%s -> %s', (url, kind) => {
    expect(eventStoreKind(url)).toBe(kind);
  });

  it('names the supported schemes when the URL has another', async () => {
    expect(() => eventStoreKind('mysql://localhost/ctp')).toThrow(/"mysql:" is not supported: use postgres:\/\//);
    expect(() => eventStoreKind('localhost:2113')).toThrow(/"localhost:" is not supported/);
    await expect(createEventStore('nothing')).rejects.toThrow(/\(none\) is not supported/);
  });
});
