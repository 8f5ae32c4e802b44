import { randomUUID } from 'node:crypto';
import { nameUuid, streamIdFor } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, registration, surveyConsent } from './test-support/intake-facts.js';

/**
 * A small history whose figures are worked out by hand, sent through intake, sla and feedback, and read
 * back from analytics over the real servers. The services start on Wednesday 4 March 2026, 14:00 in
 * Shanghai (a working afternoon).
 */
const clockStart = '2026-03-04T14:00:00+08:00';
const minutes = 60_000;

type Row = Record<string, unknown>;
interface Table { meta: Row; columns: string[]; rows: Row[] }

describe('analytics end to end: figures from a hand-worked history, each followed down to its events', () => {
  let stack: ServiceStack;
  let reader: EventStore;
  const id = () => randomUUID().slice(0, 8);
  const [a, b, c] = [`C-A${id()}`, `C-B${id()}`, `C-C${id()}`];
  const [breachedCase, metCase] = [`K-${id()}`, `K-${id()}`];
  /** Where intake put the facts: the purchase figures read their write, so no customer's partition can lag behind another's. */
  let factsPosition: string;

  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'], { CLOCK_START: clockStart, SURVEY_DELAY_MINUTES: '0' });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    // A buys in January, February and March; B first buys in February; C last bought in January 2025.
    const facts = [
      registration(a), registration(b), registration(c), surveyConsent(b),
      purchase(a, 'SO-A1', '2026-01-10'), purchase(a, 'SO-A2', '2026-02-15'), purchase(a, 'SO-A3', '2026-03-02'),
      purchase(b, 'SO-B1', '2026-02-20'),
      purchase(c, 'SO-C1', '2025-01-05'),
    ];
    const sent = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: facts });
    const accepted = (await sent.json()) as { position: string };
    expect(sent.status, JSON.stringify(accepted)).toBe(202);
    factsPosition = accepted.position;
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
    await reader?.close();
  });

  const output = () => stack.service('analytics').output();
  const get = async (path: string): Promise<Table> => {
    const response = await stack.call('analytics', 'GET', path, 'analyst');
    const body = (await response.json()) as Table;
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body;
  };
  /** The table once `settled` holds for it (the read models follow the store with a lag). */
  const once = (path: string, settled: (table: Table) => boolean) => eventually(async () => ((table) => (settled(table) ? table : undefined))(await get(path)), `analytics ${path}`, output);
  const post = async (service: string, path: string, body: unknown, role = 'agent') => {
    const response = await stack.call(service, 'POST', path, role, body);
    const answer = (await response.json()) as Row;
    expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  };

  it('retention and churn per month: (E - N) / S and lost / S over a 365-day activity window', async () => {
    // January: S = {C} (bought 2025-01-05, within 365 days of 1 January), E = {A}, N = {A}, lost = {C}:
    // retention (1 - 1) / 1 = 0, churn 1 / 1 = 1. February: S = {A}, E = {A, B}, N = {B}, lost = none:
    // retention (2 - 1) / 1 = 1, churn 0.
    const table = await get(`/v1/analytics/retention/retention?from=2026-01&to=2026-02&groupBy=month&minPosition=${factsPosition}`);
    expect(table.rows.map(({ month, activeAtStart, activeAtEnd, new: fresh, lost, retention, churn }) => ({ month, activeAtStart, activeAtEnd, fresh, lost, retention, churn }))).toEqual([
      { month: '2026-01', activeAtStart: 1, activeAtEnd: 1, fresh: 1, lost: 1, retention: 0, churn: 1 },
      { month: '2026-02', activeAtStart: 1, activeAtEnd: 2, fresh: 1, lost: 0, retention: 1, churn: 0 },
    ]);
    const lost = await get(String(table.rows[0]!.drillLost));
    expect(lost.rows.map(({ customerId }) => customerId)).toEqual([c]);
  });

  it('repeat purchase: 2+ purchases / 1+ purchases, in the month and in the 12 months to it', async () => {
    // February alone: A and B bought once each: 0 / 2. March 2025 to February 2026: A twice, B once: 1 / 2.
    const month = await get(`/v1/analytics/retention/repeat-purchase?from=2026-02&to=2026-02&groupBy=month&window=month&minPosition=${factsPosition}`);
    expect(month.rows[0]).toMatchObject({ repeaters: 0, buyers: 2, repeatPurchase: 0 });
    const year = await get('/v1/analytics/retention/repeat-purchase?from=2026-02&to=2026-02&groupBy=month&window=year');
    expect(year.rows[0]).toMatchObject({ repeaters: 1, buyers: 2, repeatPurchase: 0.5 });
    expect((await get(String(year.rows[0]!.drill))).rows.map(({ customerId }) => customerId)).toEqual([a]);
  });

  it('SLA compliance: a phone complaint answered late and an email inquiry answered at once give first-response compliance 1 / 2, drilled to the breach event', async () => {
    // Opened 20 minutes ago by the call centre: the 15-minute first-response target is already missed.
    const openedAt = new Date(stack.clock().getTime() - 20 * minutes).toISOString();
    await post('sla', '/v1/cases', { caseId: breachedCase, customerId: a, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice', openedAt, source: { system: 'callcentre', externalId: `CC-${breachedCase}` } }, 'integrator');
    await post('sla', '/v1/cases', { caseId: metCase, customerId: b, channel: 'email', type: 'inquiry', priority: 'normal', subject: 'Opening hours' });
    await post('sla', `/v1/cases/${metCase}/replies`, { body: 'We open at nine.' });
    await post('sla', `/v1/cases/${metCase}/status`, { to: 'resolved', reason: 'answered' });

    const path = '/v1/analytics/service-levels/compliance?from=2026-03&to=2026-03&groupBy=metric&metric=first_response';
    const table = await once(path, ({ rows }) => rows[0]?.met === 1 && rows[0]?.breached === 1);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]).toMatchObject({ metric: 'first_response', met: 1, breached: 1, compliance: 0.5, decided: 2 });

    const breached = await get(String(table.rows[0]!.drillBreached));
    expect(breached.rows.map(({ caseId }) => caseId)).toEqual([breachedCase]);
    // The figure counts the missed target by its deadline; the breach event is sla's timer's, recorded as it fires.
    // The row's events link names the positions the read side held when it was listed: the listing is read again.
    const events = await eventually(async () => {
      const [row] = (await get(String(table.rows[0]!.drillBreached))).rows;
      const drilled = (await (await stack.call('analytics', 'GET', String(row!.events), 'analyst')).json()) as { events: { type: string; streamId: string }[] };
      return drilled.events.some(({ type }) => type === 'SlaBreached') ? drilled.events : undefined;
    }, 'the breach event behind the breached case', output);
    expect(events.map(({ type }) => type)).toEqual(expect.arrayContaining(['SlaClockStarted', 'SlaBreached']));
    expect(new Set(events.map(({ streamId }) => streamId))).toEqual(new Set([streamIdFor('case', breachedCase)]));

    const csv = await stack.call('analytics', 'GET', `${path}&format=csv`, 'analyst');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, row] = (await csv.text()).split('\r\n');
    expect(header!.split(',').slice(0, 6)).toEqual(['metric', 'met', 'breached', 'running', 'stopped', 'compliance']);
    expect(row!.split(',').slice(0, 6)).toEqual(['first_response', '1', '1', '0', '0', '0.5']);
  });

  it('first-contact resolution: the inquiry resolved with one reply and no other case within 7 days counts (its window still open)', async () => {
    const table = await once('/v1/analytics/service-levels/first-contact?from=2026-03&to=2026-03', ({ rows }) => rows[0]?.solved === 1);
    expect(table.rows[0]).toMatchObject({ solved: 1, atFirstContact: 1, fcr: 1, windowOpen: 1 });
    expect((await get(String(table.rows[0]!.drillFcr))).rows.map(({ caseId }) => caseId)).toEqual([metCase]);
  });

  it('complaint rate: 1 complaint opened in March / 1 customer with a March purchase', async () => {
    const table = await once('/v1/analytics/complaints/rate?from=2026-03&to=2026-03', ({ rows }) => rows[0]?.complaints === 1);
    expect(table.rows[0]).toMatchObject({ month: '2026-03', complaints: 1, activeCustomers: 1, complaintRate: 1 });
    expect((await get(String(table.rows[0]!.drill))).rows.map(({ caseId }) => caseId)).toEqual([breachedCase]);
  });

  it('satisfaction: the resolved inquiry’s survey answered CSAT 5 and CES 6 gives CSAT 1 / 1 and CES 6 on a response rate of 1 / 1, no NPS asked', async () => {
    const invited = await eventually(
      async () => (await reader.readStream(streamIdFor('survey', nameUuid(['survey-case', metCase])))).find(({ type }) => type === 'SurveyInvited'),
      `the survey of case ${metCase}`,
      () => stack.service('feedback').output(),
    );
    const answered = await post('feedback', `/v1/surveys/${(invited.data as { invitationId: string }).invitationId}/responses`, { answers: { csat: 5, ces: 6 } }, 'integrator');
    const table = await get(`/v1/analytics/satisfaction/trend?from=2026-03&to=2026-03&minPosition=${String(answered.position)}`);
    expect(table.rows[0]).toMatchObject({ invited: 1, answered: 1, responseRate: 1, csat: 1, satisfied: 1, csatAnswers: 1, ces: 6, cesAnswers: 1, nps: null, npsAnswers: 0 });
  });

  it('tier distribution: every customer in the tier tiering holds for them, the counts adding up to the customers', async () => {
    const tierOf = async (customerId: string) =>
      eventually(async () => {
        const response = await stack.call('tiering', 'GET', `/v1/customers/${customerId}/tier`, 'analyst');
        return response.status === 200 ? ((await response.json()) as { tier: string }).tier : undefined;
      }, `the tier of ${customerId}`, () => stack.service('tiering').output());
    const expected = new Map<string, number>();
    for (const customerId of [a, b, c]) {
      const tier = await tierOf(customerId);
      expected.set(tier, (expected.get(tier) ?? 0) + 1);
    }
    const table = await once('/v1/analytics/tiers/distribution?from=2026-03&to=2026-03&groupBy=tier', ({ rows }) => rows.reduce((sum, row) => sum + Number(row.customers), 0) === 3);
    expect(new Map(table.rows.filter(({ customers }) => Number(customers) > 0).map(({ tier, customers }) => [tier as string, Number(customers)]))).toEqual(expected);
  });
});
