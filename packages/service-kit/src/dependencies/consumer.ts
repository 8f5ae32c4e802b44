import type { Dependency } from '../health/dependency.js';
import type { BackgroundWork } from '../start-up/supervise.js';

export interface ConsumerStatus {
  readonly name: string;
  readonly groupId: string;
  /** `ready` false: running, but out of its consumer group or stuck with lag (the runtime's ConsumerHealth); `reason` says which. */
  status(): { state: 'stopped' | 'running' | 'crashed'; error: string | null; ready?: boolean; reason?: string | null };
  start(): Promise<void>;
  stop(): Promise<void>;
  ended?(): Promise<void>;
}

/** A projection or reactor as the kit's background work, named by its consumer group. */
export function consumerWork(consumer: ConsumerStatus): BackgroundWork {
  return { name: consumer.groupId, start: () => consumer.start(), stop: () => consumer.stop(), ...(consumer.ended ? { ended: () => consumer.ended!() } : {}) };
}

/** /ready fails when a consumer group (projection or reactor) stopped or crashed, so an orchestrator restarts the service. */
export function consumerReadiness(consumer: ConsumerStatus): Dependency {
  return {
    name: `consumer:${consumer.name}`,
    target: consumer.groupId,
    async check() {
      const { state, error, ready, reason } = consumer.status();
      if (state !== 'running') throw new Error(`consumer ${state}${error ? `: ${error}` : ''}`);
      if (ready === false) throw new Error(`consumer not making progress${reason ? `: ${reason}` : ''}`);
    },
    close: async () => undefined,
  };
}
