import type { RecordedEvent } from '@ctp/contracts';
import { START, excludeSystemEvents, type EventStoreDBClient } from '@eventstore/db-client';
import type { SubscribeToAllOptions, Subscription } from '../port.js';
import { translateEsdbError } from './esdb-errors.js';
import { fromEsdbEvent, isSystemEvent, toEsdbPosition } from './mapping.js';

/**
 * ESDB's own catch-up subscription to $all, without system events. Events buffered by the client
 * are handed over together (up to maxBatchSize), so a fast feed arrives in batches.
 */
export function esdbSubscription(client: EventStoreDBClient, options: SubscribeToAllOptions): Subscription {
  const maxBatchSize = options.maxBatchSize ?? 100;
  const feed = client.subscribeToAll({
    fromPosition: options.after === null ? START : toEsdbPosition(options.after),
    filter: excludeSystemEvents(),
  });
  let stopping = false;

  const run = async (): Promise<void> => {
    let batch: RecordedEvent[] = [];
    try {
      for await (const resolved of feed) {
        if (stopping) break;
        if (!isSystemEvent(resolved)) batch.push(fromEsdbEvent(resolved).event);
        if (batch.length > 0 && (batch.length >= maxBatchSize || feed.readableLength === 0)) {
          await options.onEvents(batch);
          batch = [];
        }
      }
    } catch (error) {
      if (!stopping) throw translateEsdbError(error, '$all', 'any');
    }
  };

  const finished = run();
  finished.catch((error: unknown) => options.onError?.(error));
  return {
    finished,
    async stop() {
      stopping = true;
      await feed.unsubscribe().catch(() => undefined);
      await finished.catch(() => undefined);
    },
  };
}
