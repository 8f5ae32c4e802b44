import { randomUUID } from 'node:crypto';
import { eventually, honouringRetryAfter, kafkaBrokers, postgresUrl, sharedAsDesigned, stableAssignment, type GroupMember, type ServiceProcess } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlaStack, type RecordedCaseEvent, type SlaStack } from './test-support/sla-stack.js';
import { slaClockKind } from './timers.js';

/** A Wednesday afternoon in Shanghai, a working day between the lunch break and the cut-off. */
const clockStart = '2026-03-04T14:00:00+08:00';
const minutes = 60_000;
const customers = 6;
const casesPerCustomer = 4;

interface ClockTimerRow {
  readonly id: string;
  readonly state: string;
  readonly attempts: number;
  readonly caseId: string;
  readonly metric: string;
  readonly kind: string;
}

describe('two sla instances share their consumer groups and clock timers without a double effect', () => {
  let stack: SlaStack;
  let second: ServiceProcess;
  let admin: Admin;
  let timers: PostgresTimerStore;
  let shared: Record<string, GroupMember[]>;
  const opened = new Map<string, ServiceProcess>();
  const caseEvents = new Map<string, RecordedCaseEvent[]>();
  let clockTimers: ClockTimerRow[];
  const groups = (schema: string) => ({ reactor: `${schema}.reactor.sla-clocks`, projection: `${schema}.projection.sla-cases` });

  beforeAll(async () => {
    stack = await startSlaStack({ CLOCK_START: clockStart });
    second = await stack.startInstance('sla', 'b');
    admin = new Kafka({ clientId: `${stack.schema}-sla-scale-out`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    timers = await createTimerStore(postgresUrl(), { schema: stack.schema, table: 'sla_timers', now: stack.clock });
    shared = await eventually(async () => {
      const found = await Promise.all(Object.entries(groups(stack.schema)).map(async ([kind, groupId]) => [kind, await stableAssignment(admin, groupId)] as const));
      const settled = ([kind, members]: (typeof found)[number]) => members?.length === 2 && sharedAsDesigned(members, kind === 'projection');
      return found.every(settled) ? (Object.fromEntries(found) as Record<string, GroupMember[]>) : undefined;
    }, "both sla instances in each group: the reactor's partitions spread over them, the read model's held by one", output, 90_000);

    const customerIds = Array.from({ length: customers }, () => `C-${randomUUID().slice(0, 8)}`);
    const registered = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: customerIds.map(registration) });
    expect(registered.status, await registered.clone().text()).toBe(202);
    for (const customerId of customerIds) await stack.tierAssigned(customerId);

    // 14.5 minutes into a 15-minute first response: every warning due at once, every breach at one instant about 30 s on.
    const openedAt = new Date(stack.clock().getTime() - 14.5 * minutes).toISOString();
    const requests = customerIds.flatMap((customerId) => Array.from({ length: casesPerCustomer }, () => customerId));
    await Promise.all(
      requests.map(async (customerId, index) => {
        const caseId = `K-${randomUUID().slice(0, 8)}`;
        const instance = index % 2 === 0 ? stack.service('sla') : second;
        const body = { caseId, customerId, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice', openedAt, source: { system: 'callcentre', externalId: `CC-${caseId}` } };
        // Opening asks tiering for the tier; a burst of 24 on a busy machine may find it slow, and the 503's Retry-After is the contract.
        const response = await honouringRetryAfter(() => stack.call(instance, 'POST', '/v1/cases', 'integrator', body), `opening ${caseId}`);
        expect(response.status, await response.clone().text()).toBe(201);
        opened.set(caseId, instance);
      }),
    );
    for (const caseId of opened.keys()) {
      await stack.eventOf(caseId, 'CaseEscalated', () => true, 180_000);
      caseEvents.set(caseId, await stack.caseEvents(caseId));
    }
    const { rows } = await timers.pool.query<ClockTimerRow>(
      `SELECT id, state, attempts, payload->>'caseId' AS "caseId", payload->>'metric' AS metric, payload->>'kind' AS kind FROM ${timers.name.qualified} WHERE kind = $1 AND payload->>'caseId' = ANY($2)`,
      [slaClockKind, [...opened.keys()]],
    );
    clockTimers = rows;
    process.stderr.write(`sla scale-out: partitions held ${Object.entries(shared).map(([kind, members]) => `${kind} ${members.map((member) => `${member.clientId} ${member.partitions.length}`).join(' / ')}`).join('; ')}\n`);
  }, 480_000);
  afterAll(async () => {
    await admin?.disconnect();
    await timers?.close();
    await stack?.stop();
  });

  const output = () => `${stack.service('sla').output().slice(-1500)}\n--- sla b ---\n${second.output().slice(-1500)}`;
  const registration = (customerId: string) => ({
    id: randomUUID(),
    type: 'CustomerRegistered',
    customerId,
    occurredAt: '2025-06-01T02:00:00Z',
    data: { kind: 'person', name: 'Li Na', customerSince: '2025-06-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: { method: 'app', reference: `a-${customerId}`, noticeVersion: '1' } },
  });

  it("spread the clock reactor's group over both instances, with no partition held twice, and gave the read model's to one", () => {
    for (const members of Object.values(shared)) expect(members.map((member) => member.clientId).sort()).toEqual(['sla', 'sla-b']);
    const [a, b] = shared.reactor!.map((member) => member.partitions);
    expect(a!.filter((partition) => b!.includes(partition))).toEqual([]);
    // FerretDB 1.24 loses concurrent updates of a document, and a customer's case list is fed by all their cases' streams.
    expect(Object.fromEntries(shared.projection!.map((member) => [member.clientId, member.partitions.length > 0]))).toEqual({ sla: true, 'sla-b': false });
  });

  it('took the cases through both instances, each listing every case from the shared read model', async () => {
    expect(new Set(opened.values()).size).toBe(2);
    const customerIds = [...new Set([...caseEvents.values()].map((events) => (events[0]!.data as { customerId: string }).customerId))];
    for (const instance of [stack.service('sla'), second]) {
      const listedCaseIds = async () =>
        (await Promise.all(customerIds.map(async (customerId) => ((await (await stack.call(instance, 'GET', `/v1/cases?customerId=${customerId}&limit=50`, 'agent')).json()) as { cases: { caseId: string }[] }).cases)))
          .flat()
          .map(({ caseId }) => caseId)
          .sort();
      const all = [...opened.keys()].sort();
      // The read model may still be applying the last escalations; it must come to list exactly the cases opened.
      expect(await eventually(async () => ((await listedCaseIds()).length >= all.length ? listedCaseIds() : undefined), `${instance.baseUrl} to list every case`, output), instance.baseUrl).toEqual(all);
    }
  });

  it('raised one first-response warning, one breach and one escalation per case, and acted on no cause twice', () => {
    expect(caseEvents.size).toBe(customers * casesPerCustomer);
    for (const [caseId, events] of caseEvents) {
      const firstResponse = (type: string) => events.filter((event) => event.type === type && (event.data as { metric?: string }).metric === 'first_response');
      expect(firstResponse('SlaWarningRaised'), caseId).toHaveLength(1);
      expect(firstResponse('SlaBreached'), caseId).toHaveLength(1);
      expect(events.filter((event) => event.type === 'CaseEscalated'), caseId).toHaveLength(1);
      const causes = events.map((event) => `${event.causationId} ${event.type} ${(event.data as { metric?: string }).metric ?? ''}`);
      expect(new Set(causes).size, `${caseId}: ${causes.join(', ')}`).toBe(causes.length);
    }
  });

  it("claimed and fired each warning and breach timer once, whichever instance's worker found it due", () => {
    for (const kind of ['warning', 'breach']) {
      const fired = clockTimers.filter((timer) => timer.metric === 'first_response' && timer.kind === kind);
      expect(fired.map((timer) => timer.caseId).sort(), kind).toEqual([...opened.keys()].sort());
      for (const timer of fired) expect({ id: timer.id, state: timer.state, attempts: timer.attempts }).toEqual({ id: timer.id, state: 'fired', attempts: 1 });
    }
  });
});
