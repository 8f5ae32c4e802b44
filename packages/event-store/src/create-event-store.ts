import { createEsdbEventStore } from './esdb/esdb-event-store.js';
import type { EventStore } from './port.js';
import { createPostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';

export type EventStoreOptions = PostgresEventStoreOptions;

export type EventStoreKind = 'postgres' | 'esdb';

/** Which adapter a URL selects: postgres:// or postgresql:// -> PostgreSQL; esdb:// or kurrentdb:// -> EventStoreDB. */
export function eventStoreKind(url: string): EventStoreKind {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return 'postgres';
    case 'esdb':
    case 'esdb+discover':
    case 'kurrentdb':
    case 'kurrentdb+discover':
      return 'esdb';
    default:
      throw new RangeError(
        `event store URL scheme ${scheme ? `"${scheme}:"` : '(none)'} is not supported: use postgres://, postgresql://, esdb:// or kurrentdb://`,
      );
  }
}

/** Opens the event store a URL names; PostgreSQL options (schema, pool size, polling) apply to PostgreSQL only. */
export async function createEventStore(url: string, options: EventStoreOptions = {}): Promise<EventStore> {
  return eventStoreKind(url) === 'postgres' ? createPostgresEventStore(url, options) : createEsdbEventStore(url);
}
