import { describe, expect, it } from 'vitest';
import { generateDemoCases } from './cases.js';
import { caseSurveyAnswers, demoContactOutcome, planDemoComplaints, planImprovementActions, relationshipSurveyAnswers, remedyAmount } from './feedback-plan.js';

const cases = generateDemoCases({ seed: 42, customers: 200, cases: 150, now: new Date('2026-12-03T06:30:00Z') });
const codes = ['process', 'attitude', 'efficiency', 'response_speed', 'product', 'delivery', 'billing', 'other'];

describe('demo feedback plan', () => {
  const complaints = planDemoComplaints(cases, 42, codes);

  it('is the same for the same seed and cases, and another for another seed', () => {
    expect(planDemoComplaints(cases, 42, codes)).toEqual(complaints);
    expect(planDemoComplaints(cases, 43, codes)).not.toEqual(complaints);
    expect(caseSurveyAnswers(42, 'inv-1')).toEqual(caseSurveyAnswers(42, 'inv-1'));
    expect(relationshipSurveyAnswers(42, 'inv-1')).toEqual(relationshipSurveyAnswers(42, 'inv-1'));
    expect(demoContactOutcome(42, 'C-1:1', 'visit')).toEqual(demoContactOutcome(42, 'C-1:1', 'visit'));
  });

  it('classifies every complaint case with one or two taxonomy codes and remedies some, two above the band', () => {
    expect(complaints.map(({ externalId }) => externalId)).toEqual(cases.filter(({ opening }) => opening.type === 'complaint').map(({ opening }) => opening.source.externalId));
    for (const { causes } of complaints) {
      expect(causes.length).toBeGreaterThanOrEqual(1);
      expect(causes.length).toBeLessThanOrEqual(2);
      for (const cause of causes) expect(codes).toContain(cause);
    }
    const remedies = complaints.flatMap(({ remedy }) => (remedy ? [remedy] : []));
    expect(remedies.filter(({ band }) => band === 'above')).toHaveLength(2);
    expect(remedies.filter(({ band }) => band === 'within').length).toBeGreaterThan(0);
  });

  it('asks 5 % of the order within the band and 25 % above it, in the currency’s minor units', () => {
    expect(remedyAmount('489.00', 'CNY', 'within')).toBe('24.45');
    expect(remedyAmount('489', 'CNY', 'above')).toBe('122.25');
    expect(remedyAmount('12345', 'JPY', 'within')).toBe('617');
    expect(remedyAmount('0.10', 'CNY', 'within')).toBeNull();
  });

  it('keeps answers within their scales', () => {
    for (let index = 0; index < 200; index++) {
      const answers = caseSurveyAnswers(42, `inv-${index}`);
      expect(answers.csat).toBeGreaterThanOrEqual(1);
      expect(answers.csat).toBeLessThanOrEqual(5);
      expect(answers.ces).toBeGreaterThanOrEqual(1);
      expect(answers.ces).toBeLessThanOrEqual(7);
      for (const dimension of ['efficiency', 'speed', 'resolution', 'attitude', 'environment', 'personalisation']) {
        expect(answers[dimension]).toBeGreaterThanOrEqual(0);
        expect(answers[dimension]).toBeLessThanOrEqual(100);
      }
      expect(relationshipSurveyAnswers(42, `inv-${index}`).nps).toBeLessThanOrEqual(10);
    }
  });

  it('gives a visit a visit report and a callback a call, and leaves some obligations alone', () => {
    const outcomes = Array.from({ length: 60 }, (_, index) => demoContactOutcome(42, `C-${index}:1`, 'callback'));
    expect(outcomes.filter((outcome) => outcome === null).length).toBeGreaterThan(0);
    for (const outcome of outcomes) if (outcome) expect(['phone', 'email']).toContain(outcome.channel);
    const visit = Array.from({ length: 20 }, (_, index) => demoContactOutcome(42, `C-${index}:1`, 'visit')).find(Boolean);
    expect(visit).toMatchObject({ outcome: 'visit_report', channel: 'on_site' });
    expect(planImprovementActions(codes).map(({ actionId }) => actionId)).toEqual(['demo-improvement-1', 'demo-improvement-2', 'demo-improvement-3']);
  });
});
