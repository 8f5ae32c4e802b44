import type { ProjectionRuntime } from '@ctp/projections';
import type { Dependency } from '@ctp/service-kit';

/** /ready fails when a projection's consumer crashed, so an orchestrator restarts the service. */
export function projectionReadiness(runtime: ProjectionRuntime): Dependency {
  return {
    name: `projection:${runtime.name}`,
    target: runtime.groupId,
    async check() {
      const { state, error } = runtime.status();
      if (state !== 'running') throw new Error(`consumer ${state}${error ? `: ${error}` : ''}`);
    },
    close: async () => undefined,
  };
}
