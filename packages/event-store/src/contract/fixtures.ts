import { randomUUID } from 'node:crypto';
import type { EventToAppend, GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { compareGlobalPositions } from '@ctp/contracts';
import { uniqueName } from '@ctp/test-kit';
import type { EventStore } from '../port.js';

/** A fresh stream per test: tests share one store but never a stream. */
export function freshStream(label = 's'): string {
  return `customer-${uniqueName(label)}`;
}

export function testEvent(streamId: string, overrides: Partial<EventToAppend> = {}): EventToAppend {
  return {
    id: randomUUID(),
    type: 'ThingHappened',
    schemaVersion: 1,
    streamId,
    occurredAt: '2025-06-30T10:15:00.000+08:00',
    correlationId: 'corr-1',
    causationId: null,
    actor: { kind: 'system', id: 'contract-test' },
    traceparent: null,
    data: { note: 'a note', amount: 12.5, tags: ['a', 'b'], nested: { flag: true } },
    ...overrides,
  };
}

export function testEvents(streamId: string, count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => testEvent(streamId, { data: { index } }));
}

/**
 * Events of `streams` in the global feed after `after`, read in pages until the cursor reaches
 * `until`. Waiting matters: a writing transaction anywhere in the cluster may hold readers back.
 */
export async function readFeed(
  store: Pick<EventStore, 'readAll'>,
  after: GlobalPosition | null,
  streams: ReadonlySet<string>,
  { until, pageSize = 100, timeoutMs = 15_000 }: { until: GlobalPosition; pageSize?: number; timeoutMs?: number },
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  let cursor = after;
  while ((cursor === null || compareGlobalPositions(cursor, until) < 0) && Date.now() < deadline) {
    const page = await store.readAll({ after: cursor, limit: pageSize });
    const last = page[page.length - 1];
    if (!last) {
      await sleep(5);
      continue;
    }
    events.push(...page.filter((event) => streams.has(event.streamId)));
    cursor = last.globalPosition;
  }
  return events;
}

/** The largest of some positions. */
export function maxPosition(positions: readonly GlobalPosition[]): GlobalPosition {
  return positions.reduce((max, position) => (compareGlobalPositions(position, max) > 0 ? position : max));
}

export function isStrictlyIncreasing(positions: readonly GlobalPosition[]): boolean {
  return positions.every((position, index) => index === 0 || compareGlobalPositions(positions[index - 1]!, position) < 0);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `done` holds (running `refresh` between checks), failing with `what` after `timeoutMs`. */
export async function eventually(what: string, done: () => boolean, timeoutMs = 15_000, refresh?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
    await refresh?.();
  }
}
