import { buildEvent } from '@ctp/contracts';
import { activeCollection, defineProjection, guardedUpsert } from '@ctp/projections';
import { eventually } from '@ctp/test-kit';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../admin/admin-routes.js';
import { readModelRoutes } from '../read-models/read-model-routes.js';
import { bearer } from '../test-support/test-app.js';
import { wiredService, type WiredService } from '../test-support/wired-service.js';

const visits = defineProjection({
  name: 'metric-visits',
  version: 1,
  categories: ['customer'],
  collections: { visits: { indexes: [] } },
  handle: (events) => events.map((event) => guardedUpsert('visits', event.streamId, event.globalPosition, { $inc: { visits: 1 } })),
});

function interaction(customerId: string) {
  return buildEvent('InteractionRecorded', { customerId, interactionId: `IX-${randomUUID().slice(0, 8)}`, channel: 'online', kind: 'inquiry', direction: 'inbound' }, {
    id: randomUUID(),
    streamId: `customer-${customerId}`,
    occurredAt: '2026-03-02T10:15:00+08:00',
    correlationId: 'metrics-test',
    causationId: null,
    actor: { kind: 'api-key', id: 'key-test', role: 'integrator' },
    traceparent: null,
  });
}

/** The value of one sample of the scrape, or undefined when the scrape has no such line. */
function sample(scrape: string, name: string, labels: string): number | undefined {
  const line = scrape.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && labels.split(',').every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics of a service with a read model and a timer table, on the real servers', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');
  let service: WiredService;

  const scrape = async () => {
    const answer = await service.app.inject({ url: '/metrics', headers: bearer('admin') });
    expect(answer.statusCode).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    service = await wiredService({
      seed: 'metrics',
      clock: () => now,
      wire: async (wire) => {
        await wire.readModel(visits);
        const timers = await wire.timerStore('metric_timers');
        await timers.schedule({ id: 'late-1', kind: 'review', dueAt: new Date('2026-03-02T09:58:00.000Z'), payload: {} });
      },
      routes: (runtime) => async (routes) => {
        await routes.register(readModelRoutes(runtime.readModels!));
        await routes.register(adminRoutes(runtime.admin!));
      },
    });
  }, 60_000);

  afterAll(() => service?.close());

  it('reports the read model’s lag falling to 0 once it consumed what the relay published', async () => {
    await service.publish(['M-1', 'M-2', 'M-1'].map(interaction));

    const caughtUp = await eventually(async () => {
      const text = await scrape();
      return sample(text, 'ctp_read_model_lag', 'read_model="metric-visits"') === 0 ? text : undefined;
    }, 'the read model caught up', () => '', 120_000);
    const documents = await activeCollection<{ _id: string; visits: number }>(service.mongo.db(service.schema), 'metric-visits', 'visits');
    expect(await documents.findOne({ _id: 'customer-M-1' })).toMatchObject({ visits: 2 });
    expect(sample(caughtUp, 'ctp_consumer_lag', 'consumer="metric-visits",kind="read-model"')).toBe(0);
    expect(sample(caughtUp, 'ctp_consumer_parked', 'consumer="metric-visits"')).toBe(0);
    expect(caughtUp).toContain('# TYPE ctp_consumer_events_per_second gauge');
  }, 180_000);

  it('reports a due timer, its delay by the service clock, and the request histogram of what was asked', async () => {
    expect((await service.app.inject({ url: '/v1/read-models', headers: bearer('analyst') })).statusCode).toBe(200);
    const text = await scrape();
    expect(sample(text, 'ctp_timers', 'table="metric_timers",timer_kind="review",state="due"')).toBe(1);
    expect(sample(text, 'ctp_timers', 'timer_kind="review",state="parked"')).toBe(0);
    expect(sample(text, 'ctp_timer_delay', 'timer_kind="review"')).toBe(120);
    expect(sample(text, 'http_server_request_duration_count', 'http_route="/v1/read-models",http_response_status_code="200"')).toBe(1);
  }, 60_000);
});
