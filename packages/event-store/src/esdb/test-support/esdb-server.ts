import { dockerEngineAnswers } from '@ctp/test-kit';
import type { StartedTestContainer } from 'testcontainers';

export const esdbSkipReason =
  'EventStoreDB adapter — SKIPPED: set CTP_ESDB_URL or start a Docker engine; no EventStoreDB package exists for these machines';

/** Where the EventStoreDB suite can run: CTP_ESDB_URL, else a container when Docker answers, else null. */
export async function esdbAvailability(): Promise<'environment' | 'docker' | null> {
  if (process.env.CTP_ESDB_URL) return 'environment';
  return (await dockerEngineAnswers()) ? 'docker' : null;
}

export async function startEsdb(): Promise<{ url: string; stop(): Promise<void> }> {
  const fromEnvironment = process.env.CTP_ESDB_URL;
  if (fromEnvironment) return { url: fromEnvironment, stop: async () => undefined };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container: StartedTestContainer = await new GenericContainer(process.env.CTP_ESDB_IMAGE ?? 'eventstore/eventstore:24.10')
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .start();
  return {
    url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => void (await container.stop()),
  };
}
