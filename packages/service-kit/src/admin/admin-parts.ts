import type { EventStore } from '@ctp/event-store';
import type { ProjectionDefinition } from '@ctp/projections';
import type { PostgresTimerStore } from '@ctp/timers';
import type { Admin, Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { ConsumerStatus } from '../dependencies/consumer.js';
import type { Logger } from '../logging/logger.js';
import type { PartitionProgressLike } from '../read-models/read-model-status.js';
import type { JobStore } from './job-store.js';
import type { ReplayTarget } from './replay.js';

/** What a redrive of a consumer's dead letters did, the same for read models and reactors. */
export interface RedriveOutcome {
  readonly redriven: number;
  /** Applied to the read model, or handled by the reactor. */
  readonly applied: number;
  readonly reparked: number;
  readonly unblocked: readonly string[];
  readonly stillBlocked: readonly string[];
}

/** A projection or reactor as the admin routes see it. */
export interface AdminConsumer {
  readonly kind: 'read-model' | 'reactor';
  readonly name: string;
  readonly groupId: string;
  readonly deadLetterTopic: string;
  /** The group whose committed offsets mark the dead letters already redriven. */
  readonly redriveGroupId: string;
  readonly consumer: Pick<ConsumerStatus, 'status'>;
  lag(admin: Admin): Promise<readonly PartitionProgressLike[]>;
  redrive(): Promise<RedriveOutcome>;
  /** Read models only: what a rebuild needs. */
  readonly rebuildable?: { readonly projection: ProjectionDefinition; readonly db: Db };
  /** Reactors only: what a replay hands events to. */
  readonly replayable?: ReplayTarget;
}

/** The parts of a service the admin routes operate on, collected by the kit's wiring. */
export interface AdminParts {
  readonly service: string;
  readonly consumers: readonly AdminConsumer[];
  readonly timerStores: readonly PostgresTimerStore[];
  readonly kafka: () => Kafka;
  /** The relay's checkpoint: the newest position on Kafka (null when the service has no read side). */
  readonly publishedPosition: () => Promise<string | null>;
  readonly eventStore: () => Promise<EventStore>;
  readonly jobs: () => Promise<JobStore>;
  readonly clock: () => Date;
  readonly logger: Logger;
}
