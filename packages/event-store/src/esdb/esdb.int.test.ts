import { describe, it } from 'vitest';
import { eventStoreContract } from '../contract/event-store-contract.js';
import { createEventStore } from '../create-event-store.js';
import { esdbAvailability, esdbSkipReason, startEsdb } from './test-support/esdb-server.js';

const availability = await esdbAvailability();

if (availability) {
  eventStoreContract({
    name: `EventStoreDB (${availability})`,
    holdsTransactionsOpen: false,
    atomicAcrossStreams: false,
    async open() {
      const server = await startEsdb();
      const store = await createEventStore(server.url);
      return {
        store,
        async close() {
          await store.close();
          await server.stop();
        },
      };
    },
  });
} else {
  process.stderr.write(`\n${esdbSkipReason}\n`);
  describe.skip(esdbSkipReason, () => {
    it('runs the EventStore contract suite against EventStoreDB', () => undefined);
  });
}
