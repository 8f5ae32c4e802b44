import { z } from 'zod';
import { decimalToMinorUnits, minorUnitDigits } from './currency.js';
import { ContractError } from './errors.js';

/**
 * A deployment's reporting currency and the rates it accepts other currencies at: `rates.USD = 7.1`
 * means one US dollar is 7.1 units of the reporting currency.
 */
export interface ExchangeRates {
  readonly reporting: string;
  readonly rates: Readonly<Record<string, number>>;
}

/** Parses `USD=7.1,EUR=7.8` (the EXCHANGE_RATES setting); an empty text accepts only the reporting currency. */
export function parseExchangeRates(reporting: string, text: string): ExchangeRates {
  const rates: Record<string, number> = {};
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([A-Z]{3})=(\d+(?:\.\d+)?)$/.exec(entry);
    const rate = Number(match?.[2]);
    if (!match || !(rate > 0)) {
      throw new ContractError('invalid_exchange_rate', `${JSON.stringify(entry)} is not CODE=rate with a positive rate, e.g. USD=7.1`);
    }
    if (match[1] === reporting) throw new ContractError('invalid_exchange_rate', `${reporting} is the reporting currency; it needs no rate`);
    rates[match[1]!] = rate;
  }
  return { reporting, rates };
}

export function isAccepted(rates: ExchangeRates, currency: string): boolean {
  return currency === rates.reporting || rates.rates[currency] !== undefined;
}

/** Minor units of `currency` in minor units of the reporting currency, rounded to the nearest unit. */
export function toReportingMinor(rates: ExchangeRates, minor: number, currency: string): number {
  if (currency === rates.reporting) return minor;
  const rate = rates.rates[currency];
  if (rate === undefined) throw new ContractError('invalid_exchange_rate', `no exchange rate for ${currency} into ${rates.reporting}`);
  const scale = 10 ** (minorUnitDigits(rates.reporting) - minorUnitDigits(currency));
  return Math.round(minor * rate * scale);
}

/** An exact decimal amount of `currency` in minor units of the reporting currency. */
export function decimalToReportingMinor(rates: ExchangeRates, amount: string, currency: string): number {
  return toReportingMinor(rates, decimalToMinorUnits(amount, currency), currency);
}

/** The EXCHANGE_RATES setting as services declare it: text that parseExchangeRates accepts. */
export const exchangeRatesSettingSchema = z
  .string()
  .default('')
  .refine((text) => {
    try {
      parseExchangeRates('XXX', text);
      return true;
    } catch {
      return false;
    }
  }, 'expected CODE=rate pairs separated by commas, e.g. USD=7.1,EUR=7.8');

/** The money settings of a service: the reporting currency and the rates other currencies are accepted at. */
export const moneySettings = {
  REPORTING_CURRENCY: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
  /** Units of the reporting currency per unit of another, e.g. `USD=7.1,EUR=7.8`. */
  EXCHANGE_RATES: exchangeRatesSettingSchema,
};
