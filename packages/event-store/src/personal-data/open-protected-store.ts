import { eventRegistry } from '@ctp/contracts';
import { createEventStore } from '../create-event-store.js';
import type { EventStore } from '../port.js';
import type { Keyring } from './keyring.js';
import { parseMasterKey } from './master-key.js';
import { createPostgresKeyring } from './postgres-keyring.js';
import { protectPersonalData } from './protect-personal-data.js';

export interface ProtectedStores {
  /** Encrypts personal fields on append, decrypts (or erases) them on read. */
  readonly store: EventStore;
  /** The same store as stored: for readers that need no personal data. */
  readonly reader: EventStore;
  readonly keyring: Keyring & { close(): Promise<void> };
  close(): Promise<void>;
}

/**
 * A service's event store with personal-data protection. The keyring lives in PostgreSQL, apart
 * from the events: `keyringUrl`, or the event store itself when that is PostgreSQL.
 */
export async function openProtectedStores(options: { eventStoreUrl: string; schema: string; keyringUrl?: string | undefined; masterKey: string }): Promise<ProtectedStores> {
  const keyringUrl = options.keyringUrl ?? (/^postgres/.test(options.eventStoreUrl) ? options.eventStoreUrl : undefined);
  if (!keyringUrl) throw new Error('KEYRING_URL is required when the event store is not PostgreSQL');
  const keyring = await createPostgresKeyring(keyringUrl, { schema: options.schema, masterKey: parseMasterKey(options.masterKey) });
  const reader = await createEventStore(options.eventStoreUrl, { schema: options.schema });
  const store = protectPersonalData(reader, { keyring, registry: eventRegistry });
  return { store, reader, keyring, close: async () => void (await Promise.all([store.close(), keyring.close()])) };
}
