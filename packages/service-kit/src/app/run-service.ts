import type { FastifyInstance } from 'fastify';
import type { KeyHolder } from '@ctp/contracts';
import type { Kafka } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import { presentsAdminKey } from '../auth/auth-plugin.js';
import { ensureDevKeys } from '../auth/dev-keys.js';
import type { Role } from '../auth/roles.js';
import { readApiKeyStore, watchApiKeyFile } from '../auth/key-files.js';
import { serviceClock, type Clock } from '../config/clock.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { eventStoreDependency } from '../dependencies/event-store.js';
import { kafkaDependency, type KafkaDependency } from '../dependencies/kafka.js';
import { mongoDependency, type MongoDependency } from '../dependencies/mongo.js';
import type { Dependency } from '../health/dependency.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { consumerReadiness, consumerWork, type ConsumerStatus } from '../dependencies/consumer.js';
import { guardPositions } from '../read-models/position-guard.js';
import { readModelRoutes, type ReadModels } from '../read-models/read-model-routes.js';
import { adminRoutes } from '../admin/admin-routes.js';
import type { AdminParts } from '../admin/admin-parts.js';
import { createBootServer } from '../start-up/boot-server.js';
import { keepTrying } from '../start-up/keep-trying.js';
import { describeError } from '../start-up/retriable.js';
import { StartUpProgress } from '../start-up/start-up-progress.js';
import { superviseWorks, type BackgroundWork } from '../start-up/supervise.js';
import { startTelemetry } from '../telemetry/sdk.js';
import { Wiring, type ServiceWiring } from '../wiring/service-wiring.js';
import { createApp } from './create-app.js';
import type { ConfigOf, ServiceDefinition } from './service-definition.js';

export interface ServiceParts<D extends ServiceDefinition> {
  /** The kit's clients for the servers the service declared it needs. */
  readonly kafka: () => Kafka;
  readonly mongo: () => MongoClient;
  readonly config: ConfigOf<D>;
  readonly logger: Logger;
  readonly dependencies: readonly Dependency[];
  /** Now, for handlers, routes, reactions and timer workers: the real clock, or CLOCK_START's in tests. */
  readonly clock: Clock;
  /** A key for the service's own requests to itself, with `role`; its accesses are recorded under `holder`. */
  readonly inProcessKey: (role: Role, holder: KeyHolder) => string;
  /** Parts setup declares (protected stores, read models, reactors); the kit registers, starts and closes what they open. */
  readonly wire: ServiceWiring<ConfigOf<D>>;
}

/** What a service runs besides the kit's HTTP basics: its routes and its background work. */
export interface ServiceRuntime {
  readonly routes?: (app: FastifyInstance) => Promise<void>;
  /** Extra readiness checks, e.g. that a consumer is still running. */
  readonly dependencies?: readonly Dependency[];
  /** Started in this order once HTTP serves, each retried until it starts; stopped in reverse before HTTP drains. */
  readonly background?: readonly BackgroundWork[];
  /** Projections and reactors: started after `background` like it, and each a readiness check of its own. */
  readonly consumers?: readonly ConsumerStatus[];
  /** Projections whose progress `GET /v1/read-models` and the metrics report. */
  readonly readModels?: ReadModels;
  /** What the admin routes (`/v1/admin/...`) operate on; the kit's wiring fills it in. */
  readonly admin?: AdminParts;
  /** Closes what setup opened; runs after the background work stopped. */
  readonly stop?: () => Promise<void>;
}

export interface ServiceModule<D extends ServiceDefinition> {
  /** May run again after a retriable error (a server not up yet), so it must not start work of its own. */
  setup?: (parts: ServiceParts<D>) => Promise<ServiceRuntime>;
}

/** One readiness check per server the service needs. */
export function standardDependencies(definition: ServiceDefinition, config: ConfigOf<ServiceDefinition>): Dependency[] {
  return definition.needs.map((need) => {
    switch (need) {
      case 'eventStore':
        return eventStoreDependency(config.EVENT_STORE_URL);
      case 'kafka':
        return kafkaDependency(config.INSTANCE_ID === undefined ? definition.name : `${definition.name}-${config.INSTANCE_ID}`, config.KAFKA_BROKERS);
      case 'mongo':
        if (!config.MONGO_URL) throw new Error(`${definition.name} needs MONGO_URL`);
        return mongoDependency(config.MONGO_URL);
      default: {
        const unknown: never = need;
        throw new Error(`unknown server ${String(unknown)}`);
      }
    }
  });
}

/**
 * Starts a service: config, logs, telemetry, keys, then HTTP at once (/health, and /ready saying
 * what start-up waits for), setup and background work retried while their servers are not ready,
 * and a graceful SIGTERM. A non-retriable error stops the process with a clear message.
 */
export async function runService<D extends ServiceDefinition>(definition: D, module: ServiceModule<D> = {}) {
  let config: ConfigOf<D>;
  try {
    config = loadConfig(definition.name, definition.configSchema, process.env) as ConfigOf<D>;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL, config.INSTANCE_ID);
  const fatal = (what: string, error: unknown): never => {
    logger.fatal({ err: error }, `${what} failed and cannot be retried: ${describeError(error)}`);
    process.exit(1);
  };
  const telemetry = await startTelemetry(config.OTEL_SERVICE_NAME ?? definition.name, config.OTEL_EXPORTER_OTLP_ENDPOINT, logger);
  if (config.NODE_ENV === 'development') {
    const { created, devKeysPath } = await ensureDevKeys(config.API_KEYS_FILE);
    if (created) logger.info({ devKeysPath }, 'generated development API keys');
  }
  const apiKeys = await readApiKeyStore(config.API_KEYS_FILE).catch((error: unknown) => {
    logger.fatal({ err: error }, 'cannot start');
    process.exit(78);
  });
  watchApiKeyFile(config.API_KEYS_FILE, apiKeys, {
    intervalMs: config.API_KEYS_RELOAD_MS,
    onReload: (keys) => logger.info({ keys }, 'API key file reloaded'),
    onError: (error) => logger.error({ err: error }, 'API key file changed but cannot be read; the keys in force are kept'),
  });

  const progress = new StartUpProgress();
  const boot = createBootServer({ service: definition.name, version: definition.version, pending: () => progress.pending(), detailFor: (request) => presentsAdminKey(request, apiKeys) });
  await boot.listen(config.HOST, config.PORT).catch((error: unknown) => fatal(`listening on ${config.HOST}:${config.PORT}`, error));
  logger.info({ host: config.HOST, port: config.PORT }, 'listening; starting');
  // Until everything has started there is nothing to drain: a signal ends the process at once.
  let shutdown = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopped during start-up');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));

  const dependencies = standardDependencies(definition, config);
  const client = <T extends Dependency>(name: string): T => {
    const found = dependencies.find((dependency) => dependency.name === name);
    if (!found) throw new Error(`${definition.name} did not declare that it needs ${name}`);
    return found as T;
  };
  const parts: Omit<ServiceParts<D>, 'wire'> = { config, logger, dependencies, clock: serviceClock(config, logger), inProcessKey: (role, holder) => apiKeys.inProcessKey(role, holder), kafka: () => client<KafkaDependency>('kafka').kafka, mongo: () => client<MongoDependency>('mongo').client };
  progress.starting('setup');
  const setUp = async (): Promise<ServiceRuntime> => {
    const wiring = new Wiring({ service: definition.name, config, logger, clock: parts.clock, kafka: parts.kafka, mongo: parts.mongo });
    try {
      return wiring.complete((await module.setup?.({ ...parts, wire: wiring.parts<ConfigOf<D>>() })) ?? {});
    } catch (error) {
      await wiring.close().catch((closing: unknown) => logger.warn({ err: closing }, 'closing what a failed setup opened failed'));
      throw error;
    }
  };
  const runtime: ServiceRuntime = await keepTrying(setUp, {
    what: 'setup',
    logger,
    onWaiting: (reason) => progress.waiting('setup', reason),
  }).catch((error: unknown) => fatal('setup', error));
  progress.running('setup');

  const app = await createApp({
    service: definition.name,
    version: definition.version,
    config,
    logger,
    apiKeys,
    dependencies: [progress.dependency(), ...dependencies, ...(runtime.dependencies ?? []), ...(runtime.consumers ?? []).map(consumerReadiness)],
    serverFactory: (handler) => boot.handOver(handler),
    routes: async (app) => {
      if (runtime.readModels) {
        guardPositions(app, runtime.readModels.positions);
        await app.register(readModelRoutes(runtime.readModels));
      }
      if (runtime.admin) await app.register(adminRoutes(runtime.admin));
      await runtime.routes?.(app);
    },
  });
  await app.ready();
  boot.open();
  const works = superviseWorks([...(runtime.background ?? []), ...(runtime.consumers ?? []).map(consumerWork)], { logger, progress, onFatal: fatal });

  shutdown = async (signal) => {
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    await works.stop();
    await runtime.stop?.();
    await app.close();
    await boot.close();
    await telemetry.shutdown();
    logger.info('stopped');
    process.exit(0);
  };
  return app;
}
