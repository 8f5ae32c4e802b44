import { accessPurposes } from '@ctp/contracts';
import { z } from 'zod';

/** Settings of a service that keeps read models and consumes events. */
export const readModelSettings = {
  MONGO_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('ctp'),
  TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/).default('ctp'),
  READ_WAIT_TIMEOUT_MS: z.coerce.number().int().min(0).max(30_000).default(5_000),
  /** How long Kafka keeps a silent consumer (a crashed process) in its group; its partitions wait that long for a new member. */
  CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
};

/** Settings of a service whose writes wait for the read side (read-side-gate.ts); with readModelSettings. */
export const readSideGateSettings = {
  /** Writes start freely while every read model has consumed everything, one at a time while one making progress has a backlog within this (ms; in time behind the head or in work left), none beyond; 0 lets every write through. */
  READ_SIDE_MAX_LAG_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  /** How long a write waits at most for the read side before it is refused with 429 and retry-after. */
  READ_SIDE_MAX_WAIT_MS: z.coerce.number().int().min(0).max(50_000).default(15_000),
  /** A read model behind whose offsets stay still this long is stalled (a fault, on its service's /ready) and holds no write; above a part's longest time (10 s). */
  READ_SIDE_STALL_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
};

/** Settings of a service that writes or reads personal data (encrypted per customer). */
export const personalDataSettings = {
  /** PostgreSQL holding the per-customer data keys; kept apart from the events on purpose. */
  KEYRING_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
  DATA_MASTER_KEY: z.string().min(1).optional(),
  DATA_MASTER_KEY_FILE: z.string().min(1).default('.local/data-master-key'),
};

/** Settings of a service that signs (outbound) or verifies (intake) the unsubscribe links of customer messages. */
export const unsubscribeSettings = {
  /** The HMAC key of unsubscribe links, the same in both services. Else UNSUBSCRIBE_SECRET_FILE; development generates the file. */
  UNSUBSCRIBE_SECRET: z.string().min(16).optional(),
  UNSUBSCRIBE_SECRET_FILE: z.string().min(1).default('.local/unsubscribe-secret'),
};

/** Settings of a service with durable timers. */
export const timerSettings = {
  /** PostgreSQL for the durable timers; default: the keyring's, else the event store's. */
  TIMER_STORE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
  TIMER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** How long a claimed timer stays reserved; after a crash it fires again once this ran out. */
  TIMER_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
};

const slugList = /^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39})*$/;
const staffRoles = /^(agent|analyst|auditor|admin)(,(agent|analyst|auditor|admin))*$/;

/** Settings of every service: why personal data may be read, and which roles see it in clear (docs/security.md). */
export const accessSettings = {
  /** The purposes a read of personal data (and of the access log) may give; each read names one, and it is recorded. */
  ACCESS_PURPOSES: z.string().regex(slugList, 'expected purpose ids separated by commas').default(accessPurposes.join(',')),
  /** Roles that see personal fields in clear (each such read recorded); the others see them masked. */
  PERSONAL_DATA_ROLES: z.string().regex(staffRoles, 'expected roles separated by commas').default('agent,admin'),
};
