import { componentScoreSchema, decimalToMinorUnits } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { formatComponentValue } from './component-format.js';
import type { ComponentValues } from './component-values.js';
import { neededToKeep } from './needed.js';
import { scoreCustomer, scoreOf, tierFor } from './score.js';
import { noValues, scores, testPolicy, valuesInBands } from './test-support/policies.js';

describe('given the test policy', () => {
  it('when a score lands exactly on a threshold then the customer reaches that tier', () => {
    expect(scoreCustomer(valuesInBands(4, 4, 0), testPolicy)).toMatchObject({ score: 0.8, tier: 'key_account' });
    expect(tierFor(0.799999, testPolicy)).toBe('gold');
    expect(tierFor(0, testPolicy)).toBe('standard');
  });

  it('when scored then each component explains itself as the contract expects', () => {
    const { components } = scoreCustomer({ ...scores.gold, monetary: -1_050 }, testPolicy);
    for (const component of components) expect(componentScoreSchema.safeParse(component).success).toBe(true);
    expect(components[0]).toEqual({ component: 'monetary', value: '-10.50', normalised: 0, weight: 0.5 });
  });
});

describe('given component values to write as decimals', () => {
  it('when formatted then money uses the currency exponent and other values at most 4 decimals', () => {
    expect(formatComponentValue('monetary', 123_456, 'CNY')).toBe('1234.56');
    expect(formatComponentValue('monetary', 1_500, 'JPY')).toBe('1500');
    expect(formatComponentValue('repeat_purchase', 2 / 3, 'CNY')).toBe('0.6667');
    expect(formatComponentValue('repeat_purchase', 2 / 3, 'CNY', 'down')).toBe('0.6666');
    expect(formatComponentValue('frequency', 12, 'CNY')).toBe('12');
  });
});

describe('given a customer below the score that keeps their tier', () => {
  const toMinor = (component: string, text: string) => (component === 'monetary' ? decimalToMinorUnits(text, 'CNY') : Number(text));
  const lifted = (values: ComponentValues, needed: ReturnType<typeof neededToKeep>) =>
    needed.reduce((acc, { component, target }) => ({ ...acc, [component]: toMinor(component, target) }), values);

  it('when told what is needed then each target alone lifts the score to the keep score', () => {
    for (const [m, f, r] of [[3, 2, 3], [2, 2, 2], [3, 3, 0], [4, 0, 0]] as const) {
      const values = valuesInBands(m, f, r);
      for (const need of neededToKeep(values, testPolicy, 0.75)) {
        expect(scoreOf(lifted(values, [need]), testPolicy)).toBeGreaterThanOrEqual(0.75);
        expect(Number(need.target)).not.toBe(Number(need.current));
      }
    }
  });

  it('when no component can do it alone then the fewest that can together are listed', () => {
    const needed = neededToKeep(noValues, testPolicy, 0.75);
    expect(needed.map(({ component }) => component)).toEqual(['monetary', 'frequency']);
    expect(scoreOf(lifted(noValues, needed), testPolicy)).toBeGreaterThanOrEqual(0.75);
  });
});
