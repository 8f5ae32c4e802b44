import { decimalToMinorUnits, decoderFor, evolveTierStanding, noTierStanding, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { activeCollection } from '@ctp/projections';
import type { ServiceStack } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import type pg from 'pg';

/** What a drill's run left: its customers, and the cases it opened (complaints among them). */
export interface DrillWork {
  readonly customers: readonly string[];
  readonly cases: readonly { readonly caseId: string; readonly customerId: string; readonly type: 'inquiry' | 'complaint' }[];
}

export interface Servers {
  readonly stack: ServiceStack;
  readonly store: EventStore;
  readonly mongo: Db;
  readonly postgres: pg.Pool;
}

/** A read model compared with the store: how many things were compared, and each difference. */
export interface Reconciled {
  readonly readModel: string;
  readonly compared: number;
  readonly differences: readonly string[];
}

const tierEvent = decoderFor('tier');
const count = (events: readonly RecordedEvent[], type: string) => events.filter((event) => event.type === type).length;
const data = (event: RecordedEvent) => event.data as Record<string, unknown>;
const get = async (stack: ServiceStack, service: string, path: string, role = 'agent') => {
  const answer = await answerTo(stack, service, path, role);
  return 'view' in answer ? answer.view : undefined;
};
/** The view, or why there is none (the answer's status and the start of its body, or the request's error), for the differences. */
const answerTo = async (stack: ServiceStack, service: string, path: string, role: string): Promise<{ view: Record<string, unknown> } | { why: string }> => {
  const answer = await stack.call(service, 'GET', path, role).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  if (typeof answer === 'string') return { why: answer };
  if (answer.status === 200) return { view: (await answer.json()) as Record<string, unknown> };
  return { why: `${answer.status} ${(await answer.text()).slice(0, 300)}` };
};
const differ = (what: string, fromStore: unknown, answered: unknown) => (JSON.stringify(fromStore) === JSON.stringify(answered) ? [] : [`${what}: store ${JSON.stringify(fromStore)}, read model ${JSON.stringify(answered)}`]);

/** intake's customer summary: purchases, spend (CNY minor units) and interactions, against the customer streams. */
async function intakeSummaries({ stack, store }: Servers, work: DrillWork): Promise<Reconciled> {
  const streams = await store.readStreams(work.customers.map((id) => streamIdFor('customer', id)));
  const differences = (
    await Promise.all(
      work.customers.map(async (customerId) => {
        const events = streams.get(streamIdFor('customer', customerId)) ?? [];
        const spend = events.filter(({ type }) => type === 'PurchaseRecorded').reduce((sum, event) => sum + decimalToMinorUnits(String(data(event).amount), 'CNY'), 0);
        const expected = { purchases: count(events, 'PurchaseRecorded'), spendCNY: spend, interactions: count(events, 'InteractionRecorded') };
        const summary = await get(stack, 'intake', `/v1/customers/${customerId}?purpose=service`);
        const answered = summary && { purchases: summary.purchases, spendCNY: (summary.spendMinor as Record<string, number> | undefined)?.CNY ?? 0, interactions: summary.interactions };
        return differ(customerId, expected, answered);
      }),
    )
  ).flat();
  return { readModel: 'intake customer summary', compared: work.customers.length, differences };
}

/** tiering's tiers: the computed tier folded from each tier stream; one TierAssigned each, no cause acted on twice. */
async function tieringTiers({ stack, store }: Servers, work: DrillWork): Promise<Reconciled> {
  const streams = await store.readStreams(work.customers.map((id) => streamIdFor('tier', id)));
  const differences = (
    await Promise.all(
      work.customers.map(async (customerId) => {
        const events = streams.get(streamIdFor('tier', customerId)) ?? [];
        const causes = events.map(({ causationId }) => causationId);
        const repeated = causes.filter((cause, index) => causes.indexOf(cause) !== index);
        const computed = events.map(tierEvent).reduce(evolveTierStanding, noTierStanding).computed;
        const tier = await get(stack, 'tiering', `/v1/customers/${customerId}/tier`);
        return [
          ...differ(`${customerId} TierAssigned events`, 1, count(events, 'TierAssigned')),
          ...(repeated.length > 0 ? [`${customerId}: causes acted on twice ${repeated.join(', ')}`] : []),
          ...differ(`${customerId} computed tier`, computed, tier?.computedTier),
        ];
      }),
    )
  ).flat();
  return { readModel: 'tiering tiers', compared: work.customers.length, differences };
}

/** The case as sla's queue should show it, folded from its stream. */
function caseFromStream(events: readonly RecordedEvent[]) {
  let status = 'open';
  let escalationLevel = 0;
  for (const event of events) {
    if (event.type === 'CaseStatusChanged') status = String(data(event).to);
    if (event.type === 'CaseEscalated') escalationLevel = Math.max(escalationLevel, Number(data(event).level));
  }
  return { status, escalationLevel };
}

/** sla's cases: each customer's cases are exactly the case streams the run opened, each with its stream's status and escalation. */
async function slaCases({ stack, store }: Servers, work: DrillWork): Promise<Reconciled> {
  const streams = await store.readStreams(work.cases.map(({ caseId }) => streamIdFor('case', caseId)));
  const differences = (
    await Promise.all(
      work.customers.map(async (customerId) => {
        const own = work.cases.filter((opened) => opened.customerId === customerId);
        const expected = Object.fromEntries(own.flatMap(({ caseId }) => {
          const events = streams.get(streamIdFor('case', caseId)) ?? [];
          return count(events, 'CaseOpened') === 1 ? [[caseId, caseFromStream(events)]] : [];
        }));
        const listed = await get(stack, 'sla', `/v1/cases?customerId=${customerId}&limit=200`);
        const cases = (listed?.cases ?? []) as { caseId: string; status: string; escalationLevel: number }[];
        const answered = Object.fromEntries(cases.map(({ caseId, status, escalationLevel }) => [caseId, { status, escalationLevel }]));
        const sorted = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).toSorted(([a], [b]) => a.localeCompare(b)));
        return [...differ(`${customerId} case streams opened once`, own.length, Object.keys(expected).length), ...differ(`${customerId} cases`, sorted(expected), listed && sorted(answered))];
      }),
    )
  ).flat();
  return { readModel: 'sla cases', compared: work.cases.length, differences };
}

/**
 * feedback's complaints: one complaint stream per complaint case (one ComplaintRecorded, caused by the case's
 * CaseOpened), none for an inquiry, and the complaints read model holds exactly those cases.
 */
async function feedbackComplaints({ store, mongo }: Servers, work: DrillWork): Promise<Reconciled> {
  const [cases, complaints] = await Promise.all([
    store.readStreams(work.cases.map(({ caseId }) => streamIdFor('case', caseId))),
    store.readStreams(work.cases.map(({ caseId }) => streamIdFor('complaint', caseId))),
  ]);
  const differences = work.cases.flatMap(({ caseId, type }) => {
    const recorded = (complaints.get(streamIdFor('complaint', caseId)) ?? []).filter((event) => event.type === 'ComplaintRecorded');
    const opened = (cases.get(streamIdFor('case', caseId)) ?? []).find((event) => event.type === 'CaseOpened');
    return [
      ...differ(`${caseId} (${type}) ComplaintRecorded events`, type === 'complaint' ? 1 : 0, recorded.length),
      ...(recorded.length === 1 && recorded[0]!.causationId !== opened?.id ? [`${caseId}: ComplaintRecorded caused by ${recorded[0]!.causationId}, not by CaseOpened ${opened?.id}`] : []),
    ];
  });
  const collection = await activeCollection<{ _id: string }>(mongo, 'feedback-complaints', 'complaints');
  const documents = await collection.find({ customerId: { $in: [...work.customers] } }, { projection: { _id: 1 } }).toArray();
  const expected = work.cases.filter(({ type }) => type === 'complaint').map(({ caseId }) => caseId).toSorted();
  differences.push(...differ('complaint documents', expected, documents.map(({ _id }) => _id).toSorted()));
  return { readModel: 'feedback complaints', compared: work.cases.length, differences };
}

/**
 * analytics' customer 360 (its ledger, service-level and complaint read models): each customer's purchases, the
 * cases opened for it and its complaints, against the customer stream and the case and complaint streams.
 */
async function analyticsCustomers({ stack, store }: Servers, work: DrillWork): Promise<Reconciled> {
  const [customers, complaints] = await Promise.all([
    store.readStreams(work.customers.map((id) => streamIdFor('customer', id))),
    store.readStreams(work.cases.map(({ caseId }) => streamIdFor('complaint', caseId))),
  ]);
  const differences = (
    await Promise.all(
      work.customers.map(async (customerId) => {
        const own = work.cases.filter((opened) => opened.customerId === customerId);
        const expected = {
          purchases: count(customers.get(streamIdFor('customer', customerId)) ?? [], 'PurchaseRecorded'),
          cases: own.length,
          complaints: own.filter(({ caseId }) => (complaints.get(streamIdFor('complaint', caseId)) ?? []).some(({ type }) => type === 'ComplaintRecorded')).length,
        };
        const answer = await answerTo(stack, 'analytics', `/v1/analytics/customers/${customerId}`, 'analyst');
        const view = 'view' in answer ? (answer.view as Record<string, { count?: number } | undefined>) : undefined;
        const answered = view ? { purchases: view.purchases?.count ?? 0, cases: view.cases?.count ?? 0, complaints: view.complaints?.count ?? 0 } : answer;
        return differ(`${customerId} in analytics' customer 360`, expected, answered);
      }),
    )
  ).flat();
  return { readModel: 'analytics customer 360', compared: work.customers.length, differences };
}

/** Every read model the mix writes, each compared with the store; empty differences mean 0 lost and 0 counted twice. */
export async function reconcile(servers: Servers, work: DrillWork): Promise<Reconciled[]> {
  return Promise.all([intakeSummaries(servers, work), tieringTiers(servers, work), slaCases(servers, work), feedbackComplaints(servers, work), analyticsCustomers(servers, work)]);
}

export interface TimerCheck {
  readonly due: number;
  readonly fired: number;
  /** Timer-caused events of the case streams (warnings, breaches, escalations). */
  readonly events: number;
  readonly differences: readonly string[];
}

/**
 * sla's clock timers of the run's cases that fell due before `dueBefore`, and the first one not cancelled whenever it
 * falls due (cases opened late in a load slowed by its faults or the machine may have none due by then): each
 * settled (fired, or cancelled when its clock stopped first), none pending or parked; and in the case streams, no
 * event type recorded twice for one timer, and every timer-caused event caused by a timer that fired.
 */
export async function checkClockTimers({ store, postgres, stack }: Servers, work: DrillWork, dueBefore: Date): Promise<TimerCheck> {
  const timers = `"${stack.schema}".sla_timers WHERE payload->>'caseId' = ANY($1)`;
  const { rows } = await postgres.query<{ id: string; state: string }>(
    `SELECT id, state FROM ${timers} AND (due_at < $2 OR due_at = (SELECT min(due_at) FROM ${timers} AND state <> 'cancelled'))`,
    [work.cases.map(({ caseId }) => caseId), dueBefore],
  );
  const differences = rows.filter(({ state }) => state !== 'fired' && state !== 'cancelled').map(({ id, state }) => `timer ${id} is ${state}`);
  const fired = new Set(rows.filter(({ state }) => state === 'fired').map(({ id }) => id));
  const streams = await store.readStreams(work.cases.map(({ caseId }) => streamIdFor('case', caseId)));
  const caused = [...streams.values()].flat().filter(({ causationId }) => causationId?.startsWith('sla-clock:'));
  const seen = new Set<string>();
  for (const event of caused) {
    const key = `${event.causationId} ${event.type}`;
    if (seen.has(key)) differences.push(`${event.type} recorded twice for timer ${event.causationId}`);
    seen.add(key);
    if (!fired.has(event.causationId!) && Date.parse(event.occurredAt) < dueBefore.getTime()) differences.push(`${event.type} caused by ${event.causationId}, which is not a fired timer`);
  }
  return { due: rows.length, fired: fired.size, events: caused.length, differences };
}

/** Each service's dead letters and parked timers (GET /v1/admin/status), every parked letter listed with its reason. */
export async function deadLetters(stack: ServiceStack, services: readonly string[]): Promise<string[]> {
  const found = await Promise.all(
    services.map(async (service) => {
      const status = (await get(stack, service, '/v1/admin/status', 'admin')) as { consumers: { name: string; parked: number | null }[]; timers: { kind: string; parked: number }[] } | undefined;
      if (!status) return [`${service}: GET /v1/admin/status did not answer 200`];
      const consumers = await Promise.all(
        status.consumers.filter(({ parked }) => (parked ?? 0) > 0).map(async ({ name, parked }) => {
          const letters = (await get(stack, service, `/v1/admin/dead-letters/${name}?limit=20`, 'admin')) as { letters: { eventType: string | null; streamId: string | null; reason: string; error: { message: string } | null }[] } | undefined;
          const why = (letters?.letters ?? []).map((letter) => `${letter.eventType} ${letter.streamId}: ${letter.reason} ${letter.error?.message ?? ''}`);
          return `${service} ${name}: ${parked} dead letters parked (${why.join('; ')})`;
        }),
      );
      return [...consumers, ...status.timers.filter(({ parked }) => parked > 0).map(({ kind, parked }) => `${service} timers ${kind}: ${parked} parked`)];
    }),
  );
  return found.flat();
}
