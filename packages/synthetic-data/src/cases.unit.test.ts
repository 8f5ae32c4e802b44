import { describe, expect, it } from 'vitest';
import { generateDemoCases } from './cases.js';
import { generateHistory } from './generate-history.js';

const now = new Date('2026-12-03T06:30:00Z');
const options = { seed: 42, customers: 200, cases: 150, now };

describe('demo cases', () => {
  const cases = generateDemoCases(options);

  it('are the same for the same seed, customers and now', () => {
    expect(generateDemoCases(options)).toEqual(cases);
    expect(generateDemoCases({ ...options, seed: 43 })).not.toEqual(cases);
  });

  it('belong to demo customers registered before the history starts', () => {
    const registered = new Map<string, string>();
    for (const fact of generateHistory({ seed: 42, customers: 200, from: '2024-12-03', to: '2026-12-03' })) {
      if (fact.type === 'CustomerRegistered') registered.set(fact.customerId, fact.occurredAt);
    }
    for (const { opening } of cases) {
      expect(registered.has(opening.customerId)).toBe(true);
      expect(Date.parse(registered.get(opening.customerId)!)).toBeLessThan(Date.parse('2024-12-18T00:00:00Z'));
    }
  });

  it('have one external id each, from the demo helpdesk', () => {
    expect(new Set(cases.map(({ opening }) => opening.source.externalId)).size).toBe(cases.length);
    expect(cases.every(({ opening }) => opening.source.system === 'demo-helpdesk')).toBe(true);
  });

  it('open in the last three weeks and take no step after now or before the opening, in order', () => {
    for (const { opening, steps } of cases) {
      const openedAt = Date.parse(opening.openedAt);
      expect(openedAt).toBeGreaterThanOrEqual(now.getTime() - 21 * 86_400_000);
      const times = steps.map(({ at }) => Date.parse(at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((at) => at > openedAt && at <= now.getTime())).toBe(true);
    }
  });

  it('tell every story: answered, late, paused, reopened, unanswered, near the deadline, fresh, waiting', () => {
    const stories = new Set(cases.map(({ story }) => story));
    expect([...stories].sort()).toEqual(['answered', 'answered_late', 'due_soon', 'fresh', 'reopened', 'unanswered', 'waited_on_customer', 'waiting_now']);
    const steps = cases.flatMap(({ steps }) => steps);
    expect(steps.some((step) => step.kind === 'status' && step.to === 'waiting_on_customer')).toBe(true);
    expect(steps.some((step) => step.kind === 'status' && step.to === 'reopened')).toBe(true);
    expect(steps.some((step) => step.kind === 'customer_message')).toBe(true);
  });

  it('leave the cases near their 24-hour deadline unanswered inquiries and requests, 18.5 to 23.5 hours old', () => {
    for (const { opening, steps } of cases.filter(({ story }) => story === 'due_soon')) {
      expect(['inquiry', 'request']).toContain(opening.type);
      expect(steps).toEqual([]);
      const hours = (now.getTime() - Date.parse(opening.openedAt)) / 3_600_000;
      expect(hours).toBeGreaterThanOrEqual(18.5);
      expect(hours).toBeLessThanOrEqual(23.5);
    }
  });
});
