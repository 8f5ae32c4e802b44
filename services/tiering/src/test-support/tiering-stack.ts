import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serviceClock, type Clock } from '@ctp/service-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { freePort, isolatedEnvironment, postgresUrl, startService, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';

/** relay, intake and tiering, built, on one isolated schema, topic prefix and database. */
export interface TieringStack {
  readonly schema: string;
  readonly intake: ServiceProcess;
  /** The tiering process running now: a new one after each `startTiering`. */
  readonly tiering: ServiceProcess;
  /** The timers table tiering keeps (`<schema>.tiering_timers`). */
  readonly timers: PostgresTimerStore;
  /** The services' clock: the real one, or with `CLOCK_START` one that started there (each process is started at its reading). */
  readonly clock: Clock;
  call(service: ServiceProcess, method: string, path: string, role: string, body?: unknown): Promise<Response>;
  /** Starts tiering again (same port and settings) once the running one has exited; does not wait until it is ready. */
  restartTiering(): ServiceProcess;
  stop(): Promise<void>;
}

export async function startTieringStack(settings: Record<string, string> = {}): Promise<TieringStack> {
  const schema = uniqueName('tiering');
  const isolated = await isolatedEnvironment(schema);
  const environment = { ...isolated.environment, TIMER_POLL_MS: '200', READ_WAIT_TIMEOUT_MS: '30000', ...settings };
  const clock = serviceClock(settings);
  // A process started later (or restarted) starts at the stack's reading then, so all keep one clock.
  const spawn = (name: string, port: number) => startService(name, port, settings.CLOCK_START ? { ...environment, CLOCK_START: clock().toISOString() } : environment);
  const started = async (name: string, port: number) => {
    const service = spawn(name, port);
    await waitUntilReady(service);
    return service;
  };
  const relay = await started('relay', await freePort());
  const intake = await started('intake', await freePort());
  const tieringPort = await freePort();
  let tiering = await started('tiering', tieringPort);
  const keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
  const timers = await createTimerStore(postgresUrl(), { schema, table: 'tiering_timers', now: clock });
  return {
    schema,
    intake,
    get tiering() {
      return tiering;
    },
    timers,
    clock,
    call: (service, method, path, role, body) =>
      fetch(`${service.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${keys[role]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    restartTiering() {
      if (tiering.child.exitCode === null && tiering.child.signalCode === null) throw new Error('tiering is still running');
      tiering = spawn('tiering', tieringPort);
      return tiering;
    },
    async stop() {
      await Promise.all([relay, intake, tiering].map((service) => service.stop('SIGKILL')));
      await timers.close();
    },
  };
}

/** Polls until the probe answers something; the error shows the tail of `output`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, output: () => string, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
