import { eventually, isProjectionGroup, mongoUrl, postgresUrl, sharedAsDesigned, stackGroups, startServiceStack, type GroupMember, type ServiceProcess, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillServers, loadedServices, planOperations, publishMinuteClocks, reconcileAfterLoad, runLoad, stackTarget, workOf } from './test-support/drill.js';
import type { LoadResult } from './run-load.js';

/** tiering's and sla's second instances have scale-out tests of their own (services/tiering, services/sla). */
const doubled = ['intake', 'feedback', 'analytics'] as const;

/**
 * Two instances each of intake, feedback and analytics beside one of everything else, under two loads at once: one
 * sent to the first instances, one to the second. The reactors' consumer groups spread over both, each read model's
 * group is held by one of them (the other standing by), and afterwards every read model equals the store and every
 * due clock timer fired once, as with one instance.
 */
describe('two instances of intake, feedback and analytics share the work under load without a double effect', () => {
  let stack: ServiceStack;
  let groups: Awaited<ReturnType<typeof stackGroups>>;
  let servers: Awaited<ReturnType<typeof drillServers>>;
  const seconds: Record<string, ServiceProcess> = {};
  let shared: Record<string, GroupMember[]>;
  let results: LoadResult[];
  let dueBefore: Date;

  beforeAll(async () => {
    stack = await startServiceStack(['relay', ...loadedServices]);
    for (const service of doubled) seconds[service] = await stack.startInstance(service, 'b');
    groups = await stackGroups(stack.schema);
    servers = await drillServers(stack, { postgres: postgresUrl(), mongo: mongoUrl() });
    shared = await eventually(sharedGroups, 'every group of intake, feedback and analytics with both instances in it', output, 120_000);
    await publishMinuteClocks(stack);

    const first = stackTarget(stack);
    const second = { ...first, urls: { ...first.urls, ...Object.fromEntries(doubled.map((service) => [service, seconds[service]!.baseUrl])) } };
    const load = (target: typeof first, runId: string) =>
      runLoad({ target, operations: planOperations({ seed: runId, count: 60, customers: 6, runId }), ratePerSecond: 3, seconds: 25, visibleWithinMs: 240_000 });
    const loadStarted = stack.clock().getTime();
    results = await Promise.all([load(first, 'scale-a'), load(second, 'scale-b')]);
    // Timers due up to 45 s after the start at least: a case's warning comes 30 s after it opens, so there are timers to check.
    dueBefore = new Date(Math.max(stack.clock().getTime(), loadStarted + 45_000));
  }, 600_000);
  afterAll(async () => {
    await groups?.close();
    await servers?.close();
    await stack?.stop();
  });

  const output = () => doubled.map((service) => `--- ${service} b ---\n${seconds[service]?.output().slice(-800) ?? ''}`).join('\n');

  /**
   * The stack's groups that have a member of a doubled service, once every such group is stable with both members in
   * it: a reactor's with both holding partitions, a projection's with one holding them all.
   */
  async function sharedGroups(): Promise<Record<string, GroupMember[]> | undefined> {
    const found: Record<string, GroupMember[]> = {};
    for (const [groupId, members] of await groups.assignments()) {
      if (members === undefined) return undefined;
      if (!members.some(({ clientId }) => doubled.some((service) => clientId === `${service}-b` || clientId === service))) continue;
      if (members.length !== 2 || !sharedAsDesigned(members, isProjectionGroup(groupId))) return undefined;
      found[groupId] = members;
    }
    return doubled.every((service) => Object.values(found).some((members) => members.some(({ clientId }) => clientId === `${service}-b`))) ? found : undefined;
  }

  it("spread every reactor's group of intake, feedback and analytics over both instances and gave each read model's to one, no partition held twice", () => {
    process.stdout.write(`scale-out groups: ${Object.entries(shared).map(([groupId, members]) => `${groupId.slice(stack.schema.length + 1)} ${members.map(({ clientId, partitions }) => `${clientId} ${partitions.length}`).join(' / ')}`).join('; ')}\n`);
    for (const [groupId, members] of Object.entries(shared)) {
      const [a, b] = members.map(({ partitions }) => partitions);
      expect(a!.filter((partition) => b!.includes(partition)), groupId).toEqual([]);
    }
    const projections = Object.keys(shared).filter(isProjectionGroup);
    expect(projections.length).toBeGreaterThan(0);
    expect(Object.keys(shared).length).toBeGreaterThan(projections.length);
  });

  it('accepted every operation through either instance, and each read model showed every write', () => {
    for (const result of results) {
      const summary = JSON.stringify({ errors: result.errors, notVisible: result.notVisible });
      expect(result.errors, summary).toEqual({});
      expect(result.notVisible, summary).toEqual({});
      expect(result.accepted, summary).toHaveLength(60);
    }
  });

  it('left every read model equal to the store, every due clock timer fired once, and no dead letter', async () => {
    const [a, b] = results.map(workOf);
    const work = { customers: [...a!.customers, ...b!.customers], cases: [...a!.cases, ...b!.cases] };
    expect(work.customers).toHaveLength(12);
    const { timers, letters, line } = await reconcileAfterLoad(servers, work, dueBefore);
    process.stdout.write(line);
    expect(timers.fired, 'no clock timer fell due during the load').toBeGreaterThan(0);
    expect(letters).toEqual([]);
  }, 600_000);
});
