import { describe, expect, it } from 'vitest';
import { mix, planOperations, type Operation } from './plan.js';

const plan = (seed = 7, count = 2_000) => planOperations({ seed, count, customers: 20, runId: 'r1' });

describe('the load plan', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(plan(7)).toEqual(plan(7));
    expect(plan(8)).not.toEqual(plan(7));
  });

  it('registers every customer before anything else concerns them, and sends exactly the count asked', () => {
    const operations = plan();
    expect(operations).toHaveLength(2_000);
    expect(operations.slice(0, 20).every(({ kind }) => kind === 'register')).toBe(true);
    expect(operations.slice(20).some(({ kind }) => kind === 'register')).toBe(false);
  });

  it('replies to and resolves only cases it opened and has not resolved, resolving a case only after a reply', () => {
    const state = new Map<string, 'open' | 'replied' | 'resolved'>();
    for (const operation of plan()) {
      if (operation.kind === 'open_case') state.set(operation.caseId, 'open');
      if (operation.kind === 'reply') {
        expect(['open', 'replied']).toContain(state.get(operation.caseId));
        state.set(operation.caseId, 'replied');
      }
      if (operation.kind === 'resolve') {
        expect(state.get(operation.caseId)).toBe('replied');
        state.set(operation.caseId, 'resolved');
      }
    }
    expect([...state.values()]).toContain('resolved');
  });

  it('follows the mix: each kind within a few points of its weight over a long run', () => {
    const counts = new Map<string, number>();
    const operations = plan(3, 20_020).slice(20);
    for (const { kind } of operations) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    // Replies and resolutions fall back to purchases while no case is open, so those three are compared together.
    const share = (...kinds: Operation['kind'][]) => kinds.reduce((sum, kind) => sum + (counts.get(kind) ?? 0), 0) / operations.length;
    expect(share('interaction')).toBeCloseTo(mix.interaction / total, 1);
    expect(share('open_case')).toBeCloseTo(mix.open_case / total, 1);
    expect(share('analyst_query')).toBeCloseTo(mix.analyst_query / total, 1);
    expect(share('purchase', 'reply', 'resolve')).toBeCloseTo((mix.purchase + mix.reply + mix.resolve) / total, 1);
  });
});
