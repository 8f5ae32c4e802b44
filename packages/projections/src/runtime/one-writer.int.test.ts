import type { RecordedEvent } from '@ctp/contracts';
import { kafkaBrokers, stableAssignment, type GroupMember } from '@ctp/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeCollection } from '../storage/version-pointer.js';
import { EventFactory } from '../test-support/event-factory.js';
import { runtimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.js';
import { until } from '../test-support/until.js';
import { actualChannelTotals, channels, channelTotals, expectedChannelTotals as expectedTotals, type ChannelTotals } from '../test-support/channel-totals.js';
import type { ProjectionRuntime } from './projection-runtime.js';

function purchases(factory: EventFactory, customers: number, perCustomer: number): RecordedEvent[] {
  return Array.from({ length: perCustomer }, (_, round) => Array.from({ length: customers }, (_, customer) => factory.purchase(`C-${customer}`, '1.00', channels[(customer + round) % channels.length]))).flat();
}

/**
 * Two instances of one read model in one consumer group. FerretDB 1.24 loses updates of one document written at
 * once by two clients (docs/projections.md), so every partition goes to one of them and the other stands by.
 */
describe('two runtimes of one projection: one writes, the other stands by', () => {
  let fx: RuntimeFixture<'channels'>;
  const factory = new EventFactory();
  const runtimes: ProjectionRuntime[] = [];
  const published: RecordedEvent[] = [];
  const instance = (clientId: string) => fx.runtime({ kafka: new Kafka({ clientId, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }) });
  const assignment = async (members: number): Promise<GroupMember[]> => {
    let found: GroupMember[] | undefined;
    await until(async () => (found = await stableAssignment(fx.admin, fx.groupId))?.length === members, `the group stable with ${members} members`);
    return found!.toSorted((a, b) => a.clientId.localeCompare(b.clientId));
  };
  const totals = async () => actualChannelTotals(await activeCollection<ChannelTotals>(fx.db, channelTotals.name, 'channels'));
  const publish = async (events: RecordedEvent[]) => {
    published.push(...events);
    // One send per event: the writers get many small batches, each an update of the same documents.
    await fx.publish(events);
  };

  beforeAll(async () => {
    fx = await runtimeFixture(channelTotals);
    runtimes.push(instance('instance-a'));
    await runtimes[0]!.start();
    runtimes.push(instance('instance-b'));
    await runtimes[1]!.start();
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.stop();
    await fx?.close();
  });

  it('gives every partition to the instance that joined first; the other holds none and is ready', async () => {
    const [a, b] = await assignment(2);
    expect(a).toMatchObject({ clientId: 'instance-a', partitions: [0, 1, 2].map((partition) => `${fx.naming.events('customer')}/${partition}`) });
    expect(b).toEqual({ clientId: 'instance-b', partitions: [] });
    await until(() => runtimes.every((runtime) => runtime.status().ready), 'both runtimes ready');
    expect(runtimes.map((runtime) => runtime.status().partitions)).toEqual([3, 0]);
  });

  it('applies every update of the shared documents once', async () => {
    await publish(purchases(factory, 60, 5));
    await runtimes[1]!.waitForPosition(factory.lastPosition, 60_000);
    expect(await totals()).toEqual(expectedTotals(published));
  });

  it('hands every partition to the standby when the writer stops, and it carries on from the committed offsets', async () => {
    await runtimes[0]!.stop();
    const [b] = await assignment(1);
    expect(b).toMatchObject({ clientId: 'instance-b', partitions: expect.arrayContaining([`${fx.naming.events('customer')}/0`]) });
    expect(b!.partitions).toHaveLength(3);
    await publish(purchases(factory, 60, 2));
    await runtimes[1]!.waitForPosition(factory.lastPosition, 60_000);
    expect(await totals()).toEqual(expectedTotals(published));
  });
});
