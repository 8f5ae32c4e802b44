import { describe, expect, it } from 'vitest';
import { factorsOf, frequencyDecline, median, overdueContacts, recencyDrift, refunds, serviceCount, spendDecline, thousandths } from './churn-factors.js';
import { churnModel } from './churn-model.js';
import { scoreOf } from './churn-score.js';
import type { ContactSignal, CustomerSignals, PurchaseSignal } from './churn-signals.js';

const day = 86_400_000;
const asOf = Date.UTC(2026, 0, 1);
const purchase = (daysBefore: number, amount = '10.00', refundedDaysBefore: number | null = null): PurchaseSignal => ({
  orderId: `o-${daysBefore}`, at: asOf - daysBefore * day, amount, currency: 'CNY',
  refundedAt: refundedDaysBefore === null ? null : asOf - refundedDaysBefore * day, trace: [{ position: String(1000 - daysBefore), type: 'PurchaseRecorded' }],
});
const service = (daysBefore: number) => ({ id: `s-${daysBefore}`, at: asOf - daysBefore * day, trace: [{ position: String(2000 - daysBefore), type: 'SlaBreached' }] });

const contact = (dueDaysBefore: number, closedDaysBefore: number | null = null): ContactSignal => ({
  id: `k-${dueDaysBefore}`, at: asOf - dueDaysBefore * day, closedAt: closedDaysBefore === null ? null : asOf - closedDaysBefore * day, trace: [{ position: String(3000 - dueDaysBefore), type: 'ContactObligationsPlanned' }],
});

describe('churn factors (model version 2 parameters)', () => {
  it('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('recency drift: 40 days since the last purchase on a 30-day rhythm is 4/3, (4/3 - 1) / (4 - 1) = 1/9', () => {
    const factor = recencyDrift([purchase(100), purchase(70), purchase(40)], asOf, churnModel);
    expect(factor.measured).toMatchObject({ daysSince: 40, medianGapDays: 30, drift: 1.3333 });
    expect(factor.value).toBe(0.1111);
    expect(factor.trace).toEqual([{ position: '960', type: 'PurchaseRecorded' }]);
  });

  it('recency drift: capped at 4 gaps (value 1); one purchase uses the 90-day default gap; later purchases are not seen', () => {
    expect(recencyDrift([purchase(300), purchase(290)], asOf, churnModel).value).toBe(1); // 290 / max(7, 10) = 29, capped at 4
    expect(recencyDrift([purchase(180)], asOf, churnModel).value).toBe(0.3333); // 180 / 90 = 2: (2 - 1) / 3
    expect(recencyDrift([purchase(180), purchase(-5)], asOf, churnModel).value).toBe(0.3333);
  });

  it('frequency decline: 1 purchase in the last 180 days against 4 in the 180 before is 1 - 1/4 = 0.75; none before is 0', () => {
    expect(frequencyDecline([purchase(350), purchase(300), purchase(250), purchase(200), purchase(10)], asOf, churnModel).value).toBe(0.75);
    expect(frequencyDecline([purchase(10), purchase(5)], asOf, churnModel).value).toBe(0);
  });

  it('spend decline: 30.10 after 150.50 is a ratio of 0.2, value 0.8; each currency on its own, the steepest counts', () => {
    const factor = spendDecline([purchase(300, '100.00'), purchase(200, '50.50'), purchase(30, '30.10')], asOf, churnModel);
    expect(factor.measured).toMatchObject({ lowestRatio: 0.2, previousCNY: 150_500, recentCNY: 30_100 });
    expect(factor.value).toBe(0.8);
    const usd = { ...purchase(250, '10'), orderId: 'usd', currency: 'USD' };
    expect(spendDecline([purchase(300, '100.00'), usd, purchase(30, '100.00')], asOf, churnModel).value).toBe(1); // CNY ratio 1, USD ratio 0
    expect(thousandths('12.5')).toBe(12_500);
    expect(thousandths('7')).toBe(7_000);
  });

  it('refunds: 1 of 4 orders refunded before asOf (one refunded after it does not count) is 0.25, / cap 0.5 = 0.5', () => {
    const factor = refunds([purchase(400, '1', 390), purchase(300, '1', 290), purchase(200), purchase(100, '1', -3), purchase(50)], asOf, churnModel);
    expect(factor.measured).toEqual({ orders: 4, refunded: 1, share: 0.25 });
    expect(factor.value).toBe(0.5);
  });

  it('service counts: 2 breaches in the 180 days (one 200 days ago left out) / cap 3 = 0.6667', () => {
    const factor = serviceCount('slaBreaches', [service(200), service(100), service(1)], asOf, churnModel);
    expect(factor.measured).toEqual({ count: 2 });
    expect(factor.value).toBe(0.6667);
    expect(factor.trace.map(({ position }) => position)).toEqual(['1900', '1999']);
  });

  it('overdue contacts: open at asOf and due in the 365 days before it; 2 such / cap 2 = 1', () => {
    // due 10 days ago, open: counts; due 20 days ago, fulfilled 5 days after asOf: open at asOf, counts;
    // due 30 days ago, fulfilled 31 days ago (early): closed; due 400 days ago: outside the window; due in 3 days: not yet due
    const factor = overdueContacts([contact(400), contact(30, 31), contact(20, -5), contact(10), contact(-3)], asOf, churnModel);
    expect(factor.measured).toEqual({ count: 2 });
    expect(factor.value).toBe(1);
    expect(factor.trace.map(({ position }) => position)).toEqual(['2980', '2990']);
    expect(overdueContacts([contact(10)], asOf, churnModel).value).toBe(0.5);
  });
});

describe('churn score', () => {
  it('is the weighted sum of the factor values; each contribution weight x value with its share', () => {
    const signals: CustomerSignals = {
      customerId: 'c-1',
      purchases: [purchase(350, '100.00'), purchase(300, '100.00'), purchase(250, '100.00'), purchase(200, '100.00'), purchase(130, '100.00')],
      breaches: [service(20)], complaints: [service(30), service(40)], poorSurveys: [],
      contacts: [contact(50, 40), contact(10)],
    };
    // recency: gaps 50, 50, 50, 70 -> median 50; 130 / 50 = 2.6 -> (2.6 - 1) / 3 = 0.5333
    // frequency: 1 recent, 4 previous -> 0.75; spend: 100 / 400 -> 0.75; refunds 0; breaches 1/3 = 0.3333; complaints 2/2 = 1; surveys 0;
    // contacts: one fulfilled, one open and past due -> 1/2 = 0.5
    const factors = factorsOf(signals, asOf, churnModel);
    expect(factors.map(({ value }) => value)).toEqual([0.5333, 0.75, 0.75, 0, 0.3333, 1, 0, 0.5]);
    const score = scoreOf(factors, churnModel);
    // 0.35 x 0.5333 + 0.2 x 0.75 + 0.1 x 0.75 + 0.1 x 0.3333 + 0.05 x 1 + 0.05 x 0.5 = 0.186655 + 0.15 + 0.075 + 0.03333 + 0.05 + 0.025 = 0.519985
    expect(score.score).toBe(0.52);
    expect(score.atRisk).toBe(true);
    const complaints = score.contributions.find(({ factor }) => factor === 'complaints')!;
    expect(complaints).toEqual({ factor: 'complaints', weight: 0.05, value: 1, contribution: 0.05, share: 0.0962 }); // 0.05 / 0.519985
    const contacts = score.contributions.find(({ factor }) => factor === 'overdueContacts')!;
    expect(contacts).toEqual({ factor: 'overdueContacts', weight: 0.05, value: 0.5, contribution: 0.025, share: 0.0481 }); // 0.025 / 0.519985
  });

  it('a score of 0 has no shares and is not at risk', () => {
    const score = scoreOf(factorsOf({ customerId: 'c-2', purchases: [purchase(3)], breaches: [], complaints: [], poorSurveys: [], contacts: [] }, asOf, churnModel), churnModel);
    expect(score).toMatchObject({ score: 0, atRisk: false });
    expect(score.contributions.every(({ share }) => share === null)).toBe(true);
  });
});
