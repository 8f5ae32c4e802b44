import { defineService } from '@ctp/service-kit';
import { z } from 'zod';

/** relay: follows the event store's global feed and produces every event to Kafka. */
export const serviceDefinition = defineService({
  name: 'relay',
  port: 8090,
  needs: ['eventStore', 'kafka'],
  settings: {
    RELAY_NAME: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/).default('relay'),
    RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
    TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/).default('ctp'),
  },
});
