import { randomUUID } from 'node:crypto';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryQueue, type NewDelivery } from './delivery-queue.js';

const queuedAt = new Date('2026-03-04T06:00:00.000Z');
const delivery = (subscriptionId: string, lane: string, n: number): NewDelivery => ({ deliveryId: randomUUID(), subscriptionId, lane, eventId: randomUUID(), eventType: 'PurchaseRecorded', body: `{"n":${n}}`, queuedAt });

describe('the delivery queue on PostgreSQL', () => {
  let queue: DeliveryQueue;
  beforeAll(async () => {
    queue = await DeliveryQueue.open(postgresUrl(), uniqueName('outbound_queue'));
  });
  afterAll(async () => {
    await queue?.close();
  });

  it('heads each lane with its earliest delivery; the next one heads it once the first is delivered', async () => {
    const subscriptionId = `WH-${randomUUID()}`;
    const [a1, a2, b1] = [delivery(subscriptionId, 'customer:A', 1), delivery(subscriptionId, 'customer:A', 2), delivery(subscriptionId, 'customer:B', 1)];
    const heads = await queue.enqueue([a1!, a2!, b1!]);
    expect(heads.map((head) => head.deliveryId).sort()).toEqual([a1!.deliveryId, b1!.deliveryId].sort());
    expect(heads.every((head) => head.round === 0 && head.attempt === 1)).toBe(true);
    const second = (await queue.get(a2!.deliveryId))!;
    expect(await queue.waitsBehindEarlier(second)).toBe(true);
    expect(await queue.markDelivered((await queue.get(a1!.deliveryId))!, 1, queuedAt)).toEqual([{ deliveryId: a2!.deliveryId, round: 0, attempt: 1 }]);
    expect(await queue.waitsBehindEarlier(second)).toBe(false);
  });

  it('queues a delivery once, however often it is offered', async () => {
    const subscriptionId = `WH-${randomUUID()}`;
    const once = delivery(subscriptionId, 'customer:A', 1);
    await queue.enqueue([once]);
    await queue.enqueue([once, { ...once, body: '{"n":"again"}' }]);
    const { deliveries } = await queue.log(subscriptionId, { limit: 10 });
    expect(deliveries.map((entry) => [entry.deliveryId, entry.body])).toEqual([[once.deliveryId, '{"n":1}']]);
  });

  it('a failed attempt keeps the lane on its head at the next attempt; a parked one leaves the lane until re-driven in a new round', async () => {
    const subscriptionId = `WH-${randomUUID()}`;
    const [first, second] = [delivery(subscriptionId, 'customer:A', 1), delivery(subscriptionId, 'customer:A', 2)];
    await queue.enqueue([first!, second!]);
    const pending = (await queue.get(first!.deliveryId))!;
    await queue.recordAttempt(first!.deliveryId, { round: 0, attempt: 1, at: queuedAt, status: 503, error: 'HTTP 503' });
    await queue.noteFailure(pending, 1, 'HTTP 503');
    expect(await queue.laneHeads(subscriptionId)).toEqual([{ deliveryId: first!.deliveryId, round: 0, attempt: 2 }]);

    expect(await queue.markParked(pending, 2, 'HTTP 503', queuedAt)).toBe(true);
    expect(await queue.laneHeads(subscriptionId)).toEqual([{ deliveryId: second!.deliveryId, round: 0, attempt: 1 }]);
    expect(await queue.redrive(subscriptionId, second!.deliveryId)).toBe(false);
    expect(await queue.redrive(subscriptionId, first!.deliveryId)).toBe(true);
    expect(await queue.laneHeads(subscriptionId)).toEqual([{ deliveryId: first!.deliveryId, round: 1, attempt: 1 }]);

    const { deliveries } = await queue.log(subscriptionId, { limit: 10 });
    expect(deliveries.map((entry) => entry.deliveryId)).toEqual([second!.deliveryId, first!.deliveryId]);
    expect(deliveries[1]!.attemptLog).toEqual([{ round: 0, attempt: 1, at: queuedAt, status: 503, error: 'HTTP 503' }]);
  });

  it('a new round (a resume) re-drives the parked deliveries and moves every waiting one to fresh timer ids', async () => {
    const subscriptionId = `WH-${randomUUID()}`;
    const [parked, waiting] = [delivery(subscriptionId, 'customer:A', 1), delivery(subscriptionId, 'customer:B', 1)];
    await queue.enqueue([parked!, waiting!]);
    await queue.markParked((await queue.get(parked!.deliveryId))!, 3, 'timeout', queuedAt);
    await queue.newRound(subscriptionId, { redriveParked: true });
    const heads = await queue.laneHeads(subscriptionId);
    expect(heads).toHaveLength(2);
    expect(heads).toEqual(expect.arrayContaining([{ deliveryId: parked!.deliveryId, round: 1, attempt: 1 }, { deliveryId: waiting!.deliveryId, round: 1, attempt: 1 }]));
  });
});
