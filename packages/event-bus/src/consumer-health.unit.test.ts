import { EventEmitter } from 'node:events';
import type { Batch, Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ConsumerHealth } from './consumer-health.js';

const events = { GROUP_JOIN: 'consumer.group_join', REBALANCING: 'consumer.rebalancing', STOP: 'consumer.stop' };

function fakeConsumer() {
  const emitter = new EventEmitter();
  const consumer = { events, on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener) } as unknown as Consumer;
  const join = (assignment: Record<string, number[]>) => emitter.emit(events.GROUP_JOIN, { payload: { memberAssignment: assignment } });
  return { consumer, join, rebalance: () => emitter.emit(events.REBALANCING, { payload: {} }) };
}

const batch = (partition: number, firstOffset: string, highWatermark: string) => ({ topic: 't', partition, highWatermark, firstOffset: () => firstOffset }) as unknown as Batch;

describe('ConsumerHealth', () => {
  it('is ready while it holds partitions and keeps committing', () => {
    let now = 0;
    const health = new ConsumerHealth(1_000, () => now);
    const { consumer, join } = fakeConsumer();
    health.watch(consumer);
    join({ t: [0, 1] });
    health.batchStarted(batch(0, '0', '10'));
    now = 900;
    health.committed(batch(0, '0', '10'), '5');
    now = 1_800;
    expect(health.report('running', null)).toMatchObject({ ready: true, reason: null, partitions: 2, lag: 5, lastProgressAt: new Date(900) });
    health.committed(batch(0, '0', '10'), '10');
    now = 10_000;
    expect(health.report('running', null)).toMatchObject({ ready: true, lag: 0 });
  });

  it('is down when it has lag and committed nothing for longer than the limit', () => {
    let now = 0;
    const health = new ConsumerHealth(1_000, () => now);
    const { consumer, join } = fakeConsumer();
    health.watch(consumer);
    join({ t: [0] });
    now = 5_000;
    health.batchStarted(batch(0, '3', '10'));
    now = 5_900;
    expect(health.report('running', null).ready).toBe(true);
    now = 6_100;
    expect(health.report('running', null)).toMatchObject({ ready: false, lag: 7, reason: 't/0 has 7 messages to go and committed nothing for 1 s (a batch in hand for 1 s)' });
    health.batchEnded(batch(0, '3', '10'));
    expect(health.report('running', null).reason).toBe('t/0 has 7 messages to go and committed nothing for 1 s (no batch in hand)');
  });

  it('is down when it has been out of its group for longer than the limit, and up again once it joins', () => {
    let now = 0;
    const health = new ConsumerHealth(1_000, () => now);
    const { consumer, join, rebalance } = fakeConsumer();
    health.watch(consumer);
    join({ t: [0] });
    now = 2_000;
    rebalance();
    now = 2_500;
    expect(health.report('running', null)).toMatchObject({ ready: true, partitions: 0 });
    now = 3_100;
    expect(health.report('running', null)).toMatchObject({ ready: false, reason: 'not in its group for 1 s' });
    join({ t: [2] });
    expect(health.report('running', null)).toMatchObject({ ready: true, partitions: 1 });
    health.heartbeatFailed(Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' }));
    now = 4_200;
    expect(health.report('running', null).ready).toBe(false);
  });

  it('stands by, ready, when it joined and was given no partitions (another member writes them all)', () => {
    let now = 0;
    const health = new ConsumerHealth(1_000, () => now);
    const { consumer, join, rebalance } = fakeConsumer();
    health.watch(consumer);
    now = 1_500;
    expect(health.report('running', null)).toMatchObject({ ready: false, reason: 'not in its group for 2 s' });
    join({});
    now = 60_000;
    expect(health.report('running', null)).toMatchObject({ ready: true, reason: null, partitions: 0, lag: 0 });
    rebalance();
    now = 61_100;
    expect(health.report('running', null)).toMatchObject({ ready: false, reason: 'not in its group for 1 s' });
  });

  it('keeps its partitions when a heartbeat fails on a dropped connection (kafkajs fetches on without joining again)', () => {
    let now = 0;
    const health = new ConsumerHealth(1_000, () => now);
    const { consumer, join, rebalance } = fakeConsumer();
    health.watch(consumer);
    join({ t: [0, 1] });
    health.heartbeatFailed(Object.assign(new Error('Connection closed'), { name: 'KafkaJSConnectionClosedError', retriable: true }));
    now = 5_000;
    expect(health.report('running', null)).toMatchObject({ ready: true, partitions: 2 });
    // Marked unassigned by a lost membership, a batch of the same assignment before any rebalance says it holds them.
    health.heartbeatFailed(Object.assign(new Error('unknown member'), { type: 'UNKNOWN_MEMBER_ID' }));
    now = 7_000;
    expect(health.report('running', null).ready).toBe(false);
    health.batchStarted(batch(0, '0', '0'));
    expect(health.report('running', null)).toMatchObject({ ready: true, partitions: 2 });
    // After a rebalance a batch does not: only the next join does.
    rebalance();
    now = 9_000;
    health.batchStarted(batch(0, '0', '0'));
    expect(health.report('running', null)).toMatchObject({ ready: false, partitions: 0 });
  });

  it('is down whenever the consumer is not running, with the crash', () => {
    const health = new ConsumerHealth(1_000, () => 0);
    expect(health.report('crashed', 'boom')).toMatchObject({ state: 'crashed', error: 'boom', ready: false, reason: 'consumer crashed: boom' });
    expect(health.report('stopped', null)).toMatchObject({ ready: false, reason: 'consumer stopped' });
  });
});
