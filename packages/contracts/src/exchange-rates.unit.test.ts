import { describe, expect, it } from 'vitest';
import { decimalToReportingMinor, isAccepted, parseExchangeRates, toReportingMinor } from './exchange-rates.js';

describe('exchange rates', () => {
  it('parses CODE=rate pairs and accepts the reporting currency without a rate', () => {
    const rates = parseExchangeRates('CNY', 'USD=7.1, EUR=7.8');
    expect(rates.rates).toEqual({ USD: 7.1, EUR: 7.8 });
    expect(isAccepted(rates, 'CNY')).toBe(true);
    expect(isAccepted(rates, 'USD')).toBe(true);
    expect(isAccepted(rates, 'GBP')).toBe(false);
    expect(parseExchangeRates('CNY', '').rates).toEqual({});
  });

  it('refuses malformed, zero and self rates', () => {
    expect(() => parseExchangeRates('CNY', 'USD:7.1')).toThrow('CODE=rate');
    expect(() => parseExchangeRates('CNY', 'USD=0')).toThrow('positive');
    expect(() => parseExchangeRates('CNY', 'CNY=1')).toThrow('reporting currency');
  });

  it('converts minor units across currencies with different minor-unit digits', () => {
    const rates = parseExchangeRates('CNY', 'USD=7.1,JPY=0.048');
    expect(toReportingMinor(rates, 1000, 'CNY')).toBe(1000);
    expect(decimalToReportingMinor(rates, '10.00', 'USD')).toBe(7100);
    expect(decimalToReportingMinor(rates, '1000', 'JPY')).toBe(4800);
    expect(() => toReportingMinor(rates, 1, 'GBP')).toThrow('no exchange rate for GBP');
  });
});
