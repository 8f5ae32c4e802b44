import type { Reactor, TopicNaming } from '@ctp/event-bus';
import type { ProjectionDefinition, ProjectionRuntime } from '@ctp/projections';
import type { Db } from 'mongodb';
import type { AdminConsumer } from './admin-parts.js';
import type { ReplayTarget } from './replay.js';
import { groupLag } from './consumer-groups.js';

export function readModelConsumer(runtime: ProjectionRuntime, projection: ProjectionDefinition, db: Db, naming: TopicNaming): AdminConsumer {
  return {
    kind: 'read-model',
    name: runtime.name,
    groupId: runtime.groupId,
    deadLetterTopic: naming.deadLetter(projection.name),
    redriveGroupId: `${runtime.groupId}.redrive`,
    consumer: runtime,
    lag: () => runtime.lag(),
    redrive: () => runtime.redrive(),
    rebuildable: { projection, db },
  };
}

export function reactorConsumer(reactor: Reactor, topics: readonly string[], replayable: ReplayTarget): AdminConsumer {
  return {
    kind: 'reactor',
    name: reactor.name,
    groupId: reactor.groupId,
    deadLetterTopic: reactor.deadLetterTopic,
    redriveGroupId: `${reactor.groupId}.redrive`,
    consumer: reactor,
    lag: (admin) => groupLag(admin, reactor.groupId, topics),
    redrive: async () => {
      const { handled, ...outcome } = await reactor.redrive();
      return { ...outcome, applied: handled };
    },
    replayable,
  };
}
