import { activeCollection, projectEvents } from '@ctp/projections';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactFactProjection, type ContactFactDocument, type WinBackTaskDocument } from '../../contacts/contact-fact-projection.js';
import { winBackListDocuments, winBackListId, type WinBackList } from './win-back-list.js';
import { timeFactsAgainstKept } from '../../test-support/route-timing.js';
import { timingReadModel } from '../../test-support/timing-read-model.js';
import { winBackRoutes } from './win-back-routes.js';

/**
 * Customers with three cadence obligations each (WIN_BACK_TIMING_SIZE, 2,000 unless set), win-back tasks among them
 * (WIN_BACK_TIMING_TASKS, at most one per 200 customers, that many unless set); calls timed per URL (WIN_BACK_TIMING_CALLS, 5).
 */
const size = Number(process.env['WIN_BACK_TIMING_SIZE'] ?? 2_000);
const calls = Number(process.env['WIN_BACK_TIMING_CALLS'] ?? 5);
const customerId = (n: number) => `C-${String(n).padStart(6, '0')}`;
const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + (n % 300) * 86_400_000);

const cadence = (n: number, k: number): ContactFactDocument => ({ _id: `O-${n}-${k}`, customerId: customerId(n), reason: 'cadence', kind: 'callback', dueAt: at(n + k * 90), plannedAt: at(n), trace: [{ position: String(n * 4 + k), type: 'ContactObligationsPlanned' }] });
const task = (n: number): WinBackTaskDocument => ({
  _id: `W-${n}`, customerId: customerId(n), crossing: 1, tier: 'gold', score: 0.4, model: { id: 'churn-early-warning', version: 2 }, asOf: at(n).toISOString().slice(0, 10),
  topFactors: [{ factor: 'recencyDrift', contribution: 0.3 }], causes: ['7'], requestedAt: at(n), trace: [{ position: String(n * 4 + 3), type: 'WinBackRequested' }],
});
/** Every other task has its obligation planned (every fourth of those fulfilled). */
const winBackObligation = (n: number): ContactFactDocument => ({
  _id: `O-${n}-w`, customerId: customerId(n), reason: 'win_back', kind: 'visit', dueAt: at(n + 14), plannedAt: at(n), winBackEventId: `W-${n}`,
  ...(n % 800 === 1 ? { fulfilledAt: at(n + 10) } : {}), trace: [{ position: String(n * 4 + 4), type: 'ContactObligationsPlanned' }],
});

/** Times the win-back listing from the contact facts of that size and from the list; asserts only that both answer alike. */
describe(`the win-back tasks among ${size} customers' contact obligations`, () => {
  const readModel = timingReadModel('win_back_timing');
  let db: Db;
  let app: FastifyInstance;
  let listed: WinBackList;
  const taskCount = Number(process.env['WIN_BACK_TIMING_TASKS'] ?? Math.max(1, Math.floor(size / 200)));
  beforeAll(async () => {
    db = await readModel.open();
    await projectEvents(db, contactFactProjection, []);
    const facts = await activeCollection<ContactFactDocument>(db, contactFactProjection.name, 'contactFacts');
    for (let first = 1; first <= size; first += 1_000) {
      const customers = Array.from({ length: Math.min(1_000, size - first + 1) }, (_, i) => first + i);
      await facts.insertMany(customers.flatMap((n) => [0, 1, 2].map((k) => cadence(n, k))));
    }
    const tasked = Array.from({ length: taskCount }, (_, i) => 1 + i * 200);
    await (await activeCollection<WinBackTaskDocument>(db, contactFactProjection.name, 'winBackTasks')).insertMany(tasked.map(task));
    await facts.insertMany(tasked.filter((n) => n % 400 === 1).map(winBackObligation));
    // The list the follower would have written for these documents, set aside until the facts are timed.
    listed = { _id: winBackListId, position: String(size * 4), followedAt: new Date(), caughtUp: true, tasks: JSON.stringify(tasked.map(task)), obligations: JSON.stringify(tasked.filter((n) => n % 400 === 1).map(winBackObligation)) };
    app = await readModel.serve([{ routes: winBackRoutes }], 'Asia/Shanghai', new Date('2026-12-01T00:00:00Z'));
  }, 1_800_000);

  it('prints the time of the open tasks, every task and one customer\'s, from the contact facts and from the list', async () => {
    await timeFactsAgainstKept(app, ['/v1/analytics/churn/win-back', '/v1/analytics/churn/win-back?status=all', `/v1/analytics/churn/win-back?customerId=${customerId(201)}`], {
      calls, scale: `${size} customers (${taskCount} tasks)`, kept: 'list',
      head: { remove: () => winBackListDocuments(db).deleteOne({ _id: winBackListId }), restore: () => winBackListDocuments(db).insertOne(listed) },
      expectAnswer: (response) => expect(response.json().meta.tasks).toBeGreaterThan(0),
    });
  }, 600_000);
});
