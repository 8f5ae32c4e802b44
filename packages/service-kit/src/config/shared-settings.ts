import { z } from 'zod';

/** Settings of a service that keeps read models and consumes events. */
export const readModelSettings = {
  MONGO_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('ctp'),
  TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/).default('ctp'),
  READ_WAIT_TIMEOUT_MS: z.coerce.number().int().min(0).max(30_000).default(5_000),
};

/** Settings of a service that writes or reads personal data (encrypted per customer). */
export const personalDataSettings = {
  /** PostgreSQL holding the per-customer data keys; kept apart from the events on purpose. */
  KEYRING_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
  DATA_MASTER_KEY: z.string().min(1).optional(),
  DATA_MASTER_KEY_FILE: z.string().min(1).default('.local/data-master-key'),
};
