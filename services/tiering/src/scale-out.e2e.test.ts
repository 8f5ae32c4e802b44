import { randomUUID } from 'node:crypto';
import { topicNaming } from '@ctp/event-bus';
import { kafkaBrokers, sharedAsDesigned, stableAssignment, type GroupMember, type ServiceProcess } from '@ctp/test-kit';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timerKinds } from './timers.js';
import { reactorProgress, type ReactorProgress } from './test-support/reactor-progress.js';
import { eventually, startTieringStack, type TieringStack } from './test-support/tiering-stack.js';

const DAY = 86_400_000;
const customersPerPhase = 80;
const overridden = 24;

const fact = (type: string, customerId: string, data: Record<string, unknown>, at: number) => ({ id: randomUUID(), type, customerId, occurredAt: new Date(at).toISOString(), data });
/** A registration and two purchases: three facts for the reactor, one tier decision. */
const facts = (customerId: string, now: number) => [
  fact('CustomerRegistered', customerId, { kind: 'person', name: 'Wang Fang', customerSince: '2020-01-01', source: { system: 'erp', externalId: customerId }, serviceConsent: { method: 'app', reference: 'a-1', noticeVersion: '1' } }, now - 400 * DAY),
  ...[1, 2].map((i) => fact('PurchaseRecorded', customerId, { orderId: `${customerId}-SO-${i}`, amount: `${100 * i}.00`, margin: '20.00', currency: 'CNY', channel: 'online' }, now - i * DAY)),
];
const newCustomers = () => Array.from({ length: customersPerPhase }, () => `C-${randomUUID().slice(0, 8)}`);

interface TierEventView {
  readonly id: string;
  readonly type: string;
  readonly causationId: string;
  readonly position: string;
}

interface ExpiryTimer {
  readonly id: string;
  readonly state: string;
  readonly attempts: number;
}

describe('two tiering instances share their consumer groups and timers without a double effect', () => {
  let stack: TieringStack;
  let second: ServiceProcess;
  let admin: Admin;
  let progress: ReactorProgress;
  let lastWritten = '0';
  const [firstPhase, secondPhase] = [newCustomers(), newCustomers()];
  const everyone = [...firstPhase, ...secondPhase];
  const groups = (schema: string) => ({ reactor: `${schema}.reactor.tiering`, projection: `${schema}.projection.tiering-tiers` });

  let sharedBefore: Record<string, GroupMember[]>;
  let sharedAfter: Record<string, GroupMember[]>;
  let customerPartitions: { partition: string; high: bigint }[];
  let overrideIds: Map<string, string>;
  let expiryTimers: ExpiryTimer[];
  let survivors: Record<string, GroupMember[]>;
  let histories: Map<string, TierEventView[]>;

  beforeAll(async () => {
    stack = await startTieringStack();
    second = await stack.startTieringInstance('b');
    admin = new Kafka({ clientId: `${stack.schema}-scale-out`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    progress = await reactorProgress(stack.schema);

    sharedBefore = await assignments(
      (members, kind) => members.length === 2 && sharedAsDesigned(members, kind === 'projection'),
      "both instances in each group: the reactor's partitions spread over them, the read model's held by one",
    );
    await publish(firstPhase.flatMap((customerId) => facts(customerId, Date.now())));
    await reactorCaughtUp();
    sharedAfter = await assignments(() => true, 'the groups after the first phase');
    const customerTopic = topicNaming(stack.schema).events('customer');
    customerPartitions = (await admin.fetchTopicOffsets(customerTopic)).map(({ partition, high }) => ({ partition: `${customerTopic}/${partition}`, high: BigInt(high) }));

    await overridesExpiringTogether();

    // One instance dies in the middle of the second phase: the other takes its partitions over.
    const half = (customersPerPhase / 2) * 3;
    const secondFacts = secondPhase.flatMap((customerId) => facts(customerId, Date.now()));
    await publish(secondFacts.slice(0, half));
    await second.stop('SIGKILL');
    await publish(secondFacts.slice(half));
    await reactorCaughtUp();
    survivors = await assignments((members) => members.length === 1, 'one instance holding every partition');
    histories = new Map(await Promise.all(everyone.map(async (customerId) => [customerId, await history(customerId)] as const)));
    const shares = Object.entries(sharedBefore).map(([kind, members]) => `${kind} ${members.map((member) => `${member.clientId} ${member.partitions.length}`).join(' / ')}`);
    process.stderr.write(`scale-out: partitions held ${shares.join('; ')}\n`);
  }, 300_000);
  afterAll(async () => {
    await admin?.disconnect();
    await progress?.close();
    await stack?.stop();
  });

  const output = () => `${stack.tiering.output().slice(-1500)}\n--- tiering b ---\n${second.output().slice(-1500)}`;
  const publish = async (events: unknown[]) => {
    for (let i = 0; i < events.length; i += 200) {
      const response = await stack.call(stack.intake, 'POST', '/v1/events', 'integrator', { events: events.slice(i, i + 200) });
      expect(response.status, await response.clone().text()).toBe(202);
      lastWritten = ((await response.json()) as { position: string }).position;
    }
  };
  const reactorCaughtUp = () => eventually(async () => ((await progress.caughtUpWith(lastWritten)) ? true : undefined), "tiering's reactor to commit every fact", output, 90_000);
  const assignments = (accept: (members: GroupMember[], kind: string) => boolean, what: string) =>
    eventually(
      async () => {
        const found = await Promise.all(Object.entries(groups(stack.schema)).map(async ([kind, groupId]) => [kind, await stableAssignment(admin, groupId)] as const));
        return found.every(([kind, members]) => members !== undefined && accept(members, kind)) ? (Object.fromEntries(found) as Record<string, GroupMember[]>) : undefined;
      },
      what,
      output,
      60_000,
    );
  const history = async (customerId: string) =>
    ((await (await stack.call(stack.tiering, 'GET', `/v1/customers/${customerId}/tier/history?purpose=service`, 'analyst')).json()) as { events: TierEventView[] }).events;

  /** Overrides set through both instances, all expiring at one instant: both timer workers find them due at once. */
  async function overridesExpiringTogether() {
    const expiresAt = new Date(Date.now() + 8_000).toISOString();
    const targets = firstPhase.slice(0, overridden);
    overrideIds = new Map(
      await Promise.all(
        targets.map(async (customerId, i) => {
          const body = { tier: 'key_account', reasonCode: 'key_account_contract', reason: 'frame contract', expiresAt };
          const response = await stack.call(i % 2 === 0 ? stack.tiering : second, 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', body);
          expect(response.status, await response.clone().text()).toBe(201);
          return [customerId, ((await response.json()) as { overrideId: string }).overrideId] as const;
        }),
      ),
    );
    const ids = [...overrideIds.values()].map((overrideId) => `${timerKinds.overrideExpiry}:${overrideId}`);
    expiryTimers = await eventually(
      async () => {
        const { rows } = await stack.timers.pool.query<ExpiryTimer>(`SELECT id, state, attempts FROM ${stack.timers.name.qualified} WHERE id = ANY($1)`, [ids]);
        return rows.length === ids.length && rows.every((timer) => timer.state === 'fired') ? rows : undefined;
      },
      `${ids.length} override expiries to fire`,
      output,
    );
  }

  it("spread the reactor's group over both instances, each holding a share of the partitions", () => {
    for (const members of Object.values(sharedBefore)) expect(members.map((member) => member.clientId).sort()).toEqual(['tiering', 'tiering-b']);
    const [a, b] = sharedBefore.reactor!.map((member) => member.partitions);
    expect(a!.filter((partition) => b!.includes(partition))).toEqual([]);
    expect(sharedAfter).toEqual(sharedBefore);
  });

  it("gave every partition of the read model's group to the instance there first, the other standing by", () => {
    const holding = Object.fromEntries(sharedBefore.projection!.map((member) => [member.clientId, member.partitions.length > 0]));
    expect(holding).toEqual({ tiering: true, 'tiering-b': false });
  });

  it('had each instance consume and commit facts of its own customer partitions', () => {
    for (const member of sharedBefore.reactor!) {
      const held = customerPartitions.filter(({ partition }) => member.partitions.includes(partition));
      expect(held.length, member.clientId).toBeGreaterThan(0);
      expect(held.reduce((sum, { high }) => sum + high, 0n), member.clientId).toBeGreaterThan(0n);
    }
  });

  it('handed the killed instance’s partitions to the other', () => {
    for (const [kind, [member]] of Object.entries(survivors)) {
      expect(member!.clientId).toBe('tiering');
      expect(member!.partitions).toEqual(sharedBefore[kind]!.flatMap((held) => held.partitions).sort());
    }
  });

  it('assigned every customer exactly one tier, and acted on no cause twice', () => {
    expect(histories.size).toBe(2 * customersPerPhase);
    for (const [customerId, events] of histories) {
      expect(events.filter((event) => event.type === 'TierAssigned'), customerId).toHaveLength(1);
      const causes = events.map((event) => `${event.causationId} ${event.type}`);
      expect(new Set(causes).size, `${customerId}: ${causes.join(', ')}`).toBe(causes.length);
    }
  });

  it('claimed and fired each override expiry once, with one expiry on the tier stream', () => {
    expect(expiryTimers).toHaveLength(overridden);
    for (const timer of expiryTimers) expect(timer.attempts, timer.id).toBe(1);
    for (const [customerId, overrideId] of overrideIds) {
      const expiries = histories.get(customerId)!.filter((event) => event.type === 'TierOverrideExpired');
      expect(expiries.map((event) => event.causationId), customerId).toEqual([`${timerKinds.overrideExpiry}:${overrideId}`]);
    }
  });

  it('serves from the read model the last decision of every tier stream', async () => {
    for (const [customerId, events] of histories) {
      const last = events.at(-1)!;
      const response = await stack.call(stack.tiering, 'GET', `/v1/customers/${customerId}/tier?minPosition=${last.position}`, 'agent');
      expect(response.status, customerId).toBe(200);
      expect(((await response.json()) as { lastEvent: { id: string } }).lastEvent.id, customerId).toBe(last.id);
    }
  });
});
