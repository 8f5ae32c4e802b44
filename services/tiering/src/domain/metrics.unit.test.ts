import { describe, expect, it } from 'vitest';
import { componentValues, isActiveCustomer, type MeasureOptions } from './component-values.js';
import { absorb, foldFact } from './metrics.js';
import { normalise } from './normalise.js';
import { historyOf, interaction, purchase, recorded, refund, registered } from './test-support/facts.js';
import { testPolicy } from './test-support/policies.js';

const at = (date: string) => Date.parse(`${date}T00:00:00Z`);
const options = (asOf: string, changes: Partial<MeasureOptions> = {}): MeasureOptions => ({
  asOf: at(asOf),
  windowMonths: 12,
  monetaryBasis: 'margin',
  toPolicyMinor: (amountMinor) => amountMinor,
  timeZone: 'Asia/Shanghai',
  ...changes,
});

describe('given a customer with purchases, a refund and interactions', () => {
  const history = historyOf(
    'C-1',
    registered('2020-03-15', '2024-01-02T00:00:00Z'),
    purchase('SO-0', '500.00', '100.00', '2023-06-01T00:00:00Z'),
    purchase('SO-1', '1000.00', '200.00', '2024-09-01T00:00:00Z'),
    purchase('SO-2', '2000.00', '500.00', '2025-02-20T00:00:00Z'),
    refund('RF-1', 'SO-2', '400.00', '2025-02-25T00:00:00Z'),
    interaction('IX-1', '2025-01-10T00:00:00Z'),
    interaction('IX-2', '2025-02-01T00:00:00Z'),
  );

  it('when measured then every component follows its definition', () => {
    expect(componentValues(history, options('2025-03-02'))).toEqual({
      recency: 10,
      frequency: 2,
      monetary: 70_000 - 10_000,
      tenure: 59,
      repeat_purchase: 1,
      interaction_frequency: 2,
    });
  });

  it('when measured on revenue then a refund takes back its whole amount', () => {
    expect(componentValues(history, options('2025-03-02', { monetaryBasis: 'revenue' })).monetary).toBe(300_000 - 40_000);
  });

  it('when measured in another policy currency then amounts go through the conversion', () => {
    const inCents = componentValues(history, options('2025-03-02', { toPolicyMinor: (minor) => minor / 7 })).monetary;
    expect(inCents).toBe(Math.round(70_000 / 7 - 10_000 / 7));
  });

  it('when measured later with nothing new then recency decays and so does its score', () => {
    const soon = componentValues(history, options('2025-03-02'));
    const later = componentValues(history, options('2025-07-01'));
    expect(later.recency).toBe(131);
    expect(normalise('recency', later.recency, testPolicy)).toBeLessThan(normalise('recency', soon.recency, testPolicy));
  });

  it('when measured before some facts happened then those facts do not count', () => {
    expect(componentValues(history, options('2025-01-31'))).toMatchObject({ frequency: 1, monetary: 20_000, interaction_frequency: 1 });
  });

  it('when the window has no purchase then recency is the window length and the rest is empty', () => {
    expect(componentValues(history, options('2026-06-01'))).toMatchObject({ recency: 365, frequency: 0, monetary: 0, repeat_purchase: 0 });
  });

  it('when the same facts arrive twice then they count once', () => {
    const again = [purchase('SO-2', '2000.00', '500.00', '2025-02-20T00:00:00Z'), refund('RF-1', 'SO-2', '400.00', '2025-02-25T00:00:00Z')];
    expect(componentValues(again.reduce(foldFact, history), options('2025-03-02'))).toEqual(componentValues(history, options('2025-03-02')));
  });
});

describe('given a new customer', () => {
  it('when their first orders fall in the window then repeat purchase is the share after the first', () => {
    const history = historyOf('C-1', ...['01', '02', '03', '04'].map((month) => purchase(`SO-${month}`, '10.00', undefined, `2025-${month}-05T00:00:00Z`)));
    expect(componentValues(history, options('2025-05-01')).repeat_purchase).toBe(0.75);
    expect(componentValues(historyOf('C-1', purchase('SO-1', '10.00', undefined, '2025-01-01T00:00:00Z')), options('2025-05-01')).repeat_purchase).toBe(0);
  });

  it('when registered since a date then tenure counts from that day’s start in the business time zone', () => {
    const history = historyOf('C-1', registered('2024-03-01', '2024-03-01T00:00:00Z'));
    const asOf = { asOf: Date.parse('2025-03-01T01:00:00+08:00') };
    expect(componentValues(history, options('2025-03-01', asOf)).tenure).toBe(12);
    expect(componentValues(history, options('2025-03-01', { ...asOf, timeZone: 'UTC' })).tenure).toBe(11);
  });

  it('when intake never registered them then tenure runs from their first fact', () => {
    expect(componentValues(historyOf('C-1', interaction('IX-1', '2024-11-20T00:00:00Z')), options('2025-03-01')).tenure).toBe(3);
  });

  it('when margins are missing then margin-based monetary counts nothing for those orders', () => {
    const history = historyOf('C-1', purchase('SO-1', '10.00', undefined, '2025-01-01T00:00:00Z'), refund('RF-1', 'SO-1', '5.00', '2025-01-02T00:00:00Z'));
    expect(componentValues(history, options('2025-05-01')).monetary).toBe(0);
  });
});

describe('given two customers merged into one', () => {
  const survivor = historyOf('C-1', registered('2022-01-01', '2022-01-01T00:00:00Z'), purchase('SO-1', '100.00', '10.00', '2025-01-01T00:00:00Z'));
  const mergedAway = historyOf('C-2', registered('2019-05-01', '2019-05-01T00:00:00Z'), purchase('SO-9', '300.00', '30.00', '2025-02-01T00:00:00Z'), interaction('IX-9', '2025-02-02T00:00:00Z'));

  it('when the survivor absorbs the other then its metrics include both histories', () => {
    const merged = absorb(survivor, mergedAway);
    expect(merged).toMatchObject({ customerId: 'C-1', customerSince: '2019-05-01', mergedFrom: ['C-2'] });
    expect(componentValues(merged, options('2025-03-01'))).toMatchObject({ frequency: 2, monetary: 4_000, interaction_frequency: 1, tenure: 70 });
  });

  it('when the merge event reaches either side then it records who went where', () => {
    const merge = recorded('CustomersMerged', { survivorId: 'C-1', mergedAwayIds: ['C-2'], matchedOn: ['phone'] }, '2025-03-01T00:00:00Z');
    expect(foldFact(survivor, merge).mergedFrom).toEqual(['C-2']);
    const into = recorded('CustomerMergedInto', { customerId: 'C-2', survivorId: 'C-1', mergeEventId: '0b5a4a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }, '2025-03-01T00:00:00Z');
    const gone = foldFact(mergedAway, into);
    expect(gone.mergedInto).toBe('C-1');
    expect(isActiveCustomer(gone, at('2025-03-01'), 12)).toBe(false);
    expect(isActiveCustomer(mergedAway, at('2025-03-01'), 12)).toBe(true);
  });

  it('when the survivor asks to be erased then they leave the active base', () => {
    const erasure = recorded('CustomerErasureRequested', { customerId: 'C-1', requestId: 'ER-1', requestedVia: 'email' }, '2025-02-15T00:00:00Z');
    expect(isActiveCustomer(foldFact(survivor, erasure), at('2025-03-01'), 12)).toBe(false);
    expect(isActiveCustomer(survivor, at('2025-03-01'), 12)).toBe(true);
  });

  it('when absorbing the same customer twice then nothing is counted twice', () => {
    expect(absorb(absorb(survivor, mergedAway), mergedAway)).toEqual(absorb(survivor, mergedAway));
  });
});
