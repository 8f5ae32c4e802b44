import type { StartedTestContainer } from 'testcontainers';
import type { ServerKind } from './servers.js';

/** Whether a Docker engine answers; testcontainers is only loaded when one might. */
export async function dockerEngineAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function startContainer(kind: ServerKind): Promise<{ url: string; container: StartedTestContainer }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  switch (kind) {
    case 'postgres': {
      const container = await new GenericContainer('postgres:16-alpine')
        .withEnvironment({ POSTGRES_USER: 'ctp', POSTGRES_PASSWORD: 'ctp', POSTGRES_DB: 'ctp_test' })
        .withExposedPorts(5432)
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start();
      return { container, url: `postgres://ctp:ctp@${container.getHost()}:${container.getMappedPort(5432)}/ctp_test` };
    }
    case 'kafka': {
      const container = await new GenericContainer('apache/kafka:3.9.1')
        .withExposedPorts({ container: 9092, host: 39092 })
        .withEnvironment({
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
          KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:39092',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        })
        .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
        .start();
      return { container, url: `${container.getHost()}:39092` };
    }
    case 'mongo': {
      const container = await new GenericContainer('mongo:7')
        .withExposedPorts(27017)
        .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
        .start();
      return { container, url: `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/` };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`no container for ${String(unknown)}`);
    }
  }
}
