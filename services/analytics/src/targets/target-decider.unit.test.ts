import { eventRegistry, type TargetEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { decideTarget, evolveTarget, initialTargetState, StaleTargetVersion, type TargetDocument } from './target-decider.js';

const spec = deciderSpecification({
  decide: decideTarget,
  evolve: evolveTarget,
  initialState: initialTargetState,
  validate: (events: readonly TargetEvent[]) => events.forEach(({ type, data }) => expect(eventRegistry.latest(type).schema.safeParse(data).error).toBeUndefined()),
});

const csat: TargetDocument = {
  metric: 'csat', scope: {}, baseline: { value: 0.78, from: '2025-01', to: '2025-12' }, targetValue: 0.85,
  direction: 'increase', deadline: '2026-12-31', description: 'Satisfaction 78 % -> 85 %', owner: 'service-quality',
};
const published = (version: number, target = csat): TargetEvent => ({ type: 'TargetVersionPublished', data: { id: 'plan-csat', version, target } });
const publish = (expectedVersion: number, target = csat) => ({ kind: 'publish' as const, targetId: 'plan-csat', expectedVersion, target });
const staleAt = (latest: number) => (error: unknown) => {
  expect(error).toBeInstanceOf(StaleTargetVersion);
  expect((error as StaleTargetVersion).latestVersion).toBe(latest);
};

describe('publishing a target version', () => {
  it('given nothing, when published expecting version 0, then version 1 is recorded', () => {
    spec.given().when(publish(0)).then({ type: 'TargetVersionPublished', data: { id: 'plan-csat', version: 1, target: { metric: 'csat', targetValue: 0.85 } } });
  });

  it('given versions 1 and 2, when published expecting 2, then version 3 carries the new document', () => {
    const later = { ...csat, targetValue: 0.9, description: 'Satisfaction to 90 %' };
    spec.given(published(1), published(2)).when(publish(2, later)).then({ data: { version: 3, target: { targetValue: 0.9 } } });
    expect(spec.given(published(1), published(2, later)).state).toEqual({ status: 'published', version: 2, target: later });
  });

  it('given version 1, when published expecting 0 or 2, then it is stale and names version 1', () => {
    spec.given(published(1)).when(publish(0)).thenThrows(staleAt(1));
    spec.given(published(1)).when(publish(2)).thenThrows(staleAt(1));
    spec.given().when(publish(1)).thenThrows(staleAt(0));
  });
});
