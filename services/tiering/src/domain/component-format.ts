import { componentUnit, minorUnitsToDecimal, type TierComponent } from '@ctp/contracts';

export type Rounding = 'nearest' | 'up' | 'down';

const FRACTION_DIGITS = 4;
const EPSILON = 1e-9;

const roundBy = (value: number, rounding: Rounding) =>
  rounding === 'up' ? Math.ceil(value - EPSILON) : rounding === 'down' ? Math.floor(value + EPSILON) : Math.round(value);

/** The value as a contract decimal can carry it: whole minor units for money, 4 decimals otherwise. */
export function roundComponentValue(component: TierComponent, value: number, rounding: Rounding = 'nearest'): number {
  if (componentUnit(component) === 'money') return roundBy(value, rounding);
  const scale = 10 ** FRACTION_DIGITS;
  return roundBy(value * scale, rounding) / scale;
}

/** Exact decimal string of a component value; money (held in minor units) in units of `currency`. */
export function formatComponentValue(component: TierComponent, value: number, currency: string, rounding: Rounding = 'nearest') {
  const rounded = roundComponentValue(component, value, rounding) + 0;
  if (componentUnit(component) === 'money') return minorUnitsToDecimal(rounded, currency);
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(FRACTION_DIGITS).replace(/0+$/, '');
  return text === '-0' ? '0' : text;
}
