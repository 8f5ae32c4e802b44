import { buildEvent, type EventToAppend } from '@ctp/contracts';
import { activeCollection, defineProjection, guardedUpsert } from '@ctp/projections';
import { TimerParkedError, type PostgresTimerStore } from '@ctp/timers';
import { eventually, postgresUrl } from '@ctp/test-kit';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../test-support/test-app.js';
import { wiredService, type WiredService } from '../test-support/wired-service.js';
import { adminRoutes } from './admin-routes.js';

const poisoned = new Set<string>();
const visitCounts = defineProjection({
  name: 'visit-counts',
  version: 1,
  categories: ['customer'],
  collections: { counts: { indexes: [] } },
  handle: (events) =>
    events.map((event) => {
      if (poisoned.has(event.id)) throw new TypeError(`cannot count ${event.id}`);
      return guardedUpsert('counts', event.streamId, event.globalPosition, { $inc: { visits: 1 } });
    }),
});

function interaction(customerId: string, correlationId = 'admin-test') {
  return buildEvent('InteractionRecorded', { customerId, interactionId: `IX-${randomUUID().slice(0, 8)}`, channel: 'online', kind: 'inquiry', direction: 'inbound' }, {
    id: randomUUID(),
    streamId: `customer-${customerId}`,
    occurredAt: '2026-03-02T10:15:00+08:00',
    correlationId,
    causationId: null,
    actor: { kind: 'api-key', id: 'key-test', role: 'integrator' },
    traceparent: null,
  });
}

/** A reaction's id follows from its cause, so reacting twice appends nothing the second time. */
function idCausedBy(cause: string): string {
  const hex = createHash('sha256').update(cause).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

describe('the admin routes on the real servers', () => {
  let service: WiredService;
  let timerFails = true;
  let timers: PostgresTimerStore;
  const reacted: string[] = [];
  /** Causes the follow-up reaction skips: a bug, fixed by emptying it. */
  const skipped = new Set<string>();

  const get = async (url: string) => service.app.inject({ method: 'GET', url, headers: bearer('admin') });
  const post = async (url: string) => service.app.inject({ method: 'POST', url, headers: bearer('admin') });
  const publish = (events: readonly EventToAppend[]) => service.publish(events);
  const status = async () => (await get('/v1/admin/status')).json();
  const consumerStatus = async (name: string) => (await status()).consumers.find((consumer: { name: string }) => consumer.name === name);

  beforeAll(async () => {
    service = await wiredService({
      seed: 'admin',
      wire: async (wire) => {
        await wire.readModel(visitCounts);
        wire.reactor({ name: 'echo', categories: ['customer'], handle: async (events) => void reacted.push(...events.map((event) => event.id)) });
        wire.reactor({
          name: 'follow-up',
          categories: ['customer'],
          handle: async (events) => {
            for (const cause of events.filter((event) => event.correlationId === 'replay-test' && !skipped.has(event.id))) {
              const reaction = { ...interaction(`F-${cause.id.slice(0, 8)}`, 'reaction'), id: idCausedBy(cause.id), causationId: cause.id, occurredAt: cause.occurredAt };
              await service.store.append(reaction.streamId, [{ ...reaction, data: { ...(reaction.data as object), interactionId: `IX-${cause.id.slice(0, 8)}` } }], { expectedRevision: 'any' });
            }
          },
        });
        timers = await wire.timerStore('admin_timers');
        wire.timerWorker(timers, async (timer) => {
          if (timerFails) throw new TimerParkedError('handler_failed', `cannot fire ${timer.id}`);
        });
      },
      routes: (runtime) => adminRoutes(runtime.admin!),
    });
  }, 60_000);

  afterAll(() => service?.close());

  it('answers only the admin role', async () => {
    const answer = await service.app.inject({ method: 'GET', url: '/v1/admin/status', headers: bearer('analyst') });
    expect(answer.statusCode).toBe(403);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it("reports this process's memory: resident, heap in use, and what the last major collection left alive", async () => {
    const { memory } = await status();
    expect(memory.rssBytes).toBeGreaterThan(memory.heapUsedBytes);
    expect(memory.heapUsedBytes).toBeGreaterThan(0);
    expect(memory.majorCollections === 0 ? memory.liveHeapBytes === null : memory.liveHeapBytes > 0).toBe(true);
  });

  it('reports a poison event parked, lists it with its error, and redrives it once fixed', async () => {
    const events = ['P-1', 'P-2', 'P-3'].map((customerId) => interaction(customerId));
    const poison = events[1]!;
    poisoned.add(poison.id);
    await publish(events);
    const blocked = await eventually(async () => {
      const readModel = await consumerStatus('visit-counts');
      return readModel?.parked === 1 && readModel.lag === 0 ? readModel : undefined;
    }, 'the poison event parked', () => '', 120_000);
    expect(blocked).toMatchObject({ kind: 'read-model', healthy: false, problems: expect.arrayContaining(['1 dead letter(s) parked']) });

    const listed = await get('/v1/admin/dead-letters/visit-counts');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({ consumer: 'visit-counts', parked: 1, letters: [{ eventId: poison.id, streamId: 'customer-P-2', reason: 'handler_failed', error: { name: 'TypeError', message: `cannot count ${poison.id}` } }] });

    poisoned.clear();
    const redriven = await post('/v1/admin/dead-letters/visit-counts/redrive');
    expect(redriven.json()).toEqual({ consumer: 'visit-counts', redriven: 1, applied: 1, reparked: 0, unblocked: ['customer-P-2'], stillBlocked: [] });
    expect((await get('/v1/admin/dead-letters/visit-counts')).json()).toEqual({ consumer: 'visit-counts', parked: 0, letters: [] });
    const counts = await activeCollection<{ _id: string; visits: number }>(service.mongo.db(service.schema), 'visit-counts', 'counts');
    expect(await counts.findOne({ _id: 'customer-P-2' })).toMatchObject({ visits: 1 });
    expect((await post('/v1/admin/dead-letters/nobody/redrive')).statusCode).toBe(404);
  }, 180_000);

  it('lists a parked timer and puts it back, after which it fires', async () => {
    await timers.schedule({ id: 'review-1', kind: 'review', dueAt: new Date(Date.now() - 1_000), payload: {} });
    const parked = await eventually(async () => {
      const answer = (await get('/v1/admin/timers?state=parked')).json();
      return answer.timers.length === 1 ? answer : undefined;
    }, 'the timer parked', () => '');
    expect(parked).toMatchObject({ state: 'parked', timers: [{ table: 'admin_timers', id: 'review-1', kind: 'review', state: 'parked', lastError: 'handler_failed: cannot fire review-1' }] });
    expect((await status()).timers).toEqual([expect.objectContaining({ kind: 'review', parked: 1, healthy: false, problems: ['1 timer(s) parked'] })]);

    timerFails = false;
    expect((await post('/v1/admin/timers/review-1/retry')).json()).toEqual({ id: 'review-1', table: 'admin_timers' });
    await eventually(async () => ((await timers.get('review-1'))?.state === 'fired' ? true : undefined), 'the retried timer fired', () => '');
    expect((await post('/v1/admin/timers/review-1/retry')).statusCode).toBe(404);
    expect((await get('/v1/admin/timers?state=later')).json()).toMatchObject({ status: 400, errors: [{ path: 'query.state' }] });
  });

  it('rebuilds a read model as a job: one at a time, interrupted when its process goes, then to the same documents', async () => {
    await publish(['R-1', 'R-2', 'R-1', 'R-3', 'R-1'].map((customerId) => interaction(customerId)));
    await eventually(async () => ((await consumerStatus('visit-counts'))?.lag === 0 ? true : undefined), 'the read model caught up', () => '', 120_000);
    const counts = service.mongo.db(service.schema);
    const before = await (await activeCollection<{ _id: string; visits: number }>(counts, 'visit-counts', 'counts')).find().sort({ _id: 1 }).toArray();
    expect(before.find((document) => document._id === 'customer-R-1')).toMatchObject({ visits: 3 });

    // The events table locked: the rebuild waits on its first read and stays running.
    const lock = new pg.Client({ connectionString: postgresUrl() });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`LOCK TABLE "${service.schema}".events IN ACCESS EXCLUSIVE MODE`);
    const first = await post('/v1/admin/rebuilds/visit-counts');
    expect(first.statusCode).toBe(202);
    const job = first.json();
    expect(job).toMatchObject({ service: 'admin-test', kind: 'rebuild', target: 'rebuild:visit-counts', state: 'running' });
    expect(first.headers.location).toBe(`/v1/admin/jobs/${job.id}`);
    const second = await post('/v1/admin/rebuilds/visit-counts');
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'CTP_CONFLICT', runningJob: job.id });

    // Its process gone (its session ends with it): reported interrupted once the session has ended, never running after.
    try {
      await lock.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND objid = (hashtext($1)::bigint & 4294967295)::oid`, ['ctp-admin-job:admin-test:rebuild:visit-counts']);
      // pg_terminate_backend only signals the backend: its session, and the job's lock with it, ends a moment later.
      const interrupted = await eventually(async () => {
        const answer = (await get(`/v1/admin/jobs/${job.id}`)).json();
        return answer.state === 'running' ? undefined : answer;
      }, 'the job no longer running', () => '');
      expect(interrupted).toMatchObject({ state: 'interrupted', error: 'the service stopped while the job ran' });
    } finally {
      await lock.query('COMMIT');
      await lock.end();
    }

    const rebuilt = await post('/v1/admin/rebuilds/visit-counts');
    expect(rebuilt.statusCode).toBe(202);
    const done = await eventually(async () => {
      const answer = (await get(`/v1/admin/jobs/${rebuilt.json().id}`)).json();
      return answer.state === 'running' ? undefined : answer;
    }, 'the rebuild finished', () => '');
    expect(done).toMatchObject({ state: 'succeeded', result: { switchedTo: 2, previous: 1, oldVersionKept: true, events: 8 }, progress: { phase: 'switched', version: 2 } });
    const after = await (await activeCollection<{ _id: string; visits: number }>(counts, 'visit-counts', 'counts')).find().sort({ _id: 1 }).toArray();
    expect((await activeCollection(counts, 'visit-counts', 'counts')).collectionName).toBe('counts_v2');
    expect(after).toEqual(before);
    const rebuilds = (await get('/v1/admin/jobs?kind=rebuild')).json();
    expect(rebuilds.jobs.map((listed: { id: string; state: string }) => [listed.id, listed.state])).toEqual([
      [rebuilt.json().id, 'succeeded'],
      [job.id, 'interrupted'],
    ]);
    expect((await get('/v1/admin/jobs?state=interrupted')).json().jobs).toEqual([expect.objectContaining({ id: job.id, kind: 'rebuild', target: 'rebuild:visit-counts', error: 'the service stopped while the job ran' })]);
    expect((await get('/v1/admin/jobs?kind=replay')).json()).toEqual({ jobs: [] });
    expect((await get('/v1/admin/jobs?kind=drop&limit=0')).json().errors.map((error: { path: string }) => error.path)).toEqual(['query.kind', 'query.limit']);
    expect((await get('/v1/admin/jobs/5d0f6a52-1111-4222-8333-944444444444')).statusCode).toBe(404);
    expect((await post('/v1/admin/rebuilds/nothing-here')).statusCode).toBe(404);
  }, 180_000);

  it('reports each consumer’s figures, and a stopped consumer as unhealthy', async () => {
    const healthy = await eventually(async () => {
      const report = await consumerStatus('echo');
      return report?.healthy && report.lag === 0 ? report : undefined;
    }, 'the reactor caught up', () => '', 120_000);
    expect(healthy).toMatchObject({ kind: 'reactor', consumerGroup: `${service.schema}.reactor.echo`, state: 'running', members: 1, parked: 0, problems: [] });
    const reactor = service.runtime.consumers!.find((consumer) => consumer.name === 'echo')!;
    await reactor.stop();
    const stopped = await consumerStatus('echo');
    expect(stopped).toMatchObject({ state: 'stopped', healthy: false, members: 0 });
    expect(stopped.problems).toEqual(['consumer stopped', 'no member in its consumer group']);
    expect((await status()).healthy).toBe(false);
  }, 180_000);

  it('replays a reactor over a range: nothing appended when nothing changed, the missing reaction once fixed', async () => {
    const causes = ['Q-1', 'Q-2', 'Q-3'].map((customerId) => interaction(customerId, 'replay-test'));
    skipped.add(causes[1]!.id);
    const [first] = await publish(causes);
    const reactionsTo = async (cause: { id: string }) => service.store.readStream(`customer-F-${cause.id.slice(0, 8)}`);
    await eventually(async () => ((await reactionsTo(causes[0]!)).length === 1 && (await reactionsTo(causes[2]!)).length === 1 ? true : undefined), 'the live reactions', () => '', 120_000);

    const replay = async (body: unknown) => {
      const started = await service.app.inject({ method: 'POST', url: '/v1/admin/replays/follow-up', headers: bearer('admin'), payload: body as object });
      expect(started.statusCode, started.body).toBe(202);
      return eventually(async () => {
        const job = (await get(`/v1/admin/jobs/${started.json().id}`)).json();
        return job.state === 'running' ? undefined : job;
      }, 'the replay finished', () => '');
    };
    const unchanged = await replay({ from: first!.globalPosition });
    expect(unchanged).toMatchObject({ kind: 'replay', target: 'replay:follow-up', state: 'succeeded', result: { from: first!.globalPosition, appendedCount: 0, appended: [] } });
    expect(unchanged.result.replayed).toBeGreaterThanOrEqual(3);

    skipped.clear();
    const fixed = await replay({ from: first!.globalPosition, to: unchanged.result.to });
    expect(fixed).toMatchObject({ state: 'succeeded', result: { appendedCount: 1, appended: [{ id: idCausedBy(causes[1]!.id), causationId: causes[1]!.id, type: 'InteractionRecorded' }] } });
    expect(await reactionsTo(causes[1]!)).toHaveLength(1);
    expect((await replay({ from: first!.globalPosition })).result).toMatchObject({ appendedCount: 0 });

    const refused = await service.app.inject({ method: 'POST', url: '/v1/admin/replays/follow-up', headers: bearer('admin'), payload: { from: 'first', to: '1' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((error: { path: string }) => error.path)).toEqual(['body.from']);
    const backwards = await service.app.inject({ method: 'POST', url: '/v1/admin/replays/follow-up', headers: bearer('admin'), payload: { from: '10', to: '9' } });
    expect(backwards.json().errors).toEqual([{ path: 'body.to', message: 'to must not be before from' }]);
    expect((await service.app.inject({ method: 'POST', url: '/v1/admin/replays/visit-counts', headers: bearer('admin'), payload: { from: '1' } })).statusCode).toBe(404);
  }, 180_000);
});
