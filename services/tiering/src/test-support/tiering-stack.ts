import { postgresUrl, startServiceStack, type ServiceProcess } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';

export { eventually } from '@ctp/test-kit';

/** relay, intake and tiering, built, on one isolated schema, topic prefix and database. */
export interface TieringStack {
  readonly schema: string;
  readonly intake: ServiceProcess;
  /** The tiering process running now: a new one after each `restartTiering`. */
  readonly tiering: ServiceProcess;
  /** The timers table tiering keeps (`<schema>.tiering_timers`). */
  readonly timers: PostgresTimerStore;
  /** The services' clock, one for every process: the real one, or with `CLOCK_START` one that started there. */
  readonly clock: () => Date;
  call(service: ServiceProcess, method: string, path: string, role: string, body?: unknown): Promise<Response>;
  /** Starts tiering again (same port and settings) once the running one has exited; does not wait until it is ready. */
  restartTiering(): ServiceProcess;
  /** Another tiering process beside the first, on a port of its own, named `instance`; ready when it resolves. */
  startTieringInstance(instance: string): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

export async function startTieringStack(settings: Record<string, string> = {}): Promise<TieringStack> {
  const stack = await startServiceStack(['relay', 'intake', 'tiering'], settings);
  const timers = await createTimerStore(postgresUrl(), { schema: stack.schema, table: 'tiering_timers', now: stack.clock });
  return {
    schema: stack.schema,
    get intake() {
      return stack.service('intake');
    },
    get tiering() {
      return stack.service('tiering');
    },
    timers,
    clock: stack.clock,
    call: (service, method, path, role, body) => stack.call(service, method, path, role, body),
    restartTiering: () => stack.restart('tiering'),
    startTieringInstance: (instance) => stack.startInstance('tiering', instance),
    async stop() {
      await stack.stop();
      await timers.close();
    },
  };
}
