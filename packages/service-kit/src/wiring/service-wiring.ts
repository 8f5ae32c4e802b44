import { createReactor, ReadSideLag, topicNaming, type Reactor, type ReactorOptions } from '@ctp/event-bus';
import { createEventStore, openProtectedStores, publishedPositionReader, type ProtectedStores } from '@ctp/event-store';
import { createProjectionRuntime, type ProjectionDefinition, type ProjectionRuntime } from '@ctp/projections';
import type { GlobalPosition } from '@ctp/contracts';
import type { Kafka } from 'kafkajs';
import type { Db, MongoClient } from 'mongodb';
import { createTimerStore, startTimerWorker, type PostgresTimerStore, type TimerHandler, type TimerWorker } from '@ctp/timers';
import type { BackgroundWork } from '../start-up/supervise.js';
import { isRetriable } from '../start-up/retriable.js';
import type { ServiceRuntime } from '../app/run-service.js';
import { resolveSecret } from '../config/dev-secret.js';
import type { ConsumerStatus } from '../dependencies/consumer.js';
import type { Logger } from '../logging/logger.js';
import { readSideGate, type ReadSideGate } from '../read-models/read-side-gate.js';
import { readYourWrites, type ReadYourWrites } from '../read-models/read-your-writes.js';
import type { ReadModelSource } from '../read-models/read-model-status.js';
import { readModelConsumer, reactorConsumer } from '../admin/admin-consumers.js';
import type { AdminConsumer, AdminParts } from '../admin/admin-parts.js';
import { JobStore } from '../admin/job-store.js';
import { OpenedOnce } from './opened-once.js';

/** The settings a part reads; `personalDataSettings` and `readModelSettings` declare them. */
interface EventStoreConfig { readonly NODE_ENV: string; readonly EVENT_STORE_URL: string; readonly EVENT_STORE_SCHEMA: string }
interface PersonalDataConfig { readonly KEYRING_URL?: string | undefined; readonly DATA_MASTER_KEY?: string | undefined; readonly DATA_MASTER_KEY_FILE: string }
interface ReadModelConfig { readonly MONGO_DATABASE: string; readonly TOPIC_PREFIX: string; readonly READ_WAIT_TIMEOUT_MS: number; readonly CONSUMER_SESSION_TIMEOUT_MS: number }
interface ReadSideGateConfig { readonly TOPIC_PREFIX: string; readonly READ_SIDE_MAX_LAG_MS: number; readonly READ_SIDE_MAX_WAIT_MS: number; readonly READ_SIDE_STALL_MS: number }
interface TimerConfig { readonly TIMER_STORE_URL?: string | undefined; readonly TIMER_POLL_MS: number; readonly TIMER_LEASE_MS: number }

/** A projection wired into the service: its runtime, the database its collections live in, and its read-your-writes wait. */
export interface ReadModel {
  readonly runtime: ProjectionRuntime;
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
}

export type ReactorPart = Omit<ReactorOptions, 'kafka' | 'naming'>;

/**
 * What a setup declares it needs. Each part closes what it opened when the service stops (or when
 * setup fails and is tried again); projections and reactors are started, stopped and checked on
 * /ready as consumers, projections reported under `GET /v1/read-models`. A part whose settings the
 * service does not declare is not callable.
 */
export interface ServiceWiring<C> {
  /** DATA_MASTER_KEY (or its file) -> the encrypting store, its non-decrypting reader, the keyring. */
  readonly protectedStores: C extends PersonalDataConfig ? () => Promise<ProtectedStores> : never;
  /** A projection runtime in MONGO_DATABASE on TOPIC_PREFIX's topics, waiting for the relay's published position. */
  readonly readModel: C extends ReadModelConfig ? (projection: ProjectionDefinition) => Promise<ReadModel> : never;
  /** A reactor on TOPIC_PREFIX's topics; a batch failing retriably is logged and delivered again, a parked event logged. */
  readonly reactor: C extends ReadModelConfig ? (part: ReactorPart) => Reactor : never;
  /** The gate a write passes once the read models of TOPIC_PREFIX, every service's, are within READ_SIDE_MAX_LAG_MS of the head (read-side-gate.ts). */
  readonly readSideGate: C extends ReadSideGateConfig ? () => ReadSideGate : never;
  /** The durable timer table `table` in TIMER_STORE_URL (else the keyring's, else the event store's database), on the service's clock. */
  readonly timerStore: C extends TimerConfig ? (table: string) => Promise<PostgresTimerStore> : never;
  /** Fires the store's due timers through `handle`, started as background work before the consumers (timers need no Kafka). */
  readonly timerWorker: C extends TimerConfig ? (store: PostgresTimerStore, handle: TimerHandler) => void : never;
  /** Something else setup opened, closed when the service stops. */
  closeOnStop(close: () => Promise<void>): void;
}

export interface WiringContext {
  /** The service's name: its admin jobs are recorded under it. */
  readonly service?: string;
  readonly config: EventStoreConfig & Partial<PersonalDataConfig & ReadModelConfig & ReadSideGateConfig & TimerConfig>;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly kafka: () => Kafka;
  readonly mongo: () => MongoClient;
}

/** One setup attempt's parts: what they opened, and the consumers and read models they add to the service's runtime. */
export class Wiring {
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly consumers: ConsumerStatus[] = [];
  private readonly sources: ReadModelSource[] = [];
  private readonly background: BackgroundWork[] = [];
  private readonly adminConsumers: AdminConsumer[] = [];
  private readonly timerStores: PostgresTimerStore[] = [];
  private readonly jobStore = new OpenedOnce(() =>
    this.closedOnStop(JobStore.open(this.context.config.EVENT_STORE_URL, this.context.config.EVENT_STORE_SCHEMA, this.context.service ?? 'service', this.context.clock)),
  );
  /** The relay's checkpoint, opened once for every read model of the service. */
  private readonly published = new OpenedOnce(() => this.closedOnStop(publishedPositionReader(this.context.config.EVENT_STORE_URL, this.context.config.EVENT_STORE_SCHEMA)));
  /** The event store as published (no decryption), opened on first use: heads and rebuilds read it. */
  private readonly eventReader = new OpenedOnce(() => this.closedOnStop(createEventStore(this.context.config.EVENT_STORE_URL, { schema: this.context.config.EVENT_STORE_SCHEMA })));

  constructor(private readonly context: WiringContext) {}

  parts<C>(): ServiceWiring<C> {
    const wiring: ServiceWiring<EventStoreConfig & PersonalDataConfig & ReadModelConfig & ReadSideGateConfig & TimerConfig> = {
      protectedStores: () => this.protectedStores(),
      readModel: (projection) => this.readModel(projection),
      reactor: (part) => this.reactor(part),
      readSideGate: () => this.readSideGate(),
      timerStore: (table) => this.timerStore(table),
      timerWorker: (store, handle) => this.timerWorker(store, handle),
      closeOnStop: (close) => void this.closers.push(close),
    };
    return wiring as unknown as ServiceWiring<C>;
  }

  /** The service's runtime with the wired consumers first, the wired read models, and a stop that also closes the parts. */
  complete(runtime: ServiceRuntime): ServiceRuntime {
    return {
      ...runtime,
      background: [...(runtime.background ?? []), ...this.background],
      consumers: [...this.consumers, ...(runtime.consumers ?? [])],
      admin: this.adminParts(),
      ...(this.published.asked ? { readModels: { sources: [...this.sources, ...(runtime.readModels?.sources ?? [])], publishedPosition: async () => (await this.published.get()).position(), positions: this.positionGuard() } } : {}),
      stop: async () => {
        await runtime.stop?.();
        await this.close();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((close) => close()));
  }

  private async protectedStores(): Promise<ProtectedStores> {
    const { config } = this.context;
    const masterKey = await resolveSecret({ name: 'DATA_MASTER_KEY', value: config.DATA_MASTER_KEY, file: setting(config.DATA_MASTER_KEY_FILE, 'DATA_MASTER_KEY_FILE'), development: config.NODE_ENV === 'development' });
    const stores = await openProtectedStores({ eventStoreUrl: config.EVENT_STORE_URL, schema: config.EVENT_STORE_SCHEMA, keyringUrl: config.KEYRING_URL, masterKey });
    this.closers.push(() => stores.close());
    return stores;
  }

  private async readModel(projection: ProjectionDefinition): Promise<ReadModel> {
    const { config, logger } = this.context;
    const published = await this.published.get();
    const db = this.context.mongo().db(setting(config.MONGO_DATABASE, 'MONGO_DATABASE'));
    const naming = topicNaming(setting(config.TOPIC_PREFIX, 'TOPIC_PREFIX'));
    const runtime = createProjectionRuntime({ projection, kafka: this.context.kafka(), db, naming, publishedPosition: () => published.position(), logger, ...this.membership() });
    this.consumers.push(runtime);
    this.sources.push(runtime);
    this.adminConsumers.push(readModelConsumer(runtime, projection, db, naming));
    return { runtime, db, readYourWrites: readYourWrites(runtime, setting(config.READ_WAIT_TIMEOUT_MS, 'READ_WAIT_TIMEOUT_MS'), () => this.newestPosition()) };
  }

  private reactor(part: ReactorPart): Reactor {
    const { config, logger } = this.context;
    const naming = topicNaming(setting(config.TOPIC_PREFIX, 'TOPIC_PREFIX'));
    const reactor = createReactor({
      onError: (error) => logger.error({ err: error }, `reaction ${part.name} failed; the batch will be delivered again`),
      onParked: (parcels) =>
        logger.warn({ reactor: part.name, parked: parcels.map(({ event, reason, original }) => ({ eventId: event?.id ?? null, reason, ...original })) }, `reaction ${part.name} parked events in its dead-letter topic`),
      ...this.membership(),
      ...part,
      kafka: this.context.kafka(),
      naming,
    });
    this.consumers.push(reactor);
    this.adminConsumers.push(reactorConsumer(reactor, part.categories.map((category) => naming.events(category)), part));
    return reactor;
  }

  private readSideGate(): ReadSideGate {
    const { config, logger } = this.context;
    const admin = this.context.kafka().admin();
    const connected = new OpenedOnce(async () => admin.connect());
    this.closers.push(() => admin.disconnect());
    const lag = new ReadSideLag({ admin, prefix: setting(config.TOPIC_PREFIX, 'TOPIC_PREFIX'), stallMs: setting(config.READ_SIDE_STALL_MS, 'READ_SIDE_STALL_MS'), now: () => performance.now() });
    const gate = readSideGate({
      lag: { sample: async () => (await connected.get(), lag.sample()) },
      maxLagMs: setting(config.READ_SIDE_MAX_LAG_MS, 'READ_SIDE_MAX_LAG_MS'),
      maxWaitMs: setting(config.READ_SIDE_MAX_WAIT_MS, 'READ_SIDE_MAX_WAIT_MS'),
      logger,
    });
    this.background.push(gate);
    return gate;
  }

  /** A consumer's group session: heartbeats at a tenth of it, as Kafka advises at most a third. */
  private membership(): { sessionTimeoutMs: number; heartbeatIntervalMs: number } {
    const sessionTimeoutMs = setting(this.context.config.CONSUMER_SESSION_TIMEOUT_MS, 'CONSUMER_SESSION_TIMEOUT_MS');
    return { sessionTimeoutMs, heartbeatIntervalMs: Math.max(1_000, Math.floor(sessionTimeoutMs / 10)) };
  }

  private async timerStore(table: string): Promise<PostgresTimerStore> {
    const { config, clock } = this.context;
    const url = config.TIMER_STORE_URL ?? config.KEYRING_URL ?? config.EVENT_STORE_URL;
    const store = await createTimerStore(url, { schema: config.EVENT_STORE_SCHEMA, table, now: clock });
    this.closers.push(() => store.close());
    this.timerStores.push(store);
    return store;
  }

  private timerWorker(store: PostgresTimerStore, handle: TimerHandler): void {
    const { config, clock, logger } = this.context;
    let worker: TimerWorker | null = null;
    const options = { pollIntervalMs: setting(config.TIMER_POLL_MS, 'TIMER_POLL_MS'), leaseMs: setting(config.TIMER_LEASE_MS, 'TIMER_LEASE_MS') };
    this.background.push({
      name: 'timer worker',
      start: async () => {
        worker = startTimerWorker({ store, handle, isRetriable, ...options, now: clock, logger });
      },
      stop: async () => worker?.stop(),
    });
  }

  private positionGuard() {
    return { newestPosition: () => this.newestPosition() };
  }

  /** The newest committed position of the event store: read for a request with a minPosition, and when a read-your-writes wait timed out. */
  private async newestPosition(): Promise<GlobalPosition | null> {
    return (await this.eventReader.get()).newestPosition();
  }

  /** `opening`'s resource, closed when the service stops. */
  private async closedOnStop<T extends { close(): Promise<void> }>(opening: Promise<T>): Promise<T> {
    const opened = await opening;
    this.closers.push(() => opened.close());
    return opened;
  }

  /** What the admin routes operate on: the read models, reactors and timer tables wired so far. */
  private adminParts(): AdminParts {
    const { clock, logger } = this.context;
    return {
      service: this.context.service ?? 'service',
      consumers: [...this.adminConsumers],
      timerStores: [...this.timerStores],
      kafka: this.context.kafka,
      publishedPosition: async () => (this.published.asked ? (await this.published.get()).position() : null),
      eventStore: () => this.eventReader.get(),
      jobs: () => this.jobStore.get(),
      clock,
      logger,
    };
  }
}

function setting<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is not a setting of this service: add its shared settings to the service definition`);
  return value;
}
