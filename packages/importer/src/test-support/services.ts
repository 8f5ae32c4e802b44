import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, isolatedEnvironment, startService, uniqueName, waitUntilHealthy, type ServiceProcess } from '@ctp/test-kit';

export interface Platform {
  /** The event store schema, also the topic prefix and the Mongo database of this run. */
  readonly schema: string;
  readonly intake: ServiceProcess;
  readonly keys: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts intake as a real process on a fresh schema, as the walking skeleton does, but without the
 * relay: the import is checked in the store, so fanning the facts out to a read model adds nothing.
 */
export async function startPlatform(extra: Record<string, string> = {}): Promise<Platform> {
  const schema = uniqueName('importer');
  const isolated = await isolatedEnvironment(schema);
  const local = isolated.keysDir;
  const environment = { ...isolated.environment, ...extra };
  const started: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((service) => service.stop()));
  };
  try {
    const intake = startService('intake', await freePort(), environment);
    started.push(intake);
    await waitUntilHealthy(intake);
    const keys = JSON.parse(await readFile(join(local, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    return { schema, intake, keys, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
