import { randomUUID } from 'node:crypto';
import { decoderFor, streamIdFor } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, registration } from '../../test-support/intake-facts.js';

/**
 * The win-back chain through the real services: the daily churn scan (due at 01:00 in Shanghai) finds a
 * lapsing customer over the threshold and appends WinBackRequested; feedback plans a win-back callback
 * (reason win_back); an agent records that the customer was reached; analytics shows the task fulfilled.
 * The stack's clock starts at 00:58 on Wednesday 4 March 2026: the stack starts and takes the history in within
 * 24 to 36 s in CI (six runs on our 2 cores), and the scan of that day fires two minutes after the start.
 *
 * L bought on the 1st of each month from March to September 2025, then stopped: at 4 March 2026 the days since
 * the last purchase (184) are about six of its gaps (recency drift 1 x 0.35), none in the last 180 days against
 * six in the 180 before (frequency 1 x 0.2, spend 1 x 0.1): score 0.65 >= 0.35. S bought monthly from March 2025
 * to 1 March 2026 (13 purchases): under the threshold, no request.
 */
const clockStart = '2026-03-04T00:58:00+08:00';
const churnEvent = decoderFor('churn');
type Row = Record<string, unknown>;

describe('win-back: a lapsing customer over the churn threshold gets a win-back callback from feedback, and analytics follows it to its outcome', () => {
  let stack: ServiceStack;
  let reader: EventStore;
  const id = randomUUID().slice(0, 8);
  const [lapsing, steady] = [`C-L${id}`, `C-S${id}`];
  const output = () => `${stack.service('analytics').output().slice(-2000)}\n--- feedback\n${stack.service('feedback').output().slice(-2000)}`;
  const winBackRows = async (customerId: string) => {
    const response = await stack.call('analytics', 'GET', `/v1/analytics/churn/win-back?status=all&customerId=${customerId}`, 'analyst');
    expect(response.status).toBe(200);
    return ((await response.json()) as { rows: Row[] }).rows;
  };

  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'], { CLOCK_START: clockStart });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    const months = (year: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `${year}-${String(from + index).padStart(2, '0')}-01`);
    const facts = [
      registration(lapsing), registration(steady),
      ...months(2025, 3, 9).map((day, index) => purchase(lapsing, `SO-L${id}-${index}`, day)),
      ...[...months(2025, 3, 12), ...months(2026, 1, 3)].map((day, index) => purchase(steady, `SO-S${id}-${index}`, day)),
    ];
    const sent = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: facts });
    expect(sent.status, await sent.text()).toBe(202);
    // The scan reads the read models as they are at 01:00: the history has to be in them by then.
    await eventually(async () => {
      const response = await stack.call('analytics', 'GET', `/v1/analytics/customers/${steady}`, 'analyst');
      const body = (await response.json()) as { purchases?: { count?: number } };
      return response.status === 200 && body.purchases?.count === 13 ? true : undefined;
    }, 'the purchases in the analytics read models', output, 120_000);
    expect(stack.clock().getTime(), 'the history was in before the scan was due').toBeLessThan(Date.parse('2026-03-04T01:00:00+08:00'));
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
    await reader?.close();
  });

  it('the scan requests a win-back for the lapsing customer only, with its score and factors', async () => {
    const requested = await eventually(async () => (await reader.readStream(streamIdFor('churn', lapsing))).map(churnEvent).find(({ type }) => type === 'WinBackRequested'), 'WinBackRequested', output, 720_000);
    expect(requested.data).toMatchObject({ customerId: lapsing, asOf: '2026-03-04' });
    // 0.65 from the purchase factors; an overdue contact feedback planned on its own could add up to 0.05.
    expect((requested.data as { score: number }).score).toBeGreaterThanOrEqual(0.65);
    expect(await reader.readStream(streamIdFor('churn', steady))).toEqual([]);
  }, 780_000);

  it('feedback plans a win-back callback for it, the agent records the customer reached, and analytics shows the task fulfilled', async () => {
    const [open] = await eventually(async () => {
      const rows = await winBackRows(lapsing);
      return rows.length === 1 && rows[0]!.status === 'open' ? rows : undefined;
    }, 'the win-back task with its obligation', output, 120_000);
    expect(open).toMatchObject({ customerId: lapsing, crossing: 1, modelVersion: 2, asOf: '2026-03-04' });
    const obligationId = String(open!.obligationId);
    const contacts = await reader.readStream(streamIdFor('contact', lapsing));
    // Feedback's own cadence plan for the customer comes first; the win-back callback is a plan of its own.
    const plans = contacts.filter(({ type }) => type === 'ContactObligationsPlanned').map(({ data }) => data);
    expect(plans).toContainEqual(expect.objectContaining({ reason: 'win_back', trigger: 'churn_risk' }));

    const reached = await stack.call('feedback', 'POST', `/v1/contacts/${encodeURIComponent(obligationId)}/outcomes`, 'agent', { outcome: 'reached', channel: 'phone' });
    expect(reached.status, await reached.clone().text()).toBe(200);
    const [fulfilled] = await eventually(async () => {
      const rows = await winBackRows(lapsing);
      return rows[0]?.status === 'fulfilled' ? rows : undefined;
    }, 'the win-back task fulfilled', output, 120_000);
    expect(fulfilled).toMatchObject({ obligationId, status: 'fulfilled', overdue: false });
    // Drilled to its events: the request and the obligation's plan and outcome.
    const [task] = (fulfilled!.drill as { task: string[] }).task;
    const events = await stack.call('analytics', 'GET', task!, 'auditor');
    const types = ((await events.json()) as { events: { type: string }[] }).events.map(({ type }) => type);
    expect(types).toEqual(expect.arrayContaining(['WinBackRequested', 'ContactObligationsPlanned', 'ContactOutcomeRecorded']));
  }, 300_000);
});
